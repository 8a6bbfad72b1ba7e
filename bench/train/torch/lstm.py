import numpy as np
import torch
from torch import nn
from torch_common import train_epochs, steady, EPOCHS

rng = np.random.RandomState(0)
a = torch.from_numpy(rng.randint(0, 1000, size=(10000, 10)))
b = torch.from_numpy(rng.randint(0, 1000, size=(10000, 10)))
labels = torch.from_numpy(rng.randint(0, 2, size=(10000, 1)).astype('float32'))


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Embedding(1000, 64)
        self.lstm_a = nn.LSTM(64, 32, batch_first=True)
        self.lstm_b = nn.LSTM(64, 32, batch_first=True)
        self.out = nn.Linear(64, 1)

    def forward(self, a, b):
        _, (ha, _) = self.lstm_a(self.shared(a))
        _, (hb, _) = self.lstm_b(self.shared(b))
        return torch.sigmoid(self.out(torch.cat([ha[-1], hb[-1]], dim=1)))


def binary_accuracy(out, y):
    return int(((out > 0.5).float() == y).sum())


print(steady(train_epochs(TwoTower(), [a, b], labels, 32, EPOCHS, nn.BCELoss(), binary_accuracy)))
