import KTensor

/// Methods of dtype objects: NumPy's `np.dtype('float32')` (prints `float32`, repr
/// `dtype('float32')`) and TensorFlow's `tf.float32` (prints `<dtype: 'float32'>`, repr
/// `tf.float32`). Both compare equal to each other, to dtype names and to scalar types.
enum DTypeMethods {
    enum Style { case numpy, tensorflow }

    static func install(on t: PyType, style: Style) {
        func me(_ v: Value) throws -> DType {
            guard case .object(let o) = v, let d = o as? DTypeObject else { throw PyException.typeError("expected a dtype") }
            return d.dtype
        }
        t.defineProperty("name") { _, v in .str(try me(v).name) }
        t.defineProperty("itemsize") { _, v in .int(try me(v).size) }
        t.defineRawMethod("__repr__", "") { _, a in
            let d = try me(a[0])
            return .str(style == .numpy ? "dtype('\(d.name)')" : "tf.\(d.name)")
        }
        t.defineRawMethod("__str__", "") { _, a in
            let d = try me(a[0])
            return .str(style == .numpy ? d.name : "<dtype: '\(d.name)'>")
        }
        t.defineRawMethod("__eq__", "other") { _, a in
            let d = try me(a[0])
            guard let other = try? ArrayBridge.dtype(from: a[1]) else { return .bool(false) }
            return .bool(other == d)
        }
        t.defineRawMethod("__ne__", "other") { _, a in
            let d = try me(a[0])
            guard let other = try? ArrayBridge.dtype(from: a[1]) else { return .bool(true) }
            return .bool(other != d)
        }
        t.defineRawMethod("__hash__", "") { interp, a in .int(try interp.hash(.str(try me(a[0]).name))) }
        switch style {
        case .numpy:
            t.defineProperty("kind") { _, v in
                let d = try me(v)
                return .str(d == .bool ? "b" : d == .uint8 ? "u" : d.isFloatingPoint ? "f" : "i")
            }
            t.defineProperty("type") { _, v in .object(NumPyTypes.scalarType(try me(v))) }
            t.defineProperty("char") { _, v in
                let codes: [DType: String] = [.bool: "?", .uint8: "B", .int32: "i", .int64: "l", .float32: "f", .float64: "d"]
                return .str(codes[try me(v)] ?? "")
            }
        case .tensorflow:
            t.defineProperty("is_floating") { _, v in .bool(try me(v).isFloatingPoint) }
            t.defineProperty("is_integer") { _, v in .bool(try me(v).isInteger) }
            t.defineProperty("is_bool") { _, v in .bool(try me(v) == .bool) }
            t.defineProperty("size") { _, v in .int(try me(v).size) }
            t.defineProperty("as_numpy_dtype") { _, v in .object(NumPyTypes.scalarType(try me(v))) }
            t.defineProperty("base_dtype") { _, v in v }
            t.defineProperty("min") { _, v in try limit(try me(v), max: false) }
            t.defineProperty("max") { _, v in try limit(try me(v), max: true) }
        }
    }

    private static func limit(_ d: DType, max: Bool) throws -> Value {
        switch d {
        case .bool: return .bool(max)
        case .uint8: return .int(max ? 255 : 0)
        case .int32: return .int(max ? Int(Int32.max) : Int(Int32.min))
        case .int64: return .int(max ? Int.max : Int.min)
        case .float32: return .float(max ? Double(Float.greatestFiniteMagnitude) : -Double(Float.greatestFiniteMagnitude))
        case .float64: return .float(max ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude)
        }
    }
}
