import Foundation
import KTensor

extension Builtins {
    static func defineBuiltinFunctions(_ m: PyModule) {
        m.defineRawFunction("print", "*args, sep=' ', end='\\n', file=None, flush=False",
                            doc: "Prints the values to a stream, or to sys.stdout by default.") { interp, args in
            var sep = " ", end = "\n"
            var file: Value = .none
            var flush = false
            for (k, v) in args.keywords {
                switch k {
                case "sep":
                    if !v.isNone {
                        guard let s = v.stringValue else { throw PyException.typeError("sep must be None or a string, not \(v.type.name)") }
                        sep = s
                    }
                case "end":
                    if !v.isNone {
                        guard let s = v.stringValue else { throw PyException.typeError("end must be None or a string, not \(v.type.name)") }
                        end = s
                    }
                case "file": file = v
                case "flush": flush = try interp.truthy(v)
                default: throw PyException.typeError("'\(k)' is an invalid keyword argument for print()")
                }
            }
            var text = ""
            for i in 0..<args.count {
                if i > 0 { text += sep }
                text += try interp.str(args[i])
            }
            text += end
            try interp.write(text, to: file)
            if flush { Console.shared.flush() }
            return .none
        }
        m.defineRawFunction("len", "obj, /", doc: "Return the number of items in a container.") { interp, args in
            try args.expectCount("len", 1...1)
            return .int(try interp.length(args[0]))
        }
        m.defineRawFunction("repr", "obj, /", doc: "Return the canonical string representation of the object.") { interp, args in
            try args.expectCount("repr", 1...1)
            return .str(try interp.repr(args[0]))
        }
        m.defineRawFunction("ascii", "obj, /") { interp, args in
            try args.expectCount("ascii", 1...1)
            return .str(try interp.ascii(args[0]))
        }
        m.defineFunction("format", "value, format_spec='', /", doc: "Return value.__format__(format_spec).") { interp, args in
            .str(try interp.format(args[0], try args.string("format_spec")))
        }
        m.defineRawFunction("isinstance", "obj, class_or_tuple, /", doc: "Return whether an object is an instance of a class or of a subclass thereof.") { interp, args in
            try args.expectCount("isinstance", 2...2)
            return .bool(try interp.isInstance(args[0], args[1]))
        }
        m.defineRawFunction("issubclass", "cls, class_or_tuple, /") { interp, args in
            try args.expectCount("issubclass", 2...2)
            guard case .object(let o) = args[0], let cls = o as? PyType else {
                throw PyException.typeError("issubclass() arg 1 must be a class")
            }
            return .bool(try interp.isSubclass(cls, args[1]))
        }
        m.defineRawFunction("hasattr", "obj, name, /") { interp, args in
            try args.expectCount("hasattr", 2...2)
            guard let name = args[1].stringValue else { throw PyException.typeError("hasattr(): attribute name must be string") }
            return .bool(try interp.getAttributeIfPresent(args[0], name) != nil)
        }
        m.defineRawFunction("getattr", "object, name, default=<unrepresentable>, /", doc: "Get a named attribute from an object.") { interp, args in
            try args.rejectKeywords("getattr")
            guard args.count == 2 || args.count == 3 else {
                throw PyException.typeError("getattr expected at least 2 arguments, got \(args.count)")
            }
            guard let name = args[1].stringValue else { throw PyException.typeError("getattr(): attribute name must be string") }
            if args.count == 3 { return try interp.getAttributeIfPresent(args[0], name) ?? args[2] }
            return try interp.getAttribute(args[0], name)
        }
        m.defineRawFunction("setattr", "obj, name, value, /") { interp, args in
            try args.expectCount("setattr", 3...3)
            guard let name = args[1].stringValue else { throw PyException.typeError("attribute name must be string, not '\(args[1].type.name)'") }
            try interp.setAttribute(args[0], name, args[2])
            return .none
        }
        m.defineRawFunction("delattr", "obj, name, /") { interp, args in
            try args.expectCount("delattr", 2...2)
            guard let name = args[1].stringValue else { throw PyException.typeError("attribute name must be string, not '\(args[1].type.name)'") }
            try interp.deleteAttribute(args[0], name)
            return .none
        }
        m.defineRawFunction("iter", "object, sentinel=<unrepresentable>, /") { interp, args in
            try args.rejectKeywords("iter")
            if args.count == 2 {
                return .object(CallableIterator(function: args[0], sentinel: args[1]))
            }
            try args.expectCount("iter", 1...2)
            return try interp.iterator(args[0])
        }
        m.defineRawFunction("next", "iterator, default=<unrepresentable>, /", doc: "Return the next item from the iterator.") { interp, args in
            try args.rejectKeywords("next")
            guard args.count == 1 || args.count == 2 else { throw PyException.typeError("next expected at least 1 argument, got \(args.count)") }
            guard case .object(let o) = args[0], o is PyIterator || o.type.lookup("__next__") != nil else {
                throw PyException.typeError("'\(args[0].type.name)' object is not an iterator")
            }
            if let g = o as? PyGenerator, args.count == 1 {
                if let v = try interp.resume(g, sending: .none, throwing: nil) { return v }
                throw PyException.stopIteration(g.returnValue)
            }
            if o.type.isNative, let it = o as? PyIterator {
                if let v = try it.next(interp) { return v }
            } else if let method = o.type.lookup("__next__") {
                if args.count == 1 { return try interp.call(method, [args[0]]) }
                if let v = try interp.next(args[0]) { return v }
            }
            if args.count == 2 { return args[1] }
            throw PyException.stopIteration()
        }
        m.defineRawFunction("any", "iterable, /") { interp, args in
            try args.expectCount("any", 1...1)
            let it = try interp.iterator(args[0])
            while let v = try interp.next(it) { if try interp.truthy(v) { return .bool(true) } }
            return .bool(false)
        }
        m.defineRawFunction("all", "iterable, /") { interp, args in
            try args.expectCount("all", 1...1)
            let it = try interp.iterator(args[0])
            while let v = try interp.next(it) { if !(try interp.truthy(v)) { return .bool(false) } }
            return .bool(true)
        }
        m.defineFunction("sum", "iterable, /, start=0", doc: "Return the sum of a 'start' value (default: 0) plus an iterable of numbers.") { interp, args in
            var total = args["start"]
            if total.stringValue != nil { throw PyException.typeError("sum() can't sum strings [use ''.join(seq) instead]") }
            let it = try interp.iterator(args["iterable"])
            while let v = try interp.next(it) {
                if case .int(let a) = total, case .int(let b) = v {
                    let (s, o) = a.addingReportingOverflow(b)
                    if !o { total = .int(s); continue }
                } else if case .float(let a) = total, case .float(let b) = v {
                    total = .float(a + b)
                    continue
                }
                total = try interp.binaryOperation(.add, total, v)
            }
            return total
        }
        m.defineRawFunction("min", "*args, key=None, default=<unrepresentable>", doc: "Return the smallest item.") { interp, args in
            try interp.extreme(args, name: "min", op: .less)
        }
        m.defineRawFunction("max", "*args, key=None, default=<unrepresentable>", doc: "Return the largest item.") { interp, args in
            try interp.extreme(args, name: "max", op: .greater)
        }
        m.defineFunction("sorted", "iterable, /, *, key=None, reverse=False", doc: "Return a new list containing all items from the iterable in ascending order.") { interp, args in
            var items = try interp.collect(args["iterable"])
            try interp.sortValues(&items, key: args["key"], reverse: try args.bool("reverse"))
            return .object(PyList(items))
        }
        m.defineRawFunction("abs", "x, /", doc: "Return the absolute value of the argument.") { interp, args in
            try args.expectCount("abs", 1...1)
            return try interp.absolute(args[0])
        }
        m.defineRawFunction("round", "number, ndigits=None", doc: "Round a number to a given precision in decimal digits.") { interp, args in
            let bound = try Signature("number, ndigits=None").bind(args, function: "round")
            return try interp.round(bound["number"], bound["ndigits"])
        }
        m.defineRawFunction("divmod", "x, y, /") { interp, args in
            try args.expectCount("divmod", 2...2)
            if let a = args[0].intValue, let b = args[1].intValue {
                if b == 0 { throw PyException.zeroDivision("integer division or modulo by zero") }
                if a == Int.min && b == -1 { throw Interpreter.overflow(a, "//", b) }
                return PyTuple.make([.int(Interpreter.floorDivide(a, b)), .int(Interpreter.floorModulo(a, b))])
            }
            if let a = args[0].doubleValue, let b = args[1].doubleValue {
                if b == 0 { throw PyException.zeroDivision("float divmod()") }
                let (q, r) = Interpreter.floatDivmod(a, b)
                return PyTuple.make([.float(q), .float(r)])
            }
            if let method = args[0].type.lookup("__divmod__") { return try interp.call(method, [args[0], args[1]]) }
            throw PyException.typeError("unsupported operand type(s) for divmod(): '\(args[0].type.name)' and '\(args[1].type.name)'")
        }
        m.defineFunction("pow", "base, exp, mod=None", doc: "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments") { interp, args in
            if args["mod"].isNone { return try interp.binaryOperation(.power, args["base"], args["exp"]) }
            guard let b = args["base"].intValue, let e = args["exp"].intValue, let md = args["mod"].intValue else {
                throw PyException.typeError("pow() 3rd argument not allowed unless all arguments are integers")
            }
            if md == 0 { throw PyException.valueError("pow() 3rd argument cannot be 0") }
            if e < 0 { throw PyException.valueError("pow() negative exponent with modulus is not supported in kscript") }
            var result = 1 % md, base = Interpreter.floorModulo(b, md), exp = e
            func mulmod(_ x: Int, _ y: Int) -> Int {
                let (hi, lo) = x.multipliedFullWidth(by: y)
                let r = Int(truncatingIfNeeded: md.dividingFullWidth((hi, lo)).remainder)
                return Interpreter.floorModulo(r, md)
            }
            while exp > 0 {
                if exp & 1 == 1 { result = mulmod(result, base) }
                base = mulmod(base, base)
                exp >>= 1
            }
            return .int(result)
        }
        m.defineRawFunction("hash", "obj, /") { interp, args in
            try args.expectCount("hash", 1...1)
            return .int(try interp.hash(args[0]))
        }
        m.defineRawFunction("id", "obj, /") { interp, args in
            try args.expectCount("id", 1...1)
            if case .object(let o) = args[0] { return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(o).hashValue))) }
            return .int(try interp.hash(args[0]) &* 8 &+ 0x7F00_0000_0000)
        }
        m.defineRawFunction("callable", "obj, /") { interp, args in
            try args.expectCount("callable", 1...1)
            return .bool(interp.isCallable(args[0]))
        }
        m.defineRawFunction("ord", "c, /") { _, args in
            try args.expectCount("ord", 1...1)
            guard case .object(let o) = args[0], let s = o as? PyStr else {
                throw PyException.typeError("ord() expected string of length 1, but \(args[0].type.name) found")
            }
            guard s.count == 1 else { throw PyException.typeError("ord() expected a character, but string of length \(s.count) found") }
            return .int(Int(s.scalar(at: 0).value))
        }
        m.defineRawFunction("chr", "i, /") { interp, args in
            try args.expectCount("chr", 1...1)
            let i = try interp.toInt(args[0], what: "chr")
            guard i >= 0, i < 0x110000 else { throw PyException.valueError("chr() arg not in range(0x110000)") }
            guard let u = Unicode.Scalar(UInt32(i)) else { return .str("\u{FFFD}") }
            return .object(PyStr.character(u))
        }
        for (name, radix, prefix) in [("hex", 16, "0x"), ("oct", 8, "0o"), ("bin", 2, "0b")] {
            m.defineRawFunction(name, "number, /") { interp, args in
                try args.expectCount(name, 1...1)
                let i = try interp.toInt(args[0], what: name)
                return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix))
            }
        }
        m.defineRawFunction("dir", "object=<unrepresentable>, /") { interp, args in
            try args.expectCount("dir", 0...1)
            if args.count == 1 {
                if case .object(let o) = args[0], !(o is PyType), !(o is PyModule),
                   let custom = o.type.lookup("__dir__"), custom.object !== o.type.mro.last?.attributes["__dir__"]?.object {
                    var names = try interp.collect(try interp.call(custom, [args[0]])).compactMap(\.stringValue)
                    names.sort()
                    return .object(PyList(names.map { .str($0) }))
                }
                return .object(PyList(interp.directory(args[0]).map { .str($0) }))
            }
            return .object(PyList(interp.currentScopeNames().sorted().map { .str($0) }))
        }
        m.defineRawFunction("vars", "object=<unrepresentable>, /") { interp, args in
            try args.expectCount("vars", 0...1)
            if args.count == 0 { return .object(interp.currentLocals()) }
            if case .object(let o) = args[0] {
                if let module = o as? PyModule { return .object(module.namespaceDict()) }
                if let t = o as? PyType { return .object(t.attributes.copy()) }
                if let d = o.dict { return .object(d) }
            }
            throw PyException.typeError("vars() argument must have __dict__ attribute")
        }
        m.defineRawFunction("globals", "") { interp, _ in .object(interp.currentModule.namespaceDict()) }
        m.defineRawFunction("locals", "") { interp, _ in .object(interp.currentLocals()) }
        m.defineFunction("open", "file, mode='r', buffering=-1, encoding=None, errors=None, newline=None", doc: "Open file and return a stream.") { _, args in
            let path = try args.string("file")
            let mode = try args.string("mode")
            return .object(try PyFile(path: path, mode: mode))
        }
        m.defineFunction("input", "prompt='', /", doc: "Read a string from standard input.") { interp, args in
            let prompt = try interp.str(args["prompt"])
            Console.shared.write(prompt)
            Console.shared.flush()
            guard let line = Swift.readLine(strippingNewline: true) else {
                throw PyException(BuiltinTypes.eofError, "EOF when reading a line")
            }
            return .str(line)
        }
        for name in ["exit", "quit"] {
            m.defineFunction(name, "code=None") { _, args in
                throw PyException(type: BuiltinTypes.systemExit, args: args["code"].isNone ? [] : [args["code"]])
            }
        }
        m.defineRawFunction("help", "request=<unrepresentable>", doc: "Show help for an object.") { interp, args in
            try args.expectCount("help", 0...1)
            if args.count == 0 {
                Console.shared.write("Type help(object) for help about object.\n")
                return .none
            }
            Console.shared.write(try interp.helpText(args[0]))
            return .none
        }
        m.defineRawFunction("__import__", "name, globals=None, locals=None, fromlist=(), level=0") { interp, args in
            guard let name = args[0].stringValue else { throw PyException.typeError("__import__() argument 1 must be str") }
            return try interp.importModule(name, fromList: .none, level: 0, returnLeaf: false, importer: interp.currentModule)
        }
        m.defineFunction("exec", "source, globals=None, locals=None, /") { interp, args in
            let source = try args.string("source")
            try interp.withNamespace(args["globals"], args["locals"]) { module in
                _ = try interp.run(source: source, filename: "<string>", in: module)
            }
            return .none
        }
        m.defineFunction("eval", "source, globals=None, locals=None, /") { interp, args in
            let source = try args.string("source")
            var result: Value = .none
            try interp.withNamespace(args["globals"], args["locals"]) { module in
                result = try interp.evaluate(source, in: module)
            }
            return result
        }
    }
}

extension Interpreter {
    /// Writes `text` to `file` (None: `sys.stdout`).
    func write(_ text: String, to file: Value) throws {
        var target = file
        if target.isNone { target = sysModule["stdout"] ?? .none }
        if case .object(let o) = target, let stream = o as? PyConsoleStream {
            Console.shared.write(text, to: stream.stream)
            return
        }
        if target.isNone { return }
        try callMethod(target, "write", [.str(text)])
    }

    /// The module whose code is running (the main module when nothing runs).
    var currentModule: PyModule {
        if fp >= 0 { return frames[fp].module }
        if let m = try? modules.get(.str("__main__")), case .object(let o) = m, let module = o as? PyModule { return module }
        return builtins
    }

    func currentScopeNames() -> [String] {
        guard fp >= 0 else { return [] }
        let frame = frames[fp]
        if frame.function == nil || frame.code.kind == .module { return frame.module.names }
        if let ns = frame.namespace { return ns.keys.compactMap(\.stringValue) }
        return frame.code.slotNames.enumerated().filter { !stack[frame.base + $0.offset].isUnbound }.map(\.element)
    }

    func currentLocals() -> PyDict {
        guard fp >= 0 else { return PyDict() }
        let frame = frames[fp]
        if frame.function == nil || frame.code.kind == .module { return frame.module.namespaceDict() }
        if let ns = frame.namespace { return ns }
        let d = PyDict()
        for (i, name) in frame.code.slotNames.enumerated() {
            var v = stack[frame.base + i]
            if case .object(let o) = v, let cell = o as? PyCell, frame.code.cellLocalSlots.contains(i) || frame.code.freeSlots.contains(i) || frame.code.cellParameterSlots.contains(i) {
                v = cell.value
            }
            if !v.isUnbound { d.setString(PyStr.intern(name), v) }
        }
        return d
    }

    /// Runs `body` in the current module, or — when `exec`/`eval` got namespace dicts — in a
    /// scratch module loaded from them, copying the resulting names back into the dict.
    func withNamespace(_ globals: Value, _ locals: Value, _ body: (PyModule) throws -> Void) throws {
        let mapping = locals.isNone ? globals : locals
        if mapping.isNone { return try body(currentModule) }
        guard case .object(let o) = mapping, let dict = o as? PyDict else {
            throw PyException.typeError("globals must be a dict")
        }
        let scratch = PyModule(name: dict["__name__"]?.stringValue ?? "builtins")
        if case .object(let g) = globals, let outer = g as? PyDict, outer !== dict {
            for (k, v) in outer.pairs { if let name = k.stringValue { scratch[name] = v } }
        }
        for (k, v) in dict.pairs { if let name = k.stringValue { scratch[name] = v } }
        defer {
            for name in scratch.names where name != "__doc__" {
                if let v = scratch[name] { dict.setString(PyStr.intern(name), v) }
            }
        }
        try body(scratch)
    }

    /// Evaluates an expression in `module`.
    func evaluate(_ source: String, in module: PyModule) throws -> Value {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        return try run(source: "(" + trimmed + ")\n", filename: "<string>", in: module, interactive: true)
    }

    func isInstance(_ value: Value, _ classes: Value) throws -> Bool {
        if case .object(let o) = classes {
            if let t = o as? PyType { return value.type.isSubtype(of: t) }
            if let tuple = o as? PyTuple {
                for c in tuple.items where try isInstance(value, c) { return true }
                return false
            }
        }
        throw PyException.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
    }

    func isSubclass(_ cls: PyType, _ classes: Value) throws -> Bool {
        if case .object(let o) = classes {
            if let t = o as? PyType { return cls.isSubtype(of: t) }
            if let tuple = o as? PyTuple {
                for c in tuple.items where try isSubclass(cls, c) { return true }
                return false
            }
        }
        throw PyException.typeError("issubclass() arg 2 must be a class, a tuple of classes, or a union")
    }

    func absolute(_ v: Value) throws -> Value {
        switch v {
        case .int(let i):
            if i == Int.min { throw PyException.overflow("integer overflow: abs(\(i)) does not fit in a 64-bit int") }
            return .int(abs(i))
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(Swift.abs(d))
        default:
            if let method = v.type.lookup("__abs__") { return try call(method, [v]) }
            throw PyException.typeError("bad operand type for abs(): '\(v.type.name)'")
        }
    }

    func round(_ number: Value, _ ndigits: Value) throws -> Value {
        switch number {
        case .int, .bool:
            let i = number.intValue!
            if ndigits.isNone { return .int(i) }
            let n = try toInt(ndigits, what: "ndigits")
            if n >= 0 { return .int(i) }
            if n < -18 { return .int(0) }
            var p = 1
            for _ in 0..<(-n) { p *= 10 }
            let q = Interpreter.floorDivide(i, p), r = Interpreter.floorModulo(i, p)
            var rounded = q
            if r > p - r || (r == p - r && q % 2 != 0) { rounded += 1 }
            return try intOperation(.multiply, rounded, p)
        case .float(let d):
            if ndigits.isNone {
                if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
                if d.isInfinite { throw PyException.overflow("cannot convert float infinity to integer") }
                let r = d.rounded(.toNearestOrEven)
                guard abs(r) < 9.2e18 else { throw PyException.overflow("int too large: kscript ints are 64-bit") }
                return .int(Int(r))
            }
            let n = try toInt(ndigits, what: "ndigits")
            if !d.isFinite || d == 0 { return .float(d) }
            if n > 320 { return .float(d) }
            if n < -330 { return .float(copysign(0.0, d)) }
            if n >= 0 {
                let text = String(format: "%.\(n)f", d)
                return .float(Double(text) ?? d)
            }
            let p = Foundation.pow(10.0, Double(-n))
            let y = (d / p).rounded(.toNearestOrEven)
            return .float(y * p)
        default:
            if let method = number.type.lookup("__round__") {
                return ndigits.isNone ? try call(method, [number]) : try call(method, [number, ndigits])
            }
            throw PyException.typeError("type \(number.type.name) doesn't define __round__ method")
        }
    }

    /// `min`/`max`.
    func extreme(_ args: Arguments, name: String, op: CompareOperator) throws -> Value {
        var key: Value = .none
        var defaultValue: Value?
        for (k, v) in args.keywords {
            switch k {
            case "key": key = v
            case "default": defaultValue = v
            default: throw PyException.typeError("'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        let items: [Value]
        if args.count == 0 {
            throw PyException.typeError("\(name) expected at least 1 argument, got 0")
        } else if args.count == 1 {
            items = try collect(args[0])
            if items.isEmpty {
                if let d = defaultValue { return d }
                throw PyException.valueError("\(name)() arg is an empty sequence")
            }
        } else {
            if defaultValue != nil {
                throw PyException.typeError("Cannot specify a default for \(name)() with multiple positional arguments")
            }
            items = args.positional
        }
        var best = items[0]
        var bestKey = key.isNone ? best : try call(key, [best])
        for item in items.dropFirst() {
            let k = key.isNone ? item : try call(key, [item])
            if try truthy(try compare(k, bestKey, op)) {
                best = item
                bestKey = k
            }
        }
        return best
    }

    /// A stable sort using `<` (CPython's `list.sort` semantics, including `reverse`).
    func sortValues(_ items: inout [Value], key: Value, reverse: Bool) throws {
        if items.count < 2 { return }
        var keys: [Value] = key.isNone ? items : try items.map { try call(key, [$0]) }
        if reverse {
            items.reverse()
            keys.reverse()
        }
        var order = Array(0..<items.count)
        if keys.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            let ints = keys.map { $0.intValue! }
            order.sort { ints[$0] < ints[$1] || (ints[$0] == ints[$1] && $0 < $1) }
        } else if keys.allSatisfy({ if case .float = $0 { return true } else { return false } }) && !keys.contains(where: { $0.doubleValue!.isNaN }) {
            let doubles = keys.map { $0.doubleValue! }
            order.sort { doubles[$0] < doubles[$1] || (doubles[$0] == doubles[$1] && $0 < $1) }
        } else if keys.allSatisfy({ $0.object.map { $0.type === BuiltinTypes.str } ?? false }) {
            let strings = keys.map { ($0.object as! PyStr).value }
            order.sort {
                let c = Interpreter.scalarOrder(strings[$0], strings[$1])
                return c < 0 || (c == 0 && $0 < $1)
            }
        } else {
            order = try mergeSort(order) { a, b in try truthy(try compare(keys[a], keys[b], .less)) }
        }
        var sorted = order.map { items[$0] }
        if reverse { sorted.reverse() }
        items = sorted
    }

    private func mergeSort(_ input: [Int], _ less: (Int, Int) throws -> Bool) throws -> [Int] {
        var a = input
        var b = input
        var width = 1
        let n = a.count
        while width < n {
            var i = 0
            while i < n {
                let mid = min(i + width, n), end = min(i + 2 * width, n)
                var l = i, r = mid, k = i
                while l < mid && r < end {
                    if try less(a[r], a[l]) {
                        b[k] = a[r]; r += 1
                    } else {
                        b[k] = a[l]; l += 1
                    }
                    k += 1
                }
                while l < mid { b[k] = a[l]; l += 1; k += 1 }
                while r < end { b[k] = a[r]; r += 1; k += 1 }
                i += 2 * width
            }
            swap(&a, &b)
            width *= 2
        }
        return a
    }
}
