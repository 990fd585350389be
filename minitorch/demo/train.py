"""The demo's training loop: Adam on cross-entropy, one tqdm bar per epoch, test accuracy after each epoch."""
import time

try:
    from tqdm import tqdm
except ImportError:  # tqdm comes with the demo extra; without it, no bars
    def tqdm(iterable, **_):
        return iterable


def evaluate(lib, model, loader):
    """(mean loss, accuracy) over a loader, without recording a graph."""
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with lib.no_grad():
        for images, labels in loader:
            scores = model(images)
            total_loss += lib.nn.functional.cross_entropy(scores, labels, reduction="sum").item()
            correct += (scores.argmax(dim=1) == labels).sum().item()
            count += len(labels)
    model.train()
    return total_loss / count, correct / count


def train(lib, model, train_loader, test_loader, epochs, lr=2e-3, progress=True):
    """Train in place; returns one record per epoch: losses, accuracies and the seconds it took."""
    optimizer = lib.optim.Adam(model.parameters(), lr=lr)
    scheduler = lib.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    history = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        seen, loss_sum, correct = 0, 0.0, 0
        bar = tqdm(train_loader, desc="epoch %d/%d" % (epoch, epochs), unit="batch", leave=False,
                   disable=not progress)
        for images, labels in bar:
            scores = model(images)
            loss = lib.nn.functional.cross_entropy(scores, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            seen += len(labels)
            loss_sum += loss.item() * len(labels)
            correct += (scores.argmax(dim=1) == labels).sum().item()
            if hasattr(bar, "set_postfix"):
                bar.set_postfix(loss="%.3f" % loss.item())
        scheduler.step()
        seconds = time.perf_counter() - start
        test_loss, test_acc = evaluate(lib, model, test_loader)
        history.append({"epoch": epoch, "train_loss": loss_sum / seen, "train_acc": correct / seen,
                        "test_loss": test_loss, "test_acc": test_acc, "seconds": seconds})
        if progress:
            print("epoch %2d/%d  train loss %.4f  train acc %5.1f%%  test loss %.4f  test acc %5.1f%%  (%.1fs)"
                  % (epoch, epochs, loss_sum / seen, 100 * correct / seen, test_loss, 100 * test_acc, seconds))
    return history
