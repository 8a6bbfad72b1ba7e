# NumPy's side of `scripts/bench data`: reads the same IDX gz files the way Keras'
# fashion_mnist.load_data() does (gzip + np.frombuffer) and prints the best of three loads.
import gzip, os, sys, time
import numpy as np

directory = sys.argv[1]
names = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
best = None
for _ in range(3):
    start = time.perf_counter()
    arrays = []
    for name in names:
        with gzip.open(os.path.join(directory, name), "rb") as f:
            offset = 8 if "labels" in name else 16
            data = np.frombuffer(f.read(), np.uint8, offset=offset)
        arrays.append(data if "labels" in name else data.reshape(-1, 28, 28))
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
assert arrays[1].shape == (60000, 28, 28) and arrays[3].shape == (10000, 28, 28)
print(best)
