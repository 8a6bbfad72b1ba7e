import Foundation
import KTensor

extension Interpreter {
    // MARK: repr and str

    /// `repr(value)`.
    public func repr(_ value: Value) throws -> String {
        switch value {
        case .none, .unbound: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.repr(d)
        case .object(let o):
            if o.type.isNative { if let s = try builtinRepr(o) { return s } }
            if let method = o.type.lookup("__repr__"), !isObjectRepr(method) {
                return try stringResult(try call(method, [value]), "__repr__")
            }
            return defaultRepr(o)
        }
    }

    /// `str(value)`.
    public func str(_ value: Value) throws -> String {
        if case .object(let o) = value {
            if let s = o as? PyStr, o.type === BuiltinTypes.str { return s.value }
            if let e = o as? PyException, o.type.lookup("__str__").map(isObjectStr) ?? true { return try exceptionString(e) }
            if let method = o.type.lookup("__str__"), !isObjectStr(method) {
                return try stringResult(try call(method, [value]), "__str__")
            }
        }
        return try repr(value)
    }

    /// `ascii(value)`: repr with non-ASCII characters escaped.
    public func ascii(_ value: Value) throws -> String {
        var out = ""
        for u in try repr(value).unicodeScalars {
            if u.value < 128 { out.unicodeScalars.append(u) } else if u.value < 0x100 {
                out += "\\x" + String(u.value, radix: 16).leftPadded(2)
            } else if u.value < 0x10000 {
                out += "\\u" + String(u.value, radix: 16).leftPadded(4)
            } else {
                out += "\\U" + String(u.value, radix: 16).leftPadded(8)
            }
        }
        return out
    }

    private func isObjectRepr(_ v: Value) -> Bool { v.object === Builtins.objectRepr }
    private func isObjectStr(_ v: Value) -> Bool { v.object === Builtins.objectStr }

    private func stringResult(_ v: Value, _ method: String) throws -> String {
        guard let s = v.stringValue else {
            throw PyException.typeError("\(method) returned non-string (type \(v.type.name))")
        }
        return s
    }

    /// A fake but stable address for default reprs.
    func address(_ o: PyObject) -> String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(o).hashValue), radix: 16).leftPadded(12)
    }

    func defaultRepr(_ o: PyObject) -> String {
        "<\(o.type.displayName) object at \(address(o))>"
    }

    /// Python's quoting of a string literal.
    public static func quote(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == quote {
                    out += "\\" + String(quote)
                } else if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + String(u.value, radix: 16).leftPadded(2)
                } else if u.value >= 0x80 && !isPrintable(u) {
                    if u.value < 0x100 {
                        out += "\\x" + String(u.value, radix: 16).leftPadded(2)
                    } else if u.value < 0x10000 {
                        out += "\\u" + String(u.value, radix: 16).leftPadded(4)
                    } else {
                        out += "\\U" + String(u.value, radix: 16).leftPadded(8)
                    }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append(quote)
        return out
    }

    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
        case .spaceSeparator: return u == " "
        default: return true
        }
    }

    /// Guards native recursion over nested containers.
    func withNativeRecursion<T>(_ what: String, _ body: () throws -> T) throws -> T {
        nativeDepth += 1
        defer { nativeDepth -= 1 }
        if nativeDepth > recursionLimit {
            throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded\(what)")
        }
        return try body()
    }

    nonisolated(unsafe) private static var reprInProgress = Set<ObjectIdentifier>()

    private func containerRepr(_ o: PyObject, _ body: () throws -> String, recursive: String) throws -> String {
        let id = ObjectIdentifier(o)
        if Interpreter.reprInProgress.contains(id) { return recursive }
        Interpreter.reprInProgress.insert(id)
        defer { Interpreter.reprInProgress.remove(id) }
        return try withNativeRecursion(" while getting the repr of an object", body)
    }

    private func builtinRepr(_ o: PyObject) throws -> String? {
        switch o {
        case let s as PyStr: return Interpreter.quote(s.value)
        case let l as PyList:
            return try containerRepr(o, { "[" + (try l.items.map(repr).joined(separator: ", ")) + "]" }, recursive: "[...]")
        case let t as PyTuple:
            if t.items.count == 1 { return try containerRepr(o, { "(" + (try repr(t.items[0])) + ",)" }, recursive: "(...)") }
            return try containerRepr(o, { "(" + (try t.items.map(repr).joined(separator: ", ")) + ")" }, recursive: "(...)")
        case let d as PyDict:
            return try containerRepr(o, {
                "{" + (try d.pairs.map { "\(try repr($0.key)): \(try repr($0.value))" }.joined(separator: ", ")) + "}"
            }, recursive: "{...}")
        case let s as PySet:
            let name = s.type.name
            if s.count == 0 { return "\(name)()" }
            let inner = try containerRepr(o, { try s.elements.map(repr).joined(separator: ", ") }, recursive: "...")
            return s.isFrozen || s.type !== BuiltinTypes.set ? "\(name)({\(inner)})" : "{\(inner)}"
        case let r as PyRange:
            return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case let s as PySlice:
            return "slice(\(try repr(s.start)), \(try repr(s.stop)), \(try repr(s.step)))"
        case let v as DictView:
            let name = v.type.name
            return try containerRepr(o, { "\(name)([" + (try v.elements().map(repr).joined(separator: ", ")) + "])" }, recursive: "...")
        case let t as PyType:
            return "<class '\(t.displayName)'>"
        case let f as PyFunction:
            return "<function \(f.qualifiedName) at \(address(f))>"
        case let f as NativeFunction:
            if let owner = f.ownerType { return "<method '\(f.name)' of '\(owner.name)' objects>" }
            return "<built-in function \(f.name)>"
        case let m as PyMethod:
            if case .object(let fo) = m.function, let n = fo as? NativeFunction {
                return "<built-in method \(n.name) of \(m.receiver.type.name) object at \(m.receiver.object.map(address) ?? "0x0")>"
            }
            let fname: String
            if case .object(let fo) = m.function, let f = fo as? PyFunction { fname = f.qualifiedName } else { fname = "?" }
            return "<bound method \(fname) of \(try repr(m.receiver))>"
        case let m as PyModule:
            if let file = m.filename { return "<module '\(m.name)' from '\(file)'>" }
            return "<module '\(m.name)' (built-in)>"
        case let s as PySingleton:
            return s.name
        case let e as PyException:
            if let method = e.type.lookup("__repr__"), !isObjectRepr(method), !e.type.isNative || method.object !== Builtins.exceptionRepr {
                return nil
            }
            let args = e.args
            if args.count == 1 { return "\(e.type.name)(\(try repr(args[0])))" }
            return "\(e.type.name)(" + (try args.map(repr).joined(separator: ", ")) + ")"
        case let g as PyGenerator:
            return "<generator object \(g.function.qualifiedName) at \(address(g))>"
        case is PyCell:
            return "<cell at \(address(o))>"
        case is PyProperty:
            return "<property object at \(address(o))>"
        case let f as PyFile:
            return "<_io.TextIOWrapper name='\(f.name)' mode='\(f.mode)' encoding='UTF-8'>"
        case let b as PyBytes:
            return Interpreter.bytesRepr(b.bytes)
        case is PySuper:
            return "<super object>"
        default:
            return nil
        }
    }

    static func bytesRepr(_ bytes: [UInt8]) -> String {
        let hasSingle = bytes.contains(39), hasDouble = bytes.contains(34)
        let quote: UInt8 = hasSingle && !hasDouble ? 34 : 39
        var out = "b" + String(UnicodeScalar(quote))
        for b in bytes {
            switch b {
            case 92: out += "\\\\"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case quote: out += "\\" + String(UnicodeScalar(quote))
            case 32..<127: out.unicodeScalars.append(UnicodeScalar(b))
            default: out += "\\x" + String(b, radix: 16).leftPadded(2)
            }
        }
        return out + String(UnicodeScalar(quote))
    }

    /// `str(exception)`.
    func exceptionString(_ e: PyException) throws -> String {
        let args = e.args
        if e.type.isSubtype(of: BuiltinTypes.keyError), args.count == 1 { return try repr(args[0]) }
        if e.type.isSubtype(of: BuiltinTypes.syntaxError), let msg = e.dict?["msg"], let text = msg.stringValue {
            return text
        }
        switch args.count {
        case 0: return ""
        case 1: return try str(args[0])
        default: return try repr(PyTuple.make(args))
        }
    }

    // MARK: Formatting

    /// Rejects format widths or precisions too large to build (MemoryError, not a crash).
    func checkFormatSize(_ spec: String) throws {
        var run = 0
        for c in spec.utf8 {
            if c >= 48 && c <= 57 {
                run = run > Interpreter.maximumElements ? run : run * 10 + Int(c - 48)
                if run > 1 << 24 { throw PyException(BuiltinTypes.memoryError, "") }
            } else {
                run = 0
            }
        }
    }

    /// `format(value, spec)`.
    public func format(_ value: Value, _ spec: String) throws -> String {
        try checkFormatSize(spec)
        do {
            switch value {
            case .int(let i): return try PythonFormat.format(i, spec: spec)
            case .bool(let b):
                if spec.isEmpty { return b ? "True" : "False" }
                return try PythonFormat.format(b ? 1 : 0, spec: spec)
            case .float(let d): return try PythonFormat.format(d, spec: spec)
            case .none, .unbound:
                if spec.isEmpty { return "None" }
            case .object(let o):
                if let s = o as? PyStr, o.type === BuiltinTypes.str { return try PythonFormat.format(s.value, spec: spec) }
                if let method = o.type.lookup("__format__"), method.object !== Builtins.objectFormat {
                    return try stringResult(try call(method, [value, .str(spec)]), "__format__")
                }
            }
        } catch let e as FormatSpecError {
            throw PyException.valueError(e.message)
        }
        if spec.isEmpty { return try str(value) }
        throw PyException.typeError("unsupported format string passed to \(value.type.name).__format__")
    }

    /// One f-string field: conversion then format spec.
    func formatField(_ value: Value, conversion: UInt8, spec: String?) throws -> String {
        var v = value
        switch conversion {
        case 1: v = .str(try str(value))
        case 2: v = .str(try repr(value))
        case 3: v = .str(try ascii(value))
        default: break
        }
        if spec == nil || spec == "" {
            if case .object(let o) = v, let s = o as? PyStr, o.type === BuiltinTypes.str { return s.value }
            if conversion == 0, case .object(let o) = v, o.type.lookup("__format__").map({ $0.object !== Builtins.objectFormat }) ?? false {
                return try format(v, "")
            }
            return try str(v)
        }
        return try format(v, spec!)
    }

    /// `template % arguments`.
    func percentFormat(_ template: String, _ arguments: Value) throws -> String {
        var inSpec = false
        var spec = ""
        for c in template {
            if inSpec {
                if c.isLetter || c == "%" {
                    try checkFormatSize(spec)
                    inSpec = false
                } else {
                    spec.append(c)
                }
            } else if c == "%" {
                inSpec = true
                spec = ""
            }
        }
        let parsed: PercentTemplate
        do { parsed = try PercentTemplate(template) } catch let e as FormatSpecError { throw PyException.valueError(e.message) }
        var values: [Value]
        var mapping: PyDict?
        if case .object(let o) = arguments, let t = o as? PyTuple, o.type === BuiltinTypes.tuple {
            values = t.items
        } else if case .object(let o) = arguments, let d = o as? PyDict, parsed.specs.contains(where: { $0.mappingKey != nil }) {
            mapping = d
            values = []
        } else {
            values = [arguments]
        }
        var converted: [PercentArgument] = []
        var index = 0
        func take() throws -> Value {
            guard index < values.count else { throw PyException.typeError("not enough arguments for format string") }
            index += 1
            return values[index - 1]
        }
        for spec in parsed.specs {
            for fromArgument in [spec.widthFromArgument, spec.precisionFromArgument] where fromArgument {
                let n = try toInt(try take(), what: "* wants int")
                if n.magnitude > 1 << 24 { throw PyException(BuiltinTypes.memoryError, "") }
                converted.append(.int(n))
            }
            let v: Value
            if let key = spec.mappingKey {
                guard let mapping else { throw PyException.typeError("format requires a mapping") }
                guard let found = try mapping.get(.str(key)) else { throw PyException.keyError(.str(key)) }
                v = found
            } else {
                v = try take()
            }
            switch spec.conversion {
            case "s": converted.append(.text(try str(v)))
            case "r": converted.append(.text(try repr(v)))
            case "a": converted.append(.text(try ascii(v)))
            case "c":
                if let s = v.stringValue { converted.append(.text(s)) } else { converted.append(.int(try toInt(v, what: "%c"))) }
            default:
                switch v {
                case .int(let i): converted.append(.int(i))
                case .bool(let b): converted.append(.int(b ? 1 : 0))
                case .float(let d):
                    if "diouxX".contains(spec.conversion) {
                        if "oxX".contains(spec.conversion) {
                            throw PyException.typeError("%\(spec.conversion) format: an integer is required, not float")
                        }
                        converted.append(.int(try Builtins.intFromDouble(d)))
                    } else {
                        converted.append(.float(d))
                    }
                default:
                    let kind = "diouxX".contains(spec.conversion) && "oxX".contains(spec.conversion) ? "an integer" : "a real number"
                    throw PyException.typeError("%\(spec.conversion) format: \(kind == "a real number" && "diu".contains(spec.conversion) ? "a real number" : kind) is required, not \(v.type.name)")
                }
            }
        }
        if mapping == nil && index < values.count {
            throw PyException.typeError("not all arguments converted during string formatting")
        }
        do {
            return try parsed.render(converted)
        } catch let e as FormatSpecError {
            throw PyException.typeError(e.message)
        }
    }

    // MARK: Numbers

    /// An int from an int-like value (`__index__`), with a TypeError naming `what` otherwise.
    public func toInt(_ value: Value, what: String) throws -> Int {
        switch value {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let o):
            if let i = try indexValue(o) { return i }
        default: break
        }
        throw PyException.typeError("'\(value.type.name)' object cannot be interpreted as an integer")
    }

    /// A Double from an int, bool or float (or `__float__`).
    public func toDouble(_ value: Value, what: String) throws -> Double {
        if let d = value.doubleValue { return d }
        if case .object(let o) = value, let method = o.type.lookup("__float__") {
            if case .float(let d) = try call(method, [value]) { return d }
        }
        throw PyException.typeError("must be real number, not \(value.type.name)")
    }

    /// `__index__` of an object, or nil when it has none.
    func indexValue(_ o: PyObject) throws -> Int? {
        if let method = o.type.lookup("__index__") {
            let r = try call(method, [.object(o)])
            guard let i = r.intValue else { throw PyException.typeError("__index__ returned non-int (type \(r.type.name))") }
            return i
        }
        return nil
    }

    func lengthResult(_ v: Value) throws -> Int {
        guard let n = v.intValue else { throw PyException.typeError("'\(v.type.name)' object cannot be interpreted as an integer") }
        if n < 0 { throw PyException.valueError("__len__() should return >= 0") }
        return n
    }

    /// `len(value)`.
    public func length(_ value: Value) throws -> Int {
        if case .object(let o) = value {
            if o.type.usesNativeSlot(Names.len) {
                switch o {
                case let s as PyStr: return s.count
                case let l as PyList: return l.items.count
                case let t as PyTuple: return t.items.count
                case let d as PyDict: return d.count
                case let s as PySet: return s.count
                case let r as PyRange: return r.count
                case let v as DictView: return v.mapping.count
                case let b as PyBytes: return b.bytes.count
                default: break
                }
            }
            if let method = o.type.lookup("__len__") { return try lengthResult(try call(method, [value])) }
        }
        throw PyException.typeError("object of type '\(value.type.name)' has no len()")
    }
}
