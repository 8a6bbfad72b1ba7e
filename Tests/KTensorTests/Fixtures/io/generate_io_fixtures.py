#!/usr/bin/env python3
"""Array-file fixtures for IOArrayFileTests, written by NumPy 1.23.5 (the reference venv):

    /work/venv-tf/bin/python Tests/KTensorTests/Fixtures/io/generate_io_fixtures.py

good/     .npy/.npz/IDX files NumPy and the gzip module write, and manifest.json describing each
          array: {"file": ..., "arrays": [{"name", "dtype", "shape", "values"}], "saved_by_np_save": bool}
          (values in C order: floats as IEEE bit patterns in hex, ints and bools in decimal).
          Files marked saved_by_np_save must be byte-identical to what kscript writes.
bad/      corrupt files; bad/manifest.json maps each to the kind of error expected
          ("malformed" or "unsupported").
"""
import gzip, io, json, os, struct, zipfile
import numpy as np
assert np.__version__ == "1.23.5", np.__version__

root = os.path.dirname(os.path.abspath(__file__))
good = os.path.join(root, "good")
bad = os.path.join(root, "bad")
os.makedirs(good, exist_ok=True)
os.makedirs(bad, exist_ok=True)
rng = np.random.default_rng(7)
manifest = []

def encode(a):
    a = np.ascontiguousarray(a)
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        width = a.dtype.itemsize
        native = flat.astype(a.dtype.newbyteorder("<"))
        view = native.view("<u%d" % width)
        return " ".join(("%0" + str(2 * width) + "x") % v for v in view)
    return " ".join(str(int(v)) for v in flat)

def describe(name, a):
    return {"name": name, "dtype": a.dtype.name, "shape": list(a.shape), "values": encode(a)}

def sample(dtype, shape):
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if np.dtype(dtype).kind == "f":
        a = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)
        flat = a.reshape(-1)
        if flat.size > 3:
            flat[:3] = [np.nan, -np.inf, -0.0]
        return a.astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, shape, dtype=np.int64, endpoint=True).astype(dtype)

dtypes = [np.float32, np.float64, np.int32, np.int64, np.uint8, np.bool_]
shapes = [(), (0,), (3,), (2, 3), (2, 0, 3), (4, 3, 2), (1, 1, 1, 1), (1000,), (20000,)]
for dtype in dtypes:
    for shape in shapes:
        if shape == (20000,) and dtype not in (np.float32, np.uint8):
            continue
        a = sample(dtype, shape)
        name = "%s_%s.npy" % (np.dtype(dtype).name, "x".join(map(str, shape)) or "scalar")
        np.save(os.path.join(good, name), a)
        manifest.append({"file": name, "arrays": [describe("", a)], "saved_by_np_save": True})

# Big-endian data, Fortran order, format versions 2.0 and 3.0.
for dtype in [">f4", ">f8", ">i4", ">i8"]:
    a = sample(np.dtype(dtype).newbyteorder("="), (3, 4)).astype(dtype)
    name = "big_endian_%s.npy" % dtype[1:]
    np.save(os.path.join(good, name), a)
    manifest.append({"file": name, "arrays": [describe("", a)], "saved_by_np_save": False})
for shape in [(3, 4), (2, 3, 4), (5,)]:
    a = np.asfortranarray(sample(np.float64, shape))
    name = "fortran_%s.npy" % "x".join(map(str, shape))
    np.save(os.path.join(good, name), a)
    manifest.append({"file": name, "arrays": [describe("", a)], "saved_by_np_save": False})
a = np.asfortranarray(sample(np.int32, (3, 5)))
np.save(os.path.join(good, "fortran_int32_3x5.npy"), a)
manifest.append({"file": "fortran_int32_3x5.npy", "arrays": [describe("", a)], "saved_by_np_save": False})
for version in [(2, 0), (3, 0)]:
    a = sample(np.float32, (2, 5))
    name = "version_%d_%d.npy" % version
    with open(os.path.join(good, name), "wb") as f:
        np.lib.format.write_array(f, a, version=version)
    manifest.append({"file": name, "arrays": [describe("", a)], "saved_by_np_save": False})
# A header as old NumPy wrote it under Python 2 (long-integer suffixes), and one with no spare room.
a = np.arange(6, dtype="<i8").reshape(2, 3)
header = b"{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 3L), }"
header += b" " * (64 - (10 + len(header) + 1) % 64) + b"\n"
with open(os.path.join(good, "python2_header.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + a.tobytes())
manifest.append({"file": "python2_header.npy", "arrays": [describe("", a)], "saved_by_np_save": False})

# .npz archives, stored and deflated.
arrays = {"x": sample(np.float32, (4, 3)), "labels": sample(np.uint8, (4,)), "mask": sample(np.bool_, (2, 2)),
          "empty": np.zeros((0, 3)), "scalar": np.array(2.5)}
np.savez(os.path.join(good, "arrays.npz"), **arrays)
np.savez_compressed(os.path.join(good, "arrays_compressed.npz"), **arrays)
np.savez(os.path.join(good, "positional.npz"), sample(np.int64, (3,)), sample(np.float64, (2, 2)))
for name in ["arrays.npz", "arrays_compressed.npz"]:
    manifest.append({"file": name, "arrays": [describe(k, v) for k, v in arrays.items()], "saved_by_np_save": False})
with np.load(os.path.join(good, "positional.npz")) as f:
    manifest.append({"file": "positional.npz", "arrays": [describe(k, f[k]) for k in f.files], "saved_by_np_save": False})
big = {"images": sample(np.uint8, (40, 28, 28)), "weights": sample(np.float32, (100, 60))}
np.savez_compressed(os.path.join(good, "big_compressed.npz"), **big)
manifest.append({"file": "big_compressed.npz", "arrays": [describe(k, v) for k, v in big.items()], "saved_by_np_save": False})

# IDX files, plain and gzip-compressed, shaped like MNIST's.
def idx_bytes(a):
    return bytes([0, 0, 8, a.ndim]) + b"".join(struct.pack(">I", n) for n in a.shape) + a.tobytes()
images = sample(np.uint8, (7, 28, 28))
labels = sample(np.uint8, (7,))
cube = sample(np.uint8, (2, 3, 4, 5))
for name, a in [("images-idx3-ubyte", images), ("labels-idx1-ubyte", labels), ("cube-idx4-ubyte", cube)]:
    with open(os.path.join(good, name), "wb") as f:
        f.write(idx_bytes(a))
    with gzip.GzipFile(os.path.join(good, name + ".gz"), "wb", mtime=0) as f:
        f.write(idx_bytes(a))
    for file in [name, name + ".gz"]:
        manifest.append({"file": file, "arrays": [describe("", a)], "saved_by_np_save": False})
with open(os.path.join(good, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)

# Corrupt files.
bad_manifest = {}
def write_bad(name, data, kind="malformed"):
    with open(os.path.join(bad, name), "wb") as f:
        f.write(data)
    bad_manifest[name] = kind

def npy_with_header(text, data=b"", version=(1, 0)):
    header = text.encode("latin1")
    header += b" " * (64 - (10 + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY" + bytes(version) + struct.pack("<H", len(header)) + header + data

good_npy = open(os.path.join(good, "float32_2x3.npy"), "rb").read()
write_bad("empty.npy", b"")
write_bad("bad_magic.npy", b"\x93NUMPX" + good_npy[6:])
write_bad("text.npy", b"this is not an array file at all\n")
write_bad("bad_version.npy", good_npy[:6] + b"\x04\x00" + good_npy[8:], "unsupported")
write_bad("header_not_dict.npy", npy_with_header("['<f4', False, (2, 3)]", bytes(24)))
write_bad("header_syntax.npy", npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", bytes(24)))
write_bad("missing_key.npy", npy_with_header("{'descr': '<f4', 'shape': (2, 3), }", bytes(24)))
write_bad("extra_key.npy", npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1, }", bytes(24)))
write_bad("negative_shape.npy", npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", bytes(24)))
write_bad("shape_not_tuple.npy", npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", bytes(24)))
write_bad("fortran_not_bool.npy", npy_with_header("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", bytes(24)))
write_bad("huge_shape.npy", npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", bytes(24)))
write_bad("float16.npy", npy_with_header("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", bytes(6)), "unsupported")
write_bad("complex.npy", npy_with_header("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", bytes(16)), "unsupported")
write_bad("structured.npy", npy_with_header("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", bytes(4)), "unsupported")
write_bad("object.npy", npy_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", bytes(8)), "unsupported")
write_bad("truncated_data.npy", good_npy[:-5])
write_bad("extra_data.npy", good_npy + b"\x00\x01")
write_bad("header_length_past_end.npy", good_npy[:8] + struct.pack("<H", 60000) + good_npy[10:])
write_bad("not_a_zip.npz", good_npy)
good_npz = open(os.path.join(good, "arrays.npz"), "rb").read()
write_bad("truncated.npz", good_npz[: len(good_npz) // 2])
corrupt = bytearray(good_npz)
data_at = corrupt.find(b"\x93NUMPY") + 140  # inside the first array's data
corrupt[data_at] ^= 0xFF
write_bad("bad_crc.npz", bytes(corrupt))
compressed_npz = bytearray(open(os.path.join(good, "arrays_compressed.npz"), "rb").read())
compressed_npz[60:80] = b"\xff" * 20
write_bad("corrupt_deflate.npz", bytes(compressed_npz))
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.writestr("notes.txt", "hello")
write_bad("non_npy_entry.npz", buffer.getvalue(), "unsupported")
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.writestr("a.npy", good_npy[:-7])
write_bad("truncated_entry.npz", buffer.getvalue())
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    z.writestr("a.npy", npy_with_header("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", bytes(6)))
write_bad("float16_entry.npz", buffer.getvalue(), "unsupported")

good_idx = idx_bytes(images)
write_bad("bad_magic-idx3-ubyte", b"\x01\x02" + good_idx[2:])
write_bad("float-idx1", bytes([0, 0, 0x0D, 1]) + struct.pack(">I", 2) + bytes(8), "unsupported")
write_bad("unknown_type-idx1", bytes([0, 0, 0x42, 1]) + struct.pack(">I", 2) + bytes(2))
write_bad("no_dims-idx", bytes([0, 0, 8, 0]))
write_bad("truncated_header-idx3-ubyte", good_idx[:9])
write_bad("truncated_data-idx3-ubyte", good_idx[:-1])
write_bad("extra_data-idx3-ubyte", good_idx + b"\x00")
write_bad("truncated-idx3-ubyte.gz", gzip.compress(good_idx, mtime=0)[:-30])
write_bad("truncated_trailer-idx3-ubyte.gz", gzip.compress(good_idx, mtime=0)[:-3])
write_bad("short_data-idx3-ubyte.gz", gzip.compress(good_idx[:-10], mtime=0))
write_bad("long_data-idx3-ubyte.gz", gzip.compress(good_idx + b"\x05", mtime=0))
flipped = bytearray(gzip.compress(good_idx, mtime=0))
flipped[len(flipped) // 2] ^= 0x55
write_bad("corrupt-idx3-ubyte.gz", bytes(flipped))
crc = bytearray(gzip.compress(good_idx, mtime=0))
crc[-6] ^= 0x01
write_bad("bad_crc-idx3-ubyte.gz", bytes(crc))
write_bad("huge_dims-idx3-ubyte.gz", gzip.compress(bytes([0, 0, 8, 3]) + struct.pack(">III", 60000, 60000, 60000) + bytes(100), mtime=0))
with open(os.path.join(bad, "manifest.json"), "w") as f:
    json.dump(bad_manifest, f, indent=1, sort_keys=True)
print(len(manifest), "good files,", len(bad_manifest), "bad files")
