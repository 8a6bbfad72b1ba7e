import Foundation
import KTensor

/// The `json` module: `dumps`/`dump` with CPython's formatting, `loads`/`load`.
enum JSONModule {
    static func make(_ interpreter: Interpreter) -> PyModule {
        let m = PyModule(name: "json")
        let decodeError = PyType(name: "JSONDecodeError", module: "json", bases: [BuiltinTypes.valueError], isNative: true, instancesHaveDict: true)
        m.addType(decodeError)
        let dumpsSignature = "obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw"
        m.defineFunction("dumps", dumpsSignature, doc: "Serialize obj to a JSON formatted str.") { interp, args in
            var encoder = try Encoder(interp, args)
            return .str(try encoder.encode(args["obj"]))
        }
        m.defineFunction("dump", "obj, fp, " + dumpsSignature.dropFirst(5), doc: "Serialize obj as a JSON formatted stream to fp.") { interp, args in
            var encoder = try Encoder(interp, args)
            let text = try encoder.encode(args["obj"])
            try interp.callMethod(args["fp"], "write", [.str(text)])
            return .none
        }
        m.defineFunction("loads", "s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, object_pairs_hook=None, **kw",
                         doc: "Deserialize s (a str instance containing a JSON document) to a Python object.") { interp, args in
            var s = args["s"]
            if case .object(let o) = s, let b = o as? PyBytes { s = .str(String(decoding: b.bytes, as: UTF8.self)) }
            guard let text = s.stringValue else {
                throw PyException.typeError("the JSON object must be str, bytes or bytearray, not \(s.type.name)")
            }
            var decoder = Decoder(text: text, errorType: decodeError, interpreter: interp, hook: args["object_hook"])
            return try decoder.decodeDocument()
        }
        m.defineFunction("load", "fp, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, object_pairs_hook=None, **kw") { interp, args in
            let text = try interp.callMethod(args["fp"], "read")
            guard let s = text.stringValue else { throw PyException.typeError("the JSON object must be str") }
            var decoder = Decoder(text: s, errorType: decodeError, interpreter: interp, hook: args["object_hook"])
            return try decoder.decodeDocument()
        }
        return m
    }

    struct Encoder {
        let interp: Interpreter
        let indent: String?
        let itemSeparator: String
        let keySeparator: String
        let sortKeys: Bool
        let ensureASCII: Bool
        let allowNaN: Bool
        let skipKeys: Bool
        let defaultFunction: Value
        var active = Set<ObjectIdentifier>()

        init(_ interp: Interpreter, _ args: BoundArguments) throws {
            self.interp = interp
            let indentValue = args["indent"]
            if indentValue.isNone {
                indent = nil
            } else if let n = indentValue.intValue {
                indent = String(repeating: " ", count: max(0, n))
            } else {
                indent = try interp.str(indentValue)
            }
            if !args["separators"].isNone {
                let parts = try interp.collect(args["separators"])
                guard parts.count == 2, let a = parts[0].stringValue, let b = parts[1].stringValue else {
                    throw PyException.valueError("separators must be a (item_separator, key_separator) tuple")
                }
                itemSeparator = a
                keySeparator = b
            } else {
                itemSeparator = indent == nil ? ", " : ","
                keySeparator = ": "
            }
            sortKeys = try args.bool("sort_keys")
            ensureASCII = try args.bool("ensure_ascii")
            allowNaN = try args.bool("allow_nan")
            skipKeys = try args.bool("skipkeys")
            defaultFunction = args["default"]
        }

        func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if u.value < 0x20 {
                        out += "\\u" + String(u.value, radix: 16).leftPadded(4)
                    } else if ensureASCII && u.value > 0x7E {
                        if u.value > 0xFFFF {
                            let v = u.value - 0x10000
                            out += "\\u" + String(0xD800 + (v >> 10), radix: 16).leftPadded(4)
                            out += "\\u" + String(0xDC00 + (v & 0x3FF), radix: 16).leftPadded(4)
                        } else {
                            out += "\\u" + String(u.value, radix: 16).leftPadded(4)
                        }
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }

        func float(_ d: Double) throws -> String {
            if d.isNaN || d.isInfinite {
                if !allowNaN { throw PyException.valueError("Out of range float values are not JSON compliant") }
                return d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")
            }
            return PythonFormat.repr(d)
        }

        mutating func encode(_ v: Value) throws -> String {
            var out = ""
            try encode(v, level: 0, into: &out)
            return out
        }

        mutating func encode(_ v: Value, level: Int, into out: inout String) throws {
            switch v {
            case .none, .unbound: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .float(let d): out += try float(d)
            case .object(let o):
                if let s = o as? PyStr { out += quote(s.value); return }
                if o is PyList || o is PyTuple {
                    let items = (o as? PyList)?.items ?? (o as! PyTuple).items
                    if items.isEmpty { out += "[]"; return }
                    try enter(o)
                    defer { active.remove(ObjectIdentifier(o)) }
                    out += "["
                    for (i, item) in items.enumerated() {
                        if i > 0 { out += itemSeparator }
                        if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
                        try encode(item, level: level + 1, into: &out)
                    }
                    if let indent { out += "\n" + String(repeating: indent, count: level) }
                    out += "]"
                    return
                }
                if let d = o as? PyDict {
                    if d.count == 0 { out += "{}"; return }
                    try enter(o)
                    defer { active.remove(ObjectIdentifier(o)) }
                    var pairs: [(String, Value)] = []
                    for (k, value) in d.pairs {
                        let key: String
                        switch k {
                        case .bool(let b): key = b ? "true" : "false"
                        case .int(let i): key = String(i)
                        case .float(let f): key = try float(f)
                        case .none: key = "null"
                        default:
                            if let s = k.stringValue { key = s } else if skipKeys { continue } else {
                                throw PyException.typeError("keys must be str, int, float, bool or None, not \(k.type.name)")
                            }
                        }
                        pairs.append((key, value))
                    }
                    if sortKeys { pairs.sort { Interpreter.scalarOrder($0.0, $1.0) < 0 } }
                    out += "{"
                    for (i, (k, value)) in pairs.enumerated() {
                        if i > 0 { out += itemSeparator }
                        if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
                        out += quote(k) + keySeparator
                        try encode(value, level: level + 1, into: &out)
                    }
                    if let indent { out += "\n" + String(repeating: indent, count: level) }
                    out += "}"
                    return
                }
                if !defaultFunction.isNone {
                    try enter(o)
                    defer { active.remove(ObjectIdentifier(o)) }
                    try encode(try interp.call(defaultFunction, [v]), level: level, into: &out)
                    return
                }
                throw PyException.typeError("Object of type \(o.type.name) is not JSON serializable")
            }
        }

        mutating func enter(_ o: PyObject) throws {
            if !active.insert(ObjectIdentifier(o)).inserted { throw PyException.valueError("Circular reference detected") }
        }
    }

    struct Decoder {
        let scalars: [Unicode.Scalar]
        var index = 0
        let errorType: PyType
        let interpreter: Interpreter
        let hook: Value

        init(text: String, errorType: PyType, interpreter: Interpreter, hook: Value) {
            self.scalars = Array(text.unicodeScalars)
            self.errorType = errorType
            self.interpreter = interpreter
            self.hook = hook
        }

        func error(_ message: String, at position: Int? = nil) -> PyException {
            let pos = position ?? index
            var line = 1, column = 1
            for i in 0..<min(pos, scalars.count) {
                if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            let e = PyException(errorType, "\(message): line \(line) column \(column) (char \(pos))")
            e.dict?["msg"] = .str(message)
            e.dict?["pos"] = .int(pos)
            e.dict?["lineno"] = .int(line)
            e.dict?["colno"] = .int(column)
            return e
        }

        mutating func skipWhitespace() {
            while index < scalars.count, " \t\n\r".unicodeScalars.contains(scalars[index]) { index += 1 }
        }

        mutating func decodeDocument() throws -> Value {
            skipWhitespace()
            let v = try value()
            skipWhitespace()
            if index < scalars.count { throw error("Extra data") }
            return v
        }

        mutating func literal(_ word: String, _ v: Value) -> Value? {
            let w = Array(word.unicodeScalars)
            if index + w.count <= scalars.count && Array(scalars[index..<(index + w.count)]) == w {
                index += w.count
                return v
            }
            return nil
        }

        mutating func value() throws -> Value {
            guard index < scalars.count else { throw error("Expecting value") }
            let c = scalars[index]
            switch c {
            case "{": return try object()
            case "[": return try array()
            case "\"": return .str(try string())
            default:
                if let v = literal("true", .bool(true)) ?? literal("false", .bool(false)) ?? literal("null", .none)
                    ?? literal("NaN", .float(.nan)) ?? literal("Infinity", .float(.infinity)) ?? literal("-Infinity", .float(-.infinity)) {
                    return v
                }
                if c == "-" || (c >= "0" && c <= "9") { return try number() }
                throw error("Expecting value")
            }
        }

        mutating func number() throws -> Value {
            let start = index
            if scalars[index] == "-" { index += 1 }
            guard index < scalars.count, scalars[index] >= "0", scalars[index] <= "9" else {
                index = start
                throw error("Expecting value")
            }
            if scalars[index] == "0" { index += 1 } else {
                while index < scalars.count, scalars[index] >= "0", scalars[index] <= "9" { index += 1 }
            }
            var isFloat = false
            if index + 1 < scalars.count, scalars[index] == ".", scalars[index + 1] >= "0", scalars[index + 1] <= "9" {
                isFloat = true
                index += 1
                while index < scalars.count, scalars[index] >= "0", scalars[index] <= "9" { index += 1 }
            }
            if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
                var j = index + 1
                if j < scalars.count, scalars[j] == "+" || scalars[j] == "-" { j += 1 }
                if j < scalars.count, scalars[j] >= "0", scalars[j] <= "9" {
                    isFloat = true
                    index = j
                    while index < scalars.count, scalars[index] >= "0", scalars[index] <= "9" { index += 1 }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            if isFloat { return .float(Double(text) ?? .nan) }
            guard let i = Int(text) else { throw PyException.overflow("int too large: kscript ints are 64-bit") }
            return .int(i)
        }

        mutating func string() throws -> String {
            let start = index
            index += 1
            var out = String.UnicodeScalarView()
            while true {
                guard index < scalars.count else { throw error("Unterminated string starting at", at: start) }
                let c = scalars[index]
                if c == "\"" { index += 1; return String(out) }
                if c.value < 0x20 { throw error("Invalid control character at") }
                if c == "\\" {
                    index += 1
                    guard index < scalars.count else { throw error("Unterminated string starting at", at: start) }
                    let e = scalars[index]
                    switch e {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        var code = try hex4(at: index + 1)
                        index += 4
                        if code >= 0xD800 && code < 0xDC00, index + 2 < scalars.count, scalars[index + 1] == "\\", scalars[index + 2] == "u" {
                            let low = try hex4(at: index + 3)
                            if low >= 0xDC00 && low < 0xE000 {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                index += 6
                            }
                        }
                        out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default:
                        throw error("Invalid \\escape", at: index - 1)
                    }
                    index += 1
                    continue
                }
                out.append(c)
                index += 1
            }
        }

        func hex4(at position: Int) throws -> UInt32 {
            guard position + 4 <= scalars.count else { throw error("Invalid \\uXXXX escape", at: position - 1) }
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[position..<(position + 4)])
            guard let v = UInt32(s, radix: 16) else { throw error("Invalid \\uXXXX escape", at: position - 1) }
            return v
        }

        mutating func array() throws -> Value {
            index += 1
            var items: [Value] = []
            skipWhitespace()
            if index < scalars.count && scalars[index] == "]" { index += 1; return .object(PyList(items)) }
            while true {
                skipWhitespace()
                items.append(try value())
                skipWhitespace()
                guard index < scalars.count else { throw error("Expecting ',' delimiter") }
                if scalars[index] == "]" { index += 1; return .object(PyList(items)) }
                guard scalars[index] == "," else { throw error("Expecting ',' delimiter") }
                index += 1
                skipWhitespace()
                if index < scalars.count && scalars[index] == "]" { throw error("Expecting value") }
            }
        }

        mutating func object() throws -> Value {
            index += 1
            let d = PyDict()
            skipWhitespace()
            if index < scalars.count && scalars[index] == "}" {
                index += 1
                return try finish(d)
            }
            while true {
                skipWhitespace()
                guard index < scalars.count, scalars[index] == "\"" else {
                    throw error("Expecting property name enclosed in double quotes")
                }
                let key = try string()
                skipWhitespace()
                guard index < scalars.count, scalars[index] == ":" else { throw error("Expecting ':' delimiter") }
                index += 1
                skipWhitespace()
                try d.set(.str(key), try value())
                skipWhitespace()
                guard index < scalars.count else { throw error("Expecting ',' delimiter") }
                if scalars[index] == "}" {
                    index += 1
                    return try finish(d)
                }
                guard scalars[index] == "," else { throw error("Expecting ',' delimiter") }
                index += 1
                skipWhitespace()
                if index < scalars.count && scalars[index] == "}" { throw error("Expecting property name enclosed in double quotes") }
            }
        }

        func finish(_ d: PyDict) throws -> Value {
            if hook.isNone { return .object(d) }
            return try interpreter.call(hook, [.object(d)])
        }
    }
}
