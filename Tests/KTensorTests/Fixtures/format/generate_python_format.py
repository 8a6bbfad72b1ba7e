#!/usr/bin/env python3
"""Expected outputs of CPython 3.11 float repr, format() and %-formatting for
FormattingPythonTests. Run with the system python3 (CPython 3.11):

    python3 Tests/KTensorTests/Fixtures/format/generate_python_format.py

Writes python_format.jsonl next to this script. Each line is a JSON array:
  ["repr", "<float64 bits as hex>", expected]
  ["float", "<bits>", spec, expected]            (format(x, spec))
  ["int", "<decimal int>", spec, expected]
  ["str", value, spec, expected]
  ["percent", template, [args], expected]        (template % args; args already matched:
                                                   ["int", "n"], ["float", "<bits>"], ["text", s])
where expected is a string or {"error": ExceptionName, "message": text}.
"""
import json, math, os, random, struct, sys

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"
rng = random.Random(20240611)
out = []

def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]

def run(f):
    try:
        return f()
    except Exception as e:  # noqa: BLE001 - every error is part of the expectation
        return {"error": type(e).__name__, "message": str(e)}

def random_double():
    kind = rng.random()
    if kind < 0.3:
        return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if kind < 0.5:
        return rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)
    if kind < 0.7:
        return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
    if kind < 0.8:
        # exact binary halfway cases for rounding
        return rng.randint(-10**6, 10**6) / 2 ** rng.randint(1, 12)
    if kind < 0.9:
        return float(rng.randint(-10**18, 10**18)) * 10 ** rng.randint(-5, 5)
    return rng.choice([1, -1]) * 2.0 ** rng.randint(-1074, 1023)

special = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.5, 2.675, 0.125, 0.375, 1e-7, 1e-5, 1e-4, 0.0001,
           0.00012345, 9.9999e-5, 1e15, 1e16, 1e17, 9.999999999999999e15, 123456.789, 1e22, 1e23,
           5e-324, 1e-323, 2.2250738585072014e-308, 2.2250738585072009e-308, 1.7976931348623157e308,
           0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100.0, 1234.5678, 1234567.0, 0.05, 0.15, 0.25, 0.35, 0.45,
           999.9999, 9.5, 99.5, 0.95, 0.995, 1e100, 1e-100, 123456789012345678.0, 2.0 ** 53, 2.0 ** 63,
           math.pi, math.e, -math.pi * 1e10, float("nan"), float("inf"), float("-inf"), 1e300, 7e-10]
values = special + [random_double() for _ in range(600)]

# 1. repr of many doubles.
for x in special + [random_double() for _ in range(6000)]:
    out.append(["repr", bits(x), repr(x)])

# 2. format(float, spec).
aligns = ["", "", "<", ">", "^", "=", "*<", "*>", "0=", "x^", "0<", " >"]
signs = ["", "", "+", "-", " "]
types = ["", "e", "E", "f", "F", "g", "G", "n", "%", "", "f", "g", "e"]
precisions = ["", "", ".0", ".1", ".2", ".3", ".6", ".10", ".17", ".25"]
widths = ["", "", "1", "8", "12", "20", "30"]

def random_spec(type_choices):
    return (rng.choice(aligns) + rng.choice(signs) + ("z" if rng.random() < 0.1 else "") +
            ("#" if rng.random() < 0.15 else "") + ("0" if rng.random() < 0.2 else "") +
            rng.choice(widths) + rng.choice(["", "", "", ",", "_"]) + rng.choice(precisions) +
            rng.choice(type_choices))

float_specs = ["", "e", "f", "g", "%", ".2f", ".0f", ".1f", ".3e", ".2%", ",", ",.2f", "_.3f", "08.3f",
               "+.4g", "10", "<10", "^10.3", "=+12.2f", "z.1f", "#", "#.0f", "#.3g", "#g", ".0", ".1", ".2",
               ".3", ".16", ".17", "G", "E", "F", ".30f", ".60f", ".0e", "0=12,.1f", "020,.3e", "010",
               "+010.2f", "n", ".5n", "d", "x", "c", "s", "b", ".2fx", ",,", ",_", "_,", ".", "\x01",
               "99999999999999999999", ".99999999999999999999f", "z", "-", "=10", ",g", "_%", ",n", "_n"]
for x in values:
    for spec in float_specs[:20] if x not in special else float_specs:
        out.append(["float", bits(x), spec, run(lambda: format(x, spec))])
    for _ in range(12):
        spec = random_spec(types)
        out.append(["float", bits(x), spec, run(lambda: format(x, spec))])

# 3. format(int, spec).
ints = [0, 1, -1, 7, -7, 10, 65, 255, -255, 1000, 1234, -1234, 99999, 1234567, -1234567, 10**18,
        2**31, 2**32, 2**53 + 1, 2**63 - 1, -2**63, 0x10ffff, 0x110000, 97, 9]
ints += [rng.randint(-10**rng.randint(1, 18), 10**rng.randint(1, 18)) for _ in range(250)]
int_types = ["", "d", "b", "o", "x", "X", "n", "c", "e", "f", "g", "%", "E", "G", "F", "", "d", "x"]
int_specs = ["", "d", "b", "o", "x", "X", "#b", "#o", "#x", "#X", "c", "n", ",", "_", "_x", "#_b", "#010_b",
             "08,d", "0=8,d", "09,", "+d", " d", "-d", "+,", "x<10", "*^11", "=10", "010", "010x", "#010x",
             "e", ".2e", "f", ".2f", "%", ".1%", "g", ",.2f", ".3", ".2d", "z", "zd", "+c", "#c", "05c",
             ",x", "_c", ",c", ",n", "s", "r", "\x01", "10c", "<5c", "_o", "_X", ",b"]
for n in ints:
    for spec in int_specs:
        out.append(["int", str(n), spec, run(lambda: format(n, spec))])
    for _ in range(10):
        spec = (rng.choice(aligns) + rng.choice(signs) + ("#" if rng.random() < 0.2 else "") +
                ("0" if rng.random() < 0.25 else "") + rng.choice(widths) + rng.choice(["", "", ",", "_"]) +
                (rng.choice(precisions) if rng.random() < 0.2 else "") + rng.choice(int_types))
        out.append(["int", str(n), spec, run(lambda: format(n, spec))])

# 4. format(str, spec).
strings = ["", "a", "abc", "hello world", "ünïcödé", "日本語", "tab\there", "x" * 40, "🙂ok"]
str_specs = ["", "s", "5", "<5", ">5", "^5", "^6", "*^9", "05", "0>5", ".2", "10.3", "<.0", ">1",
             "=5", "+", " ", "-", "z", "#", "d", ",", "_", "x", ".", "\x01", "é^7", "2.5s", "abc"]
for s in strings:
    for spec in str_specs:
        out.append(["str", s, spec, run(lambda: format(s, spec))])

# 5. printf-style formatting. Each case: template and Python arguments; the fixture records the
# arguments the way kscript's caller passes them (str()/repr()/ascii() already applied for s/r/a,
# '*' values as ints). PercentTemplate reports template errors when it is built, before any
# argument is looked at, so templates with an unsupported conversion get enough arguments here
# (CPython would first complain about a missing argument).
def percent_case(template, args):
    expected = run(lambda: template % args)
    if not isinstance(args, tuple):
        args = (args,)
    converted = []
    index = 0
    i = 0
    try:
        while i < len(template):
            if template[i] != "%":
                i += 1
                continue
            i += 1
            if i < len(template) and template[i] == "%":
                i += 1
                continue
            while i < len(template) and template[i] in "-+ #0":
                i += 1
            def take():
                nonlocal index
                value = args[index]
                index += 1
                return value
            def star(value):
                return ["int", str(value)] if isinstance(value, int) else ["text", str(value)]
            if i < len(template) and template[i] == "*":
                converted.append(star(take())); i += 1
            while i < len(template) and template[i].isdigit():
                i += 1
            if i < len(template) and template[i] == ".":
                i += 1
                if i < len(template) and template[i] == "*":
                    converted.append(star(take())); i += 1
                while i < len(template) and template[i].isdigit():
                    i += 1
            if i < len(template) and template[i] in "hlL":
                i += 1
            if i >= len(template):
                break
            conversion = template[i]
            i += 1
            value = take()
            if conversion == "s":
                converted.append(["text", str(value)])
            elif conversion == "r":
                converted.append(["text", repr(value)])
            elif conversion == "a":
                converted.append(["text", ascii(value)])
            elif isinstance(value, bool) or isinstance(value, int):
                converted.append(["int", str(int(value))])
            elif isinstance(value, float):
                converted.append(["float", bits(value)])
            else:
                converted.append(["text", value])
    except IndexError:
        pass
    converted += [["int", str(a)] if isinstance(a, int) else ["float", bits(a)] if isinstance(a, float)
                  else ["text", a] for a in args[index:]]
    out.append(["percent", template, converted, expected])

fixed_percent = [
    ("%d", 5), ("%d", -5), ("%i", 3), ("%u", 7), ("%d", 3.99), ("%d", -3.99), ("%d", 1e20), ("%d", -1e300),
    ("%d", float("nan")), ("%d", float("inf")), ("%d", "a"), ("%5d|", 42), ("%-5d|", 42), ("%05d", -42),
    ("%+d", 5), ("% d", 5), ("% 05d", 3), ("%+05d", 3), ("%.3d", 5), ("%8.3d", -5), ("%-05d", -3),
    ("%x", 255), ("%X", 255), ("%#x", 255), ("%#X", 255), ("%#o", 8), ("%o", -8), ("%#.3x", 1), ("%#05x", -1),
    ("%#8x|", 255), ("%-#8x|", 255), ("%#08X", 255), ("%x", 3.5), ("%x", "a"), ("%c", 65), ("%c", "z"),
    ("%c", 3.5), ("%c", "ab"), ("%c", -1), ("%c", 0x110000), ("%5c|", 66), ("%-3c|", 66), ("%.0c", 67),
    ("%s", "abc"), ("%5s|", "ab"), ("%-5s|", "ab"), ("%.1s", "abc"), ("%5.1s|", "abc"), ("%05s", "ab"),
    ("%r", "abc"), ("%a", "é"), ("%s", 1.5), ("%s", 10), ("%r", 0.1), ("%f", 1.5), ("%f", 2.675),
    ("%.2f", 2.675), ("%.0f", 0.5), ("%.0f", 1.5), ("%.0f", 2.5), ("%#.0f", 1), ("%e", 12345.678),
    ("%.0e", 2.5), ("%#.0e", 1), ("%E", 1e-10), ("%g", 1e-5), ("%g", 123456789.0), ("%G", 1e-10),
    ("%#g", 1.0), ("%.0g", 5.5), ("%.3g", 0.0001234), ("%10.4f|", -3.14159), ("%-10.2e|", 1234.5),
    ("%+.3e", 0.0), ("%010.3f", -1.5), ("% f", 1.0), ("%f", float("inf")), ("%05f", float("inf")),
    ("%-6f|", float("-inf")), ("%+f", float("nan")), ("%F", float("nan")), ("%f", 10), ("%f", "a"),
    ("%.200f", 1.0), ("%.30e", 0.1), ("%.50f", 5e-324), ("%f", 1e300), ("%ld", 5), ("%hd", 6), ("%Lf", 1.0),
    ("%%", ()), ("100%%", ()), ("%%%d%%", 7), ("%s %s", ("a", "b")), ("%s", ()), ("%s %s", ("a",)),
    ("%s", ("a", "b")), ("%*d|", (5, 3)), ("%*d|", (-5, 3)), ("%-*d|", (5, 3)), ("%.*f", (2, 3.14159)),
    ("%.*f", (-3, 1.5)), ("%*.*f|", (10, 3, 2.5)), ("%*d", ("a", 3)), ("%d %y", (1, 2)), ("abc%", ()),
    ("%", ()), ("%5", ()), ("%.", ()), ("%-", ()), ("%z", 1), ("%5%", (1,)), ("%\u00e9", 1),
    ("%(a)s %(b)d", {"a": 1, "b": 2}), ("%(a", {}), ("%d %d", (1, 2)), ("%3$d", 1), ("%0-5d|", 4),
    ("%--5d|", 4), ("%#d", 5), ("%#s", "x"), ("%+s", "x"), ("% 5s|", "x"), ("%+x", 255), ("% o", 8),
    ("%.5x", 255), ("%#.5o", 8), ("%+.2%", 1), ("%i", True), ("%c", 0), ("%5.3s|", "abcdef"),
]
for template, args in fixed_percent:
    if isinstance(args, dict):
        # mapping keys are resolved by the caller; record the values in template order
        keyed = tuple(args[k] for k in ["a", "b"] if k in args and "(" + k + ")" in template)
        expected = run(lambda: template % args)
        out.append(["percent", template, [["int", str(v)] for v in keyed], expected])
        continue
    percent_case(template, args)

conversions = "diouxXeEfFgGcsra"
for _ in range(1500):
    conversion = rng.choice(conversions)
    flags = "".join(rng.choice(["", "", "-", "+", " ", "#", "0"]) for _ in range(rng.randint(0, 2)))
    width = rng.choice(["", "", "1", "5", "12", "*"])
    precision = rng.choice(["", "", ".0", ".2", ".5", ".12", ".*"])
    template = "<%" + flags + width + precision + conversion + ">"
    args = []
    if width == "*":
        args.append(rng.randint(-12, 12))
    if precision == ".*":
        args.append(rng.randint(-2, 12))
    if conversion in "diouxXc":
        value = rng.choice([rng.randint(-10**12, 10**12), rng.randint(0, 0x10ffff), rng.randint(-300, 300)])
        if conversion in "diu" and rng.random() < 0.3:
            value = random_double()
    elif conversion in "eEfFgG":
        value = rng.choice(values)
    else:
        value = rng.choice(["txt", "héllo", 12, 1.5, "", "a b c"])
    args.append(value)
    percent_case(template, tuple(args))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python_format.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for case in out:
        line = json.dumps(case, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            continue  # lone surrogates (from %c) have no Swift String form
        f.write(line + "\n")
print(len(out), "cases ->", path)
