"""``grad_fn._saved_<name>``: what a node saved for backward, under the names torch's generated nodes give it.

One table, by node name: for each saved name, how to read it from the node (a saved tensor, a number the op kept,
a shape). Nothing is computed at forward time: a value is read, or worked out, when it is asked for, so that a
saved tensor asked for after backward freed it raises torch's error. ``_raw_saved_<name>`` is the saved tensor
itself (a SavedTensor, whose register_hooks sets the pack and unpack hooks of that one tensor).
"""
import math

from . import function
from .grad_mode import no_grad

INT64_MAX = 2 ** 63 - 1  # torch's end of a slice with no end


class Saved:
    """The k-th tensor given to save_for_backward (an op's number operand, saved by _Binary as a number, comes
    back as the 0-dim tensor torch wraps it in)."""

    def __init__(self, k):
        self.k = k

    def __call__(self, node):
        t = node.saved_tensors[self.k]
        if t is None:
            numbers = node.__dict__.get("scalars", ())
            return None if self.k >= len(numbers) or numbers[self.k] is None else _tensor(numbers[self.k])
        return t


def _tensor(number):
    """number as torch wraps a Python number operand: int64, float64 or bool."""
    from ..creation import tensor
    from ..dtypes import float64
    return tensor(number, dtype=float64 if isinstance(number, float) else None)


def computed(fn):
    """A value torch saves and minitorch recomputes from the saved operands (e.g. the result of pow)."""
    def get(node):
        with no_grad():
            return fn(*(Saved(k)(node) for k in range(len(node.saved_tensors))))
    return get


def unsigned(value):
    """An int as torch shows a saved int64 (a negative one as its unsigned 64-bit pattern: -1 is 2**64 - 1)."""
    return value % 2 ** 64


def attr(name, convert=lambda v: v):
    return lambda node: convert(getattr(node, name))


def number_operand(k):
    return lambda node: node.scalars[k]


def input_shape(k):
    """The shape of the op's k-th argument (kept by every node, alive after backward too)."""
    return lambda node: tuple(node._input_meta[k][0])


def operand_strides(k, position):
    """The strides of the op's argument at position (its k-th saved tensor), kept, as torch keeps them, when it
    needs a gradient: () otherwise. (Unsaved, its strides are those of a contiguous tensor of its shape.)"""
    def get(node):
        if not node.needs_input_grad[position]:
            return ()
        t = node.saved_tensors[k]
        if t is not None:
            return tuple(t.stride())
        shape = node._input_meta[position][0]
        return tuple(math.prod(max(n, 1) for n in shape[i + 1:]) for i in range(len(shape)))
    return get


def reduced(part):
    """From a reduction's ctx.reduced = (input shape, dims, keepdim)."""
    return lambda node: node.reduced[part]


def _index_step(node, kind):
    """(dim, the index step) of a Getitem node's one step of the given kind (int, slice or array), dims counted
    as torch counts them: every step before it takes one dim."""
    for dim, step in enumerate(node.args[0]):
        if isinstance(step, kind) and not (kind is slice and step == slice(None)):
            return dim, step
    return None, None


def _slice_part(which):
    def get(node):
        step = _index_step(node, slice)[1]
        value = getattr(step, which)
        defaults = {"start": 0, "stop": INT64_MAX, "step": 1}
        return defaults[which] if value is None else value
    return get


def _transposed_dims(node):
    """(dim0, dim1) of a transpose, from its permutation: the two dims it swaps."""
    moved = [i for i, d in enumerate(node.dims) if d != i]
    return tuple(moved) if moved else (0, 0)


def _inserted_dim(node):
    """The dim unsqueeze inserted (or squeeze removed): the first where the shapes part."""
    small, big = sorted((tuple(node.in_shape), tuple(node._outputs_meta[0][0])), key=len)
    return next((i for i, (a, b) in enumerate(zip(small, big)) if a != b), len(small))


def _index_tensors(node):
    from ..tensor import Tensor
    return tuple(None if isinstance(step, slice) else Tensor._make(step) for step in node.args[0]
                 if step is not Ellipsis)


def _numel(node):
    return math.prod(node.reduced[0])


def reduced_dims(node):
    """The dims a reduction that may take none (var, std, norm) was given: None for all of them."""
    dims = node.reduced[1]
    return None if dims is None or len(dims) == len(node.reduced[0]) else dims


def param(k):
    """The k-th number an activation was given (ctx.params)."""
    return lambda node: node.params[k]


def _correction(node):
    """n - denominator; None (torch's default, which it saves as given) for the unbiased spread of every
    element."""
    correction = math.prod(node.reduced[0][d] for d in node.reduced[1]) - node.denom
    return None if correction == 1 and reduced_dims(node) is None else correction


def _ceil_mode(node):
    """Whether max pooling rounded its output size up: more windows than floor((n + 2p - d(k-1) - 1)/s) + 1.
    (The node keeps the sizes, not the flag: where rounding up made no difference, this says False.)"""
    kernel, stride, padding, dilation, out = node.geo
    return any(o > (n + 2 * p - d * (k - 1) - 1) // s + 1
               for n, k, s, p, d, o in zip(node.size, kernel, stride, padding, dilation, out))


def _pool_indices(node):
    """torch's flat indices of the window maxima (minitorch keeps each window's own winner)."""
    from ..backend import get_array_module
    from ..ops.pool import _output_part, flat_indices
    from ..tensor import Tensor
    return Tensor._make(flat_indices(get_array_module(node.arg), _output_part(node.arg, node.geo), node.geo,
                                     node.size))


_MAX_POOL = {"kernel_size": lambda node: tuple(node.geo[0]), "padding": lambda node: tuple(node.geo[2]),
             "dilation": lambda node: tuple(node.geo[3]), "ceil_mode": _ceil_mode, "result1": _pool_indices}
_MM = {"self": Saved(0), "mat2": Saved(1), "self_sym_sizes": lambda node: tuple(node.shapes[0]),
       "self_sym_strides": operand_strides(0, 0), "mat2_sym_sizes": lambda node: tuple(node.shapes[1]),
       "mat2_sym_strides": operand_strides(1, 1)}
_SOFTMAX = {"dim": attr("dim"), "result": Saved(0)}
_SUM_DIM = {"dim": reduced(1), "keepdim": reduced(2), "self_sym_sizes": reduced(0)}
_OPERANDS = {"self": Saved(0), "other": Saved(1)}
_EXTREME = {"self": Saved(0), "result": Saved(1), "dim": reduced(1), "keepdim": reduced(2)}
_SPREAD = {"self": Saved(0), "dim": reduced_dims, "keepdim": reduced(2), "correction": _correction}

TABLE = {
    "AddBackward0": {"alpha": lambda node: node.__dict__.get("alpha", 1)},
    "SubBackward0": {"alpha": lambda node: node.__dict__.get("alpha", 1)},
    "MulBackward0": _OPERANDS,
    "DivBackward0": _OPERANDS,
    "MaximumBackward0": _OPERANDS,
    "MinimumBackward0": _OPERANDS,
    "Atan2Backward0": _OPERANDS,
    "PowBackward0": {"self": Saved(0), "exponent": number_operand(1)},
    "PowBackward1": {"self": Saved(0), "exponent": Saved(1), "result": computed(lambda a, b: a ** b)},
    "PowBackward2": {"self": number_operand(0), "exponent": Saved(1), "result": computed(lambda a, b: a ** b)},
    "MmBackward0": _MM,
    "AddmmBackward0": {"mat1": Saved(0), "mat2": Saved(1), "alpha": attr("alpha"), "beta": attr("beta"),
                       "mat1_sym_sizes": input_shape(1), "mat1_sym_strides": operand_strides(0, 1),
                       "mat2_sym_sizes": input_shape(2), "mat2_sym_strides": operand_strides(1, 2)},
    "BmmBackward0": {"self": Saved(0), "mat2": Saved(1)},
    "DotBackward0": {"self": Saved(0), "tensor": Saved(1)},
    "MvBackward0": {"self": Saved(0), "vec": Saved(1)},
    "SumBackward0": {"self_sym_sizes": reduced(0)},
    "SumBackward1": _SUM_DIM,
    "MeanBackward0": {"self_sym_sizes": reduced(0), "self_sym_numel": _numel},
    "MeanBackward1": dict(_SUM_DIM, self_sym_numel=_numel),
    "ViewBackward0": {"self_sym_sizes": attr("in_shape", tuple)},
    "ExpandBackward0": {"self_sym_sizes": attr("in_shape", tuple)},
    "UnsqueezeBackward0": {"dim": _inserted_dim},
    "SqueezeBackward0": {"self_sym_sizes": attr("in_shape", tuple)},
    "SqueezeBackward1": {"dim": _inserted_dim, "self_sym_sizes": attr("in_shape", tuple)},
    "TransposeBackward0": {"dim0": lambda node: _transposed_dims(node)[0],
                           "dim1": lambda node: _transposed_dims(node)[1]},
    "PermuteBackward0": {"dims": attr("dims", tuple)},
    "CatBackward0": {"dim": attr("dim")},
    "StackBackward0": {"dim": attr("dim")},
    "IndexBackward0": {"indices": _index_tensors, "self_sym_sizes": lambda node: tuple(node.args[2])},
    "SelectBackward0": {"dim": lambda node: _index_step(node, int)[0], "index": lambda node: _index_step(node, int)[1],
                        "self_sym_sizes": lambda node: tuple(node.args[2])},
    "SliceBackward0": {"dim": lambda node: _index_step(node, slice)[0], "start": _slice_part("start"),
                       "end": _slice_part("stop"), "step": _slice_part("step"),
                       "self_sym_sizes": lambda node: tuple(node.args[2])},
    "IndexSelectBackward0": {"dim": lambda node: _index_step(node, function.backend.numpy.ndarray)[0],
                             "index": Saved(0), "self_sym_sizes": lambda node: tuple(node.args[2])},
    "GatherBackward0": {"index": Saved(0), "sparse_grad": lambda node: False},
    "SoftmaxBackward0": _SOFTMAX,
    "LogSoftmaxBackward0": _SOFTMAX,
    "MaxBackward0": dict(_SUM_DIM, indices=Saved(0)),
    "MinBackward0": dict(_SUM_DIM, indices=Saved(0)),
    "AmaxBackward0": _EXTREME,
    "AminBackward0": _EXTREME,
    "LogsumexpBackward0": _EXTREME,
    "MaxBackward1": {"self": Saved(0), "result": Saved(1)},
    "MinBackward1": {"self": Saved(0), "result": Saved(1)},
    "ClampBackward1": {"self": Saved(0), "min": lambda node: node.numbers[0], "max": lambda node: node.numbers[1]},
    "WhereBackward0": {"condition": Saved(0)},
    "VarBackward0": _SPREAD,
    "StdBackward0": dict(_SPREAD, result=Saved(1)),
    "CumsumBackward0": {"dim": attr("dim")},
    "CumprodBackward0": {"dim": attr("dim"), "self": Saved(0), "result": Saved(1)},
    "FlipBackward0": {"dims": attr("dims", tuple)},
    "RollBackward0": {"dims": attr("dims", tuple), "shifts": attr("shifts", tuple)},
    "RepeatBackward0": {"repeats": attr("reps", tuple), "self_sym_sizes": attr("in_shape", tuple)},
    "TrilBackward0": {"diagonal": attr("diagonal", unsigned)},
    "TriuBackward0": {"diagonal": attr("diagonal", unsigned)},
    "DiagonalBackward0": {"offset": lambda node: unsigned(node.args[0]), "dim1": lambda node: node.args[1],
                          "dim2": lambda node: node.args[2], "self_sym_sizes": attr("shape", tuple)},
    "UnfoldBackward0": {"dimension": lambda node: node.args[0], "size": lambda node: node.args[1],
                        "step": lambda node: node.args[2], "self_sym_sizes": attr("shape", tuple)},
    "SplitBackward0": {"dim": attr("dim"), "self_sym_sizes": input_shape(0)},
    "MaskedFillBackward0": {"mask": Saved(0)},
    "LeakyReluBackward0": {"self": Saved(0), "negative_slope": param(0)},
    "HardtanhBackward0": {"self": Saved(0), "min_val": param(0), "max_val": param(1)},
    "EluBackward0": {"self": Saved(0), "alpha": param(0), "scale": param(1), "input_scale": param(2)},
    "SoftplusBackward0": {"self": Saved(0), "beta": param(0), "threshold": param(1)},
    "ThresholdBackward0": {"self": Saved(0), "threshold": param(0)},
    "SiluBackward0": {"self": Saved(0)},
    "HardswishBackward0": {"self": Saved(0)},
    "LogSigmoidBackward0": {"self": Saved(0)},
    "ProdBackward0": {"self": Saved(0), "result": computed(lambda x: x.prod())},
    "LinalgVectorNormBackward0": {"self": Saved(0), "result": Saved(1), "ord": attr("p"), "dim": reduced_dims,
                                  "keepdim": reduced(2)},
    "ConvolutionBackward0": {"input": Saved(0), "weight": Saved(1), "stride": lambda node: tuple(node.geo[0]),
                             "padding": lambda node: tuple(node.geo[1]), "dilation": lambda node: tuple(node.geo[2]),
                             "groups": lambda node: node.geo[3], "transposed": lambda node: False,
                             "output_padding": lambda node: (0,) * len(node.geo[0]),
                             "bias_sym_sizes_opt": lambda node: (0,) if node._input_meta[2] is None
                             else tuple(node._input_meta[2][0])},
    "MaxPool2DWithIndicesBackward0": _MAX_POOL,
    "MaxPool3DWithIndicesBackward0": _MAX_POOL,
    "GeluBackward0": {"self": Saved(0), "approximate": lambda node: _gelu_approximation(node)},
    "NllLossBackward0": {"self": Saved(0), "target": Saved(1), "weight": Saved(2),
                         "ignore_index": attr("ignore_index", unsigned),
                         "reduction": lambda node: _REDUCTIONS.index(node.reduction),
                         "total_weight": lambda node: _nll_total_weight(node)},
}
_REDUCTIONS = ("none", "mean", "sum")  # torch's enum


def _gelu_approximation(node):
    from ..nn.functional import activation
    return "tanh" if node._forward_cls is activation.GeluTanh else "none"


def _nll_total_weight(node):
    """The weight of the targets not ignored (0 for reduction 'none'), as a 0-dim tensor."""
    from ..nn.functional.loss import _target_weights
    logp, target, weight = node.saved_tensors
    total = 0 if node.reduction == "none" else _target_weights(logp, target, weight, node.ignore_index)[1].sum()
    return logp.new_tensor(total)


def attach(node_cls):
    """Give a node class its saved names, as properties: its table entry, or for a built-in one-input math op
    (_Unary) its input or result."""
    entry = TABLE.get(node_cls.__name__)
    if entry is None:
        forward = node_cls._forward_cls
        uses = getattr(forward, "uses", None) if getattr(forward, "_builtin", False) else None
        entry = {"self": Saved(0)} if uses == "x" else {"result": Saved(0)} if uses == "y" else {}
    for name, get in entry.items():
        setattr(node_cls, "_saved_" + name, property(get))
        if isinstance(get, Saved):
            setattr(node_cls, "_raw_saved_" + name, property(lambda node, k=get.k: SavedTensor(node, k)))


def _same(t):
    return t


class SavedTensor:
    """One tensor a node saved, as torch's grad_fn._raw_saved_<name> gives it."""

    def __init__(self, node, k):
        self._node, self._k = node, k

    def register_hooks(self, pack_hook, unpack_hook):
        """From now on the node keeps pack_hook(tensor) and backward reads unpack_hook(that)."""
        if not (callable(pack_hook) and callable(unpack_hook)):
            raise TypeError("register_hooks(): incompatible function arguments. The following argument types are "
                            "supported:\n    1. (self: torch._C._autograd.SavedTensor, arg0: collections.abc.Callable,"
                            " arg1: collections.abc.Callable) -> None")
        node = self._node
        if node._freed:
            raise RuntimeError("Calling register_hooks on a saved tensor after it has been freed. Saved intermediate "
                               "values of the graph are freed when you call .backward() or autograd.grad(). Specify "
                               "retain_graph=True if you need to backward through the graph a second time or if you "
                               "need to access saved variables after calling backward.")
        if not isinstance(node, function._PackedNode):  # every saved tensor packed, the others as they are
            saved = node._saved
            with no_grad():
                packed = tuple(None if t is None else function._PackedTensor(t, _same, _same) for t in saved)
            node._saved0 = node._saved1 = None
            node._saved_more = ()
            node.__class__ = function._PACKED_NODES.get(type(node)) or function._packed_node(type(node))
            node._packed = packed
        current = node._packed[self._k]
        if current is None:
            raise RuntimeError("Calling register_hooks on a saved tensor with value None is forbidden")
        if current.pack_hook is not _same:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: "
                               "only one pair of hooks is allowed at a time.")
        original = current.unpack()
        with no_grad():
            replacement = function._PackedTensor(original, pack_hook, unpack_hook)
        replacement.grad_fn, replacement.output_nr = current.grad_fn, current.output_nr
        replacement.accumulator = current.accumulator
        node._packed = node._packed[:self._k] + (replacement,) + node._packed[self._k + 1:]
