import KScript
import KTensor
import XCTest

/// Which arithmetic results reuse the buffer of a temporary operand (NumPy's temporary elision),
/// observed through two builtins these tests add: `fresh_copy(x)` returns a new array holding a
/// copy of `x` and records the copy's buffer address; `reused(r)` tells whether `r` lives in
/// the last recorded buffer. The values themselves are checked against NumPy in
/// `tests/arrays/elision_cases.kscript`.
final class TemporaryElisionTests: XCTestCase {
    /// Runs `setup` and then `r = expression` (with `a` a 100,000-element float32 array and `i`
    /// an int64 one) and returns what `reused(r)` printed, or the error.
    func reuse(_ expression: String, after setup: String = "") -> String {
        var recorded: UnsafeMutableRawPointer?
        let source = """
        import numpy as np
        a = np.arange(100000, dtype=np.float32)
        i = np.arange(100000)
        \(setup)
        r = \(expression)
        print(reused(r))
        """
        let (output, error) = runScript(source) { interpreter in
            interpreter.builtins.defineRawFunction("fresh_copy", "x") { _, arguments in
                guard let tensor = ArrayBridge.arrayPayload(arguments[0]) else { throw PyException.typeError("not an array") }
                let copy = tensor.contiguousCopy()
                recorded = copy.storage.bytes
                return ArrayBridge.ndarray(copy)
            }
            interpreter.builtins.defineRawFunction("reused", "x") { _, arguments in
                .bool(ArrayBridge.arrayPayload(arguments[0]).map { $0.storage.bytes == recorded } ?? false)
            }
        }
        return error.map(describe) ?? output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testLargeTemporaryOperandsHoldTheResult() {
        XCTAssertEqual(reuse("fresh_copy(a) / 255.0"), "True")
        XCTAssertEqual(reuse("(fresh_copy(a) + 1.0) * 2.0 - a"), "True")
        XCTAssertEqual(reuse("fresh_copy(a) ** 2.0"), "True")
        XCTAssertEqual(reuse("fresh_copy(a) // 3.0 % 5.0"), "True")
        XCTAssertEqual(reuse("fresh_copy(i) * 2"), "True", "constant-operand instruction")
        XCTAssertEqual(reuse("fresh_copy(a.reshape(100000, 1)) + a[:2]"), "False", "result grows by broadcasting")
        XCTAssertEqual(reuse("fresh_copy(a).reshape(1000, 100) * 2.0"), "True", "a view that alone holds its buffer")
        XCTAssertEqual(reuse("fresh_copy(a.reshape(1000, 100)) - a.reshape(1000, 100)[0]"), "True")
        XCTAssertEqual(reuse("f(a)", after: "def f(x):\n    return fresh_copy(x) * 2.0"), "True")
    }

    func testTemporaryOnTheRightOnlyForCommutativeOperators() {
        XCTAssertEqual(reuse("2.0 * fresh_copy(a)"), "True")
        XCTAssertEqual(reuse("a + fresh_copy(a)"), "True")
        XCTAssertEqual(reuse("1.0 - fresh_copy(a)"), "False")
        XCTAssertEqual(reuse("a / fresh_copy(a)"), "False")
    }

    func testReferencedOrUnfittingOperandsAreNotReused() {
        XCTAssertEqual(reuse("t * 2.0", after: "t = fresh_copy(a)"), "False")
        XCTAssertEqual(reuse("items[0] * 2.0", after: "items = [fresh_copy(a)]"), "False")
        XCTAssertEqual(reuse("t.reshape(1000, 100) * 2.0", after: "t = fresh_copy(a)"), "False", "a view of a named array")
        XCTAssertEqual(reuse("t[:50000] * 2.0", after: "t = fresh_copy(a)"), "False", "a slice of a named array")
        XCTAssertEqual(reuse("fresh_copy(a[:1000]) * 2.0"), "False", "below the size threshold")
        XCTAssertEqual(reuse("fresh_copy(a) + np.ones(100000)"), "False", "result is float64")
        XCTAssertEqual(reuse("fresh_copy(i) / 2"), "False", "integer true division gives float64")
        XCTAssertEqual(reuse("fresh_copy(i) ** 2"), "False", "integer power")
        XCTAssertEqual(reuse("fresh_copy(a) < 2.0"), "False", "comparisons allocate")
        XCTAssertEqual(reuse("(w := fresh_copy(a)) * 2.0"), "False", "bound by the walrus")
        XCTAssertEqual(reuse("fresh_copy(a) @ np.ones(100000, dtype=np.float32)"), "False")
    }

    func testNamedTemporaryKeepsItsValues() {
        XCTAssertEqual(reuse("t * 2.0", after: "t = fresh_copy(a)\nt2 = t * 3.0\nassert t[5] == 5.0 and t2[5] == 15.0"), "False")
    }
}
