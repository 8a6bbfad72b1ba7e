from torch_common import fashion_mnist, chapter_mlp, train_epochs, class_accuracy
from torch import nn
x, y, _, _ = fashion_mnist()
print(train_epochs(chapter_mlp(), [x], y, 32, 2, nn.CrossEntropyLoss(), class_accuracy)[1])
