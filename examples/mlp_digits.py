"""A multilayer perceptron on handwritten digits: nn.Module, DataLoader, an optimizer, train and evaluate.

scikit-learn ships 1,797 8x8 images of the digits 0-9 (nothing to download). Each image becomes a vector of 64
pixels; a two-layer network maps it to 10 scores, and cross-entropy trains the score of the right digit up.

    python examples/mlp_digits.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import minitorch as torch
from minitorch import nn
from minitorch.utils.data import DataLoader, TensorDataset


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(64, 128)   # its weight and bias are Parameters: model.parameters() finds them
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


def accuracy(model, loader):
    model.eval()                           # no dropout/batch-norm here, but the habit matters
    correct = 0
    with torch.no_grad():                  # evaluation needs no graph
        for x, y in loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
    model.train()
    return correct / len(loader.dataset)


def main(fast=False):
    torch.manual_seed(0)
    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(digits.data / 16.0, digits.target, test_size=0.2,
                                                        random_state=0)
    train = TensorDataset(torch.tensor(x_train, dtype=torch.float32), torch.tensor(y_train))
    test = TensorDataset(torch.tensor(x_test, dtype=torch.float32), torch.tensor(y_test))
    train_loader = DataLoader(train, batch_size=32, shuffle=True)   # a new random order every epoch
    test_loader = DataLoader(test, batch_size=256)

    model = MLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(5 if fast else 20):
        for x, y in train_loader:
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()          # gradients accumulate: clear last step's
            loss.backward()
            optimizer.step()               # p -= lr * (Adam's step) for every parameter
        if epoch % 5 == 4 or fast:
            print("epoch %2d  last batch loss %.4f  test accuracy %.1f%%"
                  % (epoch + 1, loss.item(), 100 * accuracy(model, test_loader)))
    test_acc = accuracy(model, test_loader)
    print("test accuracy %.1f%%" % (100 * test_acc))
    assert test_acc > (0.9 if fast else 0.95)
    return {"test_acc": test_acc}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
