import KScript
import KTensor
import XCTest

final class InterpreterAPITests: XCTestCase {
    func testIntegerOverflowRaisesOverflowError() {
        for code in ["x = 9223372036854775807 + 1", "x = 2 ** 64", "x = -9223372036854775807 - 2", "x = 3037000500 * 3037000500",
                     "x = 1 << 63", "x = abs(-9223372036854775807 - 1)"] {
            let (_, error) = runScript(code)
            XCTAssertTrue(describe(error).hasPrefix("OverflowError: "), "\(code): \(describe(error))")
        }
        let (out, error) = runScript("print(9223372036854775807, -9223372036854775807 - 1, 2 ** 62 + (2 ** 62 - 1))")
        XCTAssertNil(error)
        XCTAssertEqual(out, "9223372036854775807 -9223372036854775808 9223372036854775807\n")
    }

    func testRunCellReturnsFinalExpression() throws {
        BatchRunner.onLargeStack {
            let interpreter = Interpreter()
            let module = interpreter.makeMainModule(filename: "<cell>")
            do {
                XCTAssertNil(try interpreter.runCell("x = 40", in: module, filename: "<cell-1>"))
                let value = try interpreter.runCell("y = 2\nx + y", in: module, filename: "<cell-2>")
                XCTAssertEqual(value.flatMap { try? interpreter.repr($0) }, "42")
                let list = try interpreter.runCell("[x, y]", in: module, filename: "<cell-3>")
                XCTAssertEqual(list.flatMap { try? interpreter.repr($0) }, "[40, 2]")
                XCTAssertNil(try interpreter.runCell("def f():\n    return 1\n", in: module, filename: "<cell-4>"))
            } catch {
                XCTFail("\(error)")
            }
        }
    }

    func testIsCompleteFollowsPythonRules() {
        XCTAssertTrue(Interpreter.isComplete("x = 1"))
        XCTAssertFalse(Interpreter.isComplete("x = (1,"))
        XCTAssertFalse(Interpreter.isComplete("if x:"))
        XCTAssertFalse(Interpreter.isComplete("def f():\n    return 1"))
        XCTAssertTrue(Interpreter.isComplete("def f():\n    return 1\n\n"))
        XCTAssertFalse(Interpreter.isComplete("s = '''abc"))
        XCTAssertFalse(Interpreter.isComplete("x = 1 + \\"))
        XCTAssertTrue(Interpreter.isComplete("x = )"))
        XCTAssertTrue(Interpreter.isComplete("print('a')\nprint('b')"))
    }

    func testKeyboardInterruptStopsLoops() {
        let (_, error) = runScript("""
        n = 0
        while True:
            n += 1
            if n == 1000:
                request_interrupt()
        """) { interpreter in
            interpreter.builtins.defineFunction("request_interrupt", "") { _, _ in
                Interruption.request()
                return .none
            }
        }
        XCTAssertEqual(describe(error), "KeyboardInterrupt")
        XCTAssertFalse(Interruption.requested)
    }

    func testDeepNestingIsASyntaxErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertEqual(describe(runScript("x = " + deep).error), "SyntaxError: too many nested parentheses")
        let unary = "x = " + String(repeating: "-", count: 100_000) + "1"
        XCTAssertTrue(describe(runScript(unary).error).hasPrefix("SyntaxError"))
        let chain = "x = " + Array(repeating: "1", count: 50_000).joined(separator: " + ")
        XCTAssertTrue(describe(runScript(chain).error).hasPrefix("SyntaxError"))
    }

    func testRecursionLimitIsAdjustable() {
        let (out, error) = runScript("""
        import sys
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        try:
            depth(5000)
        except RecursionError as e:
            print('RecursionError:', e)
        sys.setrecursionlimit(10000)
        print(depth(5000))
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "RecursionError: maximum recursion depth exceeded\n5000\n")
    }

    func testNativeReentryThroughSortedIsBounded() {
        let (_, error) = runScript("""
        def f(n):
            return sorted([1, 2], key=lambda v: f(n + 1))
        f(0)
        """)
        XCTAssertTrue(describe(error).hasPrefix("RecursionError: maximum recursion depth exceeded"), describe(error))
    }

    func testFunctionsAndClassesKeepTheirSource() throws {
        BatchRunner.onLargeStack {
            let interpreter = Interpreter()
            let module = interpreter.makeMainModule(filename: "<src>")
            do {
                try interpreter.run(source: """
                @staticmethod
                def decorated(a,
                              b=2):
                    return a + b
                square = lambda v: v * v
                class Point:
                    x = 1

                    def norm(self):
                        return self.x
                """, filename: "<src>", in: module)
            } catch {
                XCTFail("\(error)")
                return
            }
            let decorated = (module["decorated"]?.object as? PyStaticMethod)?.function.object as? PyFunction
            XCTAssertEqual(decorated?.sourceText, "@staticmethod\ndef decorated(a,\n              b=2):\n    return a + b")
            XCTAssertEqual((module["square"]?.object as? PyFunction)?.sourceText, "lambda v: v * v")
            let point = module["Point"]?.object as? PyType
            XCTAssertEqual(point?.sourceText, "class Point:\n    x = 1\n\n    def norm(self):\n        return self.x")
            XCTAssertEqual(point?.module, "__main__")
        }
    }

    func testCallbacksFromNativeCode() throws {
        BatchRunner.onLargeStack {
            let interpreter = Interpreter()
            let module = interpreter.makeMainModule(filename: "<cb>")
            do {
                try interpreter.run(source: "def add(a, b=10, *, scale=1):\n    return (a + b) * scale\nclass C:\n    def m(self, v):\n        return v + 1\nc = C()\n",
                                    filename: "<cb>", in: module)
                let add = module["add"]!
                XCTAssertEqual(try interpreter.call(add, [.int(1)]).intValue, 11)
                XCTAssertEqual(try interpreter.call(add, [.int(1), .int(2)], [("scale", .int(3))]).intValue, 9)
                XCTAssertEqual(try interpreter.callMethod(module["c"]!, "m", [.int(4)]).intValue, 5)
                XCTAssertThrowsError(try interpreter.call(add, [])) { error in
                    XCTAssertEqual(describe(error as? PyException), "TypeError: add() missing 1 required positional argument: 'a'")
                }
                XCTAssertEqual(interpreter.directory(module["c"]!).filter { !$0.hasPrefix("_") }, ["m"])
            } catch {
                XCTFail("\(error)")
            }
        }
    }

    func testSetIterationOrderMatchesCPythonTable() {
        let (out, _) = runScript("print({10, 20, 30, 100, 7, 64}, {33, 1, 65}, set([8, 16, 24, 0]))")
        // Expected output printed by CPython 3.11.7 for the same line.
        XCTAssertEqual(out, "{64, 100, 20, 7, 10, 30} {65, 1, 33} {8, 16, 24, 0}\n")
    }
}
