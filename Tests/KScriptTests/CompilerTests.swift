import KScript
import XCTest

/// Checks the shape of compiled code: locals live in registers, hot patterns use the fused
/// instructions the VM's fast paths expect.
final class CompilerTests: XCTestCase {
    func disassemble(_ source: String) -> String {
        var text = ""
        BatchRunner.onLargeStack {
            text = (try? Interpreter().disassemble(source)) ?? "<compile error>"
        }
        return text
    }

    func testFunctionLocalsUseRegistersAndFusedInstructions() {
        let listing = disassemble("""
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)
        def total(items):
            s = 0
            for v in items:
                s += v * 2 % 7
            return s
        """)
        XCTAssertTrue(listing.contains("compareConstJump"), listing)
        XCTAssertTrue(listing.contains("subtractConst"), listing)
        XCTAssertTrue(listing.contains("forIterBack"), listing)
        XCTAssertTrue(listing.contains("inplaceAdd"), listing)
        XCTAssertFalse(listing.contains("loadName"), "function locals must not be looked up by name:\n\(listing)")
    }

    func testArithmeticMarksTheTemporariesItConsumes() {
        let listing = disassemble("""
        def f(a, b):
            c = a + b
            return (a * b) ** (c - 1) / 2
        """)
        // `a + b`, `a * b` and `c - 1` read variables; `a * b` and `c - 1` are temporaries that
        // `**` consumes (x = power | left | right), and `/` consumes `**`'s result and the
        // register the constant 2 was loaded into.
        XCTAssertTrue(listing.contains("add x=0 "), listing)
        XCTAssertTrue(listing.contains("multiply x=0 "), listing)
        XCTAssertTrue(listing.contains("subtractConst x=0 "), listing)
        XCTAssertTrue(listing.contains("binary x=\(BinaryOperator.power.rawValue | 0xC0) "), listing)
        XCTAssertTrue(listing.contains("trueDivide x=192 "), listing)
    }

    func testMethodCallsDoNotBuildBoundMethods() {
        let listing = disassemble("""
        def run(p):
            for _ in range(10):
                p.get()
        """)
        XCTAssertTrue(listing.contains("loadMethod"), listing)
        XCTAssertTrue(listing.contains("callMethod"), listing)
        XCTAssertFalse(listing.contains("loadAttr"), listing)
    }

    func testClosuresUseCells() {
        let listing = disassemble("""
        def counter():
            n = 0
            def inc():
                nonlocal n
                n += 1
                return n
            return inc
        """)
        XCTAssertTrue(listing.contains("makeCell"), listing)
        XCTAssertTrue(listing.contains("loadDeref"), listing)
        XCTAssertTrue(listing.contains("storeDeref"), listing)
    }
}
