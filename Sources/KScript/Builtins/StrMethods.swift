import Foundation

extension Builtins {
    static func isPythonWhitespace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0: return true
        default: return u.value > 0x7F && u.properties.isWhitespace
        }
    }

    /// Resolves optional `start, end` arguments against a length, like slice bounds.
    static func bounds(_ interp: Interpreter, _ args: Arguments, from index: Int, length: Int) throws -> (Int, Int) {
        var start = 0, end = length
        if args.count > index, !args[index].isNone { start = try interp.toInt(args[index], what: "start") }
        if args.count > index + 1, !args[index + 1].isNone { end = try interp.toInt(args[index + 1], what: "end") }
        if start < 0 { start = max(0, start + length) }
        if end < 0 { end = max(0, end + length) }
        return (min(start, length), min(end, length))
    }

    static func find(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar], _ start: Int, _ end: Int, reverse: Bool) -> Int {
        if end - start < needle.count { return -1 }
        if needle.isEmpty { return reverse ? end : start }
        let last = end - needle.count
        if reverse {
            var i = last
            while i >= start {
                if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
                i -= 1
            }
        } else {
            var i = start
            while i <= last {
                if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
                i += 1
            }
        }
        return -1
    }

    static func strArgument(_ v: Value, _ method: String) throws -> String {
        guard let s = v.stringValue else {
            throw PyException.typeError("must be str, not \(v.type.name)")
        }
        return s
    }

    static func installStr() {
        let str = BuiltinTypes.str
        str.doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str"
        str.constructor = { interp, _, args in
            if args.count == 0 && !args.hasKeywords { return .object(PyStr.empty) }
            if case .object(let o) = args[0], let b = o as? PyBytes, args.count > 1 || args.keyword("encoding") != nil {
                return .str(String(decoding: b.bytes, as: UTF8.self))
            }
            try args.expectCount("str", 1...1)
            return .str(try interp.str(args[0]))
        }
        func s(_ args: Arguments, _ name: String) throws -> PyStr { try receiver(args, PyStr.self, name, "str") }
        str.defineRawMethod("lower", "") { _, a in .str(try s(a, "lower").value.lowercased()) }
        str.defineRawMethod("upper", "") { _, a in .str(try s(a, "upper").value.uppercased()) }
        str.defineRawMethod("casefold", "") { _, a in .str(try s(a, "casefold").value.lowercased()) }
        str.defineRawMethod("swapcase", "") { _, a in
            .str(String(try s(a, "swapcase").value.map { c in c.isUppercase ? Character(c.lowercased()) : Character(c.uppercased()) }))
        }
        for (name, mode) in [("strip", 0), ("lstrip", 1), ("rstrip", 2)] {
            str.defineRawMethod(name, "chars=None, /") { _, a in
                let value = try s(a, name).scalars
                let chars: Set<Unicode.Scalar>? = a.count > 1 && !a[1].isNone ? Set(try strArgument(a[1], name).unicodeScalars) : nil
                let strip: (Unicode.Scalar) -> Bool = { chars?.contains($0) ?? isPythonWhitespace($0) }
                var lo = 0, hi = value.count
                if mode != 2 { while lo < hi && strip(value[lo]) { lo += 1 } }
                if mode != 1 { while hi > lo && strip(value[hi - 1]) { hi -= 1 } }
                var out = String.UnicodeScalarView()
                out.append(contentsOf: value[lo..<hi])
                return .str(String(out))
            }
        }
        str.defineRawMethod("split", "sep=None, maxsplit=-1") { interp, a in
            let bound = try Signature("sep=None, maxsplit=-1").bind(a.droppingFirst(), function: "split")
            return .object(PyList(try split(try s(a, "split").value, bound["sep"], try interp.toInt(bound["maxsplit"], what: "maxsplit"), reverse: false).map { .str($0) }))
        }
        str.defineRawMethod("rsplit", "sep=None, maxsplit=-1") { interp, a in
            let bound = try Signature("sep=None, maxsplit=-1").bind(a.droppingFirst(), function: "rsplit")
            return .object(PyList(try split(try s(a, "rsplit").value, bound["sep"], try interp.toInt(bound["maxsplit"], what: "maxsplit"), reverse: true).map { .str($0) }))
        }
        str.defineRawMethod("splitlines", "keepends=False") { interp, a in
            let value = try s(a, "splitlines").value
            let keep = a.count > 1 ? try interp.truthy(a[1]) : (try a.keyword("keepends").map(interp.truthy) ?? false)
            var lines: [Value] = []
            var current = String.UnicodeScalarView()
            let scalars = Array(value.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let u = scalars[i]
                if "\n\r\u{0B}\u{0C}\u{1C}\u{1D}\u{1E}\u{85}\u{2028}\u{2029}".unicodeScalars.contains(u) {
                    var ending = String(u)
                    if u == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { ending = "\r\n"; i += 1 }
                    lines.append(.str(String(current) + (keep ? ending : "")))
                    current = String.UnicodeScalarView()
                } else {
                    current.append(u)
                }
                i += 1
            }
            if !current.isEmpty { lines.append(.str(String(current))) }
            return .object(PyList(lines))
        }
        str.defineRawMethod("join", "iterable, /") { interp, a in
            let sep = try s(a, "join").value
            try a.expectCount("join", 2...2)
            var parts: [String] = []
            for (i, v) in try interp.collect(a[1]).enumerated() {
                guard let p = v.stringValue else {
                    throw PyException.typeError("sequence item \(i): expected str instance, \(v.type.name) found")
                }
                parts.append(p)
            }
            return .str(parts.joined(separator: sep))
        }
        str.defineRawMethod("replace", "old, new, count=-1, /") { interp, a in
            let value = try s(a, "replace").value
            guard a.count >= 3 else { throw PyException.typeError("replace expected at least 2 arguments, got \(a.count - 1)") }
            let old = try strArgument(a[1], "replace"), new = try strArgument(a[2], "replace")
            let count = a.count > 3 ? try interp.toInt(a[3], what: "count") : -1
            return .str(replace(value, old, new, count))
        }
        for (name, isStart) in [("startswith", true), ("endswith", false)] {
            str.defineRawMethod(name, "prefix, start=None, end=None, /") { interp, a in
                let value = try s(a, name)
                guard a.count >= 2 else { throw PyException.typeError("\(name)() takes at least 1 argument (0 given)") }
                let (start, end) = try bounds(interp, a, from: 2, length: value.count)
                let scalars = value.scalars
                let candidates: [Value]
                if case .object(let o) = a[1], let t = o as? PyTuple { candidates = t.items } else { candidates = [a[1]] }
                for c in candidates {
                    guard let p = c.stringValue else {
                        throw PyException.typeError("\(name) first arg must be str or a tuple of str, not \(c.type.name)")
                    }
                    let ps = Array(p.unicodeScalars)
                    if end - start < ps.count { continue }
                    if start > value.count { continue }
                    let slice = isStart ? scalars[start..<(start + ps.count)] : scalars[(end - ps.count)..<end]
                    if Array(slice) == ps { return .bool(true) }
                }
                return .bool(false)
            }
        }
        for (name, reverse, raises) in [("find", false, false), ("rfind", true, false), ("index", false, true), ("rindex", true, true)] {
            str.defineRawMethod(name, "sub, start=None, end=None, /") { interp, a in
                let value = try s(a, name)
                guard a.count >= 2 else { throw PyException.typeError("\(name)() takes at least 1 argument (0 given)") }
                let sub = try strArgument(a[1], name)
                let (start, end) = try bounds(interp, a, from: 2, length: value.count)
                let r = start > end ? -1 : find(value.scalars, Array(sub.unicodeScalars), start, end, reverse: reverse)
                if r < 0 && raises { throw PyException.valueError("substring not found") }
                return .int(r)
            }
        }
        str.defineRawMethod("count", "sub, start=None, end=None, /") { interp, a in
            let value = try s(a, "count")
            guard a.count >= 2 else { throw PyException.typeError("count() takes at least 1 argument (0 given)") }
            let sub = Array(try strArgument(a[1], "count").unicodeScalars)
            let (start, end) = try bounds(interp, a, from: 2, length: value.count)
            if start > end { return .int(0) }
            if sub.isEmpty { return .int(end - start + 1) }
            var n = 0, i = start
            let scalars = value.scalars
            while true {
                let r = find(scalars, sub, i, end, reverse: false)
                if r < 0 { break }
                n += 1
                i = r + sub.count
            }
            return .int(n)
        }
        str.defineRawMethod("zfill", "width, /") { interp, a in
            let value = try s(a, "zfill").value
            let width = try interp.toInt(a[1], what: "width")
            if width > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
            let n = value.unicodeScalars.count
            if n >= width { return .str(value) }
            var body = value
            var sign = ""
            if body.hasPrefix("-") || body.hasPrefix("+") { sign = String(body.removeFirst()) }
            return .str(sign + String(repeating: "0", count: width - n) + body)
        }
        for (name, align) in [("center", 0), ("ljust", 1), ("rjust", 2)] {
            str.defineRawMethod(name, "width, fillchar=' ', /") { interp, a in
                let value = try s(a, name).value
                guard a.count >= 2 else { throw PyException.typeError("\(name) expected at least 1 argument, got 0") }
                let width = try interp.toInt(a[1], what: "width")
                if width > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
                var fill = " "
                if a.count > 2 {
                    guard let f = a[2].stringValue, f.unicodeScalars.count == 1 else {
                        throw PyException.typeError("The fill character must be exactly one character long")
                    }
                    fill = f
                }
                let n = value.unicodeScalars.count
                if n >= width { return .str(value) }
                let pad = width - n
                switch align {
                case 1: return .str(value + String(repeating: fill, count: pad))
                case 2: return .str(String(repeating: fill, count: pad) + value)
                default:
                    let left = pad / 2 + (pad & width & 1)
                    return .str(String(repeating: fill, count: left) + value + String(repeating: fill, count: pad - left))
                }
            }
        }
        str.defineRawMethod("title", "") { _, a in
            var out = String.UnicodeScalarView()
            var previousCased = false
            for u in try s(a, "title").value.unicodeScalars {
                let c = Character(u)
                if c.isCased {
                    out.append(contentsOf: (previousCased ? c.lowercased() : c.uppercased()).unicodeScalars)
                    previousCased = true
                } else {
                    out.append(u)
                    previousCased = false
                }
            }
            return .str(String(out))
        }
        str.defineRawMethod("capitalize", "") { _, a in
            let value = try s(a, "capitalize").value
            guard let first = value.first else { return .str("") }
            return .str(first.uppercased() + value.dropFirst().lowercased())
        }
        let predicates: [(String, (Unicode.Scalar) -> Bool)] = [
            ("isdigit", { $0.properties.numericType == .decimal || $0.properties.numericType == .digit }),
            ("isdecimal", { $0.properties.numericType == .decimal }),
            ("isnumeric", { $0.properties.numericType != nil }),
            ("isalpha", { $0.properties.isAlphabetic }),
            ("isalnum", { $0.properties.isAlphabetic || $0.properties.numericType != nil }),
            ("isspace", { isPythonWhitespace($0) }),
        ]
        for (name, test) in predicates {
            str.defineRawMethod(name, "") { _, a in
                let value = try s(a, name).value
                return .bool(!value.isEmpty && value.unicodeScalars.allSatisfy(test))
            }
        }
        str.defineRawMethod("isupper", "") { _, a in
            let value = try s(a, "isupper").value
            let cased = value.filter(\.isCased)
            return .bool(!cased.isEmpty && cased.allSatisfy(\.isUppercase))
        }
        str.defineRawMethod("islower", "") { _, a in
            let value = try s(a, "islower").value
            let cased = value.filter(\.isCased)
            return .bool(!cased.isEmpty && cased.allSatisfy(\.isLowercase))
        }
        str.defineRawMethod("istitle", "") { _, a in
            var previousCased = false, sawCased = false
            for c in try s(a, "istitle").value {
                if c.isUppercase {
                    if previousCased { return .bool(false) }
                    previousCased = true
                    sawCased = true
                } else if c.isLowercase {
                    if !previousCased { return .bool(false) }
                    previousCased = true
                    sawCased = true
                } else {
                    previousCased = false
                }
            }
            return .bool(sawCased)
        }
        str.defineRawMethod("isidentifier", "") { _, a in
            let value = try s(a, "isidentifier").value
            guard let first = value.unicodeScalars.first else { return .bool(false) }
            let ok = (first == "_" || first.properties.isXIDStart) && value.unicodeScalars.dropFirst().allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
            return .bool(ok)
        }
        str.defineRawMethod("isascii", "") { _, a in .bool(try s(a, "isascii").isASCII) }
        str.defineRawMethod("format", "*args, **kwargs", doc: "Return a formatted version of the string.") { interp, a in
            let template = try s(a, "format").value
            var kwargs: [String: Value] = [:]
            for (k, v) in a.keywords { kwargs[k] = v }
            return .str(try interp.formatString(template, positional: Array(a.values[1..<a.count]), keywords: kwargs))
        }
        str.defineRawMethod("format_map", "mapping, /") { interp, a in
            let template = try s(a, "format_map").value
            var kwargs: [String: Value] = [:]
            if case .object(let o) = a[1], let d = o as? PyDict {
                for (k, v) in d.pairs { if let key = k.stringValue { kwargs[key] = v } }
            }
            return .str(try interp.formatString(template, positional: [], keywords: kwargs))
        }
        for (name, reverse) in [("partition", false), ("rpartition", true)] {
            str.defineRawMethod(name, "sep, /") { _, a in
                let value = try s(a, name)
                let sep = try strArgument(a[1], name)
                if sep.isEmpty { throw PyException.valueError("empty separator") }
                let r = find(value.scalars, Array(sep.unicodeScalars), 0, value.count, reverse: reverse)
                if r < 0 {
                    return reverse ? PyTuple.make([.str(""), .str(""), .str(value.value)]) : PyTuple.make([.str(value.value), .str(""), .str("")])
                }
                let sepCount = sep.unicodeScalars.count
                return PyTuple.make([.str(value.substring(0, r)), .str(sep), .str(value.substring(r + sepCount, value.count))])
            }
        }
        str.defineRawMethod("removeprefix", "prefix, /") { _, a in
            let value = try s(a, "removeprefix").value, p = try strArgument(a[1], "removeprefix")
            return .str(value.hasPrefix(p) ? String(value.dropFirst(p.count)) : value)
        }
        str.defineRawMethod("removesuffix", "suffix, /") { _, a in
            let value = try s(a, "removesuffix").value, p = try strArgument(a[1], "removesuffix")
            return .str(value.hasSuffix(p) && !p.isEmpty ? String(value.dropLast(p.count)) : value)
        }
        str.defineRawMethod("expandtabs", "tabsize=8") { interp, a in
            let size = a.count > 1 ? try interp.toInt(a[1], what: "tabsize") : 8
            if size > 1 << 16 { throw PyException(BuiltinTypes.memoryError, "") }
            var out = "", column = 0
            for c in try s(a, "expandtabs").value {
                if c == "\t" {
                    let n = size > 0 ? size - column % size : 0
                    out += String(repeating: " ", count: n)
                    column += n
                } else {
                    out.append(c)
                    column = c == "\n" || c == "\r" ? 0 : column + 1
                }
            }
            return .str(out)
        }
        str.defineRawMethod("encode", "encoding='utf-8', errors='strict'") { _, a in
            .object(PyBytes(Array(try s(a, "encode").value.utf8)))
        }
        str.defineRawMethod("__len__", "") { _, a in .int(try s(a, "__len__").count) }
        str.defineRawMethod("__contains__", "key, /") { interp, a in .bool(try interp.contains(a[0], a[1])) }
        str.defineRawMethod("__getitem__", "key, /") { interp, a in try interp.getItem(a[0], a[1]) }
        str.defineRawMethod("__add__", "value, /") { interp, a in
            guard a[1].stringValue != nil else { return .object(BuiltinTypes.notImplementedValue) }
            return try interp.builtinDunder(.add, a[0], a[1])
        }
        str.defineRawMethod("__mod__", "value, /") { interp, a in try interp.builtinDunder(.modulo, a[0], a[1]) }
        str.defineRawMethod("__mul__", "value, /") { interp, a in try interp.builtinDunder(.multiply, a[0], a[1]) }
        str.defineRawMethod("__hash__", "") { interp, a in .int(try interp.hash(a[0])) }
        str.defineStaticMethod("maketrans", "x, y=None, z=None, /") { interp, args in
            let d = PyDict()
            if let x = args["x"].stringValue, let y = args["y"].stringValue {
                for (a, b) in zip(x.unicodeScalars, y.unicodeScalars) { try d.set(.int(Int(a.value)), .int(Int(b.value))) }
                if let z = args["z"].stringValue { for c in z.unicodeScalars { try d.set(.int(Int(c.value)), .none) } }
            } else if case .object(let o) = args["x"], let source = o as? PyDict {
                for (k, v) in source.pairs {
                    if let ks = k.stringValue, let u = ks.unicodeScalars.first { try d.set(.int(Int(u.value)), v) } else { try d.set(k, v) }
                }
            }
            _ = interp
            return .object(d)
        }
        str.defineRawMethod("translate", "table, /") { interp, a in
            var out = ""
            for u in try s(a, "translate").value.unicodeScalars {
                let mapped = try? interp.getItem(a[1], .int(Int(u.value)))
                switch mapped {
                case nil: out.unicodeScalars.append(u)
                case .none?: break
                case .int(let i)?: if let m = Unicode.Scalar(UInt32(i)) { out.unicodeScalars.append(m) }
                case let v?: out += try interp.str(v)
                }
            }
            return .str(out)
        }
    }

    static func replace(_ value: String, _ old: String, _ new: String, _ count: Int) -> String {
        if count == 0 { return value }
        if old.isEmpty {
            var out = ""
            var n = 0
            for u in value.unicodeScalars {
                if count < 0 || n < count { out += new; n += 1 }
                out.unicodeScalars.append(u)
            }
            if count < 0 || n < count { out += new }
            return out
        }
        if count < 0 { return value.replacingOccurrences(of: old, with: new, options: .literal) }
        let scalars = Array(value.unicodeScalars), needle = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0, n = 0
        while i < scalars.count {
            if n < count, i + needle.count <= scalars.count, Array(scalars[i..<(i + needle.count)]) == needle {
                out.append(contentsOf: new.unicodeScalars)
                i += needle.count
                n += 1
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    static func split(_ value: String, _ separator: Value, _ maxSplit: Int, reverse: Bool) throws -> [String] {
        var scalars = Array(value.unicodeScalars)
        if separator.isNone {
            if reverse { scalars.reverse() }
            var parts: [String] = []
            var i = 0
            while i < scalars.count {
                while i < scalars.count && isPythonWhitespace(scalars[i]) { i += 1 }
                if i >= scalars.count { break }
                if maxSplit >= 0 && parts.count == maxSplit {
                    var rest = Array(scalars[i...])
                    while let last = rest.last, isPythonWhitespace(last) { rest.removeLast() }
                    var s = String.UnicodeScalarView()
                    s.append(contentsOf: reverse ? rest.reversed() : rest)
                    parts.append(String(s))
                    break
                }
                var s = String.UnicodeScalarView()
                while i < scalars.count && !isPythonWhitespace(scalars[i]) { s.append(scalars[i]); i += 1 }
                parts.append(reverse ? String(String.UnicodeScalarView(s.reversed())) : String(s))
            }
            return reverse ? parts.reversed() : parts
        }
        guard let sep = separator.stringValue else { throw PyException.typeError("must be str or None, not \(separator.type.name)") }
        if sep.isEmpty { throw PyException.valueError("empty separator") }
        var needle = Array(sep.unicodeScalars)
        if reverse {
            scalars.reverse()
            needle.reverse()
        }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if (maxSplit < 0 || parts.count < maxSplit), i + needle.count <= scalars.count, scalars[i] == needle[0],
               Array(scalars[i..<(i + needle.count)]) == needle {
                parts.append(reverse ? String(String.UnicodeScalarView(current.reversed())) : String(current))
                current = String.UnicodeScalarView()
                i += needle.count
            } else {
                current.append(scalars[i])
                i += 1
            }
        }
        parts.append(reverse ? String(String.UnicodeScalarView(current.reversed())) : String(current))
        return reverse ? parts.reversed() : parts
    }
}

extension Interpreter {
    /// `str.format`.
    func formatString(_ template: String, positional: [Value], keywords: [String: Value]) throws -> String {
        var out = ""
        let chars = Array(template)
        var i = 0
        var autoIndex = 0
        var manual = false
        var automatic = false
        while i < chars.count {
            let c = chars[i]
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw PyException.valueError("Single '}' encountered in format string")
            }
            if c != "{" { out.append(c); i += 1; continue }
            if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
            var depth = 1
            var j = i + 1
            while j < chars.count && depth > 0 {
                if chars[j] == "{" { depth += 1 } else if chars[j] == "}" { depth -= 1 }
                if depth > 0 { j += 1 }
            }
            guard j < chars.count else { throw PyException.valueError(i + 1 >= chars.count ? "Single '{' encountered in format string" : "expected '}' before end of string") }
            let field = String(chars[(i + 1)..<j])
            i = j + 1
            var name = field
            var conversion: Character?
            var spec = ""
            if let colon = Interpreter.topLevelIndex(of: ":", in: field) {
                name = String(field[..<colon])
                spec = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                let conv = name[name.index(after: bang)...]
                guard conv.count == 1 else { throw PyException.valueError("expected ':' after conversion specifier") }
                conversion = conv.first
                name = String(name[..<bang])
            }
            var rest = Substring(name)
            let head = rest.prefix { $0 != "." && $0 != "[" }
            rest = rest.dropFirst(head.count)
            var value: Value
            if head.isEmpty {
                if manual { throw PyException.valueError("cannot switch from manual field specification to automatic field numbering") }
                automatic = true
                guard autoIndex < positional.count else {
                    throw PyException.indexError("Replacement index \(autoIndex) out of range for positional args tuple")
                }
                value = positional[autoIndex]
                autoIndex += 1
            } else if let index = Int(head) {
                if automatic { throw PyException.valueError("cannot switch from automatic field numbering to manual field specification") }
                manual = true
                guard index < positional.count else {
                    throw PyException.indexError("Replacement index \(index) out of range for positional args tuple")
                }
                value = positional[index]
            } else {
                guard let v = keywords[String(head)] else { throw PyException.keyError(.str(String(head))) }
                value = v
            }
            while !rest.isEmpty {
                if rest.hasPrefix(".") {
                    rest = rest.dropFirst()
                    let attr = rest.prefix { $0 != "." && $0 != "[" }
                    rest = rest.dropFirst(attr.count)
                    value = try getAttribute(value, String(attr))
                } else if rest.hasPrefix("[") {
                    guard let close = rest.firstIndex(of: "]") else { throw PyException.valueError("Missing ']' in format string") }
                    let key = rest[rest.index(after: rest.startIndex)..<close]
                    rest = rest[rest.index(after: close)...]
                    value = try getItem(value, Int(key).map { .int($0) } ?? .str(String(key)))
                } else {
                    throw PyException.valueError("Only '.' or '[' may follow ']' in format field specifier")
                }
            }
            if spec.contains("{") {
                spec = try formatString(spec, positional: positional, keywords: keywords)
            }
            let code: UInt8
            switch conversion {
            case nil: code = 0
            case "s": code = 1
            case "r": code = 2
            case "a": code = 3
            default: throw PyException.valueError("Unknown conversion specifier \(conversion!)")
            }
            out += try formatField(value, conversion: code, spec: spec)
        }
        return out
    }

    static func topLevelIndex(of character: Character, in text: String) -> String.Index? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 } else if c == character && depth == 0 { return index }
            index = text.index(after: index)
        }
        return nil
    }
}
