"""Parity cases for torch's remaining top-level surface (ops/surface.py and constants.py): the *_copy view ops,
fill, the function forms of in-place methods, poisson/binomial (shapes, dtypes and moments), the deprecated norms,
the native_* ops, the recurrent cells, convolution, embedding_bag, grid_sampler, empty_permuted, nonzero_static,
frombuffer, DLPack, the low-rank SVD/PCA (reconstructions), segment_reduce, and the constants and switches."""
import array
import warnings

import numpy

from .helpers import grads_of, leaf, values
from .registry import case


def _node(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


def _grad_case(name, fn, *shapes, transposed=(), dtypes=("float64", "float32"), tol=None):
    """out = fn(lib, *operands) for random leaves (indices in `transposed` fed as a non-contiguous .mT); a tuple
    of outputs is compared whole and its gradient taken through their concatenation."""
    @case("surface_ops/" + name, dtypes=dtypes, tol=tol)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(tuple(s[:-2]) + tuple(s[-2:][::-1]) if i in transposed else s),
                       dtype) for i, s in enumerate(shapes)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        out = fn(lib, *ops)
        if isinstance(out, (tuple, list)):
            parts = {"out_%d" % i: o for i, o in enumerate(out)}
            joined = lib.cat([o.reshape(-1) for o in out if o.dtype.is_floating_point])
            return dict(grads_of(lib, rng, joined, leaves), **parts)
        return grads_of(lib, rng, out, leaves)
    return body


def _raises(name, fn):
    @case("surface_ops/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


def _quiet(fn):
    """fn() with torch's deprecation warnings silenced (frobenius_norm, nuclear_norm)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


# --- *_copy: values, gradients, contiguity and torch's grad_fn name ---------------------------------------------------
_COPIES = [  # (name, args, input shape)
    ("alias_copy", (), (3, 4)), ("diagonal_copy", (), (3, 4)), ("diagonal_copy", (1, 0, 1), (3, 4)),
    ("diagonal_copy", (-1, 2, 0), (3, 2, 4)), ("expand_copy", ((2, 3, 4),), (3, 1)),
    ("expand_copy", ((-1, 5),), (3, 1)), ("expand_copy", ((),), ()), ("expand_copy", ([2, 2],), ()),
    ("permute_copy", ((2, 0, 1),), (2, 3, 4)), ("select_copy", (1, 2), (3, 4)),
    ("select_copy", (0, -1), (3, 4)), ("slice_copy", (), (5, 2)), ("slice_copy", (1, 1, None, 2), (3, 5)),
    ("slice_copy", (0, -3, 10), (5, 2)), ("split_copy", (2,), (5, 3)), ("split_copy", (2, -1), (3, 5)),
    ("split_with_sizes_copy", ([1, 3], 1), (2, 4)), ("squeeze_copy", (), (1, 3, 1)),
    ("squeeze_copy", (0,), (1, 3, 1)), ("squeeze_copy", ([0, 2],), (1, 3, 1)), ("t_copy", (), (3, 4)),
    ("t_copy", (), (4,)), ("transpose_copy", (0, -1), (2, 3, 4)), ("unbind_copy", (), (3, 2)),
    ("unbind_copy", (1,), (3, 2)), ("unfold_copy", (1, 2, 1), (3, 4)), ("unfold_copy", (0, 2, 2), (5,)),
    ("unsqueeze_copy", (0,), (3, 4)), ("unsqueeze_copy", (-1,), (3, 4)), ("view_copy", ((12,),), (3, 4)),
    ("view_copy", ((2, -1),), (3, 4)), ("as_strided_copy", ((2, 2), (1, 2)), (3, 4)),
    ("as_strided_copy", ((2, 3), (4, 1), 1), (3, 4)), ("diagonal_copy", (), (0, 3)),
    ("permute_copy", ((1, 0),), (0, 2)), ("permute_copy", ((),), ()), ("squeeze_copy", (), ()),
]
for _i, (_name, _args, _shape) in enumerate(_COPIES):
    _grad_case("%s/%d" % (_name, _i), lambda lib, a, n=_name, args=_args: getattr(lib, n)(a, *args), _shape)
for _name, _args in [("t_copy", ()), ("transpose_copy", (0, 1)), ("diagonal_copy", ()), ("slice_copy", (1, 0, 3)),
                     ("expand_copy", ((2, 3, 4),)), ("unbind_copy", ()), ("as_strided_copy", ((2, 2), (1, 2), 1)),
                     ("as_strided_copy", ((3,), (4,)))]:
    _grad_case("%s/noncontiguous/%s" % (_name, _args), lambda lib, a, n=_name, args=_args: getattr(lib, n)(a, *args),
               (3, 4), transposed=(0,))


@case("surface_ops/as_strided_copy/offset_view", dtypes=("float64", "float32"))
def _as_strided_offset(lib, rng, dtype):
    """A view with a storage offset: as_strided addresses the storage, so the gradient lands where it read."""
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    out = lib.as_strided_copy(x[1:], (2, 2), (1, 3), 4)
    return dict(grads_of(lib, rng, out, [x]), default_offset=lib.as_strided_copy(x[2:], (2,), (2,)))


@case("surface_ops/copies/node_names_and_layout", dtypes=("float64",))
def _copy_nodes(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 4)), dtype)
    outs = {"alias": lib.alias_copy(a), "t": lib.t_copy(a),
            "expand": lib.expand_copy(a, (2, 3, 4)),
            "diagonal": lib.diagonal_copy(a), "permute": lib.permute_copy(a, (1, 0)),
            "select": lib.select_copy(a, 0, 1), "slice": lib.slice_copy(a, 1, 0, 4, 2),
            "split": lib.split_copy(a, 2)[1], "sizes": lib.split_with_sizes_copy(a, [1, 2])[0],
            "squeeze": lib.squeeze_copy(a), "transpose": lib.transpose_copy(a, 0, 1),
            "unbind": lib.unbind_copy(a)[2], "unfold": lib.unfold_copy(a, 0, 2, 1),
            "unsqueeze": lib.unsqueeze_copy(a, 1), "view": lib.view_copy(a, (4, 3)),
            "strided": lib.as_strided_copy(a, (2, 2), (1, 2))}
    result = {k + "_node": _node(v) for k, v in outs.items()}
    result.update({k + "_contiguous": v.is_contiguous() for k, v in outs.items()})
    result.update({k + "_stride": tuple(v.stride()) for k, v in outs.items()})
    result["fresh"] = outs["alias"].data_ptr() != a.data_ptr()
    return result


@case("surface_ops/copies/detach_and_dtype_view", dtypes=("float64", "float32"))
def _detach_copy(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 4)), dtype)
    viewed = lib.view_copy(a, lib.int32 if dtype == lib.float32 else lib.int64)
    detached = lib.detach_copy(a)
    return {"detached": detached, "fresh": detached.data_ptr() != a.data_ptr(), "viewed": viewed,
            "viewed_grad": viewed.requires_grad, "int": lib.t_copy(lib.tensor([[1, 2], [3, 4]])),
            "bool": lib.unbind_copy(lib.tensor([[True, False]]), 1)[1]}


_raises("slice_copy/step", lambda lib: lib.slice_copy(lib.ones(5), 0, 0, 5, 0))
_raises("split_copy/list", lambda lib: lib.split_copy(lib.ones(5), [2, 3]))
_raises("t_copy/3d", lambda lib: lib.t_copy(lib.ones(2, 2, 2)))
_raises("select_copy/index", lambda lib: lib.select_copy(lib.ones(2, 3), 1, 5))
_raises("permute_copy/dims", lambda lib: lib.permute_copy(lib.ones(2, 3), (0,)))
_raises("expand_copy/size", lambda lib: lib.expand_copy(lib.ones(3, 2), (3, 4)))
_raises("view_copy/size", lambda lib: lib.view_copy(lib.ones(3, 2), (4,)))
_raises("unbind_copy/dim", lambda lib: lib.unbind_copy(lib.ones(3, 2), 2))


# --- fill and the function forms of in-place methods ------------------------------------------------------------------
_grad_case("fill/number", lambda lib, a: lib.fill(a, 2.5), (3, 4))
_grad_case("fill/tensor_value", lambda lib, a, v: lib.fill(a, v), (3, 4), ())
_grad_case("fill/noncontiguous", lambda lib, a, v: lib.fill(a, v), (2, 3), (), transposed=(0,))
_grad_case("fill/empty", lambda lib, a: lib.fill(a, 1.0), (0, 3))


@case("surface_ops/fill/dtypes", dtypes=None)
def _fill_dtypes(lib, rng, dtype):
    ints = lib.tensor([[1, 2], [3, 4]])
    return {"int_float": lib.fill(ints, 2.7), "bool": lib.fill(lib.tensor([True, False]), 2),
            "int_tensor": lib.fill(lib.ones(2), lib.tensor(3)),
            "float_into_int": lib.fill(ints, lib.tensor(-1.5)), "kept": ints}


_raises("fill/value_dims", lambda lib: lib.fill(lib.ones(2), lib.ones(2)))


@case("surface_ops/inplace_functions", dtypes=("float64", "float32"))
def _inplace_functions(lib, rng, dtype):
    a, b = values(lib, rng.standard_normal((2, 3)), dtype), values(lib, rng.standard_normal((2, 3)), dtype)
    i, j = lib.tensor([4, 6, 0]), lib.tensor([12, 8, 5])
    return {"deg2rad": lib.deg2rad_(a) is a, "a": a, "rad2deg": lib.rad2deg_(b) is b, "b": b,
            "gcd": lib.gcd_(i, lib.tensor([6, 9, 5])) is i, "i": i,
            "lcm": lib.lcm_(j, lib.tensor(3)) is j,
            "j": j, "version": a._version > 0}


_raises("gcd_/float", lambda lib: lib.gcd_(lib.ones(2), lib.ones(2)))
_raises("deg2rad_/int", lambda lib: lib.deg2rad_(lib.tensor([1, 2])))


@case("surface_ops/resize_as_", dtypes=("float64", "float32"))
def _resize_as(lib, rng, dtype):
    a = values(lib, rng.standard_normal((3, 4)), dtype)
    kept = a.reshape(-1)[:6].clone()
    shrunk = lib.resize_as_(a, lib.ones(2, 3))
    b = values(lib, rng.standard_normal((2, 2)), dtype)
    first = b.reshape(-1).clone()
    grown = lib.resize_as_(b, lib.ones(3, 3, dtype=lib.int64))
    return {"same": shrunk is a, "shrunk": shrunk, "kept": kept, "grown_shape": tuple(grown.shape),
            "grown_first": grown.reshape(-1)[:4], "first": first, "dtype": str(grown.dtype)}


_raises("resize_as_/requires_grad", lambda lib: lib.resize_as_(lib.ones(2, requires_grad=True),
                                                                        lib.ones(3)))


# --- poisson, binomial: shapes, dtypes and moments --------------------------------------------------------------------
@case("surface_ops/poisson", dtypes=("float64", "float32"))
def _poisson(lib, rng, dtype):
    rates = leaf(lib, numpy.array([0.0, 0.5, 3.0, 20.0]), dtype)
    gen = lib.Generator().manual_seed(1)
    draws = lib.poisson(rates.expand(20000, 4), gen)
    grad, = lib.autograd.grad(draws.sum(), rates)
    return {"shape": tuple(draws.shape), "dtype": str(draws.dtype), "integral": bool((draws == draws.round()).all()),
            "mean_ok": bool(((draws.mean(0) - rates).abs() <= 0.1 * rates.sqrt() + 1e-9).all()),
            "var_ok": bool(((draws.var(0) - rates).abs() <= 0.1 * rates + 1e-9).all()), "grad": grad,
            "node": _node(draws), "empty": lib.poisson(lib.ones(0, 2, dtype=dtype)).shape == (0, 2)}


@case("surface_ops/binomial", dtypes=("float64", "float32"))
def _binomial(lib, rng, dtype):
    count = values(lib, numpy.array([0.0, 1.0, 10.0, 40.0]), dtype).expand(20000, 4)
    prob = values(lib, numpy.array([0.5, 0.3, 0.0, 0.25]), dtype).expand(20000, 4)
    draws = lib.binomial(count, prob, lib.Generator().manual_seed(2))
    n, p = count[0], prob[0]
    return {"shape": tuple(draws.shape), "dtype": str(draws.dtype), "grad": draws.requires_grad,
            "in_range": bool(((draws >= 0) & (draws <= count)).all()),
            "mean_ok": bool(((draws.mean(0) - n * p).abs() <= 0.05 * n.sqrt() + 1e-9).all()),
            "var_ok": bool(((draws.var(0) - n * p * (1 - p)).abs() <= 0.1 * n + 1e-9).all())}


_raises("poisson/int", lambda lib: lib.poisson(lib.tensor([1, 2])))
_raises("poisson/negative", lambda lib: lib.poisson(lib.tensor([-1.0])))
_raises("binomial/int_count", lambda lib: lib.binomial(lib.tensor([10, 5]), lib.tensor([0.5, 0.2])))
_raises("binomial/mixed", lambda lib: lib.binomial(lib.ones(2, dtype=lib.float64), lib.ones(2) / 2))


# --- frobenius_norm, nuclear_norm -------------------------------------------------------------------------------------
_grad_case("frobenius_norm/two_dims", lambda lib, a: _quiet(lambda: lib.frobenius_norm(a, [1, 2])), (2, 3, 4))
_grad_case("frobenius_norm/keepdim", lambda lib, a: _quiet(lambda: lib.frobenius_norm(a, [0], True)),
           (2, 3, 4))
_grad_case("frobenius_norm/no_dims", lambda lib, a: _quiet(lambda: lib.frobenius_norm(a, [])), (2, 3))
_grad_case("frobenius_norm/int_dim", lambda lib, a: _quiet(lambda: lib.frobenius_norm(a, 1)), (2, 3))
_grad_case("frobenius_norm/noncontiguous", lambda lib, a: _quiet(lambda: lib.frobenius_norm(a, (0, 1))),
           (3, 4), transposed=(0,))
_grad_case("nuclear_norm/matrix", lambda lib, a: _quiet(lambda: lib.nuclear_norm(a)), (3, 4))
_grad_case("nuclear_norm/keepdim", lambda lib, a: _quiet(lambda: lib.nuclear_norm(a, True)), (4, 3))
_grad_case("nuclear_norm/dims", lambda lib, a: _quiet(lambda: lib.nuclear_norm(a, [0, 2], True)), (3, 2, 4))
_grad_case("nuclear_norm/keywords",
           lambda lib, a: _quiet(lambda: lib.nuclear_norm(a, dim=(0, 1), keepdim=True)), (3, 2))
_grad_case("nuclear_norm/batch", lambda lib, a: _quiet(lambda: lib.nuclear_norm(a, (1, 2))), (2, 3, 3))
_raises("frobenius_norm/three_dims", lambda lib: _quiet(lambda: lib.frobenius_norm(lib.ones(2, 2, 2),
                                                                                          [0, 1, 2])))
_raises("frobenius_norm/no_dim", lambda lib: lib.frobenius_norm(lib.ones(2, 2)))


# --- native_layer_norm, native_batch_norm, native_group_norm ----------------------------------------------------------
_grad_case("native_layer_norm/affine", lambda lib, x, w, b: lib.native_layer_norm(x, [4], w, b, 1e-5),
           (2, 3, 4), (4,), (4,))
_grad_case("native_layer_norm/two_dims", lambda lib, x: lib.native_layer_norm(x, (3, 4), None, None, 1e-3),
           (2, 3, 4))
_grad_case("native_layer_norm/noncontiguous", lambda lib, x, w: lib.native_layer_norm(x, [3], w, None, 1e-5),
           (3, 3), (3,), transposed=(0,))
_grad_case("native_group_norm/affine",
           lambda lib, x, w, b: lib.native_group_norm(x, w, b, 2, 6, 5, 3, 1e-5), (2, 6, 5), (6,), (6,))
_grad_case("native_group_norm/empty_batch",
           lambda lib, x, w: lib.native_group_norm(x, w, None, 0, 4, 3, 2, 1e-5), (0, 4, 3), (4,))
_grad_case("native_group_norm/4d", lambda lib, x: lib.native_group_norm(x, None, None, 3, 4, 6, 2, 1e-5),
           (3, 4, 2, 3))
# (weight and bias given: minitorch's argument check blames a None Optional[Tensor] when the call fails)
_raises("native_layer_norm/shape", lambda lib: lib.native_layer_norm(lib.ones(2, 3), [4], None, None, 1e-5))
_raises("native_layer_norm/empty_shape", lambda lib: lib.native_layer_norm(lib.ones(2, 3), [], None, None,
                                                                                    1e-5))
_raises("native_batch_norm/int", lambda lib: lib.native_batch_norm(lib.ones(2, 2, 3, dtype=lib.int64), None,
                                                                            None, None, None, True, 0.1, 1e-5))
_raises("native_group_norm/groups", lambda lib: lib.native_group_norm(lib.ones(2, 3, 4), lib.ones(3),
                                                                              lib.ones(3), 2, 3, 4, 2, 1e-5))


@case("surface_ops/native_batch_norm/train", dtypes=("float64", "float32"))
def _native_batch_norm_train(lib, rng, dtype):
    x, w, b = (leaf(lib, rng.standard_normal(s), dtype) for s in ((4, 3, 5), (3,), (3,)))
    rm, rv = values(lib, rng.standard_normal(3), dtype), values(lib, rng.random(3) + 0.5, dtype)
    out, mean, invstd = lib.native_batch_norm(x, w, b, rm, rv, True, 0.2, 1e-5)
    return dict(grads_of(lib, rng, out, [x, w, b]), mean=mean, invstd=invstd, running_mean=rm, running_var=rv,
                stats_grad=mean.requires_grad or invstd.requires_grad)


@case("surface_ops/native_batch_norm/eval", dtypes=("float64", "float32"))
def _native_batch_norm_eval(lib, rng, dtype):
    x, w = leaf(lib, rng.standard_normal((4, 3, 2, 2)), dtype), leaf(lib, rng.standard_normal(3), dtype)
    rm, rv = values(lib, rng.standard_normal(3), dtype), values(lib, rng.random(3) + 0.5, dtype)
    out, mean, invstd = lib.native_batch_norm(x, w, None, rm, rv, False, 0.1, 1e-5)
    return dict(grads_of(lib, rng, out, [x, w]), mean=mean, invstd=invstd)


@case("surface_ops/native_batch_norm/no_running_stats", dtypes=("float64",))
def _native_batch_norm_no_stats(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((5, 2)), dtype)
    out, mean, invstd = lib.native_batch_norm(x, None, None, None, None, True, 0.1, 1e-5)
    return dict(grads_of(lib, rng, out, [x]), mean=mean, invstd=invstd)


# --- native_dropout, native_channel_shuffle ---------------------------------------------------------------------------
@case("surface_ops/native_dropout/deterministic", dtypes=("float64", "float32"))
def _native_dropout_fixed(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    drop = lib.native_dropout
    (eval_out, eval_mask), (zero_out, zero_mask), (all_out, all_mask) = drop(x, 0.5, False), drop(x, 0.0, True), \
        drop(x, 1.0, True)
    result = grads_of(lib, rng, eval_out + zero_out + all_out, [x])
    return dict(result, eval_out=eval_out, eval_mask=eval_mask, zero_out=zero_out, zero_mask=zero_mask,
                all_out=all_out, all_mask=all_mask, fresh=eval_out is not x)


@case("surface_ops/native_dropout/moments", dtypes=("float64", "float32"))
def _native_dropout_moments(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((200, 100)) + 3.0, dtype)
    out, mask = lib.native_dropout(x, 0.25, True)
    grad, = lib.autograd.grad(out.sum(), x)
    kept = mask.to(dtype)
    return {"mask_dtype": str(mask.dtype), "shape": tuple(out.shape),
            "rate_ok": abs(float(kept.mean()) - 0.75) < 0.02,
            "scaled": bool(lib.allclose(out, x * kept / 0.75)), "grad_is_mask": bool(lib.allclose(grad, kept / 0.75))}


_raises("native_dropout/int", lambda lib: lib.native_dropout(lib.tensor([1, 2]), 0.5, True))


@case("surface_ops/native_channel_shuffle", dtypes=("float64", "float32"))
def _native_channel_shuffle(lib, rng, dtype):  # torch has no derivative for it: values only
    shuffle = lib.native_channel_shuffle
    return {"3d": shuffle(values(lib, rng.standard_normal((2, 4, 3)), dtype), 2),
            "4d": shuffle(values(lib, rng.standard_normal((1, 6, 2, 2)), dtype), 3),
            "int": shuffle(lib.arange(8).reshape(1, 4, 2), 4)}



_raises("native_channel_shuffle/groups", lambda lib: lib.native_channel_shuffle(lib.ones(1, 4, 2), 3))


# --- recurrent cells --------------------------------------------------------------------------------------------------
_grad_case("lstm_cell", lambda lib, x, h, c, wi, wh, bi, bh: lib.lstm_cell(x, (h, c), wi, wh, bi, bh),
           (3, 4), (3, 5), (3, 5), (20, 4), (20, 5), (20,), (20,))
_grad_case("lstm_cell/no_bias", lambda lib, x, h, c, wi, wh: lib.lstm_cell(x, [h, c], wi, wh), (2, 3), (2, 2),
           (2, 2), (8, 3), (8, 2))
_grad_case("gru_cell", lambda lib, x, h, wi, wh, bi, bh: lib.gru_cell(x, h, wi, wh, bi, bh),
           (3, 4), (3, 5), (15, 4), (15, 5), (15,), (15,))
_grad_case("gru_cell/one_bias", lambda lib, x, h, wi, wh, bi: lib.gru_cell(x, h, wi, wh, bi, None),
           (2, 4), (2, 3), (9, 4), (9, 3), (9,))
_grad_case("rnn_tanh_cell", lambda lib, x, h, wi, wh, bi, bh: lib.rnn_tanh_cell(x, h, wi, wh, bi, bh),
           (3, 4), (3, 5), (5, 4), (5, 5), (5,), (5,))
_grad_case("rnn_relu_cell", lambda lib, x, h, wi, wh: lib.rnn_relu_cell(x, h, wi, wh), (3, 4), (3, 5),
           (5, 4), (5, 5))
_grad_case("rnn_tanh_cell/noncontiguous", lambda lib, x, h, wi, wh: lib.rnn_tanh_cell(x, h, wi, wh),
           (3, 4), (3, 5), (5, 4), (5, 5), transposed=(0, 2))
_raises("lstm_cell/input_size", lambda lib: lib.lstm_cell(lib.ones(3, 4), (lib.ones(3, 5), lib.ones(3, 5)),
                                                                   lib.ones(20, 3), lib.ones(20, 5)))
_raises("lstm_cell/hidden_size", lambda lib: lib.lstm_cell(lib.ones(3, 4), (lib.ones(3, 6), lib.ones(3, 5)),
                                                                    lib.ones(20, 4), lib.ones(20, 5)))
_raises("gru_cell/batch", lambda lib: lib.gru_cell(lib.ones(2, 4), lib.ones(3, 5), lib.ones(15, 4),
                                                            lib.ones(15, 5)))
_raises("rnn_relu_cell/1d", lambda lib: lib.rnn_relu_cell(lib.ones(4), lib.ones(5), lib.ones(5, 4),
                                                                   lib.ones(5, 5)))


# --- convolution, embedding_bag, grid_sampler -------------------------------------------------------------------------
_grad_case("convolution/2d", lambda lib, x, w, b: lib.convolution(x, w, b, [1, 2], [1, 0], [1, 1], False,
                                                                           [0, 0], 1), (2, 2, 5, 6), (3, 2, 3, 3), (3,))
_grad_case("convolution/1d_groups", lambda lib, x, w: lib.convolution(x, w, None, [1], [1], [2], False, [0],
                                                                               2), (2, 4, 7), (6, 2, 3))
_grad_case("convolution/3d", lambda lib, x, w: lib.convolution(x, w, None, (1, 1, 1), (0, 1, 0), (1, 1, 1),
                                                                        False, (0, 0, 0), 1), (1, 2, 3, 4, 3),
           (2, 2, 2, 2, 2))
_grad_case("convolution/transposed", lambda lib, x, w, b: lib.convolution(x, w, b, [2, 2], [1, 1], [1, 1],
                                                                                   True, [1, 1], 1),
           (1, 2, 3, 3), (2, 3, 3, 3), (3,))
_grad_case("convolution/transposed_1d", lambda lib, x, w: lib.convolution(x, w, None, [2], [0], [1], True,
                                                                                   [1], 1), (2, 2, 4), (2, 3, 3))
_raises("convolution/int_stride", lambda lib: lib.convolution(lib.ones(1, 2, 5, 5), lib.ones(3, 2, 3, 3),
                                                                       None, 1, [0, 0], [1, 1], False, [0, 0], 1))
_raises("convolution/channels", lambda lib: lib.convolution(lib.ones(1, 3, 5, 5), lib.ones(3, 2, 3, 3),
                                                                     lib.ones(3), [1, 1], [0, 0], [1, 1], False,
                                                                     [0, 0], 1))


def _bag_case(name, mode, offsets, indices=(1, 2, 4, 5, 4, 3, 2, 9), per_sample=False, last=False, padding=None):
    @case("surface_ops/embedding_bag/" + name, dtypes=("float64", "float32"))
    def body(lib, rng, dtype):
        weight = leaf(lib, rng.standard_normal((10, 3)), dtype)
        weights = leaf(lib, rng.standard_normal(len(indices)), dtype) if per_sample else None
        out = lib.embedding_bag(weight, lib.tensor(indices), lib.tensor(offsets), False, mode, False, weights,
                                        last, padding)
        leaves = [weight] + ([weights] if per_sample else [])
        return dict(grads_of(lib, rng, out[0], leaves), offset2bag=out[1], bag_size=out[2], max_indices=out[3],
                    count=len(out))
    return body


_bag_case("sum", 0, [0, 4])
_bag_case("mean", 1, [0, 4])
_bag_case("max", 2, [0, 3, 5])
_bag_case("sum_per_sample_weights", 0, [0, 2, 6], per_sample=True)
_bag_case("mean_empty_bag", 1, [0, 0, 5])
_bag_case("mean_last_offset", 1, [0, 3, 8], last=True)
_bag_case("sum_padding", 0, [0, 4], padding=2)
_bag_case("mean_padding", 1, [0, 4], padding=2)
_bag_case("max_padding", 2, [0, 4], padding=4)


def _grid_case(name, mode, padding, align, shape=(1, 2, 4, 5), grid=(1, 3, 3, 2)):
    @case("surface_ops/grid_sampler/" + name, dtypes=("float64", "float32"))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        g = leaf(lib, rng.uniform(-1.1, 1.1, grid), dtype)
        return grads_of(lib, rng, lib.grid_sampler(x, g, mode, padding, align), [x, g] if mode != 1 else [x])
    return body


_grid_case("bilinear_zeros", 0, 0, False)
_grid_case("nearest_border", 1, 1, True)
_grid_case("bicubic_reflection", 2, 2, False)
_grid_case("3d_bilinear", 0, 1, True, (1, 2, 3, 4, 3), (1, 2, 2, 2, 3))


# --- empty_permuted, nonzero_static -----------------------------------------------------------------------------------
@case("surface_ops/empty_permuted", dtypes=None)
def _empty_permuted(lib, rng, dtype):
    made = lib.empty_permuted
    a, b = made((2, 3, 4), (0, 2, 1)), made([2, 3, 4, 5], [0, 2, 3, 1], dtype=lib.float64, requires_grad=True)
    c, d = made((3, 0), (1, 0), dtype=lib.int64), made((), ())
    return {"a": (tuple(a.shape), tuple(a.stride()), str(a.dtype)), "b": (tuple(b.shape), tuple(b.stride())),
            "b_grad": (b.requires_grad, b.is_leaf, str(b.dtype)), "c": (tuple(c.shape), str(c.dtype)),
            "identity": tuple(made((2, 3), (0, 1)).stride()), "scalar": (tuple(d.shape), d.dim())}


_raises("empty_permuted/duplicate", lambda lib: lib.empty_permuted((2, 3), (0, 0)))
_raises("empty_permuted/range", lambda lib: lib.empty_permuted((2, 3), (0, 5)))
_raises("empty_permuted/negative", lambda lib: lib.empty_permuted((2, 3), (-1, 0)))
_raises("empty_permuted/length", lambda lib: lib.empty_permuted((2, 3), (0,)))


@case("surface_ops/nonzero_static", dtypes=None)
def _nonzero_static(lib, rng, dtype):
    find = lib.nonzero_static
    a = values(lib, rng.integers(-1, 2, (3, 4)))
    return {"padded": find(a, size=20), "cut": find(a, size=2), "fill": find(a > 0, size=13, fill_value=7),
            "zero": find(a, size=0), "float": find(values(lib, rng.standard_normal(5)) > 0, size=4),
            "empty": find(lib.ones(0, 2), size=2), "scalar": find(lib.tensor(3.0), size=2),
            "scalar_zero": find(lib.tensor(0), size=1), "bool": find(lib.tensor([True, False, True]), size=1)}


_raises("nonzero_static/negative", lambda lib: lib.nonzero_static(lib.ones(3), size=-1))


# --- frombuffer and DLPack --------------------------------------------------------------------------------------------
@case("surface_ops/frombuffer", dtypes=None)
def _frombuffer(lib, rng, dtype):
    floats = array.array("f", [1.0, 2.0, 3.0, 4.0])
    t = lib.frombuffer(floats, dtype=lib.float32)
    t[0] = 9.0  # shares the buffer's memory
    part = lib.frombuffer(floats, dtype=lib.float32, count=2, offset=4)
    ints = bytearray(range(8))
    as_int = lib.frombuffer(ints, dtype=lib.int16, offset=2)
    grad = lib.frombuffer(bytearray(8), dtype=lib.float64, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_only = lib.frombuffer(b"\x01\x02\x03\x04", dtype=lib.uint8)
    return {"t": t, "buffer": list(floats), "part": part, "int16": as_int, "grad": (grad.requires_grad, grad.is_leaf),
            "read_only": read_only, "at_most_once": len(caught) <= 1,
            "said": all(w.category is UserWarning and "not writable" in str(w.message) for w in caught)}


def _frombuffer_error(name, **kwargs):
    _raises("frombuffer/" + name, lambda lib: lib.frombuffer(array.array("f", [1, 2, 3, 4]), **dict(
        {"dtype": lib.float32}, **kwargs)))


_frombuffer_error("count", count=5)
_frombuffer_error("offset", offset=20)
_frombuffer_error("negative_offset", offset=-1)
_frombuffer_error("misaligned", offset=2)
_frombuffer_error("zero_count", count=0)
_raises("frombuffer/empty", lambda lib: lib.frombuffer(bytearray(), dtype=lib.float32))
_raises("frombuffer/int_grad", lambda lib: lib.frombuffer(bytearray(4), dtype=lib.int32, requires_grad=True))


@case("surface_ops/dlpack", dtypes=None)
def _dlpack(lib, rng, dtype):
    source = numpy.arange(6.0).reshape(2, 3)
    t = lib.from_dlpack(source)
    source[0, 0] = -1.0  # shares memory
    ints = lib.tensor([[1, 2], [3, 4]])
    back = lib.from_dlpack(lib.to_dlpack(ints))
    ints[1, 1] = 40
    strided = lib.from_dlpack(numpy.arange(12, dtype="int32").reshape(3, 4)[:, ::2])
    return {"t": t, "back": back, "strided": strided,
            "strides": tuple(strided.stride()), "float32": lib.from_dlpack(numpy.ones(2, dtype="float32"))}


# --- svd_lowrank, pca_lowrank: reconstructions, shapes and orthonormality ---------------------------------------------
def _low_rank(lib, rng, dtype, m, n, rank):
    return values(lib, rng.standard_normal((m, rank)) @ rng.standard_normal((rank, n)), dtype)


def _factor_checks(lib, U, S, V, q):
    eye = lib.eye(q, dtype=U.dtype)
    tol = 1e-8 if U.dtype == lib.float64 else 1e-4
    return {"shapes": (tuple(U.shape), tuple(S.shape), tuple(V.shape)), "dtypes": str(U.dtype) + str(S.dtype),
            "orthonormal": bool(lib.allclose(U.mT @ U, eye, atol=tol) and lib.allclose(V.mT @ V, eye, atol=tol)),
            "sorted": bool((S[:-1] >= S[1:]).all())}


@case("surface_ops/svd_lowrank", dtypes=("float64", "float32"), tol=(1e-4, 1e-4))
def _svd_lowrank(lib, rng, dtype):
    tall, wide = _low_rank(lib, rng, dtype, 8, 5, 3), _low_rank(lib, rng, dtype, 4, 9, 2)
    U, S, V = lib.svd_lowrank(tall, q=3)
    U2, S2, V2 = lib.svd_lowrank(wide, 2, 1)
    M = values(lib, rng.standard_normal((1, 5)), dtype).expand(8, 5)
    U3, S3, V3 = lib.svd_lowrank(tall + M, q=3, M=M)
    return dict(_factor_checks(lib, U, S, V, 3), tall=U @ lib.diag(S) @ V.mT, singular=S,
                wide=U2 @ lib.diag(S2) @ V2.mT,
                wide_checks=_factor_checks(lib, U2, S2, V2, 2)["shapes"], centred=U3 @ lib.diag(S3) @ V3.mT)


@case("surface_ops/svd_lowrank/grad", dtypes=("float64",), tol=(1e-6, 1e-8))
def _svd_lowrank_grad(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((6, 2)) @ rng.standard_normal((2, 5)), dtype)
    U, S, V = lib.svd_lowrank(a, q=2)
    grad, = lib.autograd.grad(S.sum(), a)  # d(nuclear norm) = U V^T, whatever the random basis
    return {"grad": grad}


@case("surface_ops/pca_lowrank", dtypes=("float64", "float32"), tol=(1e-4, 1e-4))
def _pca_lowrank(lib, rng, dtype):
    a = _low_rank(lib, rng, dtype, 10, 6, 2) + values(lib, rng.standard_normal((1, 6)), dtype)
    U, S, V = lib.pca_lowrank(a, q=3)
    centred = a - a.mean(0, keepdim=True)
    U2, S2, V2 = lib.pca_lowrank(a, center=False)
    return dict(_factor_checks(lib, U, S, V, 3), reconstruction=U @ lib.diag(S) @ V.mT, centred=centred,
                singular=S[:2], default_q=tuple(S2.shape), plain=U2 @ lib.diag(S2) @ V2.mT, a=a)


_raises("pca_lowrank/q", lambda lib: lib.pca_lowrank(lib.ones(5, 4), q=5))


# --- segment_reduce ---------------------------------------------------------------------------------------------------
for _reduce in ("sum", "mean", "max", "min", "prod", "amax"):
    _grad_case("segment_reduce/" + _reduce, lambda lib, d, r=_reduce: lib.segment_reduce(
        d, r, lengths=lib.tensor([2, 0, 3, 1])), (6,))
_grad_case("segment_reduce/offsets", lambda lib, d: lib.segment_reduce(d, "sum", offsets=lib.tensor([0, 2, 2,
                                                                                                           5])), (5,))
_grad_case("segment_reduce/axis", lambda lib, d: lib.segment_reduce(
    d, "mean", lengths=lib.tensor([[1, 3], [4, 0]]), axis=1), (2, 4))
_grad_case("segment_reduce/axis_offsets", lambda lib, d: lib.segment_reduce(
    d, "sum", offsets=lib.tensor([[0, 2, 5], [0, 0, 5]]), axis=1), (2, 5, 2))
_grad_case("segment_reduce/initial_mean", lambda lib, d: lib.segment_reduce(
    d, "mean", lengths=lib.tensor([2, 0, 2]), initial=10.0), (4,))
_grad_case("segment_reduce/initial_prod", lambda lib, d: lib.segment_reduce(
    d, "prod", lengths=lib.tensor([2, 0, 2]), initial=2.0), (4,))
_grad_case("segment_reduce/unsafe", lambda lib, d: lib.segment_reduce(
    d, "sum", lengths=lib.tensor([2, 1]), unsafe=True), (3,))
_grad_case("segment_reduce/rows", lambda lib, d: lib.segment_reduce(d, "max", lengths=lib.tensor([3, 1])),
           (4, 2))
_grad_case("segment_reduce/initial", lambda lib, d: lib.segment_reduce(d, "sum", lengths=lib.tensor([2, 0, 2]),
                                                                                initial=1.5), (4,))
_grad_case("segment_reduce/initial_max", lambda lib, d: lib.segment_reduce(
    d, "max", lengths=lib.tensor([2, 0, 2]), initial=0.0), (4,))
_raises("segment_reduce/reduce", lambda lib: lib.segment_reduce(lib.ones(3), "foo", lengths=lib.tensor([3])))
_raises("segment_reduce/lengths", lambda lib: lib.segment_reduce(lib.ones(3), "sum", lengths=lib.tensor([2])))
_raises("segment_reduce/axis", lambda lib: lib.segment_reduce(lib.ones(2, 3), "sum", lengths=lib.tensor([3]),
                                                                        axis=1))
_raises("segment_reduce/indices", lambda lib: lib.segment_reduce(lib.ones(3), "sum",
                                                                           indices=lib.tensor([0, 0, 1])))
_raises("segment_reduce/no_lengths", lambda lib: lib.segment_reduce(lib.ones(3), "sum"))
_raises("segment_reduce/int", lambda lib: lib.segment_reduce(lib.tensor([1, 2]), "sum",
                                                                       lengths=lib.tensor([2])))


# --- constants, layouts, memory formats, flags and switches -----------------------------------------------------------
@case("surface_ops/constants", dtypes=None)
def _constants_case(lib, rng, dtype):
    c = lambda name: getattr(lib, name)  # noqa: E731
    return {"numbers": (c("pi"), c("e"), c("inf")), "nan": c("nan") != c("nan"), "newaxis": c("newaxis") is None,
            "layouts": (repr(c("strided")), repr(c("sparse_coo")), str(c("strided"))),
            "layout_type": (isinstance(c("strided"), c("layout")), isinstance(c("sparse_coo"), c("layout"))),
            "formats": [repr(c(n)) for n in ("contiguous_format", "channels_last", "channels_last_3d",
                                             "preserve_format")],
            "format_type": all(isinstance(c(n), c("memory_format")) for n in ("contiguous_format", "channels_last",
                                                                               "channels_last_3d", "preserve_format")),
            "flags": (c("has_lapack"), c("has_mkl"), c("has_openmp"), c("has_spectral")),
            "version": (c("version").cuda, isinstance(c("version").__version__, str), c("version").hip),
            "newaxis_index": tuple(lib.ones(2, 3)[:, c("newaxis")].shape)}


@case("surface_ops/queries", dtypes=None)
def _queries(lib, rng, dtype):
    x = lib.ones(2, 3)
    return {"device": lib.get_device(x), "storage": lib.is_storage(x),
            "storage_other": lib.is_storage([1, 2])}


@case("surface_ops/set_default_tensor_type", dtypes=None)
def _default_tensor_type(lib, rng, dtype):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            lib.set_default_tensor_type(lib.DoubleTensor)
            double = (str(lib.get_default_dtype()), str(lib.tensor([1.0]).dtype), str(lib.ones(1).dtype))
            lib.set_default_tensor_type("torch.FloatTensor")
            single = str(lib.get_default_dtype())
            lib.set_default_tensor_type("torch.DoubleTensor")
            named = str(lib.get_default_dtype())
        finally:
            lib.set_default_dtype(lib.float32)
    return {"double": double, "single": single, "named": named, "at_most_once": len(caught) <= 1,
            "said": all(w.category is UserWarning and "set_default_dtype" in str(w.message) for w in caught)}


_raises("set_default_tensor_type/long", lambda lib: lib.set_default_tensor_type(lib.LongTensor))
_raises("set_default_tensor_type/int_name", lambda lib: lib.set_default_tensor_type("torch.IntTensor"))
_raises("set_default_tensor_type/not_type", lambda lib: lib.set_default_tensor_type(3))
_raises("set_default_tensor_type/no_module", lambda lib: lib.set_default_tensor_type("foo"))


@case("surface_ops/anomaly_switches", dtypes=None)
def _anomaly_switches(lib, rng, dtype):
    before = (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled())
    try:
        lib.set_anomaly_enabled(True, False)
        on = (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled())
        lib.set_anomaly_enabled(True)
        nan_on = lib.is_anomaly_check_nan_enabled()
    finally:
        lib.set_anomaly_enabled(False)
    return {"before": before, "on": on, "nan_on": nan_on,
            "after": (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled())}


@case("surface_ops/memory_format_arguments", dtypes=("float64",))
def _memory_format_arguments(lib, rng, dtype):
    """The memory formats are accepted where torch takes one (contiguous_format and preserve_format only: channels_last
    strides are not modelled)."""
    x = leaf(lib, rng.standard_normal((2, 3, 4, 5)), dtype)
    t = x.mT
    fmt, keep = lib.contiguous_format, lib.preserve_format
    out = {"contiguous": t.contiguous(memory_format=fmt), "is_contiguous": t.is_contiguous(memory_format=fmt),
           "x_is_contiguous": x.is_contiguous(memory_format=fmt), "to": x.to(memory_format=fmt),
           "clone": t.clone(memory_format=fmt), "clone_keep": x.clone(memory_format=keep),
           "empty_like": tuple(lib.empty_like(x, memory_format=fmt).shape)}
    out["contiguous_stride"] = tuple(out["contiguous"].stride())
    out["clone_stride"] = tuple(out["clone"].stride())
    return out
