# PyTorch peers of the kscript training workloads (scripts/bench train --torch PYTHON): the same
# data, models, batch sizes and optimizer, written as an ordinary PyTorch loop (shuffled index
# batches of tensors already in memory, loss and accuracy tracked per step as Keras does).
import gzip
import os
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(2)


def fashion_mnist():
    for root in (os.path.expanduser('~/.keras/datasets/fashion-mnist'), '/usr/share/datasets/fashion-mnist'):
        if os.path.exists(os.path.join(root, 'train-images-idx3-ubyte.gz')):
            break

    def read(name, offset):
        with gzip.open(os.path.join(root, name)) as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)

    x_train = read('train-images-idx3-ubyte.gz', 16).reshape(-1, 784).astype('float32') / 255.0
    y_train = read('train-labels-idx1-ubyte.gz', 8).astype('int64')
    x_test = read('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 784).astype('float32') / 255.0
    y_test = read('t10k-labels-idx1-ubyte.gz', 8).astype('int64')
    return torch.from_numpy(x_train), torch.from_numpy(y_train), torch.from_numpy(x_test), torch.from_numpy(y_test)


def chapter_mlp():
    return nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))


def train_epochs(model, inputs, y, batch_size, epochs, loss_fn, accuracy):
    """Trains with Adam; returns the seconds of each epoch."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    count = len(y)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(count)
        total_loss, correct = 0.0, 0
        for first in range(0, count, batch_size):
            idx = order[first:first + batch_size]
            batch = [t[idx] for t in inputs]
            out = model(*batch)
            loss = loss_fn(out, y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                total_loss += loss.item()
                correct += accuracy(out, y[idx])
        times.append(time.perf_counter() - start)
    return times


def steady(times):
    """The median of the epochs after the first (which includes warm-up)."""
    later = sorted(times[1:])
    return later[len(later) // 2]


# The time of a training workload is the median of the epochs after the first.
EPOCHS = 6


def class_accuracy(out, y):
    return int((out.argmax(1) == y).sum())
