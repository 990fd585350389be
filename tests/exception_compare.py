"""Running one line of code in torch and in minitorch and comparing what each raises (shared by the exception tests)."""


def raised(lib, code, namespace):
    """The exception code raises when run with namespace(lib), or None."""
    try:
        exec(code, namespace(lib))
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        return e
    return None


def same_class_as_torch(torch, minitorch, code, namespace):
    """Assert that torch rejects code and that minitorch raises torch's exception class; returns both exceptions."""
    expected = raised(torch, code, namespace)
    assert expected is not None, "torch accepts this call: the case is wrong"
    got = raised(minitorch, code, namespace)
    assert got is not None, "minitorch accepted a call torch rejects with %s: %s" % (type(expected).__name__,
                                                                                   expected)
    assert isinstance(got, type(expected)), "torch raises %s (%s), minitorch %s (%s)" % (
        type(expected).__name__, str(expected)[:200], type(got).__name__, str(got)[:200])
    return expected, got


def same_message_as_torch(torch, minitorch, code):
    """Assert that code (over `lib`) raises, in minitorch as in torch, an exception of the same class name (torch's
    LinAlgError is its own class: minitorch's has its name) with the same message."""
    expected, got = (raised(lib, code, lambda lib: {"lib": lib}) for lib in (torch, minitorch))
    assert expected is not None, "torch accepts this call: the case is wrong"
    assert type(got).__name__ == type(expected).__name__ and str(got) == str(expected), (
        "torch raises %s(%r), minitorch %s(%r)" % (type(expected).__name__, str(expected), type(got).__name__,
                                                  str(got)))
