import KScript
import XCTest

/// A native type written against the public binding API, the way the Keras bridge declares
/// `keras.layers.Layer`: script classes subclass it, override a method the native side calls
/// back, and reach the native initializer through `super()`.
final class AccumulatorObject: PyObject {
    var total = 0.0
    var name = "accumulator"
    var trackedAttributes: [String] = []
}

enum TestNativeModule {
    static let accumulatorType: PyType = {
        let t = PyType.native(name: "Accumulator", module: "_testnative", doc: "Adds transformed values.") { _, type, _ in
            AccumulatorObject(type: type)
        }
        t.defineMethod("__init__", "start=0.0, *, name=None", doc: "Start from `start`.") { interp, args in
            let me = try args.receiver(as: AccumulatorObject.self, "__init__")
            me.total = try args.double("start")
            if let name = try args.optionalString("name") { me.name = name }
            return .none
        }
        t.defineMethod("transform", "value", doc: "How each value is changed before adding (identity).") { _, args in
            args["value"]
        }
        t.defineMethod("add", "value", doc: "Adds transform(value) to the total.") { interp, args in
            let me = try args.receiver(as: AccumulatorObject.self, "add")
            let value: Value
            if interp.isOverridden(me, "transform") {
                value = try interp.callMethod(.object(me), "transform", [args["value"]])
            } else {
                value = args["value"]
            }
            me.total += try interp.toDouble(value, what: "value")
            return .none
        }
        t.defineProperty("total", doc: "The running total.", get: { _, v in
            .float((v.object as? AccumulatorObject)?.total ?? 0)
        })
        t.defineProperty("name", get: { _, v in .str((v.object as? AccumulatorObject)?.name ?? "") })
        t.defineRawMethod("__setattr__", "name, value, /", doc: "Tracks attributes holding accumulators.") { interp, args in
            if let me = args[0].object as? AccumulatorObject, let name = args[1].stringValue, args[2].object is AccumulatorObject {
                me.trackedAttributes.append(name)
            }
            guard let key = args[1].object as? PyStr else { throw PyException.typeError("attribute name must be string") }
            try interp.genericSetAttribute(args[0], key, args[2])
            return .none
        }
        t.defineRawMethod("tracked", "") { _, args in
            .object(PyList(((args[0].object as? AccumulatorObject)?.trackedAttributes ?? []).map { .str($0) }))
        }
        return t
    }()

    static func register() {
        NativeModules.register("_testnative") { _ in
            let m = PyModule(name: "_testnative")
            m.addType(accumulatorType)
            m.defineFunction("scale", "x, factor=2", doc: "Multiply x by factor.") { interp, args in
                .float(try args.double("x") * Double(try args.int("factor")))
            }
            return m
        }
    }
}

final class NativeSubclassTests: XCTestCase {
    override func setUp() {
        TestNativeModule.register()
    }

    func testNativeTypeWorksDirectly() {
        let (out, error) = runScript("""
        import _testnative
        a = _testnative.Accumulator(1.5, name='plain')
        a.add(2)
        print(a.total, a.name, type(a).__name__, type(a).__module__, _testnative.scale(3), _testnative.scale(3, factor=5))
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "3.5 plain Accumulator _testnative 6.0 15.0\n")
    }

    func testScriptSubclassOverrideIsCalledByNativeCode() {
        let (out, error) = runScript("""
        from _testnative import Accumulator
        class Doubler(Accumulator):
            def __init__(self, start):
                super().__init__(start, name='dbl')
                self.label = 'extra state'
            def transform(self, value):
                return value * 2 + super().transform(0)
        class Tripler(Doubler):
            def transform(self, value):
                return super().transform(value) + value
        d = Doubler(1.0)
        d.add(5)
        t = Tripler(0)
        t.add(2)
        print(d.total, d.name, d.label, isinstance(d, Accumulator), type(d).__name__, t.total)
        print([c.__name__ for c in Tripler.__mro__])
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "11.0 dbl extra state True Doubler 6.0\n['Tripler', 'Doubler', 'Accumulator', 'object']\n")
    }

    func testNativeObjectKnowsItIsSubclassed() throws {
        BatchRunner.onLargeStack {
            let interpreter = Interpreter()
            let module = interpreter.makeMainModule(filename: "<t>")
            do {
                try interpreter.run(source: """
                from _testnative import Accumulator
                class Sub(Accumulator):
                    def transform(self, value):
                        return value
                s = Sub()
                plain = Accumulator()
                """, filename: "<t>", in: module)
            } catch {
                XCTFail("\(error)")
                return
            }
            guard let s = module["s"]?.object as? AccumulatorObject, let plain = module["plain"]?.object as? AccumulatorObject else {
                XCTFail("instances are not AccumulatorObject")
                return
            }
            XCTAssertEqual(s.type.name, "Sub")
            XCTAssertFalse(s.type.isNative)
            XCTAssertEqual(s.type.nativeBase?.name, "Accumulator")
            XCTAssertTrue(interpreter.isOverridden(s, "transform"))
            XCTAssertFalse(interpreter.isOverridden(plain, "transform"))
            XCTAssertFalse(interpreter.isOverridden(s, "add"))
        }
    }

    func testSetattrHookSeesScriptAssignments() {
        let (out, error) = runScript("""
        from _testnative import Accumulator
        class Model(Accumulator):
            def __init__(self):
                super().__init__()
                self.first = Accumulator()
                self.count = 3
                self.second = Accumulator()
        m = Model()
        print(m.tracked(), m.count, m.first.total)
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, "['first', 'second'] 3 0.0\n")
    }

    func testBindingErrorsUseCPythonMessages() {
        let cases: [(String, String)] = [
            ("Accumulator(1, 2)", "TypeError: Accumulator.__init__() takes from 0 to 1 positional arguments but 2 were given"),
            ("Accumulator(x=1)", "TypeError: Accumulator.__init__() got an unexpected keyword argument 'x'"),
            ("Accumulator().add()", "TypeError: Accumulator.add() missing 1 required positional argument: 'value'"),
            ("Accumulator(start=1, start=2)", "SyntaxError: keyword argument repeated: start"),
        ]
        for (code, expected) in cases {
            let (_, error) = runScript("from _testnative import Accumulator\n" + code)
            XCTAssertEqual(describe(error), expected, code)
        }
    }

    func testHelpAndDirShowNativeSignatures() {
        let (out, error) = runScript("""
        from _testnative import Accumulator
        help(Accumulator.add)
        print([n for n in dir(Accumulator()) if not n.startswith('_')])
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertTrue(out.contains("add(value)\n    Adds transform(value) to the total."), out)
        XCTAssertTrue(out.contains("['add', 'name', 'total', 'tracked', 'transform']"), out)
    }
}
