import KTensor

extension Interpreter {
    /// Runs the frame on top of the frame stack (an entry frame) until it returns or yields.
    /// Script calls made on the way push frames and run in this same loop.
    func run() throws -> Value {
        let entry = fp
        reentryDepth += 1
        defer { reentryDepth -= 1 }
        if reentryDepth > reentryLimit {
            popFrame()
            throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded")
        }
        while true {
            do {
                return try execute(entry: entry)
            } catch {
                let exception = pythonException(from: error)
                try unwind(exception, entry: entry)
            }
        }
    }

    /// Converts any Swift error reaching the VM into a Python exception.
    func pythonException(from error: Error) -> PyException {
        if let e = error as? PyException { return e }
        if let e = error as? CompileError { return syntaxErrorException(e) }
        if let e = error as? FormatSpecError { return PyException.valueError(e.message) }
        if let e = ArrayBridge.pythonException(for: error) { return e }
        if let e = KerasValues.pythonException(for: error) { return e }
        return PyException.runtimeError("\(error)")
    }

    /// Finds a handler for `exception` in the current frame or its callers up to `entry`.
    /// Returns normally when one was found (execution continues there); throws when the
    /// exception leaves the entry frame.
    func unwind(_ exception: PyException, entry: Int) throws {
        var addEntry = !reraising
        reraising = false
        if exception.traceback.isEmpty, let handled = handledException, handled !== exception {
            setContext(of: exception, to: handled)
        }
        while fp >= entry {
            let frame = frames[fp]
            let code = frame.code
            if addEntry {
                exception.traceback.append(TracebackEntry(filename: code.filename, line: code.line(at: frame.pc), function: code.name))
            }
            addEntry = true
            for h in code.exceptionTable where frame.pc >= h.start && frame.pc < h.end {
                frames[fp].pc = h.handler - 1
                stack[frame.base + h.register] = .object(exception)
                return
            }
            if let generator = frame.generator {
                generator.isFinished = true
                generator.isRunning = false
                generator.registers = []
            }
            popFrame()
            if fp < entry { break }
        }
        throw exception
    }

    /// Sets `__context__`, breaking any cycle the way CPython does.
    func setContext(of exception: PyException, to context: PyException) {
        var probe: PyException? = context
        while let p = probe {
            if p.context === exception {
                p.context = nil
                break
            }
            probe = p.context
        }
        exception.context = context
    }

    // MARK: - The dispatch loop

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func execute(entry: Int) throws -> Value {
        var frame = frames + fp
        unowned(unsafe) var code = frame.pointee.code
        var instructions = code.instructionBuffer.unsafelyUnwrapped
        var constants = code.constantBuffer.unsafelyUnwrapped
        var globals = code.globalBuffer.unsafelyUnwrapped
        var names = code.nameBuffer.unsafelyUnwrapped
        var caches = code.cacheBuffer.unsafelyUnwrapped
        var regs = stack + frame.pointee.base
        var pc = frame.pointee.pc + 1
        let functionType = BuiltinTypes.function

        // The frame's pc is stored only when it matters: before a call (where the callee
        // returns to) and when an instruction throws (for the traceback and handlers).
        var at = 0
        while true {
            at = pc
            let ins = instructions[pc]
            pc += 1
            do {
            switch ins.op {
            case .nop:
                break

            case .loadConst:
                regs[Int(ins.a)] = constants[Int(ins.b)]

            case .move:
                regs[Int(ins.a)] = regs[Int(ins.b)]

            case .loadGlobal:
                if case .unbound = globals[Int(ins.b)].value {
                    regs[Int(ins.a)] = try loadBuiltin(globals[Int(ins.b)], frame: frame.pointee)
                } else {
                    regs[Int(ins.a)] = globals[Int(ins.b)].value
                }

            case .storeGlobal:
                globals[Int(ins.b)].value = regs[Int(ins.a)]

            case .deleteGlobal:
                let cell = globals[Int(ins.b)]
                if cell.value.isUnbound {
                    if ins.x == 0 { throw PyException.nameError("name '\(cell.name)' is not defined") }
                } else {
                    cell.value = .unbound
                }

            case .loadDeref:
                let cell = regs[Int(ins.b)].object.map { unsafeDowncast($0, to: PyCell.self) }
                guard let v = cell?.value, !v.isUnbound else { throw unboundDeref(code, slot: Int(ins.b)) }
                regs[Int(ins.a)] = v

            case .storeDeref:
                if case .object(let o) = regs[Int(ins.b)] {
                    unsafeDowncast(o, to: PyCell.self).value = regs[Int(ins.a)]
                }

            case .deleteDeref:
                if case .object(let o) = regs[Int(ins.b)] {
                    let cell = unsafeDowncast(o, to: PyCell.self)
                    if cell.value.isUnbound && ins.x == 0 { throw unboundDeref(code, slot: Int(ins.b)) }
                    cell.value = .unbound
                }

            case .loadName:
                regs[Int(ins.a)] = try loadName(names[Int(ins.b)], frame: frame.pointee)

            case .storeName:
                frame.pointee.namespace?.setString(names[Int(ins.b)], regs[Int(ins.a)])

            case .deleteName:
                let n = names[Int(ins.b)]
                if try frame.pointee.namespace?.remove(.object(n)) == nil && ins.x == 0 {
                    throw PyException.nameError("name '\(n.value)' is not defined")
                }

            case .checkLocal:
                if case .unbound = regs[Int(ins.a)] { throw unboundLocal(code, slot: Int(ins.a)) }

            case .deleteFast:
                if case .unbound = regs[Int(ins.a)] {
                    if ins.x == 0 { throw unboundLocal(code, slot: Int(ins.a)) }
                } else {
                    regs[Int(ins.a)] = .unbound
                }

            case .makeCell:
                regs[Int(ins.a)] = .object(PyCell(regs[Int(ins.a)]))

            // MARK: Attributes

            case .loadAttr:
                let cache = caches + (pc - 1)
                if let address = inspector.objectAddress(regs + Int(ins.b)), cache.pointee.epoch == PyType.epoch,
                   !cache.pointee.isDataDescriptor {
                    let found: Value? = Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { o in
                        guard o.typeAddress == cache.pointee.type else { return nil }
                        return Interpreter.borrowName(names, Int(ins.c)) { o.instanceAttribute($0) }
                    }
                    if let found {
                        regs[Int(ins.a)] = found
                        break
                    }
                }
                regs[Int(ins.a)] = try loadAttributeCached(regs[Int(ins.b)], names[Int(ins.c)], cache: cache)

            case .storeAttr:
                try setAttribute(regs[Int(ins.a)], names[Int(ins.b)], regs[Int(ins.c)])

            case .deleteAttr:
                try deleteAttribute(regs[Int(ins.a)], names[Int(ins.b)])

            case .loadMethod:
                let cache = caches + (pc - 1)
                if cache.pointee.isFunction, cache.pointee.epoch == PyType.epoch {
                    var hit = false
                    if let address = inspector.objectAddress(regs + Int(ins.b)) {
                        hit = Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { o in
                            o.typeAddress == cache.pointee.type
                                && Interpreter.borrowName(names, Int(ins.c)) { o.instanceLacks($0, cache: cache) }
                        }
                    } else {
                        hit = cache.pointee.type == Unmanaged.passUnretained(regs[Int(ins.b)].type).toOpaque()
                    }
                    if hit {
                        regs[Int(ins.a)] = cache.pointee.classAttribute
                        regs[Int(ins.a) + 1] = regs[Int(ins.b)]
                        break
                    }
                }
                let receiver = regs[Int(ins.b)]
                let (f, r) = try loadMethod(receiver, names[Int(ins.c)], cache: cache)
                regs[Int(ins.a)] = f
                regs[Int(ins.a) + 1] = r

            case .getItem:
                if let address = inspector.objectAddress(regs + Int(ins.b)) {
                    let typeAddress = Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.typeAddress }
                    if typeAddress == listTypeAddress, case .int(var i) = regs[Int(ins.c)] {
                        let found: Value? = Unmanaged<PyList>.fromOpaque(address)._withUnsafeGuaranteedRef { list in
                            if i < 0 { i += list.items.count }
                            return i >= 0 && i < list.items.count ? list.items[i] : nil
                        }
                        if let found {
                            regs[Int(ins.a)] = found
                            break
                        }
                    } else if typeAddress == dictTypeAddress {
                        let found = try Unmanaged<PyDict>.fromOpaque(address)._withUnsafeGuaranteedRef { try $0.get(regs[Int(ins.c)]) }
                        if let found {
                            regs[Int(ins.a)] = found
                            break
                        }
                    } else if typeAddress == strTypeAddress, case .int(var i) = regs[Int(ins.c)] {
                        let found: PyStr? = Unmanaged<PyStr>.fromOpaque(address)._withUnsafeGuaranteedRef { s in
                            let n = s.count
                            if i < 0 { i += n }
                            return i >= 0 && i < n ? PyStr.character(s.scalar(at: i)) : nil
                        }
                        if let found {
                            regs[Int(ins.a)] = .object(found)
                            break
                        }
                    }
                }
                regs[Int(ins.a)] = try getItem(regs[Int(ins.b)], regs[Int(ins.c)])

            case .setItem:
                if let address = inspector.objectAddress(regs + Int(ins.a)) {
                    let typeAddress = Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.typeAddress }
                    if typeAddress == listTypeAddress, case .int(var i) = regs[Int(ins.b)] {
                        let stored: Bool = Unmanaged<PyList>.fromOpaque(address)._withUnsafeGuaranteedRef { list in
                            if i < 0 { i += list.items.count }
                            guard i >= 0 && i < list.items.count else { return false }
                            list.items[i] = regs[Int(ins.c)]
                            return true
                        }
                        if stored { break }
                    } else if typeAddress == dictTypeAddress {
                        try Unmanaged<PyDict>.fromOpaque(address)._withUnsafeGuaranteedRef { try $0.set(regs[Int(ins.b)], regs[Int(ins.c)]) }
                        break
                    }
                }
                try setItem(regs[Int(ins.a)], regs[Int(ins.b)], regs[Int(ins.c)])

            case .deleteItem:
                try deleteItem(regs[Int(ins.a)], regs[Int(ins.b)])

            case .buildSlice:
                let b = Int(ins.b)
                regs[Int(ins.a)] = .object(PySlice(start: regs[b], stop: regs[b + 1], step: regs[b + 2]))

            // MARK: Arithmetic

            case .add:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)] {
                    let (s, o) = l.addingReportingOverflow(r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                } else if case .float(let l) = regs[Int(ins.b)], case .float(let r) = regs[Int(ins.c)] {
                    regs[Int(ins.a)] = .float(l + r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.add, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .subtract:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)] {
                    let (s, o) = l.subtractingReportingOverflow(r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                } else if case .float(let l) = regs[Int(ins.b)], case .float(let r) = regs[Int(ins.c)] {
                    regs[Int(ins.a)] = .float(l - r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.subtract, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .multiply:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)] {
                    let (s, o) = l.multipliedReportingOverflow(by: r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                } else if case .float(let l) = regs[Int(ins.b)], case .float(let r) = regs[Int(ins.c)] {
                    regs[Int(ins.a)] = .float(l * r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.multiply, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .trueDivide:
                if case .float(let l) = regs[Int(ins.b)], case .float(let r) = regs[Int(ins.c)], r != 0 {
                    regs[Int(ins.a)] = .float(l / r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.trueDivide, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .floorDivide:
                regs[Int(ins.a)] = try binaryOperation(.floorDivide, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .modulo:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)], r > 0, l >= 0 {
                    regs[Int(ins.a)] = .int(l % r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.modulo, regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .addConst:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = constants[Int(ins.c)] {
                    let (s, o) = l.addingReportingOverflow(r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                }
                regs[Int(ins.a)] = try binaryOperation(.add, regs + Int(ins.b), constants + Int(ins.c), consumed: ins.x)

            case .subtractConst:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = constants[Int(ins.c)] {
                    let (s, o) = l.subtractingReportingOverflow(r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                }
                regs[Int(ins.a)] = try binaryOperation(.subtract, regs + Int(ins.b), constants + Int(ins.c), consumed: ins.x)

            case .multiplyConst:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = constants[Int(ins.c)] {
                    let (s, o) = l.multipliedReportingOverflow(by: r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                }
                regs[Int(ins.a)] = try binaryOperation(.multiply, regs + Int(ins.b), constants + Int(ins.c), consumed: ins.x)

            case .moduloConst:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = constants[Int(ins.c)], r > 0, l >= 0 {
                    regs[Int(ins.a)] = .int(l % r)
                    break
                }
                regs[Int(ins.a)] = try binaryOperation(.modulo, regs + Int(ins.b), constants + Int(ins.c), consumed: ins.x)

            case .binary:
                regs[Int(ins.a)] = try binaryOperation(BinaryOperator(rawValue: ins.x & ConsumedOperands.operatorMask)!,
                                                       regs + Int(ins.b), regs + Int(ins.c), consumed: ins.x)

            case .inplace:
                regs[Int(ins.a)] = try inplaceOperation(BinaryOperator(rawValue: ins.x)!, regs[Int(ins.b)], regs[Int(ins.c)])

            case .inplaceAdd:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)] {
                    let (s, o) = l.addingReportingOverflow(r)
                    if !o { regs[Int(ins.a)] = .int(s); break }
                } else if case .float(let l) = regs[Int(ins.b)], case .float(let r) = regs[Int(ins.c)] {
                    regs[Int(ins.a)] = .float(l + r)
                    break
                }
                regs[Int(ins.a)] = try inplaceOperation(.add, regs[Int(ins.b)], regs[Int(ins.c)])

            case .negate:
                if case .int(let v) = regs[Int(ins.b)], v != Int.min {
                    regs[Int(ins.a)] = .int(-v)
                    break
                }
                regs[Int(ins.a)] = try unaryOperation(.negate, regs[Int(ins.b)])

            case .plus:
                regs[Int(ins.a)] = try unaryOperation(.plus, regs[Int(ins.b)])

            case .invert:
                regs[Int(ins.a)] = try unaryOperation(.invert, regs[Int(ins.b)])

            case .not:
                regs[Int(ins.a)] = .bool(!(try truthy(regs[Int(ins.b)])))

            case .toBool:
                regs[Int(ins.a)] = .bool(try truthy(regs[Int(ins.b)]))

            case .compare:
                if case .int(let l) = regs[Int(ins.b)], case .int(let r) = regs[Int(ins.c)] {
                    regs[Int(ins.a)] = .bool(Interpreter.compareInts(l, r, ins.x))
                    break
                }
                regs[Int(ins.a)] = try compare(regs[Int(ins.b)], regs[Int(ins.c)], CompareOperator(rawValue: ins.x)!)

            case .contains:
                let found = try contains(regs[Int(ins.b)], regs[Int(ins.c)])
                regs[Int(ins.a)] = .bool(ins.x == 0 ? found : !found)

            case .isSame:
                let same = regs[Int(ins.b)].isIdentical(to: regs[Int(ins.c)])
                regs[Int(ins.a)] = .bool(ins.x == 0 ? same : !same)

            case .compareJump:
                let result: Bool
                if case .int(let l) = regs[Int(ins.a)], case .int(let r) = regs[Int(ins.b)] {
                    result = Interpreter.compareInts(l, r, ins.x)
                } else {
                    result = try truthy(try compare(regs[Int(ins.a)], regs[Int(ins.b)], CompareOperator(rawValue: ins.x)!))
                }
                if !result { pc = pc - 1 + Int(ins.c) }

            case .compareConstJump:
                let result: Bool
                if case .int(let l) = regs[Int(ins.a)], case .int(let r) = constants[Int(ins.b)] {
                    result = Interpreter.compareInts(l, r, ins.x)
                } else {
                    result = try truthy(try compare(regs[Int(ins.a)], constants[Int(ins.b)], CompareOperator(rawValue: ins.x)!))
                }
                if !result { pc = pc - 1 + Int(ins.c) }

            // MARK: Control flow

            case .jump:
                pc = ins.target

            case .jumpBack:
                pc = ins.target
                if budgetActive { try chargeStep() }
                if interruptFlag.pointee != 0 {
                    Interruption.clear()
                    throw PyException(type: BuiltinTypes.keyboardInterrupt, args: [])
                }

            case .jumpIfFalse:
                switch regs[Int(ins.a)] {
                case .bool(let b): if !b { pc = ins.target }
                case .none: pc = ins.target
                default: if !(try truthy(regs[Int(ins.a)])) { pc = ins.target }
                }

            case .jumpIfTrue:
                switch regs[Int(ins.a)] {
                case .bool(let b): if b { pc = ins.target }
                case .none: break
                default: if try truthy(regs[Int(ins.a)]) { pc = ins.target }
                }

            case .getIter:
                regs[Int(ins.a)] = try iterator(regs[Int(ins.b)])

            case .forIter:
                if try !advance(regs + Int(ins.a), into: regs + Int(ins.b)) { pc = pc - 1 + Int(ins.c) }

            case .forIterBack:
                if budgetActive { try chargeStep() }
                if interruptFlag.pointee != 0 {
                    Interruption.clear()
                    throw PyException(type: BuiltinTypes.keyboardInterrupt, args: [])
                }
                if try advance(regs + Int(ins.a), into: regs + Int(ins.b)) { pc = pc - 1 - Int(ins.c) }

            // MARK: Calls

            case .call, .callKeywords, .callMethod, .callMethodKeywords:
                let calleeRegister = Int(ins.a)
                var argumentStart = calleeRegister + 1
                var count = Int(ins.b)
                let isMethod = ins.op == .callMethod || ins.op == .callMethodKeywords
                if isMethod {
                    if case .unbound = regs[calleeRegister + 1] {
                        argumentStart += 1
                    } else {
                        count += 1
                    }
                }
                let hasKeywords = ins.op == .callKeywords || ins.op == .callMethodKeywords
                if interruptFlag.pointee != 0 {
                    Interruption.clear()
                    throw PyException(type: BuiltinTypes.keyboardInterrupt, args: [])
                }
                if budgetActive { try chargeStep() }
                var callee = Value.unbound
                if argumentStart == calleeRegister + 2, case .object(let o) = regs[calleeRegister], let method = o as? PyMethod {
                    regs[calleeRegister + 1] = method.receiver
                    callee = method.function
                    argumentStart = calleeRegister + 1
                    count += 1
                } else {
                    // Fast path: a plain positional call of a simple script function pushes its
                    // frame right here, without touching reference counts.
                    if !hasKeywords, let address = inspector.objectAddress(regs + calleeRegister),
                       Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef({ $0.typeAddress == functionTypeAddress }) {
                        unowned(unsafe) let function = Unmanaged<PyFunction>.fromOpaque(address).takeUnretainedValue()
                        unowned(unsafe) let fcode = function.codeReference
                        if fcode.isSimple && count == fcode.positionalCount {
                            if fp + 1 >= recursionLimit {
                                throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded")
                            }
                            let newBase = frame.pointee.base + argumentStart
                            try reserveStack(base: newBase, count: fcode.registerCount)
                            let newRegs = stack + newBase
                            let slotCount = fcode.slotCount
                            if slotCount > count {
                                for i in count..<slotCount { newRegs[i] = .unbound }
                            }
                            let returnRegister = frame.pointee.base + calleeRegister
                            frame.pointee.pc = at
                            fp += 1
                            frame = frames + fp
                            frame.pointee.code = fcode
                            frame.pointee.function = function
                            frame.pointee.module = function.moduleReference
                            frame.pointee.pc = -1
                            frame.pointee.base = newBase
                            frame.pointee.returnRegister = returnRegister
                            frame.pointee.isEntry = false
                            frame.pointee.namespace = nil
                            frame.pointee.generator = nil
                            code = fcode
                            instructions = code.instructionBuffer.unsafelyUnwrapped
                            constants = code.constantBuffer.unsafelyUnwrapped
                            globals = code.globalBuffer.unsafelyUnwrapped
                            names = code.nameBuffer.unsafelyUnwrapped
                            caches = code.cacheBuffer.unsafelyUnwrapped
                            regs = newRegs
                            pc = 0
                            break
                        }
                    }
                    if let address = inspector.objectAddress(regs + calleeRegister),
                       Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef({ $0.typeAddress == nativeFunctionTypeAddress }) {
                        if address == listAppendAddress, count == 2, !hasKeywords,
                           let list = inspector.objectAddress(regs + argumentStart),
                           Unmanaged<PyObject>.fromOpaque(list)._withUnsafeGuaranteedRef({ $0.typeAddress == listTypeAddress }) {
                            Unmanaged<PyList>.fromOpaque(list)._withUnsafeGuaranteedRef { $0.items.append(regs[argumentStart + 1]) }
                            regs[calleeRegister] = .none
                            break
                        }
                        let keywordNames = hasKeywords ? code.keywordNameLists[Int(ins.c)] : []
                        let arguments = Arguments(UnsafeBufferPointer(start: regs + argumentStart, count: count + keywordNames.count),
                                                  keywordNames: keywordNames)
                        // Native code may ask for the calling line (warnings report it).
                        frame.pointee.pc = at
                        let result = try Unmanaged<NativeFunction>.fromOpaque(address)._withUnsafeGuaranteedRef { try $0.call(self, arguments) }
                        regs[calleeRegister] = result
                        break
                    }
                    callee = regs[calleeRegister]
                }
                if case .object(let o) = callee, o.type === functionType {
                    let function = unsafeDowncast(o, to: PyFunction.self)
                    let fcode = function.code
                    let newBase = frame.pointee.base + argumentStart
                    if !fcode.isGenerator {
                        let keywordNames = hasKeywords ? code.keywordNameLists[Int(ins.c)] : []
                        let arguments = Array(UnsafeBufferPointer(start: regs + argumentStart, count: count + keywordNames.count))
                        try reserveStack(base: newBase, count: fcode.registerCount)
                        try arguments.withUnsafeBufferPointer { buffer in
                            try bindArguments(function, Arguments(buffer, keywordNames: keywordNames), into: stack + newBase)
                        }
                        frame.pointee.pc = at
                        try pushFrame(Frame(code: fcode, function: function, module: function.module, pc: -1, base: newBase,
                                            returnRegister: frame.pointee.base + calleeRegister, isEntry: false,
                                            namespace: nil, generator: nil))
                        frame = frames + fp
                        code = fcode
                        instructions = code.instructionBuffer.unsafelyUnwrapped
                        constants = code.constantBuffer.unsafelyUnwrapped
                        globals = code.globalBuffer.unsafelyUnwrapped
                        names = code.nameBuffer.unsafelyUnwrapped
                        caches = code.cacheBuffer.unsafelyUnwrapped
                        regs = stack + newBase
                        pc = 0
                        break
                    }
                }
                let keywordNames = hasKeywords ? code.keywordNameLists[Int(ins.c)] : []
                frame.pointee.pc = at
                let result = try call(callee, Arguments(UnsafeBufferPointer(start: regs + argumentStart, count: count + keywordNames.count),
                                                        keywordNames: keywordNames))
                regs[calleeRegister] = result

            case .callExpand:
                regs[Int(ins.a)] = try callExpanded(regs[Int(ins.a)], regs[Int(ins.b)], regs[Int(ins.c)])

            case .returnValue, .returnNone:
                let result: Value = ins.op == .returnValue ? regs[Int(ins.a)] : .none
                if frame.pointee.isEntry {
                    let finished = frame.pointee
                    if let generator = finished.generator {
                        generator.isFinished = true
                        generator.isRunning = false
                        generator.registers = []
                    }
                    popFrame()
                    lastExitWasYield = false
                    return result
                }
                let count = frame.pointee.code.registerCount
                for i in 0..<count { regs[i] = .unbound }
                let returnRegister = frame.pointee.returnRegister
                fp -= 1
                stack[returnRegister] = result
                frame = frames + fp
                code = frame.pointee.code
                instructions = code.instructionBuffer.unsafelyUnwrapped
                constants = code.constantBuffer.unsafelyUnwrapped
                globals = code.globalBuffer.unsafelyUnwrapped
                names = code.nameBuffer.unsafelyUnwrapped
                caches = code.cacheBuffer.unsafelyUnwrapped
                regs = stack + frame.pointee.base
                pc = frame.pointee.pc + 1

            // MARK: Building values

            case .buildList:
                regs[Int(ins.a)] = .object(PyList(Array(UnsafeBufferPointer(start: regs + Int(ins.b), count: Int(ins.c)))))

            case .buildTuple:
                regs[Int(ins.a)] = PyTuple.make(Array(UnsafeBufferPointer(start: regs + Int(ins.b), count: Int(ins.c))))

            case .buildSet:
                let set = PySet()
                for i in 0..<Int(ins.c) { try set.add(regs[Int(ins.b) + i]) }
                regs[Int(ins.a)] = .object(set)

            case .buildDict:
                let dict = PyDict()
                for i in 0..<Int(ins.c) { try dict.set(regs[Int(ins.b) + 2 * i], regs[Int(ins.b) + 2 * i + 1]) }
                regs[Int(ins.a)] = .object(dict)

            case .buildString:
                var s = ""
                for i in 0..<Int(ins.c) {
                    if case .object(let o) = regs[Int(ins.b) + i], let piece = o as? PyStr { s += piece.value }
                }
                regs[Int(ins.a)] = .str(s)

            case .formatValue:
                let spec: String? = ins.c == UInt16(noRegister) ? nil : regs[Int(ins.c)].stringValue
                regs[Int(ins.a)] = .str(try formatField(regs[Int(ins.b)], conversion: ins.x, spec: spec))

            case .listAppend:
                if case .object(let o) = regs[Int(ins.a)] { unsafeDowncast(o, to: PyList.self).items.append(regs[Int(ins.b)]) }

            case .setAdd:
                if case .object(let o) = regs[Int(ins.a)] { try unsafeDowncast(o, to: PySet.self).add(regs[Int(ins.b)]) }

            case .dictSet:
                if case .object(let o) = regs[Int(ins.a)] { try unsafeDowncast(o, to: PyDict.self).set(regs[Int(ins.b)], regs[Int(ins.c)]) }

            case .listExtend:
                if case .object(let o) = regs[Int(ins.a)] {
                    let list = unsafeDowncast(o, to: PyList.self)
                    list.items.append(contentsOf: try collect(regs[Int(ins.b)], forUnpacking: true))
                }

            case .setUpdate:
                if case .object(let o) = regs[Int(ins.a)] {
                    try fillSet(unsafeDowncast(o, to: PySet.self), from: regs[Int(ins.b)])
                }

            case .dictUpdate:
                if case .object(let o) = regs[Int(ins.a)] {
                    try mergeMapping(into: unsafeDowncast(o, to: PyDict.self), regs[Int(ins.b)], rejectDuplicates: false)
                }

            case .dictMerge:
                if case .object(let o) = regs[Int(ins.a)] {
                    let dict = unsafeDowncast(o, to: PyDict.self)
                    if ins.x == 1 {
                        if try dict.contains(regs[Int(ins.b)]) {
                            throw PyException.typeError("got multiple values for keyword argument '\(regs[Int(ins.b)].stringValue ?? "")'")
                        }
                        try dict.set(regs[Int(ins.b)], regs[Int(ins.c)])
                    } else {
                        try mergeMapping(into: dict, regs[Int(ins.b)], rejectDuplicates: true)
                    }
                }

            case .listToTuple:
                if case .object(let o) = regs[Int(ins.b)] {
                    regs[Int(ins.a)] = PyTuple.make(unsafeDowncast(o, to: PyList.self).items)
                }

            case .unpack:
                let count = Int(ins.c)
                let base = Int(ins.b)
                if case .object(let o) = regs[Int(ins.a)], let t = o as? PyTuple, t.items.count == count {
                    for i in 0..<count { regs[base + i] = t.items[i] }
                    break
                }
                let items = try unpackValues(regs[Int(ins.a)], count: count)
                for i in 0..<count { regs[base + i] = items[i] }

            case .unpackStar:
                let before = Int(ins.c & 0xFF), after = Int(ins.c >> 8)
                let items = try collect(regs[Int(ins.a)], forUnpacking: true)
                if items.count < before + after {
                    throw PyException.valueError("not enough values to unpack (expected at least \(before + after), got \(items.count))")
                }
                let base = Int(ins.b)
                for i in 0..<before { regs[base + i] = items[i] }
                regs[base + before] = .object(PyList(Array(items[before..<(items.count - after)])))
                for i in 0..<after { regs[base + before + 1 + i] = items[items.count - after + i] }

            case .makeFunction:
                regs[Int(ins.a)] = try makeFunction(constants[Int(ins.b)], flags: ins.x, extra: regs + Int(ins.c), module: frame.pointee.module)

            case .buildClass:
                let base = Int(ins.b)
                regs[Int(ins.a)] = try buildClass(function: regs[base], name: regs[base + 1],
                                                  bases: Array(UnsafeBufferPointer(start: regs + base + 2, count: Int(ins.c))),
                                                  keywords: ins.x == 1 ? regs[base + 2 + Int(ins.c)] : .none)

            case .superZero:
                regs[Int(ins.a)] = try superWithoutArguments(receiver: ins.b == UInt16(noRegister) ? .unbound : regs[Int(ins.b)],
                                                             classCell: regs[Int(ins.c)])

            // MARK: Modules

            case .importName:
                let fromList: Value = ins.c == UInt16(noRegister) ? .none : constants[Int(ins.c)]
                regs[Int(ins.a)] = try importModule(constants[Int(ins.b)].stringValue ?? "", fromList: fromList,
                                                    level: Int(ins.x & 0x7F), returnLeaf: ins.x & 0x80 != 0,
                                                    importer: frame.pointee.module)

            case .importFrom:
                regs[Int(ins.a)] = try importFrom(regs[Int(ins.b)], names[Int(ins.c)].value)

            case .importStar:
                try importStar(regs[Int(ins.a)], into: frame.pointee.module)

            // MARK: Exceptions

            case .raise:
                throw try raiseException(form: ins.x, regs[Int(ins.a)], regs[Int(ins.b)])

            case .reraise:
                reraising = true
                guard case .object(let o) = regs[Int(ins.a)], let e = o as? PyException else {
                    reraising = false
                    throw PyException.runtimeError("No active exception to reraise")
                }
                throw e

            case .pushExcInfo:
                regs[Int(ins.a)] = handledException.map { .object($0) } ?? .none
                if case .object(let o) = regs[Int(ins.b)], let e = o as? PyException { handledException = e }

            case .popExcInfo:
                if case .object(let o) = regs[Int(ins.a)], let e = o as? PyException {
                    handledException = e
                } else {
                    handledException = nil
                }

            case .checkExcMatch:
                regs[Int(ins.a)] = .bool(try exceptionMatches(regs[Int(ins.b)], regs[Int(ins.c)]))

            case .loadAssertionError:
                regs[Int(ins.a)] = .object(BuiltinTypes.assertionError)

            case .withEnter:
                let manager = regs[Int(ins.a)]
                let (exit, enter) = try contextManagerMethods(manager)
                regs[Int(ins.b)] = exit
                regs[Int(ins.b) + 1] = manager
                regs[Int(ins.c)] = try call(enter, [manager])

            case .withExit:
                _ = try call(regs[Int(ins.a)], [regs[Int(ins.a) + 1], .none, .none, .none])

            case .withExcept:
                let exception = regs[Int(ins.c)]
                let result = try call(regs[Int(ins.b)], [regs[Int(ins.b) + 1], .object(exception.type), exception, .none])
                regs[Int(ins.a)] = .bool(try truthy(result))

            // MARK: Generators

            case .generatorResult:
                if case .object(let o) = regs[Int(ins.b)], let generator = o as? PyGenerator {
                    regs[Int(ins.a)] = generator.returnValue
                } else {
                    regs[Int(ins.a)] = .none
                }

            case .yieldValue:
                let value = regs[Int(ins.b)]
                let f = frame.pointee
                guard let generator = f.generator else {
                    throw PyException.runtimeError("yield outside a generator frame")
                }
                generator.pc = pc - 1
                let count = f.code.registerCount
                var saved = [Value](repeating: .unbound, count: count)
                for i in 0..<count {
                    swap(&saved[i], &regs[i])
                }
                generator.registers = saved
                fp -= 1
                lastExitWasYield = true
                return value
            }
            } catch {
                frame.pointee.pc = at
                throw error
            }
        }
    }

    /// One step of a `for` loop: stores the iterator's next value and returns true, or returns
    /// false when it is exhausted. Range and list iterators are stepped inline.
    @inline(__always)
    private func advance(_ iterator: UnsafeMutablePointer<Value>, into target: UnsafeMutablePointer<Value>) throws -> Bool {
        if let address = inspector.objectAddress(iterator) {
            let typeAddress = Unmanaged<PyObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.typeAddress }
            if typeAddress == rangeIteratorTypeAddress {
                let next: Int? = Unmanaged<RangeIterator>.fromOpaque(address)._withUnsafeGuaranteedRef { r in
                    guard r.remaining > 0 else { return nil }
                    let v = r.current
                    r.current &+= r.step
                    r.remaining -= 1
                    return v
                }
                guard let next else { return false }
                target.pointee = .int(next)
                return true
            }
            if typeAddress == listIteratorTypeAddress {
                let next: Value? = Unmanaged<ListIterator>.fromOpaque(address)._withUnsafeGuaranteedRef { l in
                    if l.index < l.list.items.count {
                        l.index += 1
                        return l.list.items[l.index - 1]
                    }
                    l.index = Int.max / 2
                    return nil
                }
                guard let next else { return false }
                target.pointee = next
                return true
            }
        }
        guard let v = try next(iterator.pointee) else { return false }
        target.pointee = v
        return true
    }

    /// Runs `body` with name `index` of a code object borrowed (no reference counting).
    @inline(__always)
    static func borrowName<T>(_ names: UnsafeMutablePointer<PyStr>, _ index: Int, _ body: (PyStr) -> T) -> T {
        let address = UnsafeRawPointer(names + index).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<PyStr>.fromOpaque(address)._withUnsafeGuaranteedRef(body)
    }

    @inline(__always)
    static func compareInts(_ l: Int, _ r: Int, _ op: UInt8) -> Bool {
        switch op {
        case 0: return l < r
        case 1: return l <= r
        case 2: return l > r
        case 3: return l >= r
        case 4: return l == r
        default: return l != r
        }
    }

    func unboundLocal(_ code: CodeObject, slot: Int) -> PyException {
        let name = slot < code.slotNames.count ? code.slotNames[slot] : "?"
        return PyException(BuiltinTypes.unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
    }

    func unboundDeref(_ code: CodeObject, slot: Int) -> PyException {
        let name = slot < code.slotNames.count ? code.slotNames[slot] : "?"
        if code.freeSlots.contains(slot) {
            return PyException.nameError("cannot access free variable '\(name)' where it is not associated with a value in enclosing scope")
        }
        return PyException(BuiltinTypes.unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
    }

    func loadBuiltin(_ cell: GlobalCell, frame: Frame) throws -> Value {
        if let b = cell.builtin, !b.value.isUnbound { return b.value }
        throw nameError(cell.name, frame: frame)
    }

    func loadName(_ name: PyStr, frame: Frame) throws -> Value {
        if let ns = frame.namespace, let v = ns.getString(name) { return v }
        if let v = frame.module[name.value] { return v }
        if let v = builtins[name.value] { return v }
        throw nameError(name.value, frame: frame)
    }

    /// `NameError: name 'x' is not defined`, remembering the names in scope for suggestions.
    func nameError(_ name: String, frame: Frame) -> PyException {
        let e = PyException.nameError("name '\(name)' is not defined")
        e.dict?["name"] = .str(name)
        var locals: [String] = []
        if frame.code.kind != .module {
            locals = frame.code.slotNames.enumerated().filter { !stack[frame.base + $0.offset].isUnbound }.map(\.element)
            if let ns = frame.namespace { locals += ns.keys.compactMap(\.stringValue) }
        }
        e.nameCandidates = [locals, frame.module.names, builtins.names]
        return e
    }
}
