import Foundation
import KTensor

/// `numpy.random`: the legacy global `RandomState` functions (bit-exact with NumPy's), the
/// `RandomState` class, and `default_rng(seed)` returning a `Generator` with NumPy's method
/// names. (A `Generator` draws from the same MT19937 algorithm as `RandomState`, not NumPy's
/// PCG64: its seeded streams are repeatable but differ from NumPy's numbers.)
enum NumPyRandomModule {
    /// The global state behind `np.random.seed`/`rand`/...
    nonisolated(unsafe) static var global = NumPyRandomState(seed: UInt32(truncatingIfNeeded: UInt64(Date().timeIntervalSince1970 * 1_000_000)))

    final class RandomStateObject: PyObject {
        var state = NumPyRandomState(seed: 0)
    }

    static func size(_ v: Value) throws -> [Int]? {
        v.isNone ? nil : try NumPyArguments.shape(v)
    }

    static func seedValue(_ v: Value) throws -> UInt32? {
        if v.isNone { return nil }
        let i = try Interpreter.current.toInt(v, what: "seed")
        guard i >= 0 && i <= Int(UInt32.max) else { throw PyException.valueError("Seed must be between 0 and 2**32 - 1") }
        return UInt32(i)
    }

    static func timeSeed() -> UInt32 { UInt32(truncatingIfNeeded: UInt64(Date().timeIntervalSince1970 * 1_000_000) ^ UInt64(getpid())) }

    /// `np.random.seed` and `RandomState.seed`.
    static func reseed(_ state: NumPyRandomState, _ v: Value) throws {
        if case .object = v, ArrayBridge.arrayPayload(v) != nil || v.type === BuiltinTypes.list {
            try state.seed(array: try NumPyArguments.intList(v, what: "seed").map { UInt32(truncatingIfNeeded: $0) })
            return
        }
        state.seed(try seedValue(v) ?? timeSeed())
    }

    /// Results: a Python float for a scalar draw, else an array.
    static func result(_ t: Tensor, _ shape: [Int]?) -> Value {
        if shape == nil, t.rank == 0 {
            return NumPyArguments.pythonScalar(t, atOffset: t.offset)
        }
        return ArrayBridge.ndarray(t)
    }

    /// Defines the sampling methods on `target` (a module, or a type whose receiver gives the
    /// state), reading the state through `state`.
    static func defineSamplers(_ define: (String, String, @escaping (Interpreter, BoundArguments) throws -> Value) -> Void,
                               state: @escaping (BoundArguments) throws -> NumPyRandomState, generatorNames: Bool) {
        define("rand", "*args") { _, args in
            let shape = try args.varArgs.map { try Interpreter.current.toInt($0, what: "dimension") }
            return result(try state(args).randomSample(shape.isEmpty ? nil : shape), shape.isEmpty ? nil : shape)
        }
        define("randn", "*args") { _, args in
            let shape = try args.varArgs.map { try Interpreter.current.toInt($0, what: "dimension") }
            return result(try state(args).standardNormal(shape.isEmpty ? nil : shape), shape.isEmpty ? nil : shape)
        }
        for name in generatorNames ? ["random"] : ["random", "random_sample", "sample"] {
            define(name, "size=None") { _, args in
                let s = try size(args["size"])
                return result(try state(args).randomSample(s), s)
            }
        }
        define("standard_normal", "size=None") { _, args in
            let s = try size(args["size"])
            return result(try state(args).standardNormal(s), s)
        }
        define("normal", "loc=0.0, scale=1.0, size=None") { _, args in
            let s = try size(args["size"])
            return result(try state(args).normal(mean: try args.double("loc"), standardDeviation: try args.double("scale"), s), s)
        }
        define("uniform", "low=0.0, high=1.0, size=None") { _, args in
            let s = try size(args["size"])
            return result(try state(args).uniform(low: try args.double("low"), high: try args.double("high"), s), s)
        }
        define(generatorNames ? "integers" : "randint", "low, high=None, size=None, dtype=None") { _, args in
            let s = try size(args["size"])
            let low = Int64(try args.int("low"))
            let high = args["high"].isNone ? nil : Int64(try args.int("high"))
            let d = try ArrayBridge.dtype(from: args["dtype"]) ?? .int64
            let t = try state(args).randint(low, high, s, dtype: d)
            return s == nil ? ArrayBridge.numpyValue(t) : ArrayBridge.ndarray(t)
        }
        define("choice", "a, size=None, replace=True, p=None") { _, args in
            let s = try size(args["size"])
            let p = args["p"].isNone ? nil : try ArrayBridge.tensor(from: args["p"], dtype: .float64)
            if let n = args["a"].intValue {
                let t = try state(args).choice(n, s, replace: try args.bool("replace"), p: p)
                return s == nil ? ArrayBridge.numpyValue(t) : ArrayBridge.ndarray(t)
            }
            let population = try ArrayBridge.tensor(from: args["a"])
            guard population.rank >= 1 else { throw PyException.valueError("a must be 1-dimensional or an integer") }
            let picks = try state(args).choice(population.shape[0], s, replace: try args.bool("replace"), p: p)
            return ArrayBridge.numpyValue(try population.take(picks, axis: 0))
        }
        define("shuffle", "x") { _, args in
            guard case .object(let o) = args["x"] else { throw PyException.typeError("shuffle needs an array or a list") }
            if let a = o as? NDArrayObject {
                try state(args).shuffle(&a.tensor)
            } else if let list = o as? PyList {
                let order = try state(args).permutation(list.items.count).int64s()
                list.items = order.map { list.items[Int($0)] }
            } else {
                throw PyException.typeError("shuffle needs an array or a list")
            }
            return .none
        }
        define("permutation", "x") { _, args in
            if let n = args["x"].intValue { return ArrayBridge.ndarray(try state(args).permutation(n)) }
            return ArrayBridge.ndarray(try state(args).permutation(try ArrayBridge.tensor(from: args["x"])))
        }
    }

    static let randomStateType: PyType = {
        let t = PyType.native(name: "RandomState", module: "numpy.random.mtrand", instancesHaveDict: false) { _, type, args in
            let r = RandomStateObject(type: type)
            try reseed(r.state, args.count > 0 ? args[0] : args.keyword("seed") ?? .none)
            return r
        }
        t.acceptConstructorArguments()
        func me(_ args: BoundArguments) throws -> NumPyRandomState { try args.receiver(as: RandomStateObject.self, "RandomState").state }
        defineSamplers({ name, sig, body in t.defineMethod(name, sig, body) }, state: me, generatorNames: false)
        t.defineMethod("seed", "seed=None") { _, args in try reseed(try me(args), args["seed"]); return .none }
        return t
    }()

    static let generatorType: PyType = {
        let t = PyType.native(name: "Generator", module: "numpy.random._generator", instancesHaveDict: false)
        func me(_ args: BoundArguments) throws -> NumPyRandomState { try args.receiver(as: RandomStateObject.self, "Generator").state }
        defineSamplers({ name, sig, body in t.defineMethod(name, sig, body) }, state: me, generatorNames: true)
        return t
    }()

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "numpy.random")
        m.addType(randomStateType)
        m.addType(generatorType)
        defineSamplers({ name, sig, body in m.defineFunction(name, sig, body) }, state: { _ in global }, generatorNames: false)
        m.defineFunction("seed", "seed=None") { _, args in try reseed(global, args["seed"]); return .none }
        m.defineFunction("default_rng", "seed=None") { _, args in
            let g = RandomStateObject(type: generatorType)
            try reseed(g.state, args["seed"])
            return .object(g)
        }
        return m
    }
}
