"""Tensor: an array (NumPy or CuPy) plus the autograd record of where it came from.

The math lives in ``minitorch/ops/``: each family module defines its Functions and installs the matching Tensor
methods and operators (``x.exp()``, ``x + y``) here when the package is imported.
"""
from weakref import ref as _weakref

from . import backend
from . import dtypes as _dt
from .autograd import function as _function
from .autograd.function import AccumulateGrad
from .autograd.grad_mode import is_grad_enabled

_ndarray = backend.numpy.ndarray
_BY_NUMPY = _dt.BY_NUMPY
_new_object = object.__new__


class Size(tuple):
    """torch.Size: a tuple of dimension sizes."""

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __repr__(self):
        return "torch.Size([%s])" % ", ".join(str(s) for s in self)

    def __getitem__(self, item):
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out

    # joined with a tuple or repeated, it stays a Size (x.shape[:-1] + (2, -1) prints as torch.Size([...]))
    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError("can only concatenate tuple (not %s) to torch.Size" % type(other).__name__)
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        return Size(tuple.__add__(other, self)) if isinstance(other, tuple) else NotImplemented

    def __mul__(self, times):
        return Size(tuple.__mul__(self, times)) if hasattr(times, "__index__") else NotImplemented

    __rmul__ = __mul__


class _VersionCounter:
    """Shared by a tensor and all its views; bumped by every in-place write. ``views`` holds weak references to
    the views, so an in-place write that gives the base new history can rebuild theirs."""
    __slots__ = ("value", "last_op", "views", "prune_at")

    def __init__(self):
        self.value = 0
        self.last_op = None
        self.views = None
        self.prune_at = 16


class Tensor:
    __array_priority__ = 1000  # NumPy defers to our reflected operators: np.float32(2) * t is a Tensor

    # --- construction -------------------------------------------------------------------------------------
    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, dtype=None, device=None):
        """The legacy constructor: ``Tensor(2, 3)`` is uninitialised float32, ``Tensor([1, 2])`` is data."""
        from .creation import tensor as _tensor, empty
        if len(args) == 1 and not isinstance(args[0], int):
            src = _tensor(args[0], dtype=dtype or _dt.get_default_dtype(), device=device)
        else:
            src = empty(*(args or (0,)), dtype=dtype, device=device)  # Tensor() is empty, shape (0,)
        self._init(src._data)

    # per-tensor state defaults as class attributes: a tensor is made for every op result, so _init sets only
    # what every tensor has of its own
    _requires_grad = False
    _grad = None
    grad_fn = None
    _output_nr = 0
    _base = None
    _view_fn = None
    _accumulator = None
    _hooks = None
    _post_accumulate_hooks = None
    _retains_grad = False
    _fw_grad = None  # (forward-AD level, tangent) of a dual tensor
    _vc = None  # the version counter, made when first needed: a tensor never written in place is at version 0
    _STATE = ("_data", "dtype", "_vc", "_requires_grad", "_grad", "grad_fn", "_output_nr", "_base",
              "_view_fn", "_accumulator", "_hooks", "_post_accumulate_hooks", "_retains_grad")

    def _init(self, data, requires_grad=False):
        self._data = data
        self.dtype = _BY_NUMPY.get(data.dtype) or _dt.from_numpy_dtype(data.dtype)
        if requires_grad:
            self._requires_grad = True
        return self

    @staticmethod
    def _make(data, requires_grad=False):
        """Wrap an array (no copy). Zero-dim results of NumPy come back as scalars, so they are re-wrapped.
        Every op result is made here: two attributes, nothing else allocated."""
        if type(data) is not _ndarray and not backend.is_array(data):
            data = backend.get_array_module(data).asarray(data)
        t = _new_object(Tensor)
        t._data = data
        t.dtype = _BY_NUMPY.get(data.dtype) or _dt.from_numpy_dtype(data.dtype)
        if requires_grad:
            t._requires_grad = True
        return t

    @classmethod
    def _leaf(cls, data, requires_grad):
        """A new leaf from an array, as the factory functions make it (requires_grad checked as they check it)."""
        t = cls._make(data)
        if requires_grad and t.dtype not in _dt.DIFFERENTIABLE:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = bool(requires_grad)
        return t

    @staticmethod
    def _zeros(shape, dtype, device):
        return Tensor._make(backend.array_module(device).zeros(tuple(shape), dtype=dtype.np))

    @staticmethod
    def _ones(shape, dtype, device):
        return Tensor._make(backend.array_module(device).ones(tuple(shape), dtype=dtype.np))

    def _like(self, data):
        """A new tensor on the same array module from data (an array or a number)."""
        return Tensor._make(self.xp.asarray(data))

    # --- metadata --------------------------------------------------------------------------------------------
    @property
    def xp(self):
        """The array module behind this tensor (NumPy or CuPy)."""
        return backend.get_array_module(self._data)

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def dim(self):
        return self._data.ndim

    ndim = property(dim)

    def ndimension(self):
        return self._data.ndim

    def numel(self):
        return int(self._data.size)

    nelement = numel

    def element_size(self):
        return self.dtype.itemsize

    @property
    def itemsize(self):
        return self.dtype.itemsize

    @property
    def nbytes(self):
        return self.numel() * self.dtype.itemsize

    def stride(self, dim=None):
        if self._data.size:
            strides = tuple(s // self.dtype.itemsize for s in self._data.strides)
        else:  # NumPy gives an empty array zero strides; torch reports the contiguous ones
            strides, step = [], 1
            for n in reversed(self._data.shape):
                strides.insert(0, step)
                step *= max(n, 1)
            strides = tuple(strides)
        return strides if dim is None else strides[_wrap_dim(dim, self._data.ndim)]

    def is_contiguous(self, memory_format=None):
        if memory_format is None:
            return bool(self._data.flags.c_contiguous)
        from .ops.layouts import is_laid_out
        return is_laid_out(self, memory_format)

    def data_ptr(self):
        return self._data.__array_interface__["data"][0] if self.xp.__name__ == "numpy" else self._data.data.ptr

    @property
    def device(self):
        return backend.device_of(self._data)

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    is_sparse = False
    is_quantized = False
    is_meta = False

    def is_floating_point(self):
        return self.dtype.is_floating_point

    def is_complex(self):
        return self.dtype.is_complex

    def get_device(self):
        return -1 if self.device.type == "cpu" else (self.device.index or 0)

    def type(self, dtype=None):
        if dtype is None:
            names = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
                     "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor", "int8": "CharTensor",
                     "uint8": "ByteTensor", "bool": "BoolTensor", "complex64": "ComplexFloatTensor",
                     "complex128": "ComplexDoubleTensor"}
            return "torch." + ("cuda." if self.is_cuda else "") + names[self.dtype.name]
        if isinstance(dtype, str):
            dtype = _dt.as_dtype(dtype.rsplit(".", 1)[-1].replace("Tensor", "").lower()
                                 .replace("char", "int8").replace("byte", "uint8"))
        return self.to(dtype)

    # --- autograd record -----------------------------------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if self.grad_fn is not None:
            if not flag:
                raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use "
                                   "a computed variable in a subgraph that doesn't require differentiation use "
                                   "var_no_grad = var.detach().")
            return
        if flag and self.dtype not in _dt.DIFFERENTIABLE:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(flag)

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad and self._grad is None:
            import warnings
            warnings.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
                          "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
                          "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
                          "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
                          "instead. See github.com/pytorch/pytorch/pull/30531 for more information.", UserWarning,
                          stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError("assigned grad expected to be a Tensor or None but got grad of type %s"
                                % type(value).__name__)
            if value._data.shape != self._data.shape:
                raise RuntimeError("attempting to assign a gradient of size '%s' to a tensor of size '%s'. Please "
                                   "ensure that the gradient and the tensor are the same size"
                                   % (list(value.shape), list(self.shape)))
            if value.dtype is not self.dtype:
                from .ops._util import c10_name
                raise RuntimeError("attempting to assign a gradient with dtype '%s' to a tensor with grad_dtype "
                                   "'%s'. The gradient must match the tensor's grad_dtype (defaults to the tensor's "
                                   "dtype)." % (c10_name(value.dtype), _type_name(self.dtype)))
        self._grad = value

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def _version(self):
        return 0 if self._vc is None else self._vc.value

    @property
    def _version_counter(self):
        """Shared with the views and aliases of this tensor (made on first use)."""
        if self._vc is None:
            self._vc = _VersionCounter()
        return self._vc

    @_version_counter.setter
    def _version_counter(self, counter):
        self._vc = counter

    def _set_history(self, node, output_nr):
        if self.grad_fn is not None:  # an in-place op gives new history: remember which node made the old value
            self.__dict__.setdefault("_former_producers", []).append((_weakref(self.grad_fn), self._output_nr))
        self.grad_fn = node
        self._output_nr = output_nr
        self._requires_grad = True

    def _edge(self):
        """The (node, output_nr) through which a gradient for this tensor flows back."""
        if self.grad_fn is not None:
            return self.grad_fn, self._output_nr
        if not self._requires_grad:
            return None, 0
        return self._accumulate_node(), 0

    def _accumulate_node(self):
        """The AccumulateGrad node of this leaf (which requires grad), made when a graph first uses it."""
        acc = self._accumulator() if self._accumulator is not None else None
        if acc is None:
            acc = AccumulateGrad(self)
            self._accumulator = _weakref(acc)  # weak: the graph, not the leaf, keeps the node alive
        return acc

    def _alias(self):
        """A new tensor object sharing this one's data and version counter, without its history."""
        t = Tensor._make(self._data)
        t._version_counter = self._version_counter
        return t

    def detach(self):
        return self._alias()

    def detach_(self):
        if self._base is not None and self._base.requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on "
                               "these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
                               "function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self):
        # the same values without history, and (unlike detach) a version counter of its own, as torch's: writes
        # through .data are not seen by autograd's in-place checks
        return Tensor._make(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data
        self.dtype = value.dtype

    def retain_grad(self):
        if self.grad_fn is None:
            if not self.requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        if self._retains_grad:
            return
        import weakref
        ref = weakref.ref(self)

        def keep(grad):
            t = ref()
            if t is not None:
                t.grad = grad.detach()._owned() if t.grad is None else t.grad + grad.detach()
        keep.retains_grad = True
        self.grad_fn._add_pre_hook(self._output_nr, keep)
        self._retains_grad = True

    @property
    def retains_grad(self):
        return self._retains_grad

    def register_hook(self, hook):
        """hook(grad) -> grad or None, called with this tensor's gradient during backward."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            return self.grad_fn._add_pre_hook(self._output_nr, hook)
        from .autograd.function import _Handle
        self._hooks = (self._hooks or []) + [hook]
        return _Handle(lambda: self._hooks.remove(hook))

    def register_post_accumulate_grad_hook(self, hook):
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        from .autograd.function import _Handle
        self._post_accumulate_hooks = (self._post_accumulate_hooks or []) + [hook]
        return _Handle(lambda: self._post_accumulate_hooks.remove(hook))

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        from . import autograd
        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # --- in-place machinery --------------------------------------------------------------------------------------
    def _check_inplace_allowed(self, op_name):
        if self.grad_fn is None and self._requires_grad and is_grad_enabled():
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        multi = self.__dict__.get("_multi_view")
        if multi and self._requires_grad and is_grad_enabled():
            raise RuntimeError("%s is a view and is being modified inplace (%s). This view is the output of a "
                               "function that returns multiple views. Such functions do not allow the output views "
                               "to be modified inplace. You should replace the inplace operation by an out-of-place "
                               "one." % (multi, op_name))
        base = self._base
        if base is not None and base.grad_fn is None and base._requires_grad and is_grad_enabled():
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        if not self._data.flags.writeable and self._data.size:  # (an empty broadcast view has nothing to clash)
            raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                               "single memory location. Please clone() the tensor before performing the operation.")

    def _bump_version(self, op_name):
        self._version_counter.value += 1
        self._version_counter.last_op = op_name

    def _apply_inplace(self, result, op_name):
        """Make ``self`` hold ``result`` (computed out of place): write the values into self's memory and, when
        result carries a graph, rebase self's history on it. A view's base gets a CopySlices-style node."""
        self._check_inplace_allowed(op_name)
        if result.dtype is not self.dtype and not _can_cast(result.dtype, self.dtype):
            raise RuntimeError("result type %s can't be cast to the desired output type %s"
                               % (_type_name(result.dtype), _type_name(self.dtype)))
        if result.shape != self.shape:
            self._check_fits(result.shape)
        self._keep_original_for(result.grad_fn)
        if self._data.size:
            self.xp.copyto(self._data, result._data, casting="unsafe")
        self._bump_version(op_name)
        if result._fw_grad is not None or self._fw_grad is not None:  # a dual tensor's tangent follows its value
            from .autograd import forward_ad
            forward_ad.write(self, result)
        if result.requires_grad and is_grad_enabled():
            if result.dtype is not self.dtype:
                result = result.to(self.dtype)
            from .ops.shape import rebase_view, refresh_views
            if self._base is not None:
                rebase_view(self, result)
            else:
                self._set_history(result.grad_fn, result._output_nr)
            refresh_views(self._base if self._base is not None else self, self)
        return self

    def _check_fits(self, shape):
        """An in-place result of another shape must broadcast to self's (torch never resizes self for it)."""
        from .ops.elementwise import broadcast_shapes
        try:
            fits = broadcast_shapes(tuple(self.shape), tuple(shape)) == tuple(self.shape)
        except RuntimeError:
            fits = False
        if not fits:
            raise RuntimeError("output with shape %s doesn't match the broadcast shape %s"
                               % (list(self.shape), list(shape)))

    def _keep_original_for(self, node):
        """The node computing an in-place op out of place may have saved self (x.mul_(y) needs x for y's
        gradient): it gets a copy of self's current value, with self's history, before self is overwritten."""
        saved = getattr(node, "_saved", ())
        if not any(t is not None and self._shares_version(t) for t in saved):
            return
        kept, versions = [], []
        for t, version in zip(saved, node._saved_versions):
            if t is not None and self._shares_version(t):
                original = Tensor._make(t._data.copy())
                if t.grad_fn is not None:
                    original._set_history(t.grad_fn, t._output_nr)
                t, version = original, 0
            kept.append(t)
            versions.append(version)
        node._saved, node._saved_versions = tuple(kept), tuple(versions)

    def _shares_version(self, t):
        return t is self or (self._vc is not None and t._vc is self._vc)

    def _inplace_add_array(self, array):
        self._data += array
        self._bump_version("add_")

    def _owned(self):
        """This tensor, or a copy of it when its memory is a view (broadcast, slice) of another array."""
        if self._data.base is None and self._data.flags.writeable and self._data.flags.c_contiguous:
            return self
        return Tensor._make(self._data.copy())  # (ascontiguousarray would turn a 0-d array into 1-d)

    # --- conversion -----------------------------------------------------------------------------------------------
    def item(self):
        if self._data.size != 1:
            raise RuntimeError("a Tensor with %d elements cannot be converted to Scalar" % self._data.size)
        return self._data.reshape(-1)[0].item()

    def tolist(self):
        return backend.to_numpy(self._data).tolist()

    def numpy(self, force=False):
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                               "instead.")
        if self.is_cuda and not force:
            raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the "
                            "tensor to host memory first.")
        return backend.to_numpy(self._data)

    def __array__(self, dtype=None, copy=None):
        a = backend.to_numpy(self._data)
        return a if dtype is None else a.astype(dtype)

    def __float__(self):
        if self._requires_grad and is_grad_enabled():
            from .ops.arguments import warn_once
            warn_once("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first.")
        return float(self._scalar("float"))

    def __int__(self):
        return int(self._scalar("int"))

    def __index__(self):
        if self.dtype.is_floating_point:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._scalar("index"))

    def __complex__(self):
        return complex(self._scalar("complex"))

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with %s is ambiguous"
                               % ("no values" if self._data.size == 0 else "more than one value"))
        return bool(self._data.reshape(-1)[0])

    def _scalar(self, kind):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(-1)[0].item()

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __reversed__(self):
        return self.flip(0)

    def __contains__(self, element):
        return bool((self == element).any())

    def __format__(self, spec):
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self):
        from .printing import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if not self.is_leaf:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.")
        out = type(self).__new__(type(self))
        out._init(self._data.copy(), self._requires_grad)
        out.__dict__.update({k: v for k, v in self.__dict__.items() if k not in Tensor._STATE})
        if self.grad is not None:
            out.grad = self.grad.__deepcopy__(memo)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol):
        from .serialization import _rebuild_tensor
        return _rebuild_tensor, (backend.to_numpy(self._data), self._requires_grad, type(self))

    # --- devices and dtypes ------------------------------------------------------------------------------------------
    def to(self, *args, **kwargs):
        """to(dtype) / to(device) / to(device, dtype) / to(other_tensor), plus copy= and non_blocking=."""
        unknown = set(kwargs) - {"device", "dtype", "non_blocking", "copy", "memory_format"}
        if unknown:
            raise TypeError("to() received an invalid combination of arguments - got an unexpected keyword argument "
                            "'%s'" % sorted(unknown)[0])
        dev, dtype = parse_to_args(args, kwargs)
        copy = kwargs.get("copy", False)
        memory_format = kwargs.get("memory_format")
        from .ops.elementwise import cast, move
        out = self
        if dev is not None:
            dev = backend.as_device(dev)
            if dev != self.device:
                out = move(out, dev)
        if dtype is not None and _dt.as_dtype(dtype) is not out.dtype:
            out = cast(out, _dt.as_dtype(dtype))
        if memory_format is not None:
            from .constants import preserve_format
            if memory_format is not preserve_format:  # (preserve: a cast keeps the order of dims by itself)
                out = out.contiguous(memory_format)
        if copy and out is self:
            out = self.clone()
        return out

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False):
        return self.to("cuda" if device is None else backend.device("cuda", device) if isinstance(device, int)
                       else device)

    def float(self):
        return self.to(_dt.float32)

    def double(self):
        return self.to(_dt.float64)

    def half(self):
        return self.to(_dt.float16)

    def cfloat(self):
        return self.to(_dt.complex64)

    def cdouble(self):
        return self.to(_dt.complex128)

    def int(self):
        return self.to(_dt.int32)

    def long(self):
        return self.to(_dt.int64)

    def short(self):
        return self.to(_dt.int16)

    def char(self):
        return self.to(_dt.int8)

    def byte(self):
        return self.to(_dt.uint8)

    def bool(self):
        return self.to(_dt.bool_)

    def type_as(self, other):
        return self.to(other.dtype)

    # --- new tensors like this one ---------------------------------------------------------------------------------
    def _new(self, fill, size, dtype, device, requires_grad):
        from .creation import full
        if len(size) == 1 and isinstance(size[0], (tuple, list)):
            size = tuple(size[0])
        return full(size, fill, dtype=dtype or self.dtype, device=device or self.device,
                    requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new(0, size, dtype, device, requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new(1, size, dtype, device, requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new(0, size, dtype, device, requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        return self._new(fill_value, (size,), dtype, device, requires_grad)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from .creation import tensor
        return tensor(data, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new(self, *args):
        if len(args) == 1 and not isinstance(args[0], int):
            return self.new_tensor(args[0])
        return self.new_empty(*args)


_function._Tensor = Tensor


def parse_to_args(args, kwargs):
    """The (device, dtype) that Tensor.to / Module.to ask for: to(dtype), to(device), to(device, dtype),
    to(other_tensor), or by keyword. Positional bools are non_blocking/copy, not devices."""
    dev, dtype = kwargs.get("device"), kwargs.get("dtype")
    for a in args:
        if isinstance(a, Tensor):
            dev, dtype = a.device, a.dtype
        elif isinstance(a, _dt.dtype) or a in (float, int, bool):  # to(float): Python types name dtypes too
            dtype = a
        elif isinstance(a, (str, backend.device, int)) and not isinstance(a, bool):
            dev = a
    return dev, dtype


def _wrap_dim(dim, ndim):
    """A dim in [-ndim, ndim) as a non-negative index, with torch's IndexError otherwise."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-n, n - 1, dim))
    return dim % n


def _can_cast(src, dst):
    return src.category <= dst.category


def _type_name(d):
    return _dt.scalar_type_name(d)
