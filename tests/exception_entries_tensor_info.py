"""Exception battery entries (see test_exceptions.py) for ops/tensor_info.py and the in-place samplers."""

ENTRIES = [
    ("Tensor.imag/real_dtype", "x.imag", ["imag", "non-complex"]),
    ("Tensor.is_coalesced/strided", "x.is_coalesced()", ["Strided"]),
    ("Tensor.adjoint/1d", "v.adjoint()", ["1-D"]),
    ("Tensor.apply_/requires_grad", "leaf.apply_(lambda a: a)", ["apply_", "requires grad"]),
    ("Tensor.apply_/str_result", "x.clone().apply_(lambda a: 'a')", ["real number", "str"]),
    ("Tensor.map_/dtype", "x.clone().map_(i, lambda a, b: a)", ["map_", "LongTensor"]),
    ("Tensor.map_/broadcast", "v.clone().map_(x, lambda a, b: a)", []),
    ("Tensor.map2_/requires_grad", "leaf.map2_(leaf, leaf, lambda a, b, c: a)", ["map2_"]),
    ("Tensor.is_set_to/not_tensor", "x.is_set_to(1)", []),
    ("Tensor.dim_order/args", "x.dim_order(1, 2)", []),
    ("Tensor.is_distributed/args", "x.is_distributed(1)", []),
    ("Tensor.to_dense/args", "x.to_dense(1, 2)", []),
    ("Tensor.const_data_ptr/args", "x.const_data_ptr(1)", []),
    ("Tensor.log_normal_/int", "i.clone().log_normal_()", ["log_normal_cpu", "Long"]),
    ("Tensor.log_normal_/std", "x.clone().log_normal_(0, -1)", ["std > 0.0"]),
    ("Tensor.cauchy_/sigma", "x.clone().cauchy_(0, -1)", ["sigma > 0.0"]),
    ("Tensor.to/unknown_keyword", "x.to(foo=1)", ["to()", "foo"]),
    ("Tensor.contiguous/channels_last_rank", "x.contiguous(memory_format=lib.channels_last)", ["rank 4"]),
    ("batch_norm/none_weight_blamed_not", "lib.batch_norm(seq, None, None, lib.zeros(4), lib.ones(2), True, 0.1, "
     "1e-5, False)", ["running_mean", "2 elements not 4"]),
    ("native_batch_norm/arity", "lib.native_batch_norm(seq, None, None, None, None)", []),
    ("movedim/lengths", "lib.movedim(seq, (0, 1), (1,))", ["movedim", "same number of dims"]),
    ("movedim/float_dim", "lib.movedim(x, (0, 1.5), (1, 0))", ["source", "tuple of ints", "float"]),
    ("tensor_split/float_tensor", "lib.tensor_split(v, lib.tensor([1.5]))", ["long", "Float"]),
    ("Tensor.geometric_/p", "x.clone().geometric_(1.5)", ["(0, 1)", "1.5"]),
]
