extension Interpreter {
    // MARK: Public calling API

    /// Calls any callable value with positional and keyword arguments.
    @discardableResult
    public func call(_ callable: Value, _ arguments: [Value], _ keywords: [(String, Value)] = []) throws -> Value {
        try Arguments.with(arguments, keywords) { try call(callable, $0) }
    }

    /// Python's `callable(value)`.
    public func isCallable(_ value: Value) -> Bool {
        guard case .object(let o) = value else { return false }
        return o is PyFunction || o is NativeFunction || o is PyMethod || o is PyType || o.type.lookup("__call__") != nil
    }

    /// Looks up `name` on `object` and calls it (`object.name(*arguments, **keywords)`).
    /// This is how native code calls script overrides such as a Keras layer's `call`.
    @discardableResult
    public func callMethod(_ object: Value, _ name: String, _ arguments: [Value] = [], _ keywords: [(String, Value)] = []) throws -> Value {
        let (function, receiver) = try loadMethod(object, PyStr.intern(name), cache: nil)
        if receiver.isUnbound { return try call(function, arguments, keywords) }
        return try call(function, [receiver] + arguments, keywords)
    }

    /// True when the attribute `name` of `object` comes from a script class (rather than from
    /// the native type): native code uses it to decide whether to call back into the script.
    public func isOverridden(_ object: PyObject, _ name: String) -> Bool {
        let key = PyStr.intern(name)
        if let d = object.dict, d.getString(key) != nil, !object.type.isNative { return true }
        for t in object.type.mro where t.attributes.getString(key) != nil {
            return !t.isNative
        }
        return false
    }

    /// Calls `callable` with raw arguments.
    public func call(_ callable: Value, _ arguments: Arguments) throws -> Value {
        guard case .object(let o) = callable else {
            throw PyException.typeError("'\(callable.type.name)' object is not callable")
        }
        if o.typeAddress == typeTypeAddress, let t = o as? PyType { return try instantiate(t, arguments) }
        if let f = o as? PyFunction { return try callFunction(f, arguments) }
        if let f = o as? NativeFunction {
            nativeDepth += 1
            defer { nativeDepth -= 1 }
            if nativeDepth > recursionLimit + 50 {
                throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded while calling a Python object")
            }
            return try f.call(self, arguments)
        }
        if let m = o as? PyMethod {
            var all = [m.receiver]
            all.append(contentsOf: arguments.values)
            return try all.withUnsafeBufferPointer { try call(m.function, Arguments($0, keywordNames: arguments.keywordNames)) }
        }
        if let t = o as? PyType { return try instantiate(t, arguments) }
        if let callMethod = o.type.lookup("__call__") {
            var all: [Value] = [callable]
            all.append(contentsOf: arguments.values)
            return try all.withUnsafeBufferPointer { try call(callMethod, Arguments($0, keywordNames: arguments.keywordNames)) }
        }
        throw PyException.typeError("'\(o.type.name)' object is not callable")
    }

    /// Runs a script function in a new entry frame (native code calling into scripts).
    func callFunction(_ function: PyFunction, _ arguments: Arguments) throws -> Value {
        let code = function.code
        let base = stackTop
        try reserveStack(base: base, count: code.registerCount)
        if code.isGenerator {
            try bindArguments(function, arguments, into: stack + base)
            var registers = [Value](repeating: .unbound, count: code.registerCount)
            for i in 0..<code.registerCount { swap(&registers[i], &stack[base + i]) }
            return .object(PyGenerator(function: function, registers: registers))
        }
        try bindArguments(function, arguments, into: stack + base)
        do {
            try pushFrame(Frame(code: code, function: function, module: function.module, pc: -1, base: base, returnRegister: -1,
                                isEntry: true, namespace: nil, generator: nil))
        } catch {
            for i in 0..<code.registerCount { stack[base + i] = .unbound }
            throw error
        }
        return try run()
    }

    /// Fills a new frame's parameter slots from call arguments, with CPython's error messages.
    func bindArguments(_ function: PyFunction, _ arguments: Arguments, into regs: UnsafeMutablePointer<Value>) throws {
        let code = function.code
        let name = code.qualifiedName
        for i in 0..<code.slotNames.count { regs[i] = .unbound }
        let positionalCount = code.positionalCount
        let n = arguments.count
        if n > positionalCount && code.varArgsSlot == nil {
            let required = positionalCount - function.defaults.count
            let takes = function.defaults.isEmpty ? "\(positionalCount)" : "from \(required) to \(positionalCount)"
            let plural = function.defaults.isEmpty ? (positionalCount == 1 ? "" : "s") : "s"
            let keywordOnlyGiven = arguments.keywordNames.filter { k in code.keywordOnlyNames.contains(k.value) }.count
            var message = "\(name)() takes \(takes) positional argument\(plural) but \(n) \(n == 1 ? "was" : "were") given"
            if keywordOnlyGiven > 0 {
                message = "\(name)() takes \(takes) positional argument\(plural) but \(n) positional argument\(n == 1 ? "" : "s") (and \(keywordOnlyGiven) keyword-only argument\(keywordOnlyGiven == 1 ? "" : "s")) were given"
            }
            throw PyException.typeError(message)
        }
        for i in 0..<min(n, positionalCount) { regs[i] = arguments[i] }
        if let v = code.varArgsSlot {
            regs[v] = n > positionalCount ? PyTuple.make(Array(arguments.values[positionalCount..<n])) : .object(PyTuple.empty)
        }
        var extraKeywords: PyDict?
        if let k = code.varKeywordsSlot {
            let d = PyDict()
            extraKeywords = d
            regs[k] = .object(d)
        }
        for (index, keyword) in arguments.keywordNames.enumerated() {
            let value = arguments.values[n + index]
            var slot: Int?
            if let i = code.slotNames[code.positionalOnlyCount..<positionalCount].firstIndex(of: keyword.value) {
                slot = i
            } else if let i = code.keywordOnlyNames.firstIndex(of: keyword.value) {
                slot = positionalCount + i
            }
            if let slot {
                if !regs[slot].isUnbound {
                    throw PyException.typeError("\(name)() got multiple values for argument '\(keyword.value)'")
                }
                regs[slot] = value
            } else if let d = extraKeywords {
                if d.getString(keyword) != nil {
                    throw PyException.typeError("\(name)() got multiple values for keyword argument '\(keyword.value)'")
                }
                d.setString(keyword, value)
            } else if code.slotNames[0..<code.positionalOnlyCount].contains(keyword.value) {
                throw PyException.typeError("\(name)() got some positional-only arguments passed as keyword arguments: '\(keyword.value)'")
            } else {
                throw PyException.typeError("\(name)() got an unexpected keyword argument '\(keyword.value)'")
            }
        }
        let firstDefault = positionalCount - function.defaults.count
        var missing: [String] = []
        for i in 0..<positionalCount where regs[i].isUnbound {
            if i >= firstDefault {
                regs[i] = function.defaults[i - firstDefault]
            } else {
                missing.append(code.slotNames[i])
            }
        }
        if !missing.isEmpty {
            throw PyException.typeError("\(name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(Signature.nameList(missing))")
        }
        var missingKeywordOnly: [String] = []
        for (i, k) in code.keywordOnlyNames.enumerated() where regs[positionalCount + i].isUnbound {
            if let d = function.keywordDefaults[k] {
                regs[positionalCount + i] = d
            } else {
                missingKeywordOnly.append(k)
            }
        }
        if !missingKeywordOnly.isEmpty {
            throw PyException.typeError("\(name)() missing \(missingKeywordOnly.count) required keyword-only argument\(missingKeywordOnly.count == 1 ? "" : "s"): \(Signature.nameList(missingKeywordOnly))")
        }
        for (i, slot) in code.freeSlots.enumerated() where i < function.closure.count {
            regs[slot] = .object(function.closure[i])
        }
    }

    /// `f(*args, **kwargs)`.
    func callExpanded(_ callable: Value, _ positional: Value, _ keywords: Value) throws -> Value {
        let args = (positional.object as? PyTuple)?.items ?? []
        var pairs: [(String, Value)] = []
        if case .object(let o) = keywords, let d = o as? PyDict {
            for (k, v) in d.pairs {
                guard let key = k.stringValue else { throw PyException.typeError("keywords must be strings") }
                pairs.append((key, v))
            }
        }
        return try call(callable, args, pairs)
    }

    // MARK: Instantiation

    /// `cls(*args, **kwargs)`: allocates (natively, for native bases) and runs `__init__`.
    func instantiate(_ type: PyType, _ arguments: Arguments) throws -> Value {
        if let constructor = type.constructor { return try constructor(self, type, arguments) }
        var instance: Value
        if let newMethod = type.lookup("__new__"), !isBuiltinObjectNew(newMethod) {
            let function: Value
            if case .object(let o) = newMethod, let s = o as? PyStaticMethod { function = s.function } else { function = newMethod }
            var all: [Value] = [.object(type)]
            all.append(contentsOf: arguments.values)
            instance = try all.withUnsafeBufferPointer { try call(function, Arguments($0, keywordNames: arguments.keywordNames)) }
            if !instance.type.isSubtype(of: type) { return instance }
        } else {
            guard let allocator = type.resolvedAllocator else {
                throw PyException.typeError("cannot create '\(type.displayName)' instances")
            }
            instance = .object(try allocator(self, type, arguments))
        }
        let initializer = type.cachedInitializer()
        if let initializer {
            if case .object(let f) = initializer, f === Builtins.objectInit {
                if arguments.values.count > 0 && type.lookup("__new__").map(isBuiltinObjectNew) ?? true {
                    throw PyException.typeError("\(type.name)() takes no arguments")
                }
                return instance
            }
            var all: [Value] = [instance]
            all.append(contentsOf: arguments.values)
            let result = try all.withUnsafeBufferPointer { try call(initializer, Arguments($0, keywordNames: arguments.keywordNames)) }
            if !result.isNone {
                throw PyException.typeError("__init__() should return None, not '\(result.type.name)'")
            }
        }
        return instance
    }

    private func isBuiltinObjectNew(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        if let s = o as? PyStaticMethod { return s.function.object === Builtins.objectNew }
        return o === Builtins.objectNew
    }

    // MARK: Functions and classes

    func makeFunction(_ codeConstant: Value, flags: UInt8, extra: UnsafeMutablePointer<Value>, module: PyModule) throws -> Value {
        guard case .object(let o) = codeConstant, let constant = o as? CodeConstant else {
            throw PyException.runtimeError("bad code constant")
        }
        let defaults = flags & 1 != 0 ? ((extra[0].object as? PyTuple)?.items ?? []) : []
        var keywordDefaults: [String: Value] = [:]
        if flags & 2 != 0, case .object(let d) = extra[1], let dict = d as? PyDict {
            for (k, v) in dict.pairs { if let key = k.stringValue { keywordDefaults[key] = v } }
        }
        var closure: [PyCell] = []
        if flags & 4 != 0, case .object(let t) = extra[2], let tuple = t as? PyTuple {
            closure = tuple.items.compactMap { $0.object as? PyCell }
        }
        return .object(PyFunction(code: constant.code, module: module, defaults: defaults, keywordDefaults: keywordDefaults, closure: closure))
    }

    /// Runs a class body and creates the class (the `class` statement).
    func buildClass(function: Value, name: Value, bases: [Value], keywords: Value) throws -> Value {
        guard case .object(let f) = function, let body = f as? PyFunction, let className = name.stringValue else {
            throw PyException.typeError("bad class definition")
        }
        if case .object(let k) = keywords, let d = k as? PyDict, d.count > 0 {
            if d["metaclass"] != nil { throw PyException.typeError("metaclasses are not supported in kscript") }
        }
        var baseTypes: [PyType] = []
        for b in bases {
            guard case .object(let o) = b, let t = o as? PyType else {
                throw PyException.typeError("bases must be types")
            }
            if !t.isSubclassable { throw PyException.typeError("type '\(t.name)' is not an acceptable base type") }
            baseTypes.append(t)
        }
        let namespace = PyDict()
        let code = body.code
        let base = stackTop
        try reserveStack(base: base, count: code.registerCount)
        try Arguments.with([]) { try bindArguments(body, $0, into: stack + base) }
        try pushFrame(Frame(code: code, function: body, module: body.module, pc: -1, base: base, returnRegister: -1,
                            isEntry: true, namespace: namespace, generator: nil))
        let classCell = try withExtendedLifetime(namespace) { try run() }
        let cls = try createClass(name: className, bases: baseTypes, namespace: namespace, sourceText: code.sourceText)
        if case .object(let c) = classCell, let cell = c as? PyCell { cell.value = .object(cls) }
        return .object(cls)
    }

    /// Creates a script class from its namespace.
    public func createClass(name: String, bases: [PyType], namespace: PyDict, sourceText: String?) throws -> PyType {
        let realBases = bases.isEmpty ? [BuiltinTypes.object] : bases
        let natives = Set(realBases.compactMap { $0.nativeBase }.filter { $0 !== BuiltinTypes.object }.map(ObjectIdentifier.init))
        if natives.count > 1 {
            let nativeTypes = realBases.compactMap(\.nativeBase)
            let chained = nativeTypes.allSatisfy { a in nativeTypes.allSatisfy { b in a.isSubtype(of: b) || b.isSubtype(of: a) } }
            if !chained { throw PyException.typeError("multiple bases have instance lay-out conflict") }
        }
        let module = namespace["__module__"]?.stringValue ?? "__main__"
        let cls = PyType(name: name, module: module, bases: realBases, isNative: false)
        try cls.setBases(realBases)
        if let q = namespace["__qualname__"]?.stringValue { cls.qualifiedName = q }
        for (k, v) in namespace.pairs {
            guard let key = k.stringValue, key != "__qualname__" else { continue }
            var value = v
            if key == "__init_subclass__" || key == "__class_getitem__", case .object(let o) = v, o is PyFunction {
                value = .object(PyClassMethod(v))
            }
            cls.attributes.setString(PyStr.intern(key), value)
        }
        if cls.attributes["__eq__"] != nil && cls.attributes["__hash__"] == nil {
            cls.attributes["__hash__"] = Value.none
        }
        cls.doc = namespace["__doc__"]?.stringValue
        cls.sourceText = sourceText
        PyType.epoch &+= 1
        cls.refreshFlags()
        if let hook = cls.mro.dropFirst().lazy.compactMap({ $0.attributes["__init_subclass__"] }).first,
           case .object(let h) = hook, let cm = h as? PyClassMethod {
            try call(cm.function, [.object(cls)])
        }
        return cls
    }

    func superWithoutArguments(receiver: Value, classCell: Value) throws -> Value {
        guard case .object(let c) = classCell, let cell = c as? PyCell, case .object(let t) = cell.value, let cls = t as? PyType else {
            throw PyException.runtimeError("super(): __class__ cell not found")
        }
        guard !receiver.isUnbound else { throw PyException.runtimeError("super(): no arguments") }
        var r = receiver
        if case .object(let o) = receiver, let cellReceiver = o as? PyCell { r = cellReceiver.value }
        return try makeSuper(cls, r)
    }

    /// `super(cls, receiver)`.
    public func makeSuper(_ cls: PyType, _ receiver: Value) throws -> Value {
        if case .object(let o) = receiver, let t = o as? PyType, t.isSubtype(of: cls) {
            return .object(PySuper(startAfter: cls, receiver: receiver, searchType: t))
        }
        guard receiver.type.isSubtype(of: cls) else {
            throw PyException.typeError("super(type, obj): obj must be an instance or subtype of type")
        }
        return .object(PySuper(startAfter: cls, receiver: receiver, searchType: receiver.type))
    }

    // MARK: Generators

    /// Resumes a generator; returns the next yielded value, or nil when it finished.
    func resume(_ generator: PyGenerator, sending: Value, throwing: PyException?) throws -> Value? {
        if generator.isFinished {
            if let throwing { throw throwing }
            return nil
        }
        if generator.isRunning { throw PyException.valueError("generator already executing") }
        if generator.pc < 0 && !sending.isNone && throwing == nil {
            throw PyException.typeError("can't send non-None value to a just-started generator")
        }
        if generator.pc < 0, let throwing {
            generator.isFinished = true
            throw throwing
        }
        let code = generator.function.code
        let base = stackTop
        try reserveStack(base: base, count: code.registerCount)
        for i in 0..<min(code.registerCount, generator.registers.count) { swap(&stack[base + i], &generator.registers[i]) }
        if generator.pc >= 0 {
            stack[base + Int(code.instructions[generator.pc].a)] = sending
        }
        generator.isRunning = true
        defer { generator.isRunning = false }
        try pushFrame(Frame(code: code, function: generator.function, module: generator.function.module, pc: generator.pc,
                            base: base, returnRegister: -1, isEntry: true, namespace: nil, generator: generator))
        do {
            if let throwing { try unwind(throwing, entry: fp) }
            let value = try run()
            if lastExitWasYield { return value }
            generator.returnValue = value
            return nil
        } catch let e as PyException where e.isInstance(of: BuiltinTypes.stopIteration) {
            let error = PyException.runtimeError("generator raised StopIteration")
            error.cause = .object(e)
            error.context = e
            error.suppressContext = true
            throw error
        }
    }

    /// `generator.close()`.
    func close(_ generator: PyGenerator) throws {
        if generator.isFinished || generator.pc < 0 {
            generator.isFinished = true
            return
        }
        do {
            if try resume(generator, sending: .none, throwing: PyException(type: BuiltinTypes.generatorExit, args: [])) != nil {
                throw PyException.runtimeError("generator ignored GeneratorExit")
            }
        } catch let e as PyException where e.isInstance(of: BuiltinTypes.generatorExit) {
            return
        }
    }
}

extension PyType {
    /// `__init__` along the MRO, cached per type epoch.
    func cachedInitializer() -> Value? {
        if initializerEpoch == PyType.epoch { return cachedInit }
        cachedInit = lookup("__init__")
        initializerEpoch = PyType.epoch
        return cachedInit
    }
}
