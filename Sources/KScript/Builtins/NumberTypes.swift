import Foundation

extension Builtins {
    /// Parses an int literal as `int(text, base)` does.
    static func parseInt(_ text: String, base: Int) throws -> Int {
        let original = text
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("+") {
            negative = s.hasPrefix("-")
            s.removeFirst()
        }
        var radix = base
        let lower = s.lowercased()
        if base == 0 || base == 16 || base == 8 || base == 2 {
            if lower.hasPrefix("0x") && (base == 0 || base == 16) { radix = 16; s.removeFirst(2) }
            else if lower.hasPrefix("0o") && (base == 0 || base == 8) { radix = 8; s.removeFirst(2) }
            else if lower.hasPrefix("0b") && (base == 0 || base == 2) { radix = 2; s.removeFirst(2) }
            else if base == 0 { radix = 10 }
        }
        let invalid = PyException.valueError("invalid literal for int() with base \(base): \(Interpreter.quote(original))")
        if s.isEmpty || s.hasPrefix("_") || s.hasSuffix("_") || s.contains("__") { throw invalid }
        if base == 0 && radix == 10 && s.count > 1 && s.hasPrefix("0") && s.contains(where: { $0 != "0" && $0 != "_" }) { throw invalid }
        let digits = s.replacingOccurrences(of: "_", with: "")
        guard digits.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw invalid }
        guard let magnitude = UInt64(digits, radix: radix) else {
            if digits.allSatisfy({ Int(String($0), radix: radix) != nil }) {
                throw PyException.overflow("int too large: kscript ints are 64-bit")
            }
            throw invalid
        }
        if negative {
            if magnitude > UInt64(Int.max) + 1 { throw PyException.overflow("int too large: kscript ints are 64-bit") }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { throw PyException.overflow("int too large: kscript ints are 64-bit") }
        return Int(magnitude)
    }

    /// Parses a float literal as `float(text)` does.
    static func parseFloat(_ text: String) throws -> Double {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = s.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        let cleaned = s.replacingOccurrences(of: "_", with: "")
        let valid = !s.isEmpty && !s.hasPrefix("_") && !s.hasSuffix("_") && !s.contains("__")
            && cleaned.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
            && cleaned.contains(where: \.isNumber)
        guard valid, let d = Double(cleaned.hasSuffix(".") ? cleaned + "0" : cleaned) else {
            throw PyException.valueError("could not convert string to float: \(Interpreter.quote(text))")
        }
        return d
    }

    static func intFromDouble(_ d: Double) throws -> Int {
        if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
        if d.isInfinite { throw PyException.overflow("cannot convert float infinity to integer") }
        let t = d.rounded(.towardZero)
        guard t >= -9.223372036854775808e18 && t < 9.223372036854775808e18 else {
            throw PyException.overflow("int too large: kscript ints are 64-bit")
        }
        return Int(t)
    }

    static func installNumbers() {
        let int = BuiltinTypes.int
        int.doc = "int([x]) -> integer\nint(x, base=10) -> integer"
        int.constructor = { interp, type, args in
            if args.count > 2 { throw PyException.typeError("int() takes at most 2 arguments (\(args.count) given)") }
            for k in args.keywordNames where k.value != "base" {
                throw PyException.typeError("'\(k.value)' is an invalid keyword argument for int()")
            }
            let x: Value = args.count > 0 ? args[0] : .int(0)
            let hasBase = args.count > 1 || args.keyword("base") != nil
            if hasBase {
                let base = try interp.toInt(args.count > 1 ? args[1] : args.keyword("base")!, what: "base")
                guard base == 0 || (2...36).contains(base) else { throw PyException.valueError("int() base must be >= 2 and <= 36, or 0") }
                guard let s = x.stringValue else { throw PyException.typeError("int() can't convert non-string with explicit base") }
                return .int(try parseInt(s, base: base))
            }
            switch x {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .int(try intFromDouble(d))
            case .object(let o):
                if let s = o as? PyStr { return .int(try parseInt(s.value, base: 10)) }
                for name in ["__int__", "__index__", "__trunc__"] {
                    if let method = o.type.lookup(name) {
                        let r = try interp.call(method, [x])
                        guard let i = r.intValue else { throw PyException.typeError("\(name) returned non-int (type \(r.type.name))") }
                        return .int(i)
                    }
                }
            default: break
            }
            throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not '\(x.type.name)'")
        }
        int.defineRawMethod("bit_length", "") { _, args in
            guard let i = args[0].intValue else { throw PyException.typeError("descriptor 'bit_length' requires an 'int'") }
            return .int(Int.bitWidth - i.magnitude.leadingZeroBitCount)
        }
        int.defineRawMethod("conjugate", "") { _, args in args[0] }
        int.defineRawMethod("__index__", "") { _, args in .int(args[0].intValue ?? 0) }
        int.defineRawMethod("__int__", "") { _, args in .int(args[0].intValue ?? 0) }
        int.defineRawMethod("__float__", "") { _, args in .float(args[0].doubleValue ?? 0) }
        int.defineRawMethod("is_integer", "") { _, _ in .bool(true) }
        int.defineProperty("real", get: { _, v in .int(v.intValue ?? 0) })
        int.defineProperty("imag", get: { _, _ in .int(0) })
        int.defineProperty("numerator", get: { _, v in .int(v.intValue ?? 0) })
        int.defineProperty("denominator", get: { _, _ in .int(1) })
        for (name, op) in [("__add__", BinaryOperator.add), ("__sub__", .subtract), ("__mul__", .multiply),
                           ("__truediv__", .trueDivide), ("__floordiv__", .floorDivide), ("__mod__", .modulo), ("__pow__", .power)] {
            int.defineRawMethod(name, "value, /") { interp, args in
                guard args.count == 2, args[1].intValue != nil || args[1].doubleValue != nil else { return .object(BuiltinTypes.notImplementedValue) }
                return try interp.builtinDunder(op, args[0], args[1])
            }
        }

        let bool = BuiltinTypes.bool
        bool.doc = "bool(x) -> bool"
        bool.constructor = { interp, _, args in
            try args.expectCount("bool", 0...1)
            return .bool(args.count == 1 ? try interp.truthy(args[0]) : false)
        }

        let float = BuiltinTypes.float
        float.doc = "Convert a string or number to a floating point number, if possible."
        float.constructor = { interp, _, args in
            try args.expectCount("float", 0...1)
            if args.count == 0 { return .float(0) }
            let x = args[0]
            switch x {
            case .int(let i): return .float(Double(i))
            case .bool(let b): return .float(b ? 1 : 0)
            case .float: return x
            case .object(let o):
                if let s = o as? PyStr { return .float(try parseFloat(s.value)) }
                if let method = o.type.lookup("__float__") {
                    let r = try interp.call(method, [x])
                    guard case .float = r else { throw PyException.typeError("\(o.type.name).__float__ returned non-float (type \(r.type.name))") }
                    return r
                }
                if let method = o.type.lookup("__index__") { return .float(Double(try interp.toInt(try interp.call(method, [x]), what: "float"))) }
            default: break
            }
            throw PyException.typeError("float() argument must be a string or a real number, not '\(x.type.name)'")
        }
        float.defineRawMethod("is_integer", "") { _, args in
            guard case .float(let d) = args[0] else { return .bool(true) }
            return .bool(d.isFinite && d == d.rounded())
        }
        float.defineRawMethod("as_integer_ratio", "") { _, args in
            guard case .float(var d) = args[0] else { return .none }
            if d.isNaN { throw PyException.valueError("cannot convert NaN to integer ratio") }
            if d.isInfinite { throw PyException.overflow("cannot convert Infinity to integer ratio") }
            var denominator = 1
            while d != d.rounded() && denominator < (1 << 52) {
                d *= 2
                denominator *= 2
            }
            return PyTuple.make([.int(try intFromDouble(d)), .int(denominator)])
        }
        float.defineRawMethod("hex", "") { _, args in
            guard case .float(let d) = args[0] else { return .none }
            return .str(String(format: "%a", d))
        }
        float.defineRawMethod("__int__", "") { _, args in .int(try intFromDouble(args[0].doubleValue ?? 0)) }
        float.defineRawMethod("__float__", "") { _, args in .float(args[0].doubleValue ?? 0) }
        float.defineRawMethod("conjugate", "") { _, args in args[0] }
        float.defineProperty("real", get: { _, v in .float(v.doubleValue ?? 0) })
        float.defineProperty("imag", get: { _, _ in .float(0) })
        float.defineStaticMethod("fromhex", "string, /") { _, args in
            let s = try args.string("string")
            guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { throw PyException.valueError("invalid hexadecimal floating-point string") }
            return .float(d)
        }
    }
}
