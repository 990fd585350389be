"""Parity cases for hstack / vstack / row_stack / dstack / column_stack: 0-d, 1-d, 2-d and 3-d inputs, mixed dtypes,
non-contiguous inputs, gradients of every input, and torch's errors."""
from .helpers import grads_of, leaf
from .registry import case

STACKS = ("hstack", "vstack", "row_stack", "dstack", "column_stack")
SHAPES = {"0d": [(), ()], "1d": [(3,), (3,)], "2d": [(2, 3), (2, 3)], "3d": [(2, 3, 2), (2, 3, 2)],
          "0d_1d": [(), (1,)], "1d_2d_rows": [(3,), (2, 3)], "1d_2d_cols": [(2,), (2, 1)], "three": [(4,), (4,), (4,)]}
# the mixtures each function accepts (torch raises for the others; see the error cases)
ACCEPTS = {"hstack": ("0d", "1d", "2d", "3d", "0d_1d", "three"),
           "vstack": ("0d", "1d", "2d", "3d", "0d_1d", "1d_2d_rows", "three"),
           "row_stack": ("0d", "1d", "2d", "3d", "0d_1d", "1d_2d_rows", "three"),
           "dstack": ("0d", "1d", "2d", "3d", "0d_1d", "three"),
           "column_stack": ("0d", "1d", "2d", "3d", "0d_1d", "1d_2d_cols", "three")}


def stack_case(name, shapes):
    @case("torch.%s/%s" % (name, shapes))
    def body(lib, rng, dtype):
        inputs = [leaf(lib, rng.standard_normal(s), dtype) for s in SHAPES[shapes]]
        return grads_of(lib, rng, getattr(lib, name)(inputs), inputs)


for _name in STACKS:
    for _shapes in ACCEPTS[_name]:
        stack_case(_name, _shapes)


@case("torch.dstack/noncontiguous_mixed_dtype")
def _dstack_mixed(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 2)), dtype)
    b = lib.tensor(rng.integers(0, 5, (2, 3))).t()
    return grads_of(lib, rng, lib.dstack((a.t().t(), b, a)), [a])


@case("torch.column_stack/noncontiguous")
def _column_stack_noncontiguous(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((4, 3)), dtype)
    return grads_of(lib, rng, lib.column_stack([a.t()[0], a[:, ::2], a[:, 2]]), [a])


def error_case(name, code):
    case("torch.%s" % name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": eval(code, {"lib": lib})})


for _name in STACKS:
    error_case(_name + "/empty", "lib.%s([])" % _name)
    error_case(_name + "/tensor_not_sequence", "lib.%s(lib.ones(2, 2))" % _name)
error_case("hstack/1d_2d", "lib.hstack([lib.ones(3), lib.ones(2, 3)])")
error_case("dstack/1d_2d", "lib.dstack([lib.ones(3), lib.ones(2, 3)])")
error_case("dstack/shape", "lib.dstack([lib.ones(2, 3), lib.ones(3, 3)])")
error_case("column_stack/rows", "lib.column_stack([lib.ones(3), lib.ones(2, 3)])")
