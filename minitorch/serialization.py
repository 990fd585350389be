"""save and load: tensors, state_dicts and nested containers in a file that never runs code when read.

Format: a zip archive (stored, not compressed) holding
    MINITORCH_FORMAT     the marker and format version
    structure.json       the object tree; every dict, tuple, tensor ... is a tagged JSON object
    arrays/<n>.npy       one NumPy .npy file per tensor, read back with allow_pickle=False
There is no pickle anywhere, so loading a file -- even a hostile one -- can only build tensors, numbers, strings,
bytes and containers. The price: only those can be saved (save a module's ``state_dict()``, not the module), and
tensors that share memory are stored separately (the same tensor object saved twice is stored once and comes back
as one object).

Errors: an object that cannot be stored raises TypeError naming its type and where it sits in the tree. A file
that is not a readable minitorch checkpoint -- empty, truncated, corrupted, a PyTorch pickle, plain text --
raises RuntimeError saying which, which is what torch raises for a damaged zip checkpoint. (torch itself raises
EOFError or UnpicklingError for some of these; one exception class is easier to catch.)

``save`` to a path writes a temporary file in the same directory and renames it over the target only when it is
complete, so an interrupted save leaves any earlier file at that path intact.
"""
import base64
import collections
import io
import json
import os
import secrets
import zipfile

import numpy

from . import backend
from . import dtypes as _dt
from .tensor import Size, Tensor

MARKER = "MINITORCH_FORMAT"
FORMAT = "minitorch-checkpoint 1"
_ZIP64_THRESHOLD = 1 << 31


def _rebuild_tensor(array, requires_grad, tensor_class=Tensor):
    """Unpickling a tensor (Tensor.__reduce_ex__): how tensors travel between DataLoader workers and the main
    process. Not used by ``load``, which never unpickles."""
    return object.__new__(tensor_class)._init(array, requires_grad)


def _parameter_class():
    """nn.Parameter when the nn package is present (it is optional for this module)."""
    try:
        from .nn.parameter import Parameter
    except ImportError:
        return None
    return Parameter


# --- save -------------------------------------------------------------------------------------------------------
class _Encoder:
    """Turns an object tree into JSON-ready values, collecting the arrays to store beside it."""

    def __init__(self):
        self.arrays = []
        self._tensor_ids = {}  # id(tensor) -> its number: a tensor saved twice is stored once
        self._parameter = _parameter_class()

    def encode(self, obj, where):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, float)) and not isinstance(obj, numpy.generic):
            return obj
        if isinstance(obj, numpy.generic) and obj.dtype.kind in "biuf":
            return obj.item()  # NumPy scalars come back as Python numbers
        if isinstance(obj, Tensor):
            if getattr(type(obj), "cls_to_become", None) is not None:  # a lazy module's UninitializedParameter
                raise RuntimeError("minitorch.save cannot store the uninitialized (lazy) parameter or buffer at %s: "
                                   "run one forward through the module first, so that it has a shape" % where)
            return self._tensor(obj)
        if isinstance(obj, numpy.ndarray):
            return {"$": "ndarray", "array": self._array(obj, where)}
        if isinstance(obj, bytes):
            return {"$": "bytes", "base64": base64.b64encode(obj).decode("ascii")}
        if isinstance(obj, _dt.dtype):
            return {"$": "dtype", "name": obj.name}
        if isinstance(obj, backend.device):
            return {"$": "device", "name": str(obj)}
        if isinstance(obj, Size):
            return {"$": "size", "items": list(obj)}
        if isinstance(obj, dict):
            return self._dict(obj, where)
        if isinstance(obj, list) and type(obj) is list:
            return [self.encode(v, "%s[%d]" % (where, i)) for i, v in enumerate(obj)]
        if type(obj) is tuple:
            return {"$": "tuple", "items": [self.encode(v, "%s[%d]" % (where, i)) for i, v in enumerate(obj)]}
        raise TypeError("minitorch.save cannot store an object of type %s (at %s): it stores tensors, "
                        "nn.Parameters, NumPy arrays, numbers, str, bytes, None, dtypes, devices and dicts, lists "
                        "and tuples of them. Save a module's or optimizer's state_dict() rather than the object "
                        "itself." % (type(obj).__module__ + "." + type(obj).__qualname__, where))

    def _dict(self, obj, where):
        if type(obj) not in (dict, collections.OrderedDict):
            raise TypeError("minitorch.save cannot store a %s (at %s): only dict and OrderedDict"
                            % (type(obj).__qualname__, where))
        items = [[self.encode(k, where + " key"), self.encode(v, "%s[%r]" % (where, k))] for k, v in obj.items()]
        if type(obj) is dict:
            return {"$": "dict", "items": items}
        encoded = {"$": "ordered_dict", "items": items}
        metadata = getattr(obj, "_metadata", None)  # a module state_dict's per-module versions, as torch keeps
        if metadata is not None:
            encoded["metadata"] = self.encode(metadata, where + "._metadata")
        return encoded

    def _tensor(self, t):
        key = id(t)
        if key not in self._tensor_ids:
            self._tensor_ids[key] = len(self._tensor_ids)
            return {"$": "tensor", "id": self._tensor_ids[key], "array": self._array(backend.to_numpy(t._data), ""),
                    "dtype": t.dtype.name, "requires_grad": t.requires_grad, "device": str(t.device),
                    "parameter": self._parameter is not None and isinstance(t, self._parameter)}
        return {"$": "tensor_ref", "id": self._tensor_ids[key]}

    def _array(self, array, where):
        if array.dtype.hasobject:
            raise TypeError("minitorch.save cannot store a NumPy array of Python objects (at %s)" % where)
        self.arrays.append(array)
        return len(self.arrays) - 1


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Save obj to f (a path or a writable binary file). pickle_module and pickle_protocol are accepted for
    torch compatibility and ignored: nothing is pickled."""
    encoder = _Encoder()
    structure = json.dumps(encoder.encode(obj, "obj"))  # type errors surface here, before any file is touched
    if isinstance(f, (str, os.PathLike)):
        _save_atomically(structure, encoder.arrays, os.fspath(f))
    else:
        _write_archive(structure, encoder.arrays, f)


def _save_atomically(structure, arrays, path):
    # a fresh name beside the target (same file system, so the rename is atomic); opened with open() rather than
    # tempfile.mkstemp so the checkpoint gets the usual permissions, not mkstemp's owner-only ones
    directory = os.path.dirname(os.path.abspath(path))
    tmp_path = os.path.join(directory, ".%s.%s.tmp" % (os.path.basename(path), secrets.token_hex(6)))
    tmp = open(tmp_path, "xb")
    try:
        with tmp:
            _write_archive(structure, arrays, tmp)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        os.unlink(tmp_path)
        raise


def _write_archive(structure, arrays, fileobj):
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MARKER, FORMAT)
        archive.writestr("structure.json", structure)
        for i, array in enumerate(arrays):
            with archive.open("arrays/%d.npy" % i, "w", force_zip64=array.nbytes >= _ZIP64_THRESHOLD) as entry:
                numpy.lib.format.write_array(entry, array, allow_pickle=False)


# --- load -------------------------------------------------------------------------------------------------------
class _NotTheFile(Exception):
    """Carries an error that is not about the file (map_location's) through _load's catch-all."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


class _Decoder:
    def __init__(self, archive, map_location):
        self.archive = archive
        self.map_location = map_location
        self.tensors = {}
        self._parameter = _parameter_class()

    def decode(self, value):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            raise ValueError("unexpected JSON value %r" % (value,))
        tag = value.get("$")
        if tag == "tensor":
            return self._tensor(value)
        if tag == "tensor_ref":
            return self.tensors[value["id"]]
        if tag == "ndarray":
            return self._array(value["array"])
        if tag == "dict":
            return {self.decode(k): self.decode(v) for k, v in value["items"]}
        if tag == "ordered_dict":
            out = collections.OrderedDict((self.decode(k), self.decode(v)) for k, v in value["items"])
            if "metadata" in value:
                out._metadata = self.decode(value["metadata"])
            return out
        if tag == "tuple":
            return tuple(self.decode(v) for v in value["items"])
        if tag == "bytes":
            return base64.b64decode(value["base64"], validate=True)
        if tag == "dtype":
            return _dt.as_dtype(value["name"])
        if tag == "device":
            return backend.device(value["name"])
        if tag == "size":
            return Size(int(v) for v in value["items"])
        raise ValueError("unknown entry type %r" % (tag,))

    def _array(self, number):
        with self.archive.open("arrays/%d.npy" % int(number)) as entry:
            return numpy.lib.format.read_array(entry, allow_pickle=False)

    def _tensor(self, value):
        array = self._array(value["array"])
        dtype = _dt.as_dtype(value["dtype"])
        if array.dtype != dtype.np:
            raise ValueError("array %s holds %s data for a %s tensor" % (value["array"], array.dtype, dtype.name))
        t = Tensor._make(array)
        backend.device(value["device"])  # a device name that does not parse is damage, not the caller's error
        t = self._place(t, value["device"])
        if value.get("parameter") and self._parameter is not None:
            t = self._parameter(t, requires_grad=bool(value["requires_grad"]))
        elif value["requires_grad"]:
            t.requires_grad_(True)
        self.tensors[value["id"]] = t
        return t

    def _place(self, t, location):
        """The tensor on the device map_location asks for (by default the one it was saved from). Errors here
        (CUDA missing, a failing map_location function) are the caller's, not the file's: they pass through."""
        try:
            return self._placed(t, location)
        except Exception as e:  # noqa: BLE001 - re-raised unchanged by _load
            raise _NotTheFile(e) from None

    def _placed(self, t, location):
        target = self.map_location
        if callable(target) and not isinstance(target, (str, backend.device)):
            moved = target(t, location)
            return moved if isinstance(moved, Tensor) else self._to(t, location)
        if isinstance(target, dict):
            return self._to(t, target.get(location, location))
        return self._to(t, location if target is None else target)

    @staticmethod
    def _to(t, location):
        location = backend.device(str(location))
        if location.type == "cuda" and not backend.cuda_available():
            raise RuntimeError("Attempting to deserialize object on a CUDA device but CUDA is not available. If you "
                               "are running on a CPU-only machine, please use minitorch.load with "
                               "map_location='cpu' to map your tensors to the CPU.")
        return t if location == t.device else t.to(location)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load an object saved by ``save`` from f (a path or a readable binary file).

    map_location: None (each tensor back on the device it was saved from), a device or string ('cpu'), a dict
    from saved location to target ('cuda:0' -> 'cpu'), or a function(tensor, saved_location) returning the tensor
    to use (or None for the default). weights_only, pickle_module and mmap are accepted for torch compatibility:
    loading is always weights-only, because this format holds nothing else.
    """
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "<file object>")
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as fileobj:
            return _load(fileobj, name, map_location)
    if not (hasattr(f, "seekable") and f.seekable()):
        f = io.BytesIO(f.read())  # zip archives are read from the end, so the reader needs to seek
    return _load(f, name, map_location)


def _load(fileobj, name, map_location):
    head = fileobj.read(4)
    fileobj.seek(-len(head), io.SEEK_CUR)
    if not head:
        raise RuntimeError("minitorch.load: %s is empty (0 bytes): it holds no checkpoint" % name)
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise RuntimeError("minitorch.load: %s is not a minitorch checkpoint: %s" % (name, _describe(head))) from None
    with archive:
        names = set(archive.namelist())
        if MARKER not in names:
            if any(n.endswith("data.pkl") for n in names):
                raise RuntimeError("minitorch.load: %s is a PyTorch checkpoint (a pickle inside a zip). minitorch "
                                   "never unpickles files, since unpickling can run arbitrary code; load it with "
                                   "torch and re-save its tensors with minitorch.save (e.g. via .numpy())." % name)
            raise RuntimeError("minitorch.load: %s is a zip archive but not a minitorch checkpoint" % name)
        try:
            version = archive.read(MARKER).decode("utf-8")
            if version != FORMAT:
                raise ValueError("unsupported format %r (this minitorch reads %r)" % (version, FORMAT))
            structure = json.loads(archive.read("structure.json").decode("utf-8"))
            return _Decoder(archive, map_location).decode(structure)
        except _NotTheFile as e:
            raise e.error from None
        except Exception as e:  # noqa: BLE001 - any failure to read the parts (even zipfile's NotImplementedError
            # for a corrupted header or a RecursionError for absurd nesting) means a damaged file
            raise RuntimeError("minitorch.load: %s is a damaged minitorch checkpoint (%s: %s)"
                               % (name, type(e).__name__, e)) from None


def _describe(head):
    if head[:1] == b"\x80":
        return "it looks like a pickle (e.g. a legacy torch.save file); minitorch never unpickles files, since " \
               "unpickling can run arbitrary code"
    if head[:2] == b"PK":
        return "it is a truncated or corrupted zip archive"
    return "it is not a zip archive (it starts with %r)" % head


# --- torch's weights-only allowlist API ---------------------------------------------------------------------------
# minitorch's format holds no classes or functions, so loading never needs the allowlist; it is kept (and consulted
# by get_unsafe_globals_in_checkpoint) so that programs written for torch's weights_only loading run unchanged.
DEFAULT_PROTOCOL = 2
_user_safe_globals = []
# globals torch's weights-only unpickler accepts without being told: its own rebuild functions, dtypes and storages
_TORCH_SAFE_PREFIXES = ("torch.", "torch._utils.", "_codecs.encode")
_TORCH_SAFE_NAMES = {"collections.OrderedDict", "collections.Counter", "builtins.set", "builtins.frozenset",
                     "builtins.bytearray", "builtins.slice", "builtins.complex", "builtins.int", "builtins.float",
                     "builtins.bool", "builtins.str", "builtins.tuple", "builtins.list", "builtins.dict"}
_TORCH_SAFE_NAMES |= {name.replace("builtins.", "__builtin__.") for name in _TORCH_SAFE_NAMES}  # protocol 2


def add_safe_globals(safe_globals):
    """Mark the classes/functions (or ``(object, "module.name")`` pairs) as allowed in weights-only loading."""
    _user_safe_globals.extend(safe_globals)


def get_safe_globals():
    """The objects add_safe_globals has marked (a copy)."""
    return list(_user_safe_globals)


def clear_safe_globals():
    del _user_safe_globals[:]


class safe_globals:
    """``with safe_globals([...]):`` -- the objects are marked safe inside the block only."""

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc):
        for entry in self.safe_globals:
            _user_safe_globals.remove(entry)
        return False


def _global_name(entry):
    """'module.qualname' of a safe-globals entry (a pair names itself)."""
    if isinstance(entry, tuple):
        return entry[1]
    return "%s.%s" % (entry.__module__, entry.__qualname__)


def get_unsafe_globals_in_checkpoint(f):
    """The 'module.name' globals a checkpoint's pickle refers to that weights-only loading would refuse (neither
    torch's own nor marked safe). A minitorch checkpoint refers to none; a torch checkpoint's pickle is scanned
    opcode by opcode, never run."""
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as fileobj:
            return get_unsafe_globals_in_checkpoint(fileobj)
    data = f.read()
    if data[:1] == b"\x80":
        pickled = data
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if MARKER in names:
                    return []
                pickled = archive.read(next(n for n in names if n.endswith("data.pkl")))
        except (zipfile.BadZipFile, StopIteration):
            raise ValueError("Expected input to be a checkpoint returned by torch.save") from None
    allowed = _TORCH_SAFE_NAMES | {_global_name(entry) for entry in _user_safe_globals}
    found = _pickle_globals(pickled)
    return [name for name in dict.fromkeys(found) if name not in allowed and not name.startswith(_TORCH_SAFE_PREFIXES)]


_STRING_OPCODES = ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8")


def _pickle_globals(pickled):
    """Every 'module.name' a pickle's GLOBAL / STACK_GLOBAL opcodes name, in order (read, not executed): the
    strings STACK_GLOBAL takes are followed through the memo."""
    import pickletools
    found, strings, memo, top = [], [], {}, None
    for opcode, arg, _ in pickletools.genops(pickled):
        name, pushed = opcode.name, None
        if name == "GLOBAL":
            found.append(arg.replace(" ", "."))
        elif name == "STACK_GLOBAL" and len(strings) >= 2:
            found.append("%s.%s" % (strings[-2], strings[-1]))
        elif name in _STRING_OPCODES:
            pushed = arg
            strings.append(arg)
        elif name.endswith("GET") and isinstance(memo.get(arg), str):
            pushed = memo[arg]
            strings.append(pushed)
        elif name == "MEMOIZE" or name.endswith("PUT"):  # stores the top of the stack, leaving it there
            memo[len(memo) if name == "MEMOIZE" else arg] = pushed = top
        top = pushed
    return found
