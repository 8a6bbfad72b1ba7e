import Foundation

/// A Python-style parameter list given as text (`"units, activation=None, *, name=None, **kwargs"`),
/// parsed once. It binds call arguments with CPython's TypeError messages, and `help()` and
/// completion display it.
public struct Signature {
    public enum Kind {
        case positionalOnly, positionalOrKeyword, keywordOnly, varArgs, varKeywords
    }

    public struct Parameter {
        public let name: String
        public let kind: Kind
        /// The default value, nil when the parameter is required.
        public let defaultValue: Value?
        /// The default as written, for display.
        public let defaultText: String?
    }

    public let text: String
    public let parameters: [Parameter]
    /// Parameters that take a single value (not `*args`/`**kwargs`), in order.
    let fixed: [Parameter]
    let positionalCount: Int
    let varArgsName: String?
    let varKeywordsName: String?
    /// False when the text could not be parsed (then no arity checks are made).
    let isParsed: Bool

    /// Positional arguments that must be given.
    var minimumPositional: Int {
        parameters.filter { ($0.kind == .positionalOnly || $0.kind == .positionalOrKeyword) && $0.defaultValue == nil }.count
    }

    /// Most positional arguments accepted (nil: unlimited).
    var maximumPositional: Int? { varArgsName == nil ? positionalCount : nil }

    /// Parses `text`. Defaults must be literals (numbers, strings, None, True/False, tuples).
    public init(_ text: String) {
        self.text = text
        var parsed: [Parameter] = []
        if !text.trimmingCharacters(in: .whitespaces).isEmpty,
           let list = try? Signature.parseList(text) {
            var positionalOnlyLeft = list.positionalOnlyCount
            for p in list.positional {
                let kind: Kind = positionalOnlyLeft > 0 ? .positionalOnly : .positionalOrKeyword
                positionalOnlyLeft -= 1
                parsed.append(Parameter(name: p.name, kind: kind, defaultValue: p.defaultValue.flatMap(Signature.literal),
                                        defaultText: p.defaultValue.map { Signature.sourceText(of: $0, in: text) }))
            }
            if let v = list.varArgs { parsed.append(Parameter(name: v, kind: .varArgs, defaultValue: nil, defaultText: nil)) }
            for p in list.keywordOnly {
                parsed.append(Parameter(name: p.name, kind: .keywordOnly, defaultValue: p.defaultValue.flatMap(Signature.literal),
                                        defaultText: p.defaultValue.map { Signature.sourceText(of: $0, in: text) }))
            }
            if let k = list.varKeywords { parsed.append(Parameter(name: k, kind: .varKeywords, defaultValue: nil, defaultText: nil)) }
        }
        self.parameters = parsed
        self.isParsed = text.trimmingCharacters(in: .whitespaces).isEmpty || !parsed.isEmpty
        self.fixed = parsed.filter { $0.kind != .varArgs && $0.kind != .varKeywords }
        self.positionalCount = parsed.filter { $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }.count
        self.varArgsName = parsed.first { $0.kind == .varArgs }?.name
        self.varKeywordsName = parsed.first { $0.kind == .varKeywords }?.name
    }

    private static func parseList(_ text: String) throws -> ParameterList {
        let source = SourceText("def f(\(text.replacingOccurrences(of: "<unrepresentable>", with: "...").replacingOccurrences(of: "sys.maxsize", with: "..."))): pass\n", filename: "<signature>")
        let body = try Parser.parseModule(source)
        guard case .functionDef(let f)? = body.first?.kind else { throw ResolveError.message("bad signature") }
        return f.parameters
    }

    private static func sourceText(of e: Expr, in text: String) -> String {
        let line = "def f(\(text)): pass"
        let scalars = Array(line.unicodeScalars)
        let a = min(e.start.column, scalars.count), b = min(max(e.end.column, a), scalars.count)
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[a..<b])
        return s
    }

    /// Evaluates a literal default.
    static func literal(_ e: Expr) -> Value? {
        switch e.kind {
        case .constant(let c):
            switch c {
            case .none: return Value.none
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let d): return .float(d)
            case .string(let s): return .str(s)
            case .ellipsis: return .object(BuiltinTypes.ellipsisValue)
            case .bytes: return nil
            }
        case .unary(.negate, let inner):
            switch literal(inner) {
            case .int(let i)?: return .int(-i)
            case .float(let d)?: return .float(-d)
            default: return nil
            }
        case .tuple(let items):
            let values = items.compactMap(literal)
            return values.count == items.count ? PyTuple.make(values) : nil
        default:
            return nil
        }
    }

    /// `(units, activation=None, *, name=None, **kwargs)` as help() shows it.
    public var display: String {
        var parts: [String] = []
        var sawKeywordOnlyMarker = false
        var sawPositionalOnly = false
        for p in parameters {
            switch p.kind {
            case .positionalOnly:
                sawPositionalOnly = true
            case .positionalOrKeyword:
                break
            case .keywordOnly:
                if !sawKeywordOnlyMarker {
                    parts.append("*")
                    sawKeywordOnlyMarker = true
                }
            case .varArgs:
                sawKeywordOnlyMarker = true
            case .varKeywords:
                break
            }
            if p.kind != .positionalOnly && sawPositionalOnly {
                parts.append("/")
                sawPositionalOnly = false
            }
            switch p.kind {
            case .varArgs: parts.append("*" + p.name)
            case .varKeywords: parts.append("**" + p.name)
            default: parts.append(p.defaultText.map { "\(p.name)=\($0)" } ?? p.name)
            }
        }
        if sawPositionalOnly { parts.append("/") }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// Binds `arguments` (without any receiver) to the parameters.
    /// `function` is the name used in error messages (`Dense.__init__`).
    public func bind(_ arguments: Arguments, function: String, receiver: Value = .unbound) throws -> BoundArguments {
        var values = [Value](repeating: .unbound, count: fixed.count)
        var extraPositional: [Value] = []
        var extraKeywords: [(String, Value)] = []
        let n = arguments.count
        if n > positionalCount {
            if varArgsName == nil {
                let required = fixed.prefix(positionalCount).filter { $0.defaultValue == nil }.count
                let takes = required == positionalCount ? "\(positionalCount)" : "from \(required) to \(positionalCount)"
                throw PyException.typeError("\(function)() takes \(takes) positional argument\(positionalCount == 1 && required == positionalCount ? "" : "s") but \(n) \(n == 1 ? "was" : "were") given")
            }
            extraPositional = Array(arguments.values[positionalCount..<n])
        }
        for i in 0..<min(n, positionalCount) { values[i] = arguments[i] }
        for (k, name) in arguments.keywordNames.enumerated() {
            let value = arguments.values[n + k]
            if let index = fixed.firstIndex(where: { $0.name == name.value }), fixed[index].kind != .positionalOnly {
                if !values[index].isUnbound {
                    throw PyException.typeError("\(function)() got multiple values for argument '\(name.value)'")
                }
                values[index] = value
            } else if varKeywordsName != nil {
                extraKeywords.append((name.value, value))
            } else {
                throw PyException.typeError("\(function)() got an unexpected keyword argument '\(name.value)'")
            }
        }
        var missingPositional: [String] = []
        var missingKeyword: [String] = []
        for (i, p) in fixed.enumerated() where values[i].isUnbound {
            if let d = p.defaultValue {
                values[i] = d
            } else if p.kind == .keywordOnly {
                missingKeyword.append(p.name)
            } else {
                missingPositional.append(p.name)
            }
        }
        if !missingPositional.isEmpty {
            throw PyException.typeError("\(function)() missing \(missingPositional.count) required positional argument\(missingPositional.count == 1 ? "" : "s"): \(Signature.nameList(missingPositional))")
        }
        if !missingKeyword.isEmpty {
            throw PyException.typeError("\(function)() missing \(missingKeyword.count) required keyword-only argument\(missingKeyword.count == 1 ? "" : "s"): \(Signature.nameList(missingKeyword))")
        }
        return BoundArguments(signature: self, receiver: receiver, values: values, varArgs: extraPositional, varKeywords: extraKeywords)
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` as CPython lists missing arguments.
    static func nameList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 1: return quoted[0]
        case 2: return "\(quoted[0]) and \(quoted[1])"
        default: return quoted.dropLast().joined(separator: ", ") + ", and " + quoted.last!
        }
    }
}

/// Arguments bound to a `Signature`: one value per named parameter (defaults filled in),
/// plus the extra positional and keyword arguments when the signature has `*args`/`**kwargs`.
public struct BoundArguments {
    public let signature: Signature
    /// The object a method was called on; `.unbound` for plain functions.
    public let receiver: Value
    public var values: [Value]
    public var varArgs: [Value]
    public var varKeywords: [(String, Value)]

    /// The value of parameter `name` (a programming error in the bridge if it does not exist).
    public subscript(name: String) -> Value {
        guard let i = signature.fixed.firstIndex(where: { $0.name == name }) else { return .none }
        return values[i]
    }

    public subscript(index: Int) -> Value { values[index] }

    /// The receiver as a specific Swift class.
    public func receiver<T: PyObject>(as: T.Type, _ function: String) throws -> T {
        if case .object(let o) = receiver, let t = o as? T { return t }
        throw PyException.typeError("descriptor '\(function)' requires a different object, not '\(receiver.type.name)'")
    }

    /// `**kwargs` as a dict value.
    public var varKeywordsDict: PyDict {
        let d = PyDict()
        for (k, v) in varKeywords { d.setString(PyStr(k), v) }
        return d
    }

    public func int(_ name: String) throws -> Int { try Interpreter.current.toInt(self[name], what: name) }
    public func double(_ name: String) throws -> Double { try Interpreter.current.toDouble(self[name], what: name) }
    public func string(_ name: String) throws -> String {
        let v = self[name]
        guard let s = v.stringValue else { throw PyException.typeError("\(name) must be str, not \(v.type.name)") }
        return s
    }
    public func optionalString(_ name: String) throws -> String? { self[name].isNone ? nil : try string(name) }
    public func bool(_ name: String) throws -> Bool { try Interpreter.current.truthy(self[name]) }
    public func isNone(_ name: String) -> Bool { self[name].isNone }
}
