"""torch.func: function transforms (vmap, grad, vjp, jvp, jacrev, jacfwd, hessian) and functional_call.

vmap runs the function once per index of the mapped dimension and stacks the results (the same values torch's
batching rules give, one Python call per example). The derivative transforms run minitorch's reverse-mode autograd
on fresh copies of the inputs: an input that already requires grad (an outer grad, or ordinary autograd around the
call) is aliased rather than detached, so transforms nest (grad(grad(f))) and compose with backward(); forward-mode
jvp is the double-vjp trick (the vjp is linear in its cotangent u, so d(J^T u)/du . v = J v).
"""
import contextlib
from numbers import Integral


# --- nested containers (torch's pytrees: tuples, lists, dicts) ----------------------------------------------------
def _flatten(tree):
    """(leaves, spec): spec rebuilds the tree from its leaves with _unflatten."""
    if isinstance(tree, (tuple, list)):
        parts = [_flatten(x) for x in tree]
        return [leaf for leaves, _ in parts for leaf in leaves], (type(tree), None, [spec for _, spec in parts])
    if isinstance(tree, dict):
        parts = [_flatten(x) for x in tree.values()]
        return [leaf for leaves, _ in parts for leaf in leaves], (dict, list(tree), [spec for _, spec in parts])
    return [tree], None


def _unflatten(leaves, spec):
    leaves = iter(leaves)
    return _rebuild(leaves, spec)


def _rebuild(leaves, spec):
    if spec is None:
        return next(leaves)
    kind, keys, children = spec
    items = [_rebuild(leaves, child) for child in children]
    return dict(zip(keys, items)) if kind is dict else kind(items)


def _broadcast_tree(prefix, tree, error):
    """The leaves of prefix repeated over the leaves of tree it covers (an int or None covers a whole subtree)."""
    if not isinstance(prefix, (tuple, list, dict)):
        return [prefix] * len(_flatten(tree)[0])
    if type(prefix) is not type(tree) and not (isinstance(prefix, (tuple, list)) and isinstance(tree, (tuple, list))):
        raise error()
    if isinstance(prefix, dict):
        if set(prefix) != set(tree):
            raise error()
        return [d for key in tree for d in _broadcast_tree(prefix[key], tree[key], error)]
    if len(prefix) != len(tree):
        raise error()
    return [d for p, t in zip(prefix, tree) for d in _broadcast_tree(p, t, error)]


def _name(func):
    return getattr(func, "__name__", repr(func))


# --- vmap ---------------------------------------------------------------------------------------------------------
_RANDOMNESS = ("error", "different", "same")


def _check_randomness(randomness):
    if randomness not in _RANDOMNESS:
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or 'same'. Got %s"
                           % randomness)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """func mapped over dimension in_dims of its inputs; the results stacked along out_dims."""
    _check_randomness(randomness)
    if chunk_size is not None and (not isinstance(chunk_size, Integral) or chunk_size <= 0):
        raise ValueError("vmap: chunk_size should be None or greater than 0. (got %s)" % chunk_size)

    def mapped(*args, **kwargs):
        where = "vmap(%s, in_dims=%s, ...)(<inputs>)" % (_name(func), in_dims)
        leaves, spec = _flatten(args)
        dims = _input_dims(where, in_dims, args)
        size = _batch_size(leaves, dims)
        from .random import get_rng_state
        start = get_rng_state()
        examples = [_call_example(func, leaves, dims, spec, kwargs, b, randomness, start) for b in range(size)]
        if size == 0:
            examples = [_call_example(func, _first_of_empty(leaves, dims), [None] * len(dims), spec, kwargs, 0,
                                      randomness, start)]
        return _stack_outputs(func, out_dims, examples, size)
    return mapped


def _input_dims(where, in_dims, args):
    """One in_dim per leaf of args, checked as torch checks them."""
    from .tensor import Tensor
    if not isinstance(in_dims, (Integral, tuple)) and in_dims is not None:
        raise ValueError("%s: expected `in_dims` to be int or a (potentially nested) tuple matching the structure of "
                         "inputs, got: %s." % (where, type(in_dims)))

    def mismatch():
        return ValueError("%s: in_dims is not compatible with the structure of `inputs`." % where)
    dims = _broadcast_tree(in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args), args, mismatch)
    for leaf, d in zip(_flatten(args)[0], dims):
        if d is None:
            continue
        if not isinstance(d, Integral):
            raise ValueError("%s: Got in_dim=%s for an input but in_dim must be either an integer dimension or None."
                             % (where, d))
        if not isinstance(leaf, Tensor):
            raise ValueError("%s: Got in_dim=%s for an input but the input is of type %s. We cannot vmap over "
                             "non-Tensor arguments, please use None as the respective in_dim" % (where, d, type(leaf)))
        if not -leaf.dim() <= d < leaf.dim():
            raise ValueError("%s: Got in_dim=%d for some input, but that input is a Tensor of dimensionality %d so "
                             "expected in_dim to satisfy -%d <= in_dim < %d." % (where, d, leaf.dim(), leaf.dim(),
                                                                                 leaf.dim()))
    return dims


def _batch_size(leaves, dims):
    sizes = [leaf.shape[d] for leaf, d in zip(leaves, dims) if d is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(s != sizes[0] for s in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes %s for "
                         "the mapped dimension" % sizes)
    return sizes[0]


def _first_of_empty(leaves, dims):
    """For a batch of size 0: one zero example of each mapped input (only the result's shapes are kept)."""
    return [leaf if d is None else leaf.new_zeros(leaf.shape[:d % leaf.dim()] + leaf.shape[d % leaf.dim() + 1:])
            for leaf, d in zip(leaves, dims)]


def _call_example(func, leaves, dims, spec, kwargs, b, randomness, start):
    """func on example b: each mapped input indexed at b along its in_dim."""
    example = [leaf if d is None else leaf.select(d, b) for leaf, d in zip(leaves, dims)]
    with _random_guard(randomness, start):
        return func(*_unflatten(example, spec), **kwargs)


@contextlib.contextmanager
def _random_guard(randomness, start):
    """'same': every example starts from the generator state before the first; 'error': drawing any raises;
    'different': free."""
    from . import random
    if randomness == "same":
        random.set_rng_state(start)
    state = random.get_rng_state()
    yield
    if randomness == "error" and not random.get_rng_state().equal(state):  # (generator states are byte tensors)
        raise RuntimeError("vmap: called random operation while in randomness error mode. Please either use the "
                           "'same' or 'different' randomness flags on vmap or perform the randomness operation out "
                           "of vmap")


def _stack_outputs(func, out_dims, examples, size):
    from .tensor import Tensor
    from .ops.shape import stack
    where = "vmap(%s, ..., out_dims=%s)" % (_name(func), out_dims)
    if not isinstance(out_dims, (Integral, tuple, list)) and out_dims is not None:
        raise ValueError("%s: `out_dims` must be an int, None or a python collection of ints representing where in "
                         "the outputs the vmapped dimension should appear." % where)
    where += "(<inputs>)"
    columns = [_flatten(e)[0] for e in examples]
    spec = _flatten(examples[0])[1]

    def mismatch():
        return ValueError("%s: out_dims is not compatible with the structure of `outputs`." % where)
    dims = _broadcast_tree(out_dims, examples[0], mismatch)
    results = []
    for k, d in enumerate(dims):
        values = [column[k] for column in columns]
        if d is None:
            results.append(values[0])
            continue
        if not isinstance(values[0], Tensor):
            raise ValueError("vmap(%s, ...): `%s` must only return Tensors, got type %s. Did you mean to set out_dims= "
                             "to None for output?" % (_name(func), _name(func), type(values[0])))
        results.append(stack(values, d) if size else values[0].unsqueeze(d).narrow(d, 0, 0))
    return _unflatten(results, spec)


# --- reverse mode -------------------------------------------------------------------------------------------------
def _differentiable(x):
    """A fresh input to differentiate at: an alias of x when x already takes part in autograd, else a new leaf."""
    from .tensor import Tensor
    if not isinstance(x, Tensor):
        raise ValueError("Thing passed to transform API must be Tensor, got %s" % type(x))
    if x.requires_grad:
        return x.view_as(x)
    if not x.dtype.is_floating_point:
        raise RuntimeError("only Tensors of floating point dtype can require gradients")
    return x.detach().requires_grad_()


def _gradients(outputs, inputs, cotangents, create_graph):
    """d(outputs . cotangents)/d(inputs); zeros for inputs the outputs do not depend on."""
    from .autograd import grad as autograd_grad
    pairs = [(o, c) for o, c in zip(outputs, cotangents) if o.requires_grad]
    if not pairs:
        return [x.new_zeros(x.shape) for x in inputs]
    found = autograd_grad([o for o, _ in pairs], inputs, [c for _, c in pairs], retain_graph=True,
                          create_graph=create_graph, allow_unused=True)
    return [x.new_zeros(x.shape) if g is None else g for x, g in zip(inputs, found)]


def _finish(tree, own, create):
    """Results as torch.func returns them: a tensor stays differentiable only when (create: grad mode was on) its
    graph reaches a leaf outside the transform's own fresh inputs (an outer transform's input, a captured
    parameter, an input that required grad); every other tensor is detached."""
    from .tensor import Tensor
    leaves, spec = _flatten(tree)
    live = _reaching_outside([x for x in leaves if isinstance(x, Tensor) and x.requires_grad], own) if create else ()
    return _unflatten([x.detach() if isinstance(x, Tensor) and id(x) not in live else x for x in leaves], spec)


def _reaching_outside(tensors, own):
    """ids of the tensors whose graph leads to a leaf that requires grad other than those in own."""
    from .autograd.engine import _leading_to
    from .autograd.function import AccumulateGrad, _input_node, next_nodes
    own_ids = {id(x) for x in own}
    roots = {id(t): _input_node(t) for t in tensors}
    stack, seen = list(set(roots.values())), set(roots.values())
    while stack:
        node = stack.pop()
        if isinstance(node, AccumulateGrad):
            continue
        for nxt in next_nodes(node):
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    outside = {n for n in seen if isinstance(n, AccumulateGrad) and id(n.variable) not in own_ids}
    reaching = _leading_to(list(set(roots.values())), outside)[0] if outside else set()
    return {key for key, node in roots.items() if node in reaching}


def _grad_mode():
    from .autograd import is_grad_enabled
    return is_grad_enabled()


def _argnums(argnums, args):
    """argnums checked as torch checks them: an int, or a tuple of distinct ints, each naming a positional arg."""
    if isinstance(argnums, tuple):
        if not argnums:
            raise RuntimeError("argnums must be non-empty")
        if len(set(argnums)) != len(argnums):
            raise RuntimeError("argnums elements must be unique, got %s" % (argnums,))
        for a in argnums:
            _argnums(a, args)
        return
    if not isinstance(argnums, Integral):
        raise RuntimeError("argnums must be int or Tuple[int, ...], got: %s" % type(argnums))
    if not -len(args) <= argnums < len(args):
        raise RuntimeError("Got argnum=%d, but only %d positional inputs" % (argnums, len(args)))


def _with_inputs(args, argnums):
    """args with the argnums ones replaced by differentiable copies: (new args, (their leaves, tree spec))."""
    _argnums(argnums, args)
    args = list(args)
    chosen = argnums if isinstance(argnums, tuple) else (argnums,)
    for a in chosen:
        leaves, spec = _flatten(args[a])
        args[a] = _unflatten([_differentiable(x) for x in leaves], spec)
    trees = tuple(args[a] for a in chosen) if isinstance(argnums, tuple) else args[argnums]
    return args, _flatten(trees)


def _split_aux(output, has_aux, what):
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError("%s: output of function f should be a tuple: (output, aux) if has_aux is True" % what)
    return output


def grad_and_value(func, argnums=0, has_aux=False):
    """(d func / d args[argnums], func(*args)) for a func returning a scalar Tensor (and aux when has_aux)."""
    from .tensor import Tensor
    what = "grad_and_value(f)(*args)"

    def transformed(*args, **kwargs):
        from .autograd import enable_grad
        create = _grad_mode()
        with enable_grad():
            args, (leaves, spec) = _with_inputs(args, argnums)
            output, aux = _split_aux(func(*args, **kwargs), has_aux, what)
            if not isinstance(output, Tensor):
                raise RuntimeError("%s: Expected f(*args) to return a Tensor, got %s" % (what, type(output)))
            if output.dim() != 0:
                raise RuntimeError("%s: Expected f(*args) to return a scalar Tensor, got tensor with %d dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?" % (what, output.dim()))
            grads = _unflatten(_gradients([output], leaves, [output.new_ones(())], create), spec)
        value = output if aux is None else (output, aux)
        return _finish(grads, leaves, create), _finish(value, leaves, create)
    return transformed


def grad(func, argnums=0, has_aux=False):
    """d func / d args[argnums] (with aux when has_aux: (grad, aux))."""
    with_value = grad_and_value(func, argnums, has_aux)

    def transformed(*args, **kwargs):
        grads, value = with_value(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return transformed


def vjp(func, *primals, has_aux=False):
    """(func(*primals), vjp_fn[, aux]): vjp_fn(cotangents) is the tuple of cotangents . d func / d primals_i."""
    from .autograd import enable_grad
    create = _grad_mode()
    with enable_grad():
        args, (leaves, spec) = _with_inputs(primals, tuple(range(len(primals))))
        output, aux = _split_aux(func(*args), has_aux, "vjp(f, *primals)")
    out_leaves = _flatten(output)[0]

    def vjp_fn(cotangents):
        cot_leaves = _flatten(cotangents)[0]
        if len(cot_leaves) != len(out_leaves):
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of outputs "
                               "to the function")
        create_now = _grad_mode()
        with enable_grad():
            grads = _gradients(out_leaves, leaves, cot_leaves, create_now)
        return _finish(_unflatten(grads, spec), leaves, create_now)
    result = (_finish(output, leaves, create), vjp_fn)
    return result + (_finish(aux, leaves, create),) if has_aux else result


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """(func(*primals), J . tangents[, aux]), by differentiating the vjp with respect to its cotangent."""
    from .autograd import enable_grad
    for name, value in (("primals", primals), ("tangents", tangents)):
        if not isinstance(value, tuple):
            raise RuntimeError("jvp(f, primals, tangents): Expected %s to be a tuple. E.g. it should be valid to call "
                               "f(*primals)." % name)
    primal_leaves, tangent_leaves = _flatten(primals)[0], _flatten(tangents)[0]
    if len(primal_leaves) != len(tangent_leaves):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           "structure.")
    for p, t in zip(primal_leaves, tangent_leaves):
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                               "Tensor, this is not supported. Tensor is of size %s while the given forward gradient "
                               "is of size %s." % (list(p.shape), list(t.shape)))
    create = _grad_mode()
    with enable_grad():
        args, (leaves, _) = _with_inputs(primals, tuple(range(len(primals))))
        output, vjp_fn, *aux = vjp(func, *args, has_aux=has_aux)
        out_leaves, out_spec = _flatten(output)
        # the cotangents to differentiate at: any will do (the vjp is linear in them); 1 rather than 0, where a
        # backward written piecewise in the sign of its gradient (logcumsumexp's) has a kink
        probes = [o.new_ones(o.shape).requires_grad_() for o in out_leaves]
        pulled = _flatten(vjp_fn(_unflatten(probes, out_spec)))[0]
        pushed = _gradients(pulled, probes, tangent_leaves, create)
    own = leaves + probes
    result = (_finish(output, own, create), _finish(_unflatten(pushed, out_spec), own, create))
    return result + (_finish(aux[0], own, create),) if has_aux else result


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """The Jacobian of func's outputs with respect to args[argnums] (shape output.shape + input.shape), one vjp
    per output element."""
    def transformed(*args, **kwargs):
        from .autograd import enable_grad
        create = _grad_mode()
        with enable_grad():
            args, (leaves, spec) = _with_inputs(args, argnums)
            output, aux = _split_aux(func(*args, **kwargs), has_aux, "jacrev(f, ...)(*args)")
            out_leaves, out_spec = _flatten(output)
            blocks = [_jacobian_rows(o, leaves, create) for o in out_leaves]
        jacobian = _unflatten([_finish(_unflatten(rows, spec), leaves, create) for rows in blocks], out_spec)
        return (jacobian, _finish(aux, leaves, create)) if has_aux else jacobian
    return transformed


def _jacobian_rows(output, inputs, create_graph):
    """For each input x: d output / d x, of shape output.shape + x.shape."""
    from .creation import eye
    from .ops.shape import stack
    flat = output.reshape(-1)
    rows = [_gradients([flat], inputs, [e], create_graph) for e in eye(flat.numel(), dtype=flat.dtype)]
    return [(stack([r[k] for r in rows]) if rows else x.new_zeros((0,) + tuple(x.shape))).reshape(
        tuple(output.shape) + tuple(x.shape)) for k, x in enumerate(inputs)]


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The Jacobian as jacrev computes it (the same values; minitorch has reverse mode only)."""
    reverse = jacrev(func, argnums, has_aux=has_aux)

    def transformed(*args, **kwargs):
        _check_randomness(randomness)
        return reverse(*args, **kwargs)
    return transformed


def hessian(func, argnums=0):
    """The Jacobian of the Jacobian: d^2 func / d args[argnums]^2."""
    return jacfwd(jacrev(func, argnums), argnums)


# --- functional_call ----------------------------------------------------------------------------------------------
def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """module(*args, **kwargs) with the named parameters and buffers replaced by the given tensors for the call."""
    dicts = parameter_and_buffer_dicts
    dicts = tuple(dicts) if isinstance(dicts, (tuple, list)) else (dicts,)
    replacements = {}
    for d in dicts:
        repeated = sorted(set(replacements) & set(d))
        if repeated:
            raise ValueError("%s appeared in multiple dictionaries; behavior of functional call is ambiguous"
                             % repeated)
        replacements.update(d)
    if strict:
        _check_strict(module, replacements)
    args = () if args is None else args if isinstance(args, tuple) else (args,)
    with _swapped(module, replacements):
        return module(*args, **(kwargs or {}))


def _check_strict(module, replacements):
    names = [n for n, _ in module.named_parameters()] + [n for n, _ in module.named_buffers()]
    missing = sorted(n for n in names if n not in replacements)
    unexpected = sorted(n for n in replacements if n not in names)
    lines = []
    if unexpected:
        lines.append("Unexpected key(s): %s." % ", ".join(repr(n) for n in unexpected))
    if missing:
        lines.append("Missing key(s): %s." % ", ".join(repr(n) for n in missing))
    if lines:
        raise RuntimeError("Error(s) in reparametrizing for %s:\n\t%s" % (type(module).__name__, "\n\t".join(lines)))


@contextlib.contextmanager
def _swapped(module, replacements):
    """Inside the block each dotted name of replacements reads the given tensor; the originals come back after."""
    undo = []
    try:
        for name, value in replacements.items():
            owner, _, attr = name.rpartition(".")
            target = module.get_submodule(owner) if owner else module
            undo.append(_swap_one(target, attr, value))
        yield
    finally:
        for restore in reversed(undo):
            restore()


def _swap_one(target, attr, value):
    """Put value under target.attr (in its parameter or buffer registry when it is one); return the undo."""
    for registry in (target._parameters, target._buffers):
        if attr in registry:
            old = registry[attr]
            registry[attr] = value
            return lambda: registry.__setitem__(attr, old)
    missing = object()
    old = target.__dict__.get(attr, missing)
    object.__setattr__(target, attr, value)
    return lambda: target.__dict__.pop(attr) if old is missing else object.__setattr__(target, attr, old)


def linearize(func, *primals):
    """(func(*primals), jvp_fn): jvp_fn(*tangents) is J . tangents at primals (each call runs jvp again; minitorch
    has no graph tracing to keep a linearised program)."""
    output = func(*primals)
    flat_primals, primal_spec = _flatten(primals)

    def jvp_fn(*tangents):
        flat_tangents, tangent_spec = _flatten(tangents)
        if tangent_spec != primal_spec:
            raise RuntimeError("Expected the tangents %s to have the same argspec as the primals %s"
                               % (tangent_spec, primal_spec))
        for k, (p, t) in enumerate(zip(flat_primals, flat_tangents)):
            for what in ("shape", "device", "dtype"):
                if getattr(t, what) != getattr(p, what):
                    raise RuntimeError("tangent:%d with %s %s in flattened pytree doesn't match the %s %s of the "
                                       "corresponding primal." % (k, what, getattr(t, what), what, getattr(p, what)))
        return jvp(func, primals, tangents)[1]
    return output, jvp_fn


_FUNCTIONALIZE_REMOVE = ("mutations", "mutations_and_views")


def functionalize(func, *, remove="mutations"):
    """func itself: minitorch runs programs eagerly and has no functionalization pass, and the values func computes
    are the same with or without one."""
    if remove not in _FUNCTIONALIZE_REMOVE:
        raise RuntimeError("functionalize(f, remove='mutations'): received invalid argument for remove=%s. Valid "
                           "options are:\n     remove='mutations': all inplace and out= operators will be removed "
                           "from the program, and replaced with their out-of-place equivalents.\n     "
                           "remove='mutations_and_views': In addition to the above, all aliasing operators {view} "
                           "will be replaced with their non-aliasing counterparts, {view}_copy.\n" % remove)
    return func


# --- model ensembling ---------------------------------------------------------------------------------------------
def stack_module_state(models):
    """(params, buffers): for each parameter/buffer name of models of one class, the models' tensors stacked
    along a new first dim (a fresh leaf requiring grad when the originals do), ready for vmap + functional_call."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({m.training for m in models}) != 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    if any(type(m) is not type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    params = [dict(m.named_parameters()) for m in models]
    buffers = [dict(m.named_buffers()) for m in models]
    return ({k: _stacked_leaf([p[k] for p in params], k) for k in params[0]},
            {k: _stacked_leaf([b[k] for b in buffers], k) for k in buffers[0]})


def _stacked_leaf(tensors, name):
    from .ops.shape import stack
    flags = {t.requires_grad for t in tensors}
    if len(flags) != 1:
        raise RuntimeError("Expected %s from each model to have the same .requires_grad" % name)
    stacked = stack(tensors)
    return stacked.detach().requires_grad_() if flags == {True} else stacked


def replace_all_batch_norm_modules_(root):
    """In place: every batch norm in root stops tracking running statistics (running_mean, running_var and
    num_batches_tracked become None), so that it normalises with batch statistics under vmap; returns root."""
    from .nn.modules.normalization import _BatchNorm
    for module in root.modules():
        if isinstance(module, _BatchNorm) and module.track_running_stats:
            module.running_mean = module.running_var = module.num_batches_tracked = None
            module.track_running_stats = False
    return root
