"""A small convolutional network on handwritten digits: Conv2d, max pooling, and a classifier on top.

Convolutions look at 3x3 neighbourhoods with the same weights everywhere in the image, so a stroke is recognised
wherever it is; pooling keeps the strongest response in each 2x2 block and halves the resolution. Two
conv-relu-pool stages turn an 8x8 digit into 32 feature maps of 2x2, and two linear layers classify them.

    python examples/cnn_digits.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import minitorch as torch
import minitorch.nn.functional as F
from minitorch import nn
from minitorch.utils.data import DataLoader, TensorDataset


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, padding=1)    # padding=1 keeps 8x8
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(32 * 2 * 2, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):                                  # x: (batch, 1, 8, 8)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)         # (batch, 16, 4, 4)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)         # (batch, 32, 2, 2)
        x = torch.flatten(x, 1)                            # (batch, 128)
        return self.fc2(F.relu(self.fc1(x)))               # (batch, 10): one score per digit


def main(fast=False):
    torch.manual_seed(0)
    digits = load_digits()
    images = digits.images[:, None]                        # add the channel dimension: (N, 1, 8, 8)
    x_train, x_test, y_train, y_test = train_test_split(images, digits.target, test_size=0.2, random_state=0)
    mean, std = x_train.mean(), x_train.std()              # standardise with the training set's statistics:
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std   # inputs near 0 with unit spread train faster
    train_loader = DataLoader(TensorDataset(torch.tensor(x_train, dtype=torch.float32), torch.tensor(y_train)),
                              batch_size=32, shuffle=True)
    x_test, y_test = torch.tensor(x_test, dtype=torch.float32), torch.tensor(y_test)

    model = CNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    for epoch in range(3 if fast else 12):
        model.train()
        for x, y in train_loader:
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():                              # the whole test set in one batch: it is small
            test_acc = (model(x_test).argmax(dim=1) == y_test).float().mean().item()
        print("epoch %2d  last batch loss %.4f  test accuracy %.1f%%" % (epoch + 1, loss.item(), 100 * test_acc))
    assert test_acc > (0.85 if fast else 0.97)
    return {"test_acc": test_acc}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
