import KScript
import XCTest

/// Drives every operator and many built-ins with extreme values (64-bit limits, -1, 0, huge
/// and non-finite floats, empty and odd containers). Each call may raise a Python exception;
/// none may trap the process.
final class EdgeValueTests: XCTestCase {
    func testExtremeValuesNeverCrash() {
        let source = #"""
        import math
        values = [0, 1, -1, 2, 63, 64, -64, 9223372036854775807, -9223372036854775807 - 1, 3037000500,
                  0.0, -0.0, 1e308, -1e308, 5e-324, float('inf'), float('-inf'), float('nan'), 0.5,
                  True, False, None, '', 'abc', [], [1], (), {}, {1}, range(3)]
        ops = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
               lambda a, b: a // b, lambda a, b: a % b, lambda a, b: a ** b, lambda a, b: a << b,
               lambda a, b: a >> b, lambda a, b: a & b, lambda a, b: a | b, lambda a, b: a ^ b,
               lambda a, b: a < b, lambda a, b: a == b, lambda a, b: divmod(a, b), lambda a, b: pow(a, b, 7),
               lambda a, b: round(a, b), lambda a, b: a[b], lambda a, b: b in a, lambda a, b: '%d' % a,
               lambda a, b: '%x' % a, lambda a, b: '%c' % a, lambda a, b: format(a, 'x'), lambda a, b: format(a, '.3e'),
               lambda a, b: str(a) * b, lambda a, b: [a] * b, lambda a, b: range(a, b), lambda a, b: range(b, a, -1)[a:b],
               lambda a, b: math.gcd(a, b), lambda a, b: math.lcm(a, b), lambda a, b: math.comb(a, b),
               lambda a, b: math.isqrt(a), lambda a, b: math.factorial(a), lambda a, b: int(a), lambda a, b: float(a),
               lambda a, b: abs(a), lambda a, b: -a, lambda a, b: ~a, lambda a, b: hash(a), lambda a, b: chr(a),
               lambda a, b: hex(a), lambda a, b: bin(a), lambda a, b: a.bit_length(), lambda a, b: a.as_integer_ratio(),
               lambda a, b: round(a), lambda a, b: 'x'.zfill(a), lambda a, b: 'x'.center(a), lambda a, b: [1, 2, 3][a:b:1],
               lambda a, b: sorted([a, b]), lambda a, b: max(a, b), lambda a, b: sum([a, b]), lambda a, b: list(range(a))[:2],
               lambda a, b: math.floor(a), lambda a, b: math.sqrt(a), lambda a, b: math.exp(a), lambda a, b: math.log(a, b)]
        done = 0
        for op in ops:
            for a in values:
                for b in values:
                    try:
                        op(a, b)
                    except Exception:
                        pass
                    done += 1
        print(done)
        """#
        let (out, error) = runScript(source)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "\(56 * 30 * 30)\n")
    }

    func testExtremeArgumentsToMethodsNeverCrash() {
        let source = #"""
        import math, json
        values = [0, 1, -1, 9223372036854775807, -9223372036854775807 - 1, 3037000500, 1e308, float('inf'), float('nan'), -0.5, True, None, '', 'abc', [], [1, 2], (), {}, range(3)]
        ops = [lambda a, b: 'hello'.split('l', a), lambda a, b: 'hello'.find('l', a, b), lambda a, b: 'hello'[a:b],
               lambda a, b: 'hello'[a:b:a], lambda a, b: [1, 2, 3][a:b:b], lambda a, b: [1, 2, 3].insert(a, b),
               lambda a, b: [1, 2, 3].pop(a), lambda a, b: 'abc'.count('b', a, b), lambda a, b: 'abc'.startswith('a', a, b),
               lambda a, b: ('%' + str(a) + 'd') % 1, lambda a, b: ('{:' + str(a) + '}').format(b), lambda a, b: f'{b:{a}}',
               lambda a, b: int(str(a) * 3), lambda a, b: float(str(a) + 'e' + str(b)), lambda a, b: json.dumps([a, b]),
               lambda a, b: json.loads(str(a)), lambda a, b: bytes(a), lambda a, b: 'x'.ljust(a, 'y'), lambda a, b: 'ab'.expandtabs(a),
               lambda a, b: list(range(0, 10, a))[b], lambda a, b: range(a)[b], lambda a, b: range(0, a, 3)[b:a],
               lambda a, b: (1, 2, 3)[a], lambda a, b: 'abc'.index('c', a), lambda a, b: [0] * a, lambda a, b: 'ab'.replace('a', 'c', a),
               lambda a, b: 'a b c'.rsplit(None, a), lambda a, b: sorted([a, b], key=lambda v: v), lambda a, b: dict.fromkeys([a], b),
               lambda a, b: {a: b}, lambda a, b: {a, b}, lambda a, b: enumerate([1], a), lambda a, b: list(zip([a], [b])),
               lambda a, b: math.ldexp(1.0, a), lambda a, b: math.pow(a, b), lambda a, b: math.atan2(a, b), lambda a, b: math.perm(a, b),
               lambda a, b: a.to_bytes(8, 'big'), lambda a, b: divmod(a, b), lambda a, b: (a).__index__(), lambda a, b: slice(a, b).indices(a),
               lambda a, b: 'abc' * a, lambda a, b: (a, b) * a, lambda a, b: str(a).zfill(b), lambda a, b: 'x'.center(a, 'yz'),
               lambda a, b: '%.*f' % (a, 1.5), lambda a, b: '%*d' % (a, 1), lambda a, b: '{:.{}f}'.format(1.5, a), lambda a, b: format(a, ',d'),
               lambda a, b: list(reversed(range(a, b))), lambda a, b: max(range(a, b)[:3]), lambda a, b: sum(range(a, b, 7)[-2:]), lambda a, b: 5 in range(a, b)]
        done = 0
        for op in ops:
            for a in values:
                for b in values:
                    try:
                        op(a, b)
                    except Exception:
                        pass
                    done += 1
        print(done)
        """#
        let (out, error) = runScript(source)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "19133\n")
    }

    func testOddReceiversAndArgumentsNeverCrash() {
        let source = #"""
        import json, os, math
        values = [0, -1, 9223372036854775807, 1.5, float('nan'), True, None, '', 'ab', [], [1], (), (1, 2), {}, {'a': 1}, set(), range(2), int, str, list, object(), len, print, lambda: 0]
        ops = [lambda a, b: getattr(a, b), lambda a, b: setattr(a, 'x', b), lambda a, b: delattr(a, 'x'), lambda a, b: isinstance(a, b),
               lambda a, b: issubclass(a, b), lambda a, b: type(a)(b), lambda a, b: a(b), lambda a, b: a(*b), lambda a, b: a(**b),
               lambda a, b: list.append(a, b), lambda a, b: str.join(a, b), lambda a, b: dict.update(a, b), lambda a, b: int.__add__(a, b),
               lambda a, b: super(a, b), lambda a, b: type('T', a, b), lambda a, b: property(a).__get__(b), lambda a, b: staticmethod(a)(b),
               lambda a, b: iter(a, b), lambda a, b: next(a, b), lambda a, b: a.__class__(b), lambda a, b: a[b], lambda a, b: a.__getitem__(b),
               lambda a, b: vars(a), lambda a, b: dir(a), lambda a, b: repr(a), lambda a, b: str(a) + repr(b), lambda a, b: hash(a),
               lambda a, b: sorted(a), lambda a, b: sorted(a, key=b), lambda a, b: min(a, key=b), lambda a, b: dict(a), lambda a, b: set(a),
               lambda a, b: frozenset(a), lambda a, b: tuple(a), lambda a, b: list(a), lambda a, b: dict.fromkeys(a, b), lambda a, b: {**a},
               lambda a, b: [*a], lambda a, b: f'{a!r:>{5}}{b}', lambda a, b: '{0}{1}'.format(a, b), lambda a, b: '{}'.format(*a),
               lambda a, b: json.dumps(a, default=b), lambda a, b: json.dumps({a: b}), lambda a, b: json.loads(a), lambda a, b: os.path.join(a, b),
               lambda a, b: os.path.splitext(a), lambda a, b: os.path.exists(a), lambda a, b: math.floor(a), lambda a, b: math.isclose(a, b),
               lambda a, b: a == b, lambda a, b: a < b, lambda a, b: a in b, lambda a, b: a is b, lambda a, b: not a, lambda a, b: bool(a),
               lambda a, b: len(a), lambda a, b: abs(a), lambda a, b: round(a), lambda a, b: callable(a), lambda a, b: id(a) > 0,
               lambda a, b: enumerate(a, b), lambda a, b: zip(a, b), lambda a, b: map(a, b), lambda a, b: filter(a, b), lambda a, b: reversed(a),
               lambda a, b: help(a) if a is None else None, lambda a, b: format(a, b), lambda a, b: a.__dict__, lambda a, b: a.__class__.__mro__,
               lambda a, b: exec(a) if isinstance(a, str) else None, lambda a, b: eval(a) if isinstance(a, str) else None,
               lambda a, b: globals().get(a), lambda a, b: object.__setattr__(a, 'y', b), lambda a, b: object.__new__(a),
               lambda a, b: a.__init__(b), lambda a, b: type.__call__(a, b), lambda a, b: list.sort(a, key=b), lambda a, b: a.copy(),
               lambda a, b: a.pop(), lambda a, b: a.keys(), lambda a, b: a.count(b), lambda a, b: a.index(b), lambda a, b: a.split(b),
               lambda a, b: a.strip(b), lambda a, b: a.replace(b, b), lambda a, b: a.startswith(b), lambda a, b: a.encode(), lambda a, b: a.format(b)]
        done = 0
        for op in ops:
            for a in values:
                for b in values:
                    try:
                        op(a, b)
                    except Exception:
                        pass
                    done += 1
        print(done)
        """#
        let (_, error) = runScript(source)
        XCTAssertNil(error, describe(error))
    }
}
