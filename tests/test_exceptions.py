"""Exception parity battery: invalid calls torch rejects must raise the same exception class in minitorch, with a
message that names the offending shapes, values or op.

Each entry is (id, code, words): ``code`` runs in both libraries (names: lib, F = lib.nn.functional, nn = lib.nn,
and a few ready tensors), torch must raise, minitorch must raise an instance of torch's exception class, and every
word in ``words`` must appear in minitorch's message (case-insensitive). ENTRIES is counted by the last test."""
import pytest

import minitorch

torch = pytest.importorskip("torch")


def _namespace(lib):
    gen = lib.Generator().manual_seed(0)
    return {"lib": lib, "F": lib.nn.functional, "nn": lib.nn,
            "x": lib.randn(3, 4, generator=gen), "v": lib.randn(5, generator=gen), "i": lib.tensor([1, 2]),
            "m": lib.tensor([True, False, True]), "leaf": lib.randn(3, generator=gen, requires_grad=True),
            "img": lib.randn(1, 2, 5, 5, generator=gen), "seq": lib.randn(4, 2, 3, generator=gen)}


ENTRIES = [
    # --- elementwise and broadcasting --------------------------------------------------------------------------
    ("add/broadcast", "x + lib.ones(3, 5)", ["4", "5"]),
    ("mul/broadcast", "x * v", ["4", "5"]),
    ("sub/bool", "m - m", ["bool"]),
    ("neg/bool", "-m", ["bool"]),
    ("div/rounding_mode", "lib.div(x, x, rounding_mode='round')", ["rounding_mode"]),
    ("floor_divide/int_zero", "lib.tensor([3]) // 0", ["zero"]),
    ("remainder/int_zero", "lib.tensor([3]) % lib.tensor([0])", ["zero"]),
    ("pow/int_negative_scalar", "lib.tensor([2]) ** -1", ["negative"]),
    ("pow/bool", "m ** m", ["bool"]),
    ("fmod/bool", "lib.fmod(m, m)", ["bool"]),
    ("abs/bool", "lib.abs(m)", ["bool"]),
    ("frac/int", "lib.frac(i)", ["long"]),
    ("bitwise_and/float", "lib.bitwise_and(x, x)", ["float"]),
    ("bitwise_not/float", "lib.bitwise_not(x)", ["float"]),
    ("clamp/no_bounds", "lib.clamp(x)", ["min", "max"]),
    ("where/cond_float", "lib.where(x, x, x)", ["bool"]),
    ("where/broadcast", "lib.where(lib.ones(3, 4, dtype=lib.bool), x, v)", ["4", "5"]),
    ("maximum/broadcast", "lib.maximum(x, v)", ["4", "5"]),
    ("eq/broadcast", "x == v", ["4", "5"]),
    ("atan2/broadcast", "lib.atan2(x, v)", ["4", "5"]),
    ("add_/result_type", "i.add_(1.5)", ["float", "long"]),
    ("mul_/broadcast_into_smaller", "v.mul_(lib.ones(2, 5))", []),
    ("masked_fill/float_mask", "x.masked_fill(x, 0)", ["bool"]),
    ("masked_fill/shape", "x.masked_fill(m, 0)", []),
    ("isclose/broadcast", "lib.isclose(x, v)", ["4", "5"]),
    # --- reductions --------------------------------------------------------------------------------------------
    ("sum/dim_out_of_range", "x.sum(2)", ["range", "2"]),
    ("sum/negative_dim_out_of_range", "x.sum(-3)", ["range", "-3"]),
    ("sum/repeated_dim", "x.sum((0, 0))", ["multiple"]),
    ("mean/int", "i.mean()", ["long"]),
    ("mean/dim_out_of_range", "x.mean(5)", ["5"]),
    ("var/int", "i.var()", ["floating"]),
    ("std/dim_out_of_range", "x.std(3)", ["3"]),
    ("prod/dim_out_of_range", "x.prod(2)", ["2"]),
    ("amax/empty_dim", "lib.zeros(0, 3).amax(0)", ["0", "non-zero"]),
    ("amax/empty_all", "lib.zeros(0).amax()", ["numel"]),
    ("max/empty", "lib.zeros(0).max()", ["numel"]),
    ("max/dim_empty", "lib.zeros(0, 3).max(0)", ["0"]),
    ("max/dim_out_of_range", "x.max(2)", ["2"]),
    ("argmax/empty", "lib.zeros(0).argmax()", ["numel"]),
    ("argmax/bool", "m.argmax()", ["bool"]),
    ("argmin/dim_out_of_range", "x.argmin(4)", ["4"]),
    ("logsumexp/dim_out_of_range", "x.logsumexp(2)", ["2"]),
    ("norm/int", "i.norm()", ["long"]),
    ("norm/inf_empty", "lib.zeros(0).norm(float('inf'))", ["inf", "empty"]),
    ("cumsum/dim_out_of_range", "x.cumsum(2)", ["2"]),
    ("softmax/dim_out_of_range", "x.softmax(2)", ["2"]),
    ("softmax/int", "i.softmax(0)", ["long"]),
    ("log_softmax/bool", "m.log_softmax(0)", ["bool"]),
    ("all/dim_out_of_range", "m.all(1)", ["1"]),
    # --- shapes and views --------------------------------------------------------------------------------------
    ("view/size", "x.view(5, 3)", ["[5, 3]", "12"]),
    ("view/two_inferred", "x.view(-1, -1)", ["one dimension"]),
    ("view/negative_size", "x.view(-2, 6)", ["-2"]),
    ("view/non_contiguous", "x.t().view(12)", ["view", "stride"]),
    ("reshape/size", "x.reshape(7)", ["7", "12"]),
    ("expand/mismatch", "x.expand(3, 5)", ["5", "4"]),
    ("expand/fewer_dims", "x.expand(4)", ["4"]),
    ("expand/no_sizes", "x.expand()", ["size"]),
    ("permute/length", "x.permute(0)", ["1", "2"]),
    ("permute/duplicate", "x.permute(0, 0)", ["duplicate"]),
    ("permute/no_dims", "x.permute()", ["dims"]),
    ("transpose/dim_out_of_range", "x.transpose(0, 2)", ["2"]),
    ("squeeze/dim_out_of_range", "x.squeeze(3)", ["3"]),
    ("unsqueeze/dim_out_of_range", "x.unsqueeze(4)", ["4"]),
    ("flatten/start_after_end", "x.flatten(1, 0)", ["start_dim", "end_dim"]),
    ("t/3d", "img.t()", ["4"]),
    ("mT/1d", "v.mT", ["1"]),
    ("narrow/too_long", "x.narrow(1, 2, 3)", ["2", "3", "4"]),
    ("narrow/0d", "lib.tensor(1.0).narrow(0, 0, 1)", ["0-dim"]),
    ("select/out_of_range", "x.select(0, 3)", ["3"]),
    ("chunk/zero", "x.chunk(0)", ["0"]),
    ("chunk/0d", "lib.tensor(1.0).chunk(1)", ["1-dimensional"]),
    ("split/sizes_sum", "x.split([1, 1], 0)", ["3", "[1, 1]"]),
    ("cat/empty_list", "lib.cat([])", ["non-empty"]),
    ("cat/shape", "lib.cat([x, lib.ones(2, 5)])", ["4", "5"]),
    ("cat/ndim", "lib.cat([x, v])", ["2", "1"]),
    ("cat/0d", "lib.cat([lib.tensor(1.0), lib.tensor(2.0)])", ["zero-dimensional"]),
    ("cat/dim_out_of_range", "lib.cat([x, x], 2)", ["2"]),
    ("stack/shape", "lib.stack([x, x.t()])", ["[3, 4]", "[4, 3]"]),
    ("stack/empty", "lib.stack([])", ["non-empty"]),
    ("repeat/too_few", "x.repeat(2)", ["dimensions"]),
    ("flip/dim_out_of_range", "x.flip(2)", ["2"]),
    ("movedim/dim_out_of_range", "lib.movedim(x, 0, 5)", ["5"]),
    ("zeros/negative", "lib.zeros(-1)", ["-1"]),
    ("ones/negative", "lib.ones(2, -3)", ["-3"]),
    ("empty/negative", "lib.empty(-2)", ["-2"]),
    ("full/negative", "lib.full((-1, 2), 0.0)", ["-1"]),
    ("randn/negative", "lib.randn(-1)", ["-1"]),
    ("arange/zero_step", "lib.arange(0, 5, 0)", ["step"]),
    ("arange/wrong_direction", "lib.arange(5, 0, 1)", []),
    ("eye/negative", "lib.eye(-1)", ["-1"]),
    ("zeros/float_size", "lib.zeros(2.5)", []),
    ("tensor/ragged", "lib.tensor([[1, 2], [3]])", []),
    # --- indexing ----------------------------------------------------------------------------------------------
    ("getitem/out_of_range", "x[3]", ["3"]),
    ("getitem/negative_out_of_range", "x[-4]", ["-4"]),
    ("getitem/float_index", "x[1.5]", []),
    ("getitem/float_tensor_index", "x[lib.tensor([0.0])]", ["long"]),
    ("getitem/too_many", "x[0, 0, 0]", ["dimension 2"]),
    ("getitem/tensor_out_of_range", "x[lib.tensor([0, 5])]", ["5"]),
    ("getitem/mask_shape", "x[lib.ones(2, 4, dtype=lib.bool)]", ["2", "3"]),
    ("getitem/zero_step", "x[::0]", []),
    ("setitem/shape", "x[0] = lib.ones(5)", ["5", "4"]),
    ("index_select/2d_index", "x.index_select(0, lib.tensor([[0]]))", ["vector"]),
    ("index_select/float_index", "x.index_select(0, lib.tensor([0.0]))", []),
    ("index_select/out_of_range", "x.index_select(0, lib.tensor([3]))", ["range"]),
    ("gather/dims", "x.gather(0, lib.tensor([0]))", []),
    ("gather/float_index", "x.gather(0, lib.zeros(1, 4))", ["int64"]),
    ("gather/out_of_range", "x.gather(0, lib.tensor([[5, 0, 0, 0]]))", ["5"]),
    ("scatter/dims", "x.scatter(0, lib.tensor([0]), 1.0)", []),
    ("take/out_of_range", "x.take(lib.tensor([12]))", ["12"]),
    ("item/many", "x.item()", ["12"]),
    ("bool/many", "bool(x)", ["ambiguous"]),
    ("int/many", "int(x)", []),
    ("index/float", "[1, 2][lib.tensor(0.0)]", []),
    ("len/0d", "len(lib.tensor(1.0))", ["0-d"]),
    ("iter/0d", "iter(lib.tensor(1.0))", ["0-d"]),
    # --- products ----------------------------------------------------------------------------------------------
    ("matmul/shape", "x @ x", ["3x4", "3x4"]),
    ("matmul/0d", "lib.tensor(1.0) @ x", ["1D"]),
    ("mm/3d", "lib.mm(img, x)", ["matrix"]),
    ("mm/shape", "lib.mm(x, x)", ["3x4"]),
    ("bmm/2d", "lib.bmm(x, x)", ["3D"]),
    ("mv/shape", "lib.mv(x, v)", ["3x4", "5"]),
    ("dot/shape", "lib.dot(v, lib.ones(4))", ["5", "4"]),
    ("dot/2d", "lib.dot(x, x)", ["1D"]),
    ("matmul/dtype", "x @ lib.ones(4, 2, dtype=lib.float64)", ["float", "double"]),
    ("einsum/operands", "lib.einsum('ij,jk->ik', x)", ["operand"]),
    # --- autograd ----------------------------------------------------------------------------------------------
    ("requires_grad/int", "i.requires_grad_()", ["floating"]),
    ("requires_grad/int_factory", "lib.ones(2, dtype=lib.int64, requires_grad=True)", ["floating"]),
    ("backward/twice", "y = (leaf * leaf).sum(); y.backward(); y.backward()", ["second time"]),
    ("backward/non_scalar", "(leaf * 2).backward()", ["scalar"]),
    ("backward/no_grad", "x.sum().backward()", ["grad"]),
    ("backward/gradient_shape", "(leaf * 2).backward(lib.ones(4))", ["[4]", "[3]"]),
    ("inplace/leaf", "leaf.add_(1)", ["leaf"]),
    ("inplace/view_of_leaf", "leaf[0].mul_(2)", ["view", "leaf"]),
    ("inplace/saved", "y = leaf.exp(); y.add_(1); y.sum().backward()", ["modified by an inplace", "exp"]),
    ("inplace/saved_input", "y = leaf * 1; z = y.sin(); y.mul_(2); z.sum().backward()",
     ["modified by an inplace", "sin", "mul_"]),
    ("grad/unused", "lib.autograd.grad((leaf * 2).sum(), [leaf, lib.ones(2, requires_grad=True)])", ["used"]),
    ("grad/not_requiring", "lib.autograd.grad((leaf * 2).sum(), [x])", ["require grad"]),
    ("numpy/requires_grad", "leaf.numpy()", ["numpy", "detach"]),
    ("requires_grad/non_leaf_off", "(leaf * 2).requires_grad_(False)", ["leaf"]),
    ("retain_grad/no_grad", "x.retain_grad()", ["requires_grad"]),
    ("register_hook/no_grad", "x.register_hook(lambda g: g)", ["require"]),
    # --- layers ------------------------------------------------------------------------------------------------
    ("Linear/in_features", "nn.Linear(5, 2)(x)", ["3x4", "5x2"]),
    ("Linear/int_input", "nn.Linear(2, 2)(lib.ones(2, 2, dtype=lib.int64))", []),
    ("Linear/negative", "nn.Linear(-1, 2)", []),
    ("Conv2d/channels", "nn.Conv2d(3, 4, 3)(img)", ["3", "2"]),
    ("Conv2d/kernel_too_big", "nn.Conv2d(2, 4, 7)(img)", ["7", "5"]),
    ("Conv2d/groups", "nn.Conv2d(3, 4, 3, groups=2)", ["groups"]),
    ("Conv2d/rank", "nn.Conv2d(2, 4, 3)(x)", ["3", "4"]),
    ("Conv1d/channels", "nn.Conv1d(3, 2, 2)(seq)", ["3", "2"]),
    ("conv2d/weight_rank", "F.conv2d(img, lib.ones(3, 3))", []),
    ("MaxPool2d/kernel_too_big", "nn.MaxPool2d(7)(img)", []),
    ("MaxPool2d/padding", "nn.MaxPool2d(2, padding=2)(img)", ["pad"]),
    ("avg_pool2d/kernel_too_big", "F.avg_pool2d(img, 7)", ["too small"]),
    ("BatchNorm1d/features", "nn.BatchNorm1d(5)(x)", ["5", "4"]),
    ("BatchNorm2d/rank", "nn.BatchNorm2d(2)(x)", ["4D"]),
    ("BatchNorm1d/one_value", "nn.BatchNorm1d(4)(lib.ones(1, 4))", ["more than 1 value"]),
    ("LayerNorm/shape", "nn.LayerNorm(5)(x)", ["5", "4"]),
    ("GroupNorm/divisible", "nn.GroupNorm(3, 4)", ["divisible"]),
    ("Embedding/out_of_range", "nn.Embedding(3, 2)(lib.tensor([3]))", ["range"]),
    ("Embedding/float_index", "nn.Embedding(3, 2)(lib.tensor([0.0]))", []),
    ("Dropout/p", "nn.Dropout(1.5)", ["1.5"]),
    ("dropout/p", "F.dropout(x, -0.1)", ["-0.1"]),
    ("LSTM/input_size", "nn.LSTM(5, 3)(seq)", ["5", "3"]),
    ("GRU/rank", "nn.GRU(3, 2)(x)", []),
    ("RNN/hidden_shape", "nn.RNN(3, 2)(seq, lib.zeros(1, 3, 2))", []),
    ("Flatten/dims", "nn.Flatten(2, 1)(img)", []),
    ("Unflatten/sizes", "nn.Unflatten(1, (3, 3))(x)", ["4"]),
    ("pad/too_many", "F.pad(v, (1, 1, 1, 1))", []),
    ("pad/odd", "F.pad(x, (1,))", ["2"]),
    ("Softmax/dim", "nn.Softmax(dim=2)(x)", ["2"]),
    ("Sequential/index", "nn.Sequential(nn.ReLU())[3]", ["3"]),
    ("Module/missing_attribute", "nn.Linear(2, 2).bias2", ["bias2"]),
    ("load_state_dict/missing", "nn.Linear(2, 2).load_state_dict({})", ["weight", "bias"]),
    ("load_state_dict/shape", "nn.Linear(2, 2).load_state_dict({'weight': lib.ones(3, 2), 'bias': lib.ones(2)})",
     ["weight", "[3, 2]", "[2, 2]"]),
    ("one_hot/float", "F.one_hot(x)", []),
    ("one_hot/too_small", "F.one_hot(lib.tensor([3]), 2)", []),
    # --- losses ------------------------------------------------------------------------------------------------
    ("mse_loss/broadcast", "F.mse_loss(x, lib.ones(3, 5))", ["4", "5"]),
    ("l1_loss/broadcast", "F.l1_loss(x, lib.ones(2, 4))", ["3", "2"]),
    ("cross_entropy/target_range", "F.cross_entropy(x, lib.tensor([0, 1, 4]))", ["4"]),
    ("cross_entropy/batch", "F.cross_entropy(x, lib.tensor([0, 1]))", ["3", "2"]),
    ("cross_entropy/float_target_shape", "F.cross_entropy(x, lib.ones(3, 5))", []),
    ("cross_entropy/int_input", "F.cross_entropy(lib.ones(3, 4, dtype=lib.int64), lib.tensor([0, 1, 2]))", []),
    ("nll_loss/target_dtype", "F.nll_loss(x, lib.tensor([0.0, 1.0, 2.0]))", []),
    ("nll_loss/target_range", "F.nll_loss(x, lib.tensor([0, 1, -2]))", ["-2"]),
    ("nll_loss/reduction", "F.nll_loss(x, lib.tensor([0, 1, 2]), reduction='avg')", ["avg"]),
    ("bce/range", "F.binary_cross_entropy(x, lib.ones(3, 4))", ["0", "1"]),
    ("bce/shape", "F.binary_cross_entropy(x.sigmoid(), lib.ones(3, 5))", ["3, 5", "3, 4"]),
    ("bce_with_logits/shape", "F.binary_cross_entropy_with_logits(x, lib.ones(4, 3))", ["4, 3", "3, 4"]),
    ("kl_div/broadcast", "F.kl_div(x, lib.ones(2, 4))", ["3", "2"]),
    ("smooth_l1/beta", "F.smooth_l1_loss(x, x, beta=-1.0)", ["beta"]),
    ("huber/delta", "F.huber_loss(x, x, delta=0.0)", ["delta"]),
    ("MSELoss/reduction", "nn.MSELoss(reduction='all')(x, x)", ["all"]),
    ("margin_ranking/shape", "F.margin_ranking_loss(v, v, lib.ones(3))", []),
    ("cosine_similarity/broadcast", "F.cosine_similarity(x, lib.ones(2, 4))", ["3", "2"]),
    # --- optimizers ----------------------------------------------------------------------------------------------
    ("SGD/lr", "lib.optim.SGD([leaf], lr=-1.0)", ["-1.0"]),
    ("SGD/empty", "lib.optim.SGD([], lr=0.1)", ["empty"]),
    ("SGD/nesterov", "lib.optim.SGD([leaf], lr=0.1, nesterov=True)", ["Nesterov"]),
    ("Adam/betas", "lib.optim.Adam([leaf], betas=(1.0, 0.9))", ["1.0"]),
    ("Adam/eps", "lib.optim.Adam([leaf], eps=-1e-8)", ["-1e-08"]),
    ("Adam/not_tensors", "lib.optim.Adam(leaf)", []),
]


def _raise_of(lib, code):
    try:
        exec(code, _namespace(lib))
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        return e
    return None


@pytest.mark.parametrize("code,words", [e[1:] for e in ENTRIES], ids=[e[0] for e in ENTRIES])
def test_same_exception_class_as_torch(code, words):
    expected = _raise_of(torch, code)
    assert expected is not None, "torch accepts this call: the entry is wrong"
    got = _raise_of(minitorch, code)
    assert got is not None, "minitorch accepted a call torch rejects with %s: %s" % (type(expected).__name__,
                                                                                   expected)
    assert isinstance(got, type(expected)), "torch raises %s (%s), minitorch %s (%s)" % (
        type(expected).__name__, str(expected)[:200], type(got).__name__, str(got)[:200])
    message = str(got).lower()
    assert message.strip(), "empty message"
    missing = [w for w in words if w.lower() not in message]
    assert not missing, "minitorch's message %r does not mention %s" % (str(got), missing)


def test_battery_size():
    assert len(ENTRIES) >= 200 and len({e[0] for e in ENTRIES}) == len(ENTRIES)
