"""Writes numpy_ops.json: NumPy 1.23.5 results (values and dtypes) for the engine's array ops.

Each case is {"op", "inputs": [array...], "args": {...}, "expected": array | {"error": kind}}
with arrays as {"dtype", "shape", "data"} (row-major; floats as exact doubles, NaN/inf as
strings). Run with the reference venv: /work/venv-tf/bin/python make_numpy_ops.py
"""
import json
import os
import warnings

import numpy as np

warnings.simplefilter("ignore")
assert np.__version__ == "1.23.5", np.__version__
rng = np.random.RandomState(1234)
DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]


class Generated(np.ndarray):
    """A large input stored as its formula: x[i] = ((i * 7919) % 10007 - 5003) / 7, cast to dtype."""


def generated(shape, dtype="float32"):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.int64)
    values = (((i * 7919) % 10007 - 5003) / 7.0).astype(dtype).reshape(shape)
    return values.view(Generated)


def enc(a):
    if isinstance(a, Generated):
        return {"generator": "mod7919", "dtype": str(a.dtype), "shape": list(a.shape)}
    a = np.asarray(a)
    def value(v):
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            return repr(v)
        return v
    data = [value(v.item()) for v in a.ravel()]
    if a.dtype == np.bool_:
        data = [int(v) for v in data]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data}


cases = []


def case(op, inputs, fn, **args):
    try:
        expected = enc(np.asarray(fn(*[np.asarray(i) for i in inputs])))
    except (ValueError, TypeError, IndexError, np.AxisError) as e:
        expected = {"error": type(e).__name__}
    cases.append({"op": op, "inputs": [enc(i) for i in inputs], "args": args, "expected": expected})


def sample(dtype, shape, low=-6, high=6):
    if dtype == "bool":
        return rng.rand(*shape) > 0.5
    if dtype == "uint8":
        return rng.randint(0, 12, size=shape).astype(np.uint8)
    if dtype in ("int32", "int64"):
        return rng.randint(low, high, size=shape).astype(dtype)
    return (rng.rand(*shape) * (high - low) + low).astype(dtype)


# Binary arithmetic: every dtype pair (promotion), broadcasting (3,4) with (4,).
binary = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.true_divide,
    "floor_divide": np.floor_divide, "remainder": np.remainder, "maximum": np.maximum, "minimum": np.minimum,
}
for a_type in DTYPES:
    for b_type in DTYPES:
        a = sample(a_type, (3, 4))
        b = sample(b_type, (4,))
        if b_type not in ("bool",):
            b[1] = 0  # division by zero semantics
        for name, fn in binary.items():
            if name == "subtract" and a_type == "bool" and b_type == "bool":
                continue
            if name in ("floor_divide", "remainder") and "bool" in (a_type, b_type):
                continue
            case(name, [a, b], fn)

# Python sign semantics of // and % on negative operands, ints and floats.
for dtype in ["int32", "int64", "float32", "float64"]:
    a = np.array([7, -7, 7, -7, 0, 5, -5, 3], dtype=dtype)
    b = np.array([2, 2, -2, -2, 3, 0, 0, -1], dtype=dtype)
    case("floor_divide", [a, b], np.floor_divide)
    case("remainder", [a, b], np.remainder)
case("power", [np.array([2, 3, -2, 5], "int64"), np.array([3, 0, 3, 2], "int64")], np.power)
case("power", [np.array([2.0, 0.5, 4.0], "float32"), np.array([0.5, -2.0, 1.5], "float32")], np.power)
case("power", [np.array([2, 3], "int32"), np.array([-1, 2], "int32")], np.power)

# Comparisons with promotion and NaN.
for name, fn in {"equal": np.equal, "not_equal": np.not_equal, "less": np.less, "less_equal": np.less_equal,
                 "greater": np.greater, "greater_equal": np.greater_equal}.items():
    case(name, [np.array([1.0, np.nan, 3.0, -1.0], "float32"), np.array([1, 2, 2, 0], "int32")], fn)
    case(name, [np.array([[1, 5], [3, 3]], "uint8"), np.array([3], "int64")], fn)

# Unary math.
x32 = np.array([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.1, -0.7, 3.7], "float32")
x64 = x32.astype("float64") * 1.3
for name, fn in {"floor": np.floor, "ceil": np.ceil, "round": np.round, "abs": np.abs, "negative": np.negative,
                 "sign": np.sign, "square": np.square}.items():
    case(name, [x32], fn)
    case(name, [x64], fn)
for name, fn in {"abs": np.abs, "negative": np.negative, "sign": np.sign, "square": np.square}.items():
    case(name, [np.array([-3, 0, 4, -128], "int32")], fn)
pos = np.array([0.5, 1.0, 2.0, 10.0, 1e-3], "float64")
for name, fn in {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "tanh": np.tanh, "expm1": np.expm1, "log1p": np.log1p}.items():
    case(name, [pos], fn)
    case(name, [np.array([1, 2, 3], "int32")], fn)
case("round_decimals", [np.array([1.2345, -2.5551, 0.125, 1234.5], "float64")], lambda a: np.round(a, 2), decimals=2)
case("round_decimals", [np.array([1250, -1350, 77], "int64")], lambda a: np.round(a, -2), decimals=-2)
case("isnan", [np.array([1.0, np.nan, np.inf], "float32")], np.isnan)
case("isfinite", [np.array([1.0, np.nan, -np.inf], "float64")], np.isfinite)
case("clip", [np.array([-2.0, 0.3, 5.0], "float32")], lambda a: np.clip(a, -1, 1), low=-1, high=1)

# Casting.
special = np.array([1.9, -1.9, 300.7, -1.0, np.nan, np.inf, 3e9, -3e10, 0.0], "float64")
for dtype in ["bool", "uint8", "int32", "int64", "float32"]:
    case("cast", [special], lambda a, d=dtype: a.astype(d), dtype=dtype)
case("cast", [np.array([300, -1, 70000, -2147483649], "int64")], lambda a: a.astype("uint8"), dtype="uint8")
case("cast", [np.array([300, -1, 70000, 2147483648], "int64")], lambda a: a.astype("int32"), dtype="int32")

# Reductions: float32 pairwise sums bit for bit, integer result types, axes.
for n in [5, 17, 100, 1000, 9000, 20000]:
    a = generated((n,))
    case("sum", [a], np.sum)
    case("mean", [a], np.mean)
for shape, axis in [((7, 300), 1), ((7, 300), 0), ((3, 50, 40), 1), ((3, 50, 40), (1, 2)), ((3, 50, 40), (0, 2)),
                    ((2, 9000), 1), ((4, 6), None), ((4, 1, 6), (0, 1))]:
    a = generated(shape)
    args = {} if axis is None else {"axes": list(axis) if isinstance(axis, tuple) else [axis]}
    case("sum", [a], lambda x, ax=axis: np.sum(x, axis=ax), **args)
    case("mean", [a], lambda x, ax=axis: np.mean(x, axis=ax), **args)
    case("var", [a], lambda x, ax=axis: np.var(x, axis=ax), **args)
    case("std", [a], lambda x, ax=axis: np.std(x, axis=ax, ddof=1), ddof=1, **args)
    case("max", [a], lambda x, ax=axis: np.max(x, axis=ax), **args)
    case("min", [a], lambda x, ax=axis: np.min(x, axis=ax), **args)
# Reductions of views: NumPy walks transposed and flipped inputs in memory order.
for axis in [None, 0, 1]:
    a = generated((40, 300))
    args = {} if axis is None else {"axes": [axis]}
    case("sum_T", [a], lambda x, ax=axis: np.sum(x.T, axis=ax), **args)
    case("mean_T", [a], lambda x, ax=axis: np.mean(x.T, axis=ax), **args)
    case("sum_flip", [a], lambda x, ax=axis: np.sum(np.flip(x, 1), axis=ax), **args)
    case("sum_step", [a], lambda x, ax=axis: np.sum(x[::2, ::3], axis=ax), **args)
for dtype in DTYPES:
    a = sample(dtype, (4, 5))
    case("sum", [a], np.sum)
    case("sum", [a], lambda x: np.sum(x, axis=0, keepdims=True), axes=[0], keepdims=True)
    case("mean", [a], lambda x: np.mean(x, axis=1), axes=[1])
    case("prod", [a], lambda x: np.prod(x, axis=1), axes=[1])
    case("var", [a], np.var)
    case("cumsum", [a], lambda x: np.cumsum(x, axis=1), axis=1)
    case("cumsum", [a], np.cumsum)
    case("cumprod", [a], lambda x: np.cumprod(x, axis=0), axis=0)
    case("any", [a], lambda x: np.any(x, axis=1), axes=[1])
    case("all", [a], lambda x: np.all(x, axis=0), axes=[0])
    case("max", [a], lambda x: np.max(x, axis=1), axes=[1])
    case("argmax", [a], lambda x: np.argmax(x, axis=1), axis=1)
    case("argmin", [a], lambda x: np.argmin(x, axis=0), axis=0)
    case("argmax", [a], np.argmax)
big = generated((20000,), "int64")
case("mean", [big], np.mean)
case("argmax", [np.array([1.0, 3.0, np.nan, 3.0, np.nan])], np.argmax)
case("argmax", [np.array([[1, 4, 4], [7, 7, 2]], "int32")], lambda x: np.argmax(x, axis=1), axis=1)
case("max", [np.array([1.0, np.nan, 3.0], "float32")], np.max)
case("max", [np.zeros((0,), "float32")], np.max)
case("mean", [np.zeros((0,), "float32")], np.mean)
case("sum", [np.zeros((2, 0), "float32")], lambda x: np.sum(x, axis=1), axes=[1])

# Matrix products.
case("matmul", [sample("float64", (2, 3, 4)), sample("float64", (4, 5))], np.matmul)
case("matmul", [sample("int32", (3, 4)), sample("int64", (4, 2))], np.matmul)
case("matmul", [sample("float32", (4,)), sample("float32", (2, 4, 3))], np.matmul)
case("matmul", [sample("float32", (2, 1, 3, 4)), sample("float32", (5, 4))], np.matmul)
case("matmul", [sample("float64", (3, 4)), sample("float64", (5, 2))], np.matmul)
case("dot", [sample("float64", (2, 3, 4)), sample("float64", (5, 4, 2))], np.dot)
case("dot", [sample("int64", (4,)), sample("int64", (4,))], np.dot)
case("outer", [sample("float32", (3,)), sample("int32", (2,))], np.outer)

# Shape ops.
t = np.arange(24).reshape(2, 3, 4).astype("int32")
case("reshape", [t], lambda x: x.reshape(4, -1), shape=[4, -1])
case("reshape", [t], lambda x: x.reshape(5, -1), shape=[5, -1])
case("transpose", [t], lambda x: np.transpose(x, (2, 0, 1)), axes=[2, 0, 1])
case("tile", [t[0]], lambda x: np.tile(x, (2, 1, 2)), reps=[2, 1, 2])
case("repeat", [t], lambda x: np.repeat(x, 2, axis=1), repeats=[2], axis=1)
case("repeat", [t[0]], lambda x: np.repeat(x, [1, 0, 2], axis=0), repeats=[1, 0, 2], axis=0)
case("repeat", [t[0]], lambda x: np.repeat(x, 2), repeats=[2])
case("flip", [t], lambda x: np.flip(x, axis=(0, 2)), axes=[0, 2])
case("pad", [t[0]], lambda x: np.pad(x, ((1, 0), (2, 1)), constant_values=9), padding=[[1, 0], [2, 1]], value=9)
case("concatenate", [t, t[:, :1]], lambda a, b: np.concatenate([a, b], axis=1), axis=1)
case("concatenate", [t, t[:1, :2]], lambda a, b: np.concatenate([a, b], axis=1), axis=1)
case("stack", [t[0], t[1].astype("float32")], lambda a, b: np.stack([a, b], axis=-1), axis=-1)
case("split_sections", [t], lambda x: np.split(x, 2, axis=2)[1], sections=2, axis=2, part=1)
case("split_indices", [t], lambda x: np.split(x, [1, 5], axis=2)[1], indices=[1, 5], axis=2, part=1)
case("squeeze", [t[:, :1, :1]], np.squeeze)
case("expand_dims", [t], lambda x: np.expand_dims(x, -2), axis=-2)
case("broadcast_to", [t[0, :, :1]], lambda x: np.broadcast_to(x, (2, 3, 4)), shape=[2, 3, 4])

# Basic indexing.
m = np.arange(30).reshape(5, 6).astype("float64")
for spec in [[[1, None, 2], [None, None, -1]], [[-1, -6, -2], [4, 0, -3]], [[10, None, None], [None, 2, None]], [[None, None, -1], 3]]:
    def index(x, spec=spec):
        return x[tuple(slice(*s) if isinstance(s, list) else s for s in spec)]
    case("basic_index", [m], index, spec=spec)

# Sorting and searching (stable order, NaN last).
keys = np.array([3, 1, 2, 3, 1, 0, 2, 3], "int32")
fkeys = np.array([0.5, np.nan, -1.0, 0.5, 2.0, -1.0, np.nan, 0.0], "float64")
for arr in [keys, fkeys, sample("float32", (3, 5))]:
    case("argsort", [arr], lambda x: np.argsort(x, kind="stable"), axis=-1)
    case("sort", [arr], lambda x: np.sort(x), axis=-1)
    case("unique_values", [arr], lambda x: np.unique(x))
    case("unique_index", [arr], lambda x: np.unique(x, return_index=True)[1])
    case("unique_inverse", [arr], lambda x: np.unique(x, return_inverse=True)[1])
    case("unique_counts", [arr], lambda x: np.unique(x, return_counts=True)[1])
m2 = sample("int64", (3, 4))
case("argsort", [m2], lambda x: np.argsort(x, axis=0, kind="stable"), axis=0)
case("sort", [m2], lambda x: np.sort(x, axis=None), axis=None)
case("argsort", [m2], lambda x: np.argsort(x, axis=None, kind="stable"), axis=None)
case("bincount", [np.array([0, 4, 1, 1, 4, 4], "int64")], np.bincount)
case("bincount", [np.array([2, 0], "int32")], lambda x: np.bincount(x, minlength=5), minlength=5)
case("bincount", [np.array([1, 1, 3], "int64"), np.array([0.5, 0.25, 2.0])], lambda x, w: np.bincount(x, weights=w))
case("bincount", [np.array([1, -1], "int64")], np.bincount)
sorted_keys = np.array([1.0, 2.0, 2.0, 3.0, 5.0])
queries = np.array([[0.0, 2.0], [2.5, 9.0]])
case("searchsorted", [sorted_keys, queries], lambda a, v: np.searchsorted(a, v), side="left")
case("searchsorted", [sorted_keys, queries], lambda a, v: np.searchsorted(a, v, side="right"), side="right")
nz = np.array([[0, 3, 0], [2, 0, 1]], "int32")
case("nonzero", [nz], lambda x: np.nonzero(x)[0], part=0)
case("nonzero", [nz], lambda x: np.nonzero(x)[1], part=1)

# Gather, masks and assignment.
g = np.arange(20).reshape(4, 5).astype("float32")
case("take", [g, np.array([3, -1, 0, 3])], lambda x, i: np.take(x, i, axis=1), axis=1)
case("take", [g, np.array([[1, 2], [0, 0]])], lambda x, i: np.take(x, i, axis=0), axis=0)
case("take", [g, np.array([7, 19])], lambda x, i: np.take(x, i))
case("take", [g, np.array([4])], lambda x, i: np.take(x, i, axis=0), axis=0)
case("mask", [g, g > 6.5], lambda x, mk: x[mk])
case("mask", [g, np.array([True, False, True, False])], lambda x, mk: x[mk])
case("where", [g > 9, g, np.array([-1], "int64")], np.where)
def set_basic(x, v):
    y = x.copy(); y[1:, ::-2] = v; return y
case("set_basic", [g, np.array([10, 20, 30], "int64")], set_basic, spec=[[1, None, None], [None, None, -2]])
def set_index(x, v):
    y = x.copy(); y[-1] = v; return y
case("set_basic", [g, np.array(7.5)], set_index, spec=[-1])
def set_take(x, i, v):
    y = x.copy(); y[:, i] = v; return y
case("set_take", [g, np.array([0, 2, 0]), np.array([[1.0], [2.0], [3.0], [4.0]])], set_take, axis=1)
def set_mask(x, mk, v):
    y = x.copy(); y[mk] = v; return y
case("set_mask", [g, g % 3 == 0, np.array(-5.0)], set_mask)
case("set_mask", [g, np.array([False, True, True, False]), np.array([9, 8, 7, 6, 5], "int64")], set_mask)

# Creation.
case("arange", [], lambda: np.arange(0.1, 1.0, 0.1, dtype="float32"), start=0.1, stop=1.0, step=0.1, dtype="float32")
case("arange", [], lambda: np.arange(-3, 10, 4), start=-3, stop=10, step=4, dtype="int64")
case("arange", [], lambda: np.arange(0.0, 2.0, 0.3), start=0.0, stop=2.0, step=0.3, dtype="float64")
case("linspace", [], lambda: np.linspace(-1, 2, 7), start=-1, stop=2, num=7, endpoint=True)
case("linspace", [], lambda: np.linspace(0, 1, 5, endpoint=False), start=0, stop=1, num=5, endpoint=False)
case("eye", [], lambda: np.eye(3, 4, k=1), n=3, m=4, k=1)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_ops.json"), "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases")
