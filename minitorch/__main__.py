"""python -m minitorch COMMAND: the tools users run (parity, demo, ...)."""
import argparse
import sys


def _parity(args):
    from .parity.cli import main
    return main(args)


def _graph(args):
    from .viz.cli import main
    return main(args)


def _demo(args):
    from .demo.cli import main
    return main(args)


def _bench(args):
    from .bench.cli import main
    return main(args)


COMMANDS = {"parity": _parity, "graph": _graph, "demo": _demo, "bench": _bench}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m minitorch {%s} [options]" % ",".join(sorted(COMMANDS)))
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
