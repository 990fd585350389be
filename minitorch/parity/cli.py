"""python -m minitorch parity [--json FILE] [-k NAME]: every registered case against the installed torch.

python -m minitorch parity --model lenet|mlp|FILE.py:FUNCTION [--perturb MODULE]: bisect a whole model against
torch module by module (see bisect.py)."""
import argparse
import json


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m minitorch parity")
    parser.add_argument("--json", help="write the results to this file as a list of objects")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    model = parser.add_argument_group("model bisect")
    model.add_argument("--model", help="compare a model instead: lenet, mlp, or FILE.py:FUNCTION where "
                                       "FUNCTION(lib) builds it with lib = minitorch or torch")
    model.add_argument("--perturb", help="change one module's weights in the torch copy (to see the bisect "
                                         "find it)")
    model.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    model.add_argument("--batch", type=int, default=4)
    model.add_argument("--input-shape", help="one sample's shape, e.g. 1,28,28 (built-in models know theirs)")
    model.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("parity needs PyTorch installed (pip install 'minitorch[test]')")
        return 2
    if args.model:
        from .bisect import model_command
        return model_command(args, torch)
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
