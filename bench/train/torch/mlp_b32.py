from torch_common import fashion_mnist, chapter_mlp, train_epochs, class_accuracy, steady, EPOCHS
from torch import nn
x, y, _, _ = fashion_mnist()
print(steady(train_epochs(chapter_mlp(), [x], y, 32, EPOCHS, nn.CrossEntropyLoss(), class_accuracy)))
