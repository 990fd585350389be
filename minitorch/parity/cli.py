"""python -m minitorch parity [--json FILE] [-k NAME]: every registered case against the installed torch."""
import argparse
import json


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m minitorch parity")
    parser.add_argument("--json", help="write the results to this file as a list of objects")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("parity needs PyTorch installed (pip install 'minitorch[test]')")
        return 2
    from .registry import run_case, select
    results = []
    for c in select(args.k):
        try:
            ok, err, msg = run_case(c, torch=torch)
        except Exception as e:  # noqa: BLE001 - a crash is reported as a failing case
            ok, err, msg = False, float("nan"), "%s: %s" % (type(e).__name__, e)
        results.append({"op": c.name, "status": "pass" if ok else "fail", "error": err, "message": msg})
        print("%-48s %-4s err=%-10.3g %s" % (c.name, "pass" if ok else "FAIL", err, msg[:100]))
    passed = sum(r["status"] == "pass" for r in results)
    print("parity: %d/%d ops match torch" % (passed, len(results)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0 if passed == len(results) else 1
