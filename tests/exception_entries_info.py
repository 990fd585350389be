"""Exception battery entries (see test_exceptions.py) for info.py (type limits, process switches, range) and
torch.func's vmap."""

ENTRIES = [
    ("broadcast_shapes/mismatch", "lib.broadcast_shapes((2, 3), (4,))", ["3", "4"]),
    ("broadcast_shapes/negative", "lib.broadcast_shapes((2, -1))", []),
    ("set_default_device/bogus", "lib.set_default_device('bogus')", ["bogus"]),
    ("set_deterministic_debug_mode/value", "lib.set_deterministic_debug_mode('loud')", ["loud"]),
    ("set_float32_matmul_precision/type", "lib.set_float32_matmul_precision(3)", []),
    ("set_flush_denormal/missing", "lib.set_flush_denormal()", []),
    ("set_num_interop_threads/zero", "lib.set_num_interop_threads(0)", []),
    ("set_warn_always/missing", "lib.set_warn_always()", []),
    ("typename/missing", "lib.typename()", []),
    ("range/step_zero", "lib.range(0, 3, 0)", ["step"]),
    ("range/wrong_direction", "lib.range(3, 0, 1)", []),
    ("vmap/size_mismatch", "lib.vmap(lambda a, b: a + b)(x, v)", ["size"]),
    ("vmap/in_dims_out_of_range", "lib.vmap(lambda a: a, in_dims=3)(x)", []),
]

EXEMPT = {
    "compiled_with_cxx11_abi": "a getter without arguments",
    "get_default_device": "a getter without arguments",
    "get_deterministic_debug_mode": "a getter without arguments",
    "get_float32_matmul_precision": "a getter without arguments",
    "get_num_interop_threads": "a getter without arguments",
    "init_num_threads": "takes no arguments and cannot fail",
    "is_warn_always_enabled": "a getter without arguments",
}
