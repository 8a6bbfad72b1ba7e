#!/usr/bin/env python3
"""Expected str()/repr() of NumPy 1.23.5 arrays and scalars and of TensorFlow 2.12 eager tensors
for FormattingNumPyTests. Run with the project's reference venv (never NumPy 2.x, which prints
scalars differently):

    /work/venv-tf/bin/python Tests/KTensorTests/Fixtures/format/generate_numpy_print.py

Writes numpy_print.jsonl next to this script; one JSON object a line:
  {"dtype": name, "shape": [...], "values": "<hex words joined by spaces>", "transpose": bool,
   "options": {set_printoptions keywords}, "str": ..., "repr": ..., "tf_str": ..., "tf_repr": ...}
values hold the C-order elements of the array before any transpose: floats as IEEE bit patterns
(8 hex digits for float32, 16 for float64), ints and bools as decimal. With "transpose" the
expected texts are those of a.T (a strided view). tf_* are absent when options are not default.
Scalar cases: {"scalar": name, "value": bits or decimal, "repr": ..., "str": ...}.
"""
import json, os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
assert np.__version__ == "1.23.5", np.__version__
import tensorflow as tf

rng = np.random.default_rng(1234)
cases = []

def encode(a):
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype == np.float32:
        return " ".join("%08x" % v for v in flat.view(np.uint32))
    if a.dtype == np.float64:
        return " ".join("%016x" % v for v in flat.view(np.uint64))
    return " ".join(str(int(v)) for v in flat)

def add(a, options=None, transpose=False):
    a = np.asarray(a)
    shown = a.T if transpose else a
    case = {"dtype": a.dtype.name, "shape": list(a.shape), "values": encode(a), "transpose": transpose}
    if options:
        case["options"] = options
        with np.printoptions(**options):
            case["str"], case["repr"] = str(shown), repr(shown)
    else:
        case["str"], case["repr"] = str(shown), repr(shown)
        t = tf.constant(shown)
        case["tf_str"], case["tf_repr"] = str(t), repr(t)
    cases.append(case)

float_dtypes = [np.float32, np.float64]
int_dtypes = [np.uint8, np.int32, np.int64]

# Hand-picked arrays.
specials = [
    [1.0, 2.0], [1.0, 0.5], [0.1, 0.25], [1e-5, 1.0], [1e-4, 1.0], [0.0001, 0.1], [1e8, 1.0], [99999999.0, 1.0],
    [1000.0, 1.0], [1000.1, 1.0], [1001.0, 1.0], [np.nan, 1.5, -np.inf], [np.nan, np.inf], [np.nan], [-np.inf],
    [-0.0, 0.0], [0.0], [0.0, 0.0], [1e100, 1.0], [1e-100, 1.0], [5e-324, 1.0], [1.7976931348623157e308, -1.0],
    [3.4028234663852886e38, 1.0], [1.401298464324817e-45, 1.0], [123456789.0], [12345678.9, 0.1],
    [0.1 + 0.2, 1 / 3, 2 / 3], [1 / 3], [-1 / 3, 2.5], [1.5, -2.25, 3.125], [2.675, 1.005], [0.5, 1.5, 2.5, 3.5],
    [1e-9, -1e-9, 0.0], [123.456, -0.001], [1.0, 10.0, 100.0, 1000.0, 10000.0], [1e16, 1e-16], [-1e16],
    [0.00012345678901234, 1.0], [1.23456789012345e-7], [9.999999999e-5], [np.nan, -1e-5, 1e5],
]
for values in specials:
    for dtype in float_dtypes:
        with np.errstate(over="ignore"):
            add(np.array(values, dtype=dtype))

add(np.arange(30, dtype=np.float32) / 7)
add(np.arange(30, dtype=np.float64) / 7)
add(np.arange(24).reshape(2, 3, 4))
add(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 3)
add(np.arange(48).reshape(2, 2, 3, 4))
add(np.arange(120).reshape(2, 3, 4, 5) - 60)
add(np.zeros((0, 3), dtype=np.float32)); add(np.zeros((3, 0))); add(np.zeros((0,))); add(np.zeros((0,), dtype=np.float32))
add(np.zeros((2, 0, 3), dtype=np.int32)); add(np.zeros((0,), dtype=bool)); add(np.zeros((0,), dtype=np.uint8))
add(np.zeros((0, 0), dtype=np.int64))
for dtype in float_dtypes + int_dtypes + [bool]:
    add(np.array(1, dtype=dtype)); add(np.array(0, dtype=dtype)); add(np.ones((1, 1, 1), dtype=dtype))
add(np.array(1.5)); add(np.array(0.123456789012)); add(np.array(np.float32(0.1))); add(np.array(-0.0))
add(np.array(np.nan)); add(np.array(-np.inf, dtype=np.float32)); add(np.array(1e-5)); add(np.array(1e20, dtype=np.float32))
add(np.array([True, False])); add(np.array([[True], [False]])); add(np.array([True] * 40)); add(np.array([False] * 3))
add(np.array([0, 255, 7], dtype=np.uint8)); add(np.array([-2**63, 2**63 - 1])); add(np.array([-2**31, 2**31 - 1], dtype=np.int32))
add(np.array([9, 2, 1])); add(np.array([[1, -1], [10, -100]])); add(np.arange(100)); add(np.arange(100, dtype=np.int32) * 1000)
add(np.arange(1000)); add(np.arange(1001)); add(np.arange(2000, dtype=np.float32).reshape(40, 50))
add(np.arange(3000, dtype=np.float64).reshape(3, 1000) / 1000); add(np.arange(1200).reshape(10, 10, 12))
add(np.arange(2 * 3 * 4 * 50).reshape(2, 3, 4, 50)); add(np.ones((6, 7, 8, 9), dtype=np.uint8))
add(np.arange(5000, dtype=np.float32).reshape(5, 10, 100) * np.float32(1.5))
add((np.arange(256, dtype=np.uint8).reshape(16, 16)))
add(np.linspace(0, 1, 11)); add(np.linspace(-1, 1, 7, dtype=np.float32)); add(np.eye(4)); add(np.eye(3, dtype=np.float32))
for n in [10, 12, 20, 24, 30, 50, 75]:
    add(np.arange(n) * 123456); add(rng.standard_normal(n)); add(rng.standard_normal(n).astype(np.float32))

# Strided views: the transpose of matrices and 3-d blocks.
add(np.arange(12).reshape(3, 4), transpose=True)
add(rng.standard_normal((4, 5)).astype(np.float32), transpose=True)
add(rng.standard_normal((2, 3, 4)), transpose=True)
add(np.arange(3000, dtype=np.float32).reshape(60, 50), transpose=True)

# Random arrays of every dtype, many shapes and magnitudes.
shapes = [(1,), (2,), (5,), (9,), (13,), (2, 2), (3, 5), (5, 3), (1, 9), (9, 1), (4, 4), (2, 3, 2), (3, 1, 4),
          (2, 2, 2, 2), (6, 11), (1, 40), (25,), (8, 8), (3, 3, 3)]
for i in range(900):
    shape = shapes[rng.integers(len(shapes))]
    kind = rng.integers(10)
    if kind == 9:
        # arbitrary bit patterns: every exponent, subnormals, nan and inf
        if rng.random() < 0.5:
            add(rng.integers(0, 2**32, shape, dtype=np.uint64).astype(np.uint32).view(np.float32))
        else:
            add(rng.integers(0, 2**63, shape, dtype=np.int64).view(np.float64) * rng.choice([-1, 1]))
        continue
    if kind <= 4:
        dtype = float_dtypes[rng.integers(2)]
        scale = 10.0 ** rng.integers(-12, 13)
        a = rng.standard_normal(shape) * scale
        if kind == 1:
            a = np.round(a, rng.integers(0, 4))
        if kind == 2:
            a = rng.integers(-1000, 1000, shape) / 2.0 ** rng.integers(0, 6)
        if kind == 3:
            a = a * 10.0 ** rng.integers(-3, 4, shape)
        if kind == 4:
            flat = a.reshape(-1)
            for j in range(len(flat)):
                r = rng.random()
                if r < 0.15: flat[j] = np.nan
                elif r < 0.25: flat[j] = np.inf * rng.choice([-1, 1])
                elif r < 0.3: flat[j] = -0.0
                elif r < 0.35: flat[j] = 0.0
        with np.errstate(over="ignore"):
            add(a.astype(dtype))
    elif kind <= 7:
        dtype = int_dtypes[rng.integers(3)]
        info = np.iinfo(dtype)
        high = min(int(info.max), 10 ** int(rng.integers(1, 19)))
        low = max(int(info.min), -high) if rng.random() < 0.7 else 0
        add(rng.integers(low, high, shape, dtype=np.int64, endpoint=True).astype(dtype))
    else:
        add(rng.random(shape) < 0.5)

# Print options the language maps np.set_printoptions onto.
option_sets = [
    {"precision": 3}, {"precision": 0}, {"precision": 12}, {"suppress": True}, {"floatmode": "fixed"},
    {"floatmode": "unique"}, {"floatmode": "maxprec_equal"}, {"floatmode": "fixed", "precision": 3},
    {"sign": "+"}, {"sign": " "}, {"linewidth": 40}, {"linewidth": 120}, {"threshold": 10},
    {"threshold": 10, "edgeitems": 1}, {"edgeitems": 2, "threshold": 5}, {"nanstr": "NaN", "infstr": "Infinity"},
    {"precision": 4, "suppress": True},
]
option_arrays = [np.array([1.0, 0.5, 1e-5]), np.array([1.5, np.nan, -np.inf], dtype=np.float32),
                 np.array([0.123456789, 123.456, -7.0]), np.arange(30).reshape(5, 6) / 9,
                 np.array([1e-10, 1.0, 1e10], dtype=np.float32), np.arange(25, dtype=np.int32),
                 np.array([[True, False], [False, True]]), np.array([0.1, 0.2], dtype=np.float32), np.array(2.5),
                 np.array([-0.0, 3.0])]
for options in option_sets:
    for a in option_arrays:
        add(a, options=options)
    for _ in range(8):
        shape = shapes[rng.integers(len(shapes))]
        a = rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 7, shape)
        add(a.astype(float_dtypes[rng.integers(2)]), options=options)

# NumPy scalars.
scalar_values = [0.1, 0.0, -0.0, 1.0, 1e-4, 9.99e-5, 1e-5, 1e16, 9999999999999998.0, 1e-300, 5e-324, 1.5, -2.5,
                 123456.789, np.nan, np.inf, -np.inf, 3.4028234663852886e38, 1e20, 0.3, 2 / 3, 1e15 + 0.3]
for value in scalar_values + list(rng.standard_normal(40) * 10.0 ** rng.integers(-8, 18, 40)):
    for dtype in float_dtypes:
        with np.errstate(over="ignore"):
            s = dtype(value)
        bits = "%08x" % np.array(s).view(np.uint32) if dtype == np.float32 else "%016x" % np.array(s).view(np.uint64)
        cases.append({"scalar": np.dtype(dtype).name, "value": bits, "repr": repr(s), "str": str(s)})
for value in [0, 1, -1, 255, 2**31 - 1, -2**31, 2**63 - 1, -2**63]:
    for dtype in int_dtypes:
        info = np.iinfo(dtype)
        if info.min <= value <= info.max:
            s = dtype(value)
            cases.append({"scalar": np.dtype(dtype).name, "value": str(value), "repr": repr(s), "str": str(s)})
for value in [True, False]:
    s = np.bool_(value)
    cases.append({"scalar": "bool", "value": str(int(value)), "repr": repr(s), "str": str(s)})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_print.jsonl")
with open(path, "w") as f:
    for case in cases:
        f.write(json.dumps(case) + "\n")
print(len(cases), "cases ->", path)
