"""The demo's parity check: the trained model against its torch twin, and the registry cases for its ops."""
import copy
import warnings

from ..parity.bisect import bisect, copy_weights

OPS = ("conv2d", "max_pool2d", "linear", "relu", "cross_entropy", "log_softmax", "flatten")


def compare_with_torch(model, build, images, labels):
    """Bisect the trained model against the same architecture in torch (with the trained weights copied over)
    on a batch, with the cross-entropy loss, and run the parity registry cases of the ops the model uses.
    Both run in float64: in float32 the two libraries' different summation orders can break a tie of a max-pool
    window differently (one ulp apart in one library, equal in the other), which is rounding, not a bug.
    Returns a JSON-friendly dict with a one-line "summary"; {"skipped": why} when torch is not installed."""
    try:
        import torch
    except ImportError:
        return {"skipped": "torch is not installed, so the parity check was skipped (pip install "
                           "'minitorch[test]' to compare with it)"}
    from ..parity.registry import run_case, select
    model = copy.deepcopy(model).double()  # the trained model itself stays float32
    reference = build(torch).double()
    copy_weights(reference, model)  # torch gets the weights minitorch learned
    report = bisect(model, reference, images.double(), target=labels, loss="cross_entropy", copy=False)
    cases = [c for c in select() if any(op in c.name for op in OPS)]
    results = []
    for c in cases:
        try:
            with warnings.catch_warnings():  # the cases' own warnings (e.g. torch's padding='same' note) are expected
                warnings.simplefilter("ignore")
                ok, err, msg = run_case(c, torch=torch)
        except Exception as e:  # noqa: BLE001 - a crash is a failing case, reported by name
            ok, err, msg = False, float("nan"), "%s: %s" % (type(e).__name__, e)
        results.append({"op": c.name, "status": "pass" if ok else "fail", "error": err, "message": msg})
    passed = sum(r["status"] == "pass" for r in results)
    modules = sum(not r["name"].startswith("(") for r in report.rows)
    verdict = ("every activation and gradient of its %d modules matches torch (worst relative error %.1e, "
               "%s)" % (modules, report.worst(), report.dtype) if report.ok else report.first["message"])
    summary = "bisect of the trained model on %d test images: %s. Registry: %d/%d cases for its ops match torch " \
              "%s." % (len(labels), verdict, passed, len(results), torch.__version__)
    return {"summary": summary, "ok": report.ok and passed == len(results), "torch": torch.__version__,
            "bisect": report.to_dict(), "bisect_table": str(report), "registry": results}
