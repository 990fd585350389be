"""Parity cases for convolutions: F.conv1d/conv2d/conv_transpose1d/2d, their modules, every option, first and
second derivatives, and torch's errors. float32 allows for the rounding of long sums (atol 1e-5)."""
import numpy

from .helpers import grads_of, leaf
from .registry import case

F32_TOL = (1e-4, 1e-5)


def conv_case(name):
    """Register a body as name[float64] (tight) and name[float32] (at float32 tolerances)."""
    def register(body):
        case(name, dtypes=("float64",))(body)
        case(name, dtypes=("float32",), tol=F32_TOL)(body)
        return body
    return register


def second_order(lib, rng, out, inputs):
    """First derivatives with create_graph, then the gradient of a random weighting of them (double backward)."""
    result = grads_of(lib, rng, out, inputs, create_graph=True)
    firsts = [result["grad_%d" % i] for i in range(len(inputs))]
    total = sum((f * lib.tensor(rng.standard_normal(tuple(f.shape)), dtype=f.dtype)).sum() for f in firsts)
    result.update(("grad2_%d" % i, g) for i, g in enumerate(lib.autograd.grad(total, inputs[:2])))
    return result


def _inputs(lib, rng, dtype, x_shape, w_shape, bias=True):
    x = leaf(lib, rng.standard_normal(x_shape), dtype)
    w = leaf(lib, rng.standard_normal(w_shape), dtype)
    b = leaf(lib, rng.standard_normal(w_shape[0]), dtype) if bias else None
    return x, w, b


# name: (input shape, weight shape, options)
CONV2D = {
    "basic": ((2, 3, 7, 6), (4, 3, 3, 2), {}),
    "stride": ((2, 3, 8, 9), (4, 3, 3, 3), dict(stride=2)),
    "stride_tuple": ((2, 3, 8, 9), (4, 3, 2, 3), dict(stride=(2, 3), padding=(1, 0))),
    "padding": ((2, 3, 5, 6), (4, 3, 3, 3), dict(padding=1)),
    "padding_big": ((1, 2, 3, 4), (3, 2, 3, 3), dict(padding=(3, 2))),
    "same_odd": ((2, 3, 6, 5), (4, 3, 3, 5), dict(padding="same")),
    "same_even": ((2, 3, 6, 5), (4, 3, 4, 2), dict(padding="same")),
    "same_dilation": ((2, 3, 7, 6), (4, 3, 2, 3), dict(padding="same", dilation=(3, 2))),
    "valid": ((2, 3, 6, 5), (4, 3, 3, 3), dict(padding="valid")),
    "dilation": ((2, 3, 9, 8), (4, 3, 3, 2), dict(dilation=(2, 3))),
    "groups": ((2, 4, 7, 6), (6, 2, 3, 3), dict(groups=2)),
    "depthwise": ((2, 3, 6, 6), (6, 1, 3, 3), dict(groups=3, padding=1)),
    "no_bias": ((2, 3, 6, 5), (4, 3, 3, 3), dict(bias=False)),
    "1x1": ((2, 5, 4, 3), (3, 5, 1, 1), {}),
    "1x1_stride": ((2, 5, 5, 4), (3, 5, 1, 1), dict(stride=2)),
    "batch1": ((1, 3, 6, 6), (2, 3, 3, 3), dict(padding=1)),
    "unbatched": ((3, 6, 5), (2, 3, 3, 3), {}),
    "kernel_is_input": ((2, 3, 4, 5), (2, 3, 4, 5), {}),
    "stride_skips_edge": ((2, 3, 8, 8), (2, 3, 3, 3), dict(stride=3, padding=1)),
    "everything": ((2, 4, 11, 10), (6, 2, 3, 2), dict(stride=(2, 1), padding=(2, 1), dilation=(2, 3), groups=2)),
    "empty_batch": ((0, 3, 5, 5), (2, 3, 3, 3), {}),
}


def convolution_case(fn, name, x_shape, w_shape, options):
    """A case of the convolution F.<fn>: its output and the gradients of input, weight and bias; options may say
    bias=False."""
    options = dict(options)
    bias = options.pop("bias", True)

    @conv_case("F.%s/%s" % (fn, name))
    def body(lib, rng, dtype):
        x, w, b = _inputs(lib, rng, dtype, x_shape, w_shape, bias)
        out = getattr(lib.nn.functional, fn)(x, w, b, **options)
        return grads_of(lib, rng, out, [x, w] + ([b] if bias else []))


for _name, _spec in CONV2D.items():
    convolution_case("conv2d", _name, *_spec)


@conv_case("F.conv2d/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    x, w, b = _inputs(lib, rng, dtype, (2, 3, 6, 7), (4, 3, 3, 2))
    out = lib.nn.functional.conv2d(x.transpose(2, 3), w.permute(0, 1, 3, 2), b, padding=1)
    return grads_of(lib, rng, out, [x, w, b])


@conv_case("F.conv2d/strided_view")
def _strided_view(lib, rng, dtype):
    x, w, b = _inputs(lib, rng, dtype, (2, 6, 9, 8), (4, 3, 3, 3))
    out = lib.nn.functional.conv2d(x[:, ::2, 1::2].flip(3), w, b, stride=(1, 2))
    return grads_of(lib, rng, out, [x, w, b])


@conv_case("F.conv2d/integer_valued")
def _integer_valued(lib, rng, dtype):
    x = leaf(lib, rng.integers(-2, 3, (2, 3, 5, 5)).astype(float), dtype)
    w = leaf(lib, rng.integers(-2, 3, (2, 3, 3, 3)).astype(float), dtype)
    return grads_of(lib, rng, lib.nn.functional.conv2d(x, w, padding=1), [x, w])


DOUBLE = {
    "basic": ((2, 3, 6, 5), (4, 3, 3, 2), {}),
    "everything": ((2, 4, 9, 8), (6, 2, 3, 2), dict(stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2)),
    "same_even": ((1, 2, 5, 6), (3, 2, 2, 4), dict(padding="same")),
}


def _double_case(name, x_shape, w_shape, options):
    @conv_case("F.conv2d/double_backward/" + name)
    def body(lib, rng, dtype):
        x, w, b = _inputs(lib, rng, dtype, x_shape, w_shape)
        return second_order(lib, rng, lib.nn.functional.conv2d(x, w, b, **options), [x, w, b])


for _name, _spec in DOUBLE.items():
    _double_case(_name, *_spec)


CONV1D = {
    "basic": ((2, 3, 9), (4, 3, 3), {}),
    "options": ((2, 4, 13), (6, 2, 3), dict(stride=2, padding=2, dilation=2, groups=2)),
    "same_even": ((2, 3, 8), (4, 3, 4), dict(padding="same")),
    "unbatched": ((3, 9), (4, 3, 2), dict(padding=1)),
    "no_bias_1x1": ((2, 3, 5), (2, 3, 1), dict(bias=False)),
}


def _conv1d_case(name, x_shape, w_shape, options):
    options = dict(options)
    bias = options.pop("bias", True)

    @conv_case("F.conv1d/" + name)
    def body(lib, rng, dtype):
        x, w, b = _inputs(lib, rng, dtype, x_shape, w_shape, bias)
        out = lib.nn.functional.conv1d(x, w, b, **options)
        return second_order(lib, rng, out, [x, w] + ([b] if bias else []))


for _name, _spec in CONV1D.items():
    _conv1d_case(_name, *_spec)


TRANSPOSED = {
    "basic": ((2, 3, 4, 5), (3, 2, 3, 3), {}),
    "stride": ((2, 3, 4, 5), (3, 2, 3, 2), dict(stride=2, padding=1)),
    "output_padding": ((2, 3, 4, 4), (3, 2, 3, 3), dict(stride=(2, 3), padding=(1, 0), output_padding=(1, 2))),
    "groups_dilation": ((2, 4, 4, 5), (4, 3, 2, 3), dict(groups=2, dilation=(2, 1), stride=(1, 2))),
    "unbatched_no_bias": ((3, 4, 5), (3, 2, 2, 2), dict(bias=False, stride=2)),
}


def transposed_case(fn, name, x_shape, w_shape, options, results=second_order):
    """A case of the transposed convolution F.<fn>: its output and the results (e.g. gradients) of input, weight
    and bias; options may say bias=False."""
    options = dict(options)
    bias = options.pop("bias", True)

    @conv_case("F.%s/%s" % (fn, name))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(x_shape), dtype)
        w = leaf(lib, rng.standard_normal(w_shape), dtype)
        b = leaf(lib, rng.standard_normal(w_shape[1] * options.get("groups", 1)), dtype) if bias else None
        out = getattr(lib.nn.functional, fn)(x, w, b, **options)
        return results(lib, rng, out, [x, w] + ([b] if bias else []))


for _name, _spec in TRANSPOSED.items():
    transposed_case("conv_transpose2d", _name, *_spec)


@conv_case("F.conv_transpose1d/options")
def _transposed_1d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 4, 6)), dtype)
    w = leaf(lib, rng.standard_normal((4, 2, 3)), dtype)
    b = leaf(lib, rng.standard_normal(4), dtype)
    out = lib.nn.functional.conv_transpose1d(x, w, b, stride=3, padding=1, output_padding=2, groups=2, dilation=1)
    return grads_of(lib, rng, out, [x, w, b])


def _copy_params(lib, module, rng, dtype):
    """Identical parameters in both libraries: draw them from the shared rng."""
    with lib.no_grad():
        for p in module.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=dtype))
    return list(module.parameters())


MODULES = {
    "Conv2d/zeros": ("Conv2d", (2, 3, 6, 5), (3, 4, 3), dict(stride=2, padding=1)),
    "Conv2d/reflect": ("Conv2d", (2, 3, 6, 5), (3, 4, (3, 2)), dict(padding=(2, 1), padding_mode="reflect")),
    "Conv2d/replicate": ("Conv2d", (2, 3, 6, 5), (3, 4, 3), dict(padding=1, padding_mode="replicate", bias=False)),
    "Conv2d/circular_same": ("Conv2d", (2, 3, 6, 5), (3, 4, (4, 3)), dict(padding="same", padding_mode="circular")),
    "Conv1d/reflect": ("Conv1d", (2, 4, 7), (4, 2, 3), dict(padding=2, padding_mode="reflect", groups=2)),
    "ConvTranspose2d/output_size": ("ConvTranspose2d", (2, 3, 4, 5), (3, 2, 3), dict(stride=2, padding=1)),
    "ConvTranspose1d/basic": ("ConvTranspose1d", (2, 3, 5), (3, 4, 3), dict(stride=2, output_padding=1)),
}


def _module_case(name, cls, x_shape, args, options):
    @conv_case("nn." + name)
    def body(lib, rng, dtype):
        module = getattr(lib.nn, cls)(*args, dtype=dtype, **options)
        params = _copy_params(lib, module, rng, dtype)
        x = leaf(lib, rng.standard_normal(x_shape), dtype)
        out = module(x, output_size=(8, 9)) if "output_size" in name else module(x)
        return grads_of(lib, rng, out, [x] + params)


for _name, _spec in MODULES.items():
    _module_case(_name, *_spec)


@case("F.conv/no_input_channels", dtypes=None)
def _no_input_channels(lib, rng, dtype):
    """torch's empty-input path: an input with no channels gives an output with none either, zero gradients."""
    out = {}
    for name, (xs, ws, pad) in {"1d": ((2, 0, 7), (3, 0, 3), 1), "2d": ((2, 0, 5, 5), (3, 0, 3, 3), 0),
                                "3d_unbatched": ((0, 4, 4, 4), (3, 0, 3, 3, 3), 1)}.items():
        x, w = lib.rand(*xs, requires_grad=True), lib.rand(*ws, requires_grad=True)
        b = lib.rand(3, requires_grad=True)
        y = getattr(lib.nn.functional, "conv" + name[:2])(x, w, b, padding=pad)
        y.sum().backward()
        out.update({name + "/shape": list(y.shape), name + "/x_grad": list(x.grad.shape),
                    name + "/w_grad": list(w.grad.shape), name + "/b_grad": b.grad})
    return out


@case("nn.Conv2d/repr", dtypes=None)
def _repr(lib, rng, dtype):
    modules = [lib.nn.Conv2d(1, 6, 5), lib.nn.Conv2d(3, 8, (3, 5), 2, 1, 2, 1, False, "reflect"),
               lib.nn.Conv1d(4, 4, 3, groups=2, padding="same"), lib.nn.ConvTranspose2d(3, 4, 3, 2, output_padding=1),
               lib.nn.ConvTranspose1d(2, 2, 3, dilation=2, padding=1), lib.nn.Conv2d(2, 2, 3, padding=(1, 2))]
    return {"repr": "\n".join(repr(m) for m in modules)}


@case("nn.Conv2d/init_bounds", dtypes=None)
def _init_bounds(lib, rng, dtype):
    """kaiming_uniform_(a=sqrt(5)) and the bias both stay within 1/sqrt(fan_in) and come close to it."""
    lib.manual_seed(0)
    m = lib.nn.Conv2d(8, 16, 3)
    bound = 1 / numpy.sqrt(8 * 9)
    w, b = m.weight.detach().abs().max().item(), m.bias.detach().abs().max().item()
    return {"weight_ok": bool(0.9 * bound < w <= bound), "bias_ok": bool(0.5 * bound < b <= bound),
            "shapes": (tuple(m.weight.shape), tuple(m.bias.shape))}


def _error_case(name, make):
    case("F.conv/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


ERRORS = {
    "channels": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 2, 3, 3)),
    "groups_channels": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 4, 5, 5), lib.ones(4, 3, 3, 3), groups=2),
    "groups_weight": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 4, 5, 5), lib.ones(3, 2, 3, 3), groups=2),
    "no_output_channels": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(0, 3, 3, 3)),
    "input_ndim": lambda lib: lib.nn.functional.conv1d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3)),
    "input_ndim_2d": lambda lib: lib.nn.functional.conv2d(lib.ones(3, 5), lib.ones(2, 3, 3, 3)),
    "kernel_too_big": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 2, 2), lib.ones(2, 3, 3, 3)),
    "kernel_too_big_dilated": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 4, 4), lib.ones(2, 3, 3, 3),
                                                                  dilation=2),
    "padding_string": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3),
                                                          padding="full"),
    "same_strided": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3),
                                                        padding="same", stride=2),
    "dtype": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3, dtype=lib.float64)),
    "bias_size": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3), lib.ones(3)),
    "stride_zero": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3), stride=0),
    "negative_padding": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3),
                                                            padding=-1),
    "dilation_zero": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3), dilation=0),
    "stride_length": lambda lib: lib.nn.functional.conv2d(lib.ones(1, 3, 5, 5), lib.ones(2, 3, 3, 3),
                                                         stride=(1, 1, 1)),
    "transposed_output_padding": lambda lib: lib.nn.functional.conv_transpose2d(
        lib.ones(1, 3, 5, 5), lib.ones(3, 2, 3, 3), stride=2, output_padding=2),
    "transposed_no_output_channels": lambda lib: lib.nn.functional.conv_transpose2d(lib.ones(1, 2, 4, 4),
                                                                                   lib.ones(2, 0, 3, 3)),
    "transposed_channels": lambda lib: lib.nn.functional.conv_transpose2d(lib.ones(1, 2, 5, 5),
                                                                         lib.ones(3, 2, 3, 3)),
    "module_groups": lambda lib: lib.nn.Conv2d(3, 4, 3, groups=2),
    "module_padding_string": lambda lib: lib.nn.Conv2d(3, 4, 3, padding="full"),
    "module_same_strided": lambda lib: lib.nn.Conv2d(3, 4, 3, padding="same", stride=2),
    "module_padding_mode": lambda lib: lib.nn.Conv2d(3, 4, 3, padding_mode="mirror"),
    "module_transposed_mode": lambda lib: lib.nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect"),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)
