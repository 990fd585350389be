"""python -m minitorch demo: train a LeNet-style CNN on handwritten digits, check it against torch, time its
kernels, and write a report folder.

    python -m minitorch demo                     # scikit-learn's 8x8 digits, about a minute on two cores
    python -m minitorch demo --data ~/mnist      # MNIST files in a local folder (see minitorch.vision.MNIST)
    python -m minitorch demo --quick             # one short epoch: checks the whole pipeline in seconds
"""
import argparse
import os
import time

TARGET = 0.97  # the test accuracy the digits demo promises


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m minitorch demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=None, help="epochs of training (default 12; 1 with --quick)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3, help="Adam's learning rate (cosine-annealed)")
    parser.add_argument("--out", default="report", help="the report folder (default ./report)")
    parser.add_argument("--data", help="a folder with MNIST's files: train on MNIST instead of the digits")
    parser.add_argument("--quick", action="store_true", help="a fast run on part of the data (for tests)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-parity", action="store_true", help="skip the comparison with torch")
    parser.add_argument("--no-bench", action="store_true", help="skip the kernel timings")
    args = parser.parse_args(argv)

    import minitorch
    from . import compare, data, models, report, speed, train
    epochs = args.epochs or (1 if args.quick else 12)
    limit = 256 if args.quick else None
    minitorch.manual_seed(args.seed)
    if args.data:
        train_loader, test_loader, size = data.mnist_loaders(args.data, args.batch_size, args.seed, limit)
        dataset = "MNIST from %s" % args.data
    else:
        train_loader, test_loader, size = data.digit_loaders(minitorch, args.batch_size, args.seed, limit)
        dataset = "scikit-learn digits, 8x8"
    n_train, n_test = len(train_loader.dataset), len(test_loader.dataset)
    model = models.lenet(minitorch, size)
    n_params = sum(p.numel() for p in model.parameters())
    print("minitorch demo: LeNet-style CNN (%d parameters) on %s: %d training and %d test images"
          % (n_params, dataset, n_train, n_test))

    start = time.perf_counter()
    history = train.train(minitorch, model, train_loader, test_loader, epochs, lr=args.lr)
    train_seconds = time.perf_counter() - start
    test_acc = history[-1]["test_acc"]
    print("test accuracy %.2f%% after %d epochs, %.1f s of training" % (100 * test_acc, epochs, train_seconds))

    os.makedirs(args.out, exist_ok=True)
    report.plot_curves(history, os.path.join(args.out, "curves.png"))
    images, labels = next(iter(test_loader))
    report.write_graph(model, images[:4], labels[:4], args.out, minitorch)

    if args.no_parity:
        parity = {"skipped": "parity check skipped (--no-parity)"}
    else:
        parity = compare.compare_with_torch(model, lambda lib: models.lenet(lib, size), images[:64], labels[:64])
    print("\nparity: " + parity.get("summary", parity.get("skipped", "")))
    report.write_json(args.out, "parity.json", parity)

    if args.no_bench:
        bench = {"note": "kernel timings skipped (--no-bench)"}
    else:
        bench = speed.benchmark(repeats=3 if args.quick else 20)
        print("\nkernel speed (milliseconds per call):\n" + speed.format_table(bench))
    report.write_json(args.out, "bench.json", bench)

    summary = {"model": "LeNet-style CNN", "parameters": n_params, "dataset": dataset, "train_images": n_train,
               "test_images": n_test, "epochs": epochs, "batch_size": args.batch_size, "lr": args.lr,
               "seed": args.seed, "quick": args.quick, "test_acc": test_acc, "train_seconds": train_seconds,
               "history": history, "target": None if args.data or args.quick else TARGET}
    report.write_json(args.out, "summary.json", summary)
    index = report.write_index(args.out, summary, parity, bench)
    print("\nreport written to %s/ (open %s)" % (args.out, index))
    if summary["target"] is not None and test_acc < TARGET:
        print("test accuracy %.2f%% is below the %.0f%% this demo promises" % (100 * test_acc, 100 * TARGET))
        return 1
    return 0
