import Foundation

/// What the compiler links against: the module whose globals the code uses.
struct CompileContext {
    let source: SourceText
    let module: PyModule
    let builtins: PyModule
    /// Interactive cells: the value of a final expression statement is returned.
    let interactive: Bool
}

/// Compiles one scope's AST into a `CodeObject` of register instructions. Nested scopes get
/// their own `Compiler`.
final class Compiler {
    private let context: CompileContext
    private let scope: Scope
    private let code: CodeObject
    private var nextRegister: Int
    private var currentLine: Int
    /// Local slots definitely assigned at the current point (reads of others are checked).
    private var assigned: Set<Int> = []
    private var blocks: [Block] = []
    private var protections: [Protection] = []
    private var constantIndices: [String: Int] = [:]
    private var nameIndices: [String: Int] = [:]
    private var globalIndices: [String: Int] = [:]
    private var depth = 0
    private let qualifiedPrefix: String
    private var loopDepth = 0

    /// Deepest AST nesting compiled before reporting an error instead of overflowing the stack.
    static let maxDepth = 1500

    private enum Block {
        case loop(continueTarget: Int, breakJumps: [Int], protectionDepth: Int)
        case finally(body: [Stmt], protection: Int, saveRegister: Int)
        case handler(saveRegister: Int, protection: Int)
        case with(exitRegister: Int, protection: Int)
    }

    /// A protected code range being built: segments can be suspended while `finally` code is
    /// inlined for `return`/`break`/`continue`.
    private struct Protection {
        var register: Int
        var segments: [(Int, Int)] = []
        var openStart: Int?
    }

    private init(context: CompileContext, scope: Scope, code: CodeObject, qualifiedPrefix: String, line: Int) {
        self.context = context
        self.scope = scope
        self.code = code
        self.nextRegister = scope.slotCount
        self.currentLine = line
        self.qualifiedPrefix = qualifiedPrefix
        code.registerCount = max(scope.slotCount, 1)
    }

    // MARK: - Entry points

    /// Parses, resolves and compiles a module (or an interactive cell) into its code object.
    static func compileModule(_ source: SourceText, module: PyModule, builtins: PyModule, interactive: Bool = false) throws -> CodeObject {
        let body = try Parser.parseModule(source)
        let scope = try Resolver.resolveModule(body, source: source)
        let context = CompileContext(source: source, module: module, builtins: builtins, interactive: interactive)
        let code = CodeObject(name: "<module>", qualifiedName: "<module>", filename: source.filename, firstLine: 1, kind: .module,
                              sourceText: nil, docstring: nil, slotNames: scope.slotNames, positionalCount: 0,
                              positionalOnlyCount: 0, keywordOnlyNames: [], varArgsSlot: nil, varKeywordsSlot: nil, isGenerator: false)
        let compiler = Compiler(context: context, scope: scope, code: code, qualifiedPrefix: "", line: 1)
        try compiler.compileBody(body, returnsLastExpression: interactive)
        return code
    }

    private func finish() throws {
        code.seal()
        if code.instructions.count > 0xFFFF * 256 {
            throw context.source.error("code object too large", at: SourceLocation(line: code.firstLine, column: 0))
        }
    }

    private func compileBody(_ body: [Stmt], returnsLastExpression: Bool) throws {
        if returnsLastExpression, let last = body.last, case .expression(let e) = last.kind {
            try statements(Array(body.dropLast()))
            currentLine = last.line
            let r = try expr(e)
            emit(.returnValue, a: r)
        } else {
            try statements(body)
            emit(.returnNone)
        }
        try finish()
    }

    // MARK: - Emission helpers

    @discardableResult
    private func emit(_ op: Opcode, x: UInt8 = 0, a: Int = 0, b: Int = 0, c: Int = 0) -> Int {
        code.instructions.append(Instruction(op, x: x, a: a, b: b, c: c))
        code.lines.append(Int32(currentLine))
        return code.instructions.count - 1
    }

    private var here: Int { code.instructions.count }

    private func emitJump(_ op: Opcode = .jump, a: Int = 0, to target: Int? = nil) -> Int {
        let index = emit(op, a: a)
        if let target { code.instructions[index].setTarget(target) }
        return index
    }

    private func patchJump(_ index: Int, to target: Int? = nil) {
        code.instructions[index].setTarget(target ?? here)
    }

    /// Patches a forward-offset jump (`compareJump`, `forIter`).
    private func patchForward(_ index: Int, to target: Int? = nil) throws {
        let offset = (target ?? here) - index
        guard offset >= 0, offset <= 0xFFFF else {
            throw context.source.error("too many statements in one block for kscript", at: SourceLocation(line: currentLine, column: 0))
        }
        code.instructions[index].c = UInt16(offset)
    }

    private func allocate(_ count: Int = 1) throws -> Int {
        let r = nextRegister
        nextRegister += count
        if nextRegister > code.registerCount { code.registerCount = nextRegister }
        if nextRegister >= 0xFFF0 {
            throw context.source.error("too many variables and temporaries in one function", at: SourceLocation(line: currentLine, column: 0))
        }
        return r
    }

    private func constant(_ value: Value, key: String) -> Int {
        if let i = constantIndices[key] { return i }
        code.constants.append(value)
        constantIndices[key] = code.constants.count - 1
        return code.constants.count - 1
    }

    private func constantIndex(_ c: Constant) -> Int {
        switch c {
        case .none: return constant(.none, key: "N")
        case .bool(let b): return constant(.bool(b), key: b ? "T" : "F")
        case .int(let i): return constant(.int(i), key: "i\(i)")
        case .float(let d): return constant(.float(d), key: "f\(d.bitPattern)")
        case .string(let s): return constant(.object(PyStr.intern(s)), key: "s" + s)
        case .bytes(let b): return constant(.object(PyBytes(b)), key: "b\(b)")
        case .ellipsis: return constant(.object(BuiltinTypes.ellipsisValue), key: "E")
        }
    }

    private func name(_ text: String) -> Int {
        if let i = nameIndices[text] { return i }
        code.names.append(PyStr.intern(text))
        nameIndices[text] = code.names.count - 1
        return code.names.count - 1
    }

    private func global(_ text: String) -> Int {
        if let i = globalIndices[text] { return i }
        let cell = context.module.cell(text)
        if cell.builtin == nil && context.module !== context.builtins {
            cell.builtin = context.builtins.cell(text)
        }
        code.globalCells.append(cell)
        globalIndices[text] = code.globalCells.count - 1
        return code.globalCells.count - 1
    }

    private func error(_ message: String, at location: SourceLocation) -> CompileError {
        context.source.error(message, at: location)
    }

    private func enterNode(_ location: SourceLocation) throws {
        depth += 1
        if depth > Compiler.maxDepth {
            throw error("too many nested expressions", at: location)
        }
    }

    // MARK: - Statements

    private func statements(_ body: [Stmt]) throws {
        for s in body { try statement(s) }
    }

    /// Compiles a nested block; names it assigns are not "definitely assigned" afterwards.
    private func block(_ body: [Stmt]) throws {
        let saved = assigned
        try statements(body)
        assigned = saved
    }

    private func statement(_ s: Stmt) throws {
        currentLine = s.line
        let savedRegister = nextRegister
        defer { nextRegister = savedRegister }
        switch s.kind {
        case .expression(let e):
            _ = try expr(e)
        case .assign(let targets, let value):
            if targets.count == 1 {
                try assign(value, to: targets[0])
            } else {
                let r = try expr(value)
                for t in targets { try store(r, to: t) }
            }
        case .augmentedAssign(let target, let op, let value):
            try augmentedAssign(target, op, value)
        case .annotatedAssign(let target, _, let value):
            if let value { try assign(value, to: target) }
        case .pass:
            break
        case .breakLoop:
            try breakOrContinue(isBreak: true, at: s.start)
        case .continueLoop:
            try breakOrContinue(isBreak: false, at: s.start)
        case .returnValue(let value):
            guard scope.kind == .function || scope.kind == .comprehension else {
                throw error("'return' outside function", at: s.start)
            }
            if let value {
                var r = try expr(value)
                if hasUnwindingBlocks(untilLoop: false) {
                    let t = try allocate()
                    emit(.move, a: t, b: r)
                    r = t
                    try unwindBlocks(untilLoop: false)
                }
                emit(.returnValue, a: r)
            } else {
                try unwindBlocks(untilLoop: false)
                emit(.returnNone)
            }
        case .delete(let targets):
            for t in targets { try delete(t) }
        case .global, .nonlocal:
            break
        case .ifElse(let test, let body, let orElse):
            let jumps = try condition(test, jumpWhen: false)
            try block(body)
            if orElse.isEmpty {
                try patch(jumps)
            } else {
                let end = emitJump()
                try patch(jumps)
                try block(orElse)
                patchJump(end)
            }
        case .whileLoop(let test, let body, let orElse):
            let top = here
            var exits: [PendingJump] = []
            if case .constant(.bool(true)) = test.kind {} else { exits = try condition(test, jumpWhen: false) }
            blocks.append(.loop(continueTarget: top, breakJumps: [], protectionDepth: protections.count))
            loopDepth += 1
            try block(body)
            loopDepth -= 1
            guard case .loop(_, let breaks, _) = blocks.removeLast() else { return }
            _ = emitJump(.jumpBack, to: top)
            try patch(exits)
            try block(orElse)
            for b in breaks { patchJump(b) }
        case .forLoop(let target, let iterable, let body, let orElse):
            let source = try expr(iterable)
            let iterator = try allocate()
            emit(.getIter, a: iterator, b: source)
            let value = try allocate()
            let top = here
            let exit = emit(.forIter, a: iterator, b: value)
            blocks.append(.loop(continueTarget: top, breakJumps: [], protectionDepth: protections.count))
            loopDepth += 1
            let saved = assigned
            let bodyStart = here
            try store(value, to: target)
            try statements(body)
            assigned = saved
            loopDepth -= 1
            guard case .loop(_, let breaks, _) = blocks.removeLast() else { return }
            currentLine = s.line
            emitLoopStep(iterator: iterator, value: value, top: top, bodyStart: bodyStart)
            try patchForward(exit)
            try block(orElse)
            for b in breaks { patchJump(b) }
        case .functionDef(let f):
            let r = try function(f)
            var result = r
            for d in f.decorators.reversed() { result = try applyDecorator(d, to: result) }
            try storeName(f.name, from: result)
        case .classDef(let c):
            try classDefinition(c)
        case .tryExcept(let body, let handlers, let orElse, let finalBody):
            if finalBody.isEmpty {
                try tryExcept(body, handlers, orElse)
            } else {
                try tryFinally(finalBody) {
                    if handlers.isEmpty {
                        try self.block(body)
                    } else {
                        try self.tryExcept(body, handlers, orElse)
                    }
                }
            }
        case .raise(let exc, let cause):
            if let exc {
                let e = try expr(exc)
                if let cause {
                    let c = try expr(cause)
                    emit(.raise, x: 2, a: e, b: c)
                } else {
                    emit(.raise, x: 1, a: e)
                }
            } else {
                emit(.raise, x: 0)
            }
        case .assert(let test, let message):
            let jumps = try condition(test, jumpWhen: true)
            let base = try allocate()
            emit(.loadAssertionError, a: base)
            if let message {
                _ = try expr(message, into: base + 1)
                _ = try allocate()
                emit(.call, a: base, b: 1)
            }
            emit(.raise, x: 1, a: base)
            try patch(jumps)
        case .with(let items, let body):
            try with(items[...], body)
        case .importModules(let names):
            for alias in names {
                let r = try allocate()
                let nameConst = constantIndex(.string(alias.name))
                if let asName = alias.alias {
                    emit(.importName, x: 0x80, a: r, b: nameConst, c: noRegister)
                    try storeName(asName, from: r)
                } else {
                    emit(.importName, x: 0, a: r, b: nameConst, c: noRegister)
                    try storeName(String(alias.name.split(separator: ".")[0]), from: r)
                }
            }
        case .importFrom(let module, let names, let level):
            let m = try allocate()
            let fromList = constant(PyTuple.make(names.map { .str($0.name) }), key: "from:" + names.map(\.name).joined(separator: ","))
            emit(.importName, x: UInt8(min(level, 127)) | 0x80, a: m, b: constantIndex(.string(module)), c: fromList)
            if names.first?.name == "*" {
                emit(.importStar, a: m)
            } else {
                for alias in names {
                    let r = try allocate()
                    emit(.importFrom, a: r, b: m, c: name(alias.name))
                    try storeName(alias.alias ?? alias.name, from: r)
                }
            }
        }
    }

    private func breakOrContinue(isBreak: Bool, at location: SourceLocation) throws {
        guard loopDepth > 0, let loopIndex = blocks.lastIndex(where: { if case .loop = $0 { return true } else { return false } }) else {
            throw error(isBreak ? "'break' outside loop" : "'continue' not properly in loop", at: location)
        }
        try unwindBlocks(untilLoop: true)
        guard case .loop(let continueTarget, var breaks, let protectionDepth) = blocks[loopIndex] else { return }
        if isBreak {
            breaks.append(emitJump())
            blocks[loopIndex] = .loop(continueTarget: continueTarget, breakJumps: breaks, protectionDepth: protectionDepth)
        } else {
            _ = emitJump(.jumpBack, to: continueTarget)
        }
    }

    /// The end of a `for` body: advance the iterator and jump back into the body in one
    /// instruction (or jump back to the `forIter` when the body is too long for the offset).
    private func emitLoopStep(iterator: Int, value: Int, top: Int, bodyStart: Int) {
        let offset = here - bodyStart
        if offset <= 0xFFFF {
            emit(.forIterBack, a: iterator, b: value, c: offset)
        } else {
            _ = emitJump(.jumpBack, to: top)
        }
    }

    private func hasUnwindingBlocks(untilLoop: Bool) -> Bool {
        for b in blocks.reversed() {
            if case .loop = b {
                if untilLoop { return false }
                continue
            }
            return true
        }
        return false
    }

    /// Emits the cleanup of every `finally`, `except` and `with` block being left by a
    /// `return` (all blocks) or `break`/`continue` (up to the innermost loop).
    private func unwindBlocks(untilLoop: Bool) throws {
        var suspended: [Int] = []
        let savedBlocks = blocks
        var index = blocks.count - 1
        while index >= 0 {
            let b = blocks[index]
            switch b {
            case .loop:
                if untilLoop { index = -1; continue }
            case .finally(let body, let protection, _):
                suspend(protection)
                suspended.append(protection)
                blocks = Array(savedBlocks[..<index])
                try block(body)
                blocks = savedBlocks
            case .handler(let saveRegister, let protection):
                suspend(protection)
                suspended.append(protection)
                emit(.popExcInfo, a: saveRegister)
            case .with(let exitRegister, let protection):
                suspend(protection)
                suspended.append(protection)
                emit(.withExit, a: exitRegister)
            }
            index -= 1
        }
        for p in suspended { resume(p) }
    }

    // MARK: Exception ranges

    private func beginProtection(register: Int) -> Int {
        protections.append(Protection(register: register, segments: [], openStart: here))
        return protections.count - 1
    }

    private func suspend(_ p: Int) {
        if let start = protections[p].openStart {
            if here > start { protections[p].segments.append((start, here)) }
            protections[p].openStart = nil
        }
    }

    private func resume(_ p: Int) {
        if protections[p].openStart == nil { protections[p].openStart = here }
    }

    /// Closes a protection and registers its ranges with `handler`.
    private func endProtection(_ p: Int, handler: Int) {
        suspend(p)
        for (start, end) in protections[p].segments {
            code.exceptionTable.append(ExceptionHandlerEntry(start: start, end: end, handler: handler, register: protections[p].register))
        }
    }

    private func tryExcept(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt]) throws {
        let exception = try allocate()
        let save = try allocate()
        let protection = beginProtection(register: exception)
        try block(body)
        suspend(protection)
        let toElse = emitJump()
        let handlerStart = here
        endProtection(protection, handler: handlerStart)

        let cleanupRegister = try allocate()
        emit(.pushExcInfo, a: save, b: exception)
        let cleanup = beginProtection(register: cleanupRegister)
        blocks.append(.handler(saveRegister: save, protection: cleanup))
        var ends: [Int] = []
        for h in handlers {
            currentLine = h.line
            var next: Int?
            if let typeExpr = h.type {
                let t = try expr(typeExpr)
                let matched = try allocate()
                emit(.checkExcMatch, a: matched, b: exception, c: t)
                next = emitJump(.jumpIfFalse, a: matched)
            }
            let saved = assigned
            if let n = h.name {
                try store(exception, to: Expr(.name(n), start: SourceLocation(line: h.line, column: 0), end: SourceLocation(line: h.line, column: 0)))
                try statements(h.body)
                try deleteName(n, at: SourceLocation(line: h.line, column: 0), ignoreUnbound: true)
            } else {
                try statements(h.body)
            }
            assigned = saved
            suspend(cleanup)
            emit(.popExcInfo, a: save)
            ends.append(emitJump())
            resume(cleanup)
            if let next { patchJump(next) }
        }
        emit(.reraise, a: exception)
        blocks.removeLast()
        let cleanupHandler = here
        endProtection(cleanup, handler: cleanupHandler)
        emit(.popExcInfo, a: save)
        emit(.reraise, a: cleanupRegister)
        patchJump(toElse)
        try block(orElse)
        for e in ends { patchJump(e) }
    }

    private func tryFinally(_ finalBody: [Stmt], _ body: () throws -> Void) throws {
        let exception = try allocate()
        let save = try allocate()
        let protection = beginProtection(register: exception)
        blocks.append(.finally(body: finalBody, protection: protection, saveRegister: save))
        try body()
        blocks.removeLast()
        suspend(protection)
        try block(finalBody)
        let end = emitJump()
        endProtection(protection, handler: here)
        emit(.pushExcInfo, a: save, b: exception)
        let cleanupRegister = try allocate()
        let cleanup = beginProtection(register: cleanupRegister)
        try block(finalBody)
        suspend(cleanup)
        emit(.popExcInfo, a: save)
        emit(.reraise, a: exception)
        endProtection(cleanup, handler: here)
        emit(.popExcInfo, a: save)
        emit(.reraise, a: cleanupRegister)
        patchJump(end)
    }

    private func with(_ items: ArraySlice<(context: Expr, target: Expr?)>, _ body: [Stmt]) throws {
        guard let item = items.first else {
            try block(body)
            return
        }
        let manager = try expr(item.context)
        let exitPair = try allocate(2)
        let entered = try allocate()
        emit(.withEnter, a: manager, b: exitPair, c: entered)
        let exception = try allocate()
        let save = try allocate()
        let protection = beginProtection(register: exception)
        blocks.append(.with(exitRegister: exitPair, protection: protection))
        let saved = assigned
        if let target = item.target { try store(entered, to: target) }
        try with(items.dropFirst(), body)
        assigned = saved
        blocks.removeLast()
        suspend(protection)
        emit(.withExit, a: exitPair)
        let end = emitJump()
        endProtection(protection, handler: here)
        emit(.pushExcInfo, a: save, b: exception)
        let cleanupRegister = try allocate()
        let cleanup = beginProtection(register: cleanupRegister)
        let suppress = try allocate()
        emit(.withExcept, a: suppress, b: exitPair, c: exception)
        let toSuppress = emitJump(.jumpIfTrue, a: suppress)
        emit(.reraise, a: exception)
        suspend(cleanup)
        patchJump(toSuppress)
        emit(.popExcInfo, a: save)
        let end2 = emitJump()
        endProtection(cleanup, handler: here)
        emit(.popExcInfo, a: save)
        emit(.reraise, a: cleanupRegister)
        patchJump(end)
        patchJump(end2)
    }

    // MARK: Assignment

    private func assign(_ value: Expr, to target: Expr) throws {
        if case .name(let n) = target.kind, case .local(let slot) = scope.binding(of: n) {
            _ = try expr(value, into: slot)
            assigned.insert(slot)
            return
        }
        if case .tuple(let targets) = target.kind, case .tuple(let values) = value.kind, targets.count == values.count,
           !targets.contains(where: { if case .starred = $0.kind { return true } else { return false } }),
           !values.contains(where: { if case .starred = $0.kind { return true } else { return false } }) {
            let base = try allocate(values.count)
            for (i, v) in values.enumerated() { _ = try expr(v, into: base + i) }
            for (i, t) in targets.enumerated() { try store(base + i, to: t) }
            return
        }
        let r = try expr(value)
        try store(r, to: target)
    }

    private func store(_ register: Int, to target: Expr) throws {
        switch target.kind {
        case .name(let n):
            try storeName(n, from: register)
        case .attribute(let object, let attribute):
            let o = try expr(object)
            emit(.storeAttr, a: o, b: name(attribute), c: register)
        case .subscription(let object, let index):
            let o = try expr(object)
            let k = try subscriptIndex(index)
            emit(.setItem, a: o, b: k, c: register)
        case .tuple(let items), .list(let items):
            if let star = items.firstIndex(where: { if case .starred = $0.kind { return true } else { return false } }) {
                let after = items.count - star - 1
                guard star < 256, after < 256 else { throw error("too many expressions in star-unpacking assignment", at: target.start) }
                let base = try allocate(items.count)
                emit(.unpackStar, a: register, b: base, c: star | after << 8)
                for (i, item) in items.enumerated() {
                    if case .starred(let inner) = item.kind { try store(base + i, to: inner) } else { try store(base + i, to: item) }
                }
            } else {
                let base = try allocate(items.count)
                emit(.unpack, a: register, b: base, c: items.count)
                for (i, item) in items.enumerated() { try store(base + i, to: item) }
            }
        case .starred:
            throw error("starred assignment target must be in a list or tuple", at: target.start)
        default:
            throw error("cannot assign to expression", at: target.start)
        }
    }

    private func storeName(_ n: String, from register: Int) throws {
        switch scope.binding(of: n) {
        case .local(let slot):
            if slot != register { emit(.move, a: slot, b: register) }
            assigned.insert(slot)
        case .cell(let slot):
            emit(.storeDeref, a: register, b: slot)
        case .global:
            emit(.storeGlobal, a: register, b: global(n))
        case .classNamespace:
            emit(.storeName, a: register, b: name(n))
        }
    }

    private func delete(_ target: Expr) throws {
        switch target.kind {
        case .name(let n):
            try deleteName(n, at: target.start, ignoreUnbound: false)
        case .attribute(let object, let attribute):
            let o = try expr(object)
            emit(.deleteAttr, a: o, b: name(attribute))
        case .subscription(let object, let index):
            let o = try expr(object)
            let k = try subscriptIndex(index)
            emit(.deleteItem, a: o, b: k)
        case .tuple(let items), .list(let items):
            for i in items { try delete(i) }
        default:
            throw error("cannot delete expression", at: target.start)
        }
    }

    private func deleteName(_ n: String, at location: SourceLocation, ignoreUnbound: Bool) throws {
        switch scope.binding(of: n) {
        case .local(let slot):
            emit(.deleteFast, x: ignoreUnbound ? 1 : 0, a: slot)
            assigned.remove(slot)
        case .cell(let slot):
            emit(.deleteDeref, x: ignoreUnbound ? 1 : 0, b: slot)
        case .global:
            emit(.deleteGlobal, x: ignoreUnbound ? 1 : 0, b: global(n))
        case .classNamespace:
            emit(.deleteName, x: ignoreUnbound ? 1 : 0, b: name(n))
        }
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ value: Expr) throws {
        let opcode: Opcode = op == .add ? .inplaceAdd : .inplace
        switch target.kind {
        case .name(let n):
            if case .local(let slot) = scope.binding(of: n) {
                let v = try expr(value)
                if !assigned.contains(slot) { emit(.checkLocal, a: slot) }
                emit(opcode, x: op.rawValue, a: slot, b: slot, c: v)
                assigned.insert(slot)
            } else {
                let current = try expr(target)
                let t = try allocate()
                let v = try expr(value)
                emit(opcode, x: op.rawValue, a: t, b: current, c: v)
                try storeName(n, from: t)
            }
        case .attribute(let object, let attribute):
            let o = try expr(object)
            let t = try allocate()
            emit(.loadAttr, a: t, b: o, c: name(attribute))
            let v = try expr(value)
            emit(opcode, x: op.rawValue, a: t, b: t, c: v)
            emit(.storeAttr, a: o, b: name(attribute), c: t)
        case .subscription(let object, let index):
            let o = try expr(object)
            let k = try subscriptIndex(index)
            let t = try allocate()
            emit(.getItem, a: t, b: o, c: k)
            let v = try expr(value)
            emit(opcode, x: op.rawValue, a: t, b: t, c: v)
            emit(.setItem, a: o, b: k, c: t)
        default:
            throw error("illegal expression for augmented assignment", at: target.start)
        }
    }

    // MARK: Conditions

    private struct PendingJump {
        var index: Int
        var isForward: Bool
    }

    private func patch(_ jumps: [PendingJump]) throws {
        for j in jumps {
            if j.isForward { try patchForward(j.index) } else { patchJump(j.index) }
        }
    }

    /// Compiles `e` as a branch: the returned jumps are taken when truthiness == `jumpWhen`.
    private func condition(_ e: Expr, jumpWhen: Bool) throws -> [PendingJump] {
        try enterNode(e.start)
        defer { depth -= 1 }
        let savedRegister = nextRegister
        defer { nextRegister = savedRegister }
        switch e.kind {
        case .unary(.not, let inner):
            return try condition(inner, jumpWhen: !jumpWhen)
        case .boolean(let isAnd, let items):
            if isAnd != jumpWhen {
                // `a and b` jumping when false (or `a or b` jumping when true): any operand decides.
                var jumps: [PendingJump] = []
                for item in items { jumps += try condition(item, jumpWhen: jumpWhen) }
                return jumps
            }
            var skips: [PendingJump] = []
            for item in items.dropLast() { skips += try condition(item, jumpWhen: !jumpWhen) }
            let jumps = try condition(items.last!, jumpWhen: jumpWhen)
            try patch(skips)
            return jumps
        case .compare(let left, let rest) where rest.count == 1 && !jumpWhen:
            let (op, right) = rest[0]
            if op.rawValue <= CompareOperator.notEqual.rawValue {
                currentLine = e.line
                let l = try expr(left)
                if case .constant(let c) = right.kind, case .int = c {
                    let k = constantIndex(c)
                    return [PendingJump(index: emit(.compareConstJump, x: op.rawValue, a: l, b: k), isForward: true)]
                }
                let r = try expr(right)
                return [PendingJump(index: emit(.compareJump, x: op.rawValue, a: l, b: r), isForward: true)]
            }
        case .constant(.bool(let b)):
            if b == jumpWhen { return [PendingJump(index: emitJump(), isForward: false)] }
            return []
        default:
            break
        }
        let r = try expr(e)
        return [PendingJump(index: emitJump(jumpWhen ? .jumpIfTrue : .jumpIfFalse, a: r), isForward: false)]
    }

    // MARK: - Expressions

    /// Compiles `e`; returns the register holding its value (`into` when given).
    @discardableResult
    private func expr(_ e: Expr, into target: Int? = nil) throws -> Int {
        try enterNode(e.start)
        defer { depth -= 1 }
        let savedLine = currentLine
        currentLine = e.line
        defer { currentLine = savedLine }
        if let t = target, t < scope.slotCount, writesTargetEarly(e) {
            let r = try expr(e)
            emit(.move, a: t, b: r)
            return t
        }
        let mark = nextRegister
        let r = try expression(e, into: target)
        if target != nil || r < mark {
            nextRegister = mark
            return r
        }
        if r != mark { emit(.move, a: mark, b: r) }
        nextRegister = mark + 1
        return mark
    }

    /// Builders that write their destination before reading all operands (`[*x]`, `{**x}`),
    /// which must not build directly into a variable the operands may read.
    private func writesTargetEarly(_ e: Expr) -> Bool {
        switch e.kind {
        case .list(let items), .tuple(let items), .set(let items): return items.contains(where: isStarred)
        case .dict(let entries): return entries.contains { $0.key == nil }
        default: return false
        }
    }

    private func expression(_ e: Expr, into target: Int?) throws -> Int {
        func destination() throws -> Int { try target ?? allocate() }
        switch e.kind {
        case .name(let n):
            switch scope.binding(of: n) {
            case .local(let slot):
                if !assigned.contains(slot) { emit(.checkLocal, a: slot) }
                if let target, target != slot {
                    emit(.move, a: target, b: slot)
                    return target
                }
                return slot
            case .cell(let slot):
                let d = try destination()
                emit(.loadDeref, a: d, b: slot)
                return d
            case .global:
                let d = try destination()
                emit(.loadGlobal, a: d, b: global(n))
                return d
            case .classNamespace:
                let d = try destination()
                emit(.loadName, a: d, b: name(n))
                return d
            }
        case .constant(let c):
            let d = try destination()
            emit(.loadConst, a: d, b: constantIndex(c))
            return d
        case .formatted(let parts):
            let d = try destination()
            try formatted(parts, into: d)
            return d
        case .list(let items):
            return try collection(items, op: .buildList, into: target)
        case .tuple(let items):
            if let folded = foldConstantTuple(items) {
                let d = try destination()
                emit(.loadConst, a: d, b: folded)
                return d
            }
            if items.contains(where: isStarred) {
                let d = try collection(items, op: .buildList, into: target)
                emit(.listToTuple, a: d, b: d)
                return d
            }
            return try collection(items, op: .buildTuple, into: target)
        case .set(let items):
            return try collection(items, op: .buildSet, into: target)
        case .dict(let entries):
            let d = try destination()
            let saved = nextRegister
            if entries.contains(where: { $0.key == nil }) {
                emit(.buildDict, a: d, b: 0, c: 0)
                for entry in entries {
                    if let key = entry.key {
                        let k = try expr(key)
                        let v = try expr(entry.value)
                        emit(.dictSet, a: d, b: k, c: v)
                    } else {
                        let m = try expr(entry.value)
                        emit(.dictUpdate, a: d, b: m)
                    }
                    nextRegister = saved
                }
                return d
            }
            let base = try allocate(entries.count * 2)
            for (i, entry) in entries.enumerated() {
                _ = try expr(entry.key!, into: base + 2 * i)
                _ = try expr(entry.value, into: base + 2 * i + 1)
            }
            emit(.buildDict, a: d, b: base, c: entries.count)
            nextRegister = saved
            return d
        case .starred:
            throw error("can't use starred expression here", at: e.start)
        case .attribute(let object, let attribute):
            let d = try destination()
            let o = try expr(object)
            emit(.loadAttr, a: d, b: o, c: name(attribute))
            return d
        case .subscription(let object, let index):
            let d = try destination()
            let o = try expr(object)
            let k = try subscriptIndex(index)
            emit(.getItem, a: d, b: o, c: k)
            return d
        case .slice(let lower, let upper, let step):
            let d = try destination()
            let base = try allocate(3)
            for (i, part) in [lower, upper, step].enumerated() {
                if let part { _ = try expr(part, into: base + i) } else { emit(.loadConst, a: base + i, b: constantIndex(.none)) }
            }
            emit(.buildSlice, a: d, b: base)
            return d
        case .call(let function, let args, let keywords):
            return try call(function, args, keywords, into: target)
        case .unary(let op, let operand):
            if op == .negate, case .constant(let c) = operand.kind {
                switch c {
                case .int(let i) where i != Int.min:
                    let d = try destination()
                    emit(.loadConst, a: d, b: constantIndex(.int(-i)))
                    return d
                case .float(let f):
                    let d = try destination()
                    emit(.loadConst, a: d, b: constantIndex(.float(-f)))
                    return d
                default: break
                }
            }
            let d = try destination()
            let r = try expr(operand)
            switch op {
            case .negate: emit(.negate, a: d, b: r)
            case .plus: emit(.plus, a: d, b: r)
            case .invert: emit(.invert, a: d, b: r)
            case .not: emit(.not, a: d, b: r)
            }
            return d
        case .binary(let op, let left, let right):
            let d = try destination()
            // An operand evaluated into a register allocated for it (not a variable's slot) is
            // a temporary that this instruction consumes.
            let leftMark = nextRegister
            let l = try expr(left)
            var consumed: UInt8 = l >= leftMark ? ConsumedOperands.left : 0
            if case .constant(.int(let k)) = right.kind, let constOp = constantOpcode(op) {
                emit(constOp, x: consumed, a: d, b: l, c: constantIndex(.int(k)))
                return d
            }
            let rightMark = nextRegister
            let r = try expr(right)
            if r >= rightMark { consumed |= ConsumedOperands.right }
            switch op {
            case .add: emit(.add, x: consumed, a: d, b: l, c: r)
            case .subtract: emit(.subtract, x: consumed, a: d, b: l, c: r)
            case .multiply: emit(.multiply, x: consumed, a: d, b: l, c: r)
            case .trueDivide: emit(.trueDivide, x: consumed, a: d, b: l, c: r)
            case .floorDivide: emit(.floorDivide, x: consumed, a: d, b: l, c: r)
            case .modulo: emit(.modulo, x: consumed, a: d, b: l, c: r)
            default: emit(.binary, x: op.rawValue | consumed, a: d, b: l, c: r)
            }
            return d
        case .boolean(let isAnd, let items):
            let d = try allocate()
            var ends: [Int] = []
            for (i, item) in items.enumerated() {
                _ = try expr(item, into: d)
                if i < items.count - 1 { ends.append(emitJump(isAnd ? .jumpIfFalse : .jumpIfTrue, a: d)) }
            }
            for j in ends { patchJump(j) }
            return move(d, to: target)
        case .compare(let first, let rest):
            let d = try allocate()
            var l = try expr(first)
            var ends: [Int] = []
            for (i, (op, right)) in rest.enumerated() {
                let r = try expr(right)
                switch op {
                case .in: emit(.contains, x: 0, a: d, b: r, c: l)
                case .notIn: emit(.contains, x: 1, a: d, b: r, c: l)
                case .is: emit(.isSame, x: 0, a: d, b: l, c: r)
                case .isNot: emit(.isSame, x: 1, a: d, b: l, c: r)
                default: emit(.compare, x: op.rawValue, a: d, b: l, c: r)
                }
                if i < rest.count - 1 {
                    ends.append(emitJump(.jumpIfFalse, a: d))
                    if r < scope.slotCount {
                        l = r
                    } else {
                        let keep = try allocate()
                        emit(.move, a: keep, b: r)
                        l = keep
                    }
                }
            }
            for j in ends { patchJump(j) }
            return move(d, to: target)
        case .conditional(let test, let body, let orElse):
            let d = try allocate()
            let jumps = try condition(test, jumpWhen: false)
            _ = try expr(body, into: d)
            let end = emitJump()
            try patch(jumps)
            _ = try expr(orElse, into: d)
            patchJump(end)
            return move(d, to: target)
        case .lambda(let f):
            let r = try function(f)
            return move(r, to: target)
        case .comprehension(let c):
            let r = try comprehension(c)
            return move(r, to: target)
        case .yield(let value):
            guard scope.kind == .function else { throw error("'yield' outside function", at: e.start) }
            let d = try destination()
            let v: Int
            if let value { v = try expr(value) } else {
                v = try allocate()
                emit(.loadConst, a: v, b: constantIndex(.none))
            }
            emit(.yieldValue, a: d, b: v)
            return d
        case .yieldFrom(let value):
            guard scope.kind == .function else { throw error("'yield' outside function", at: e.start) }
            let source = try expr(value)
            let iterator = try allocate()
            emit(.getIter, a: iterator, b: source)
            let item = try allocate()
            let top = here
            let exit = emit(.forIter, a: iterator, b: item)
            let sent = try allocate()
            emit(.yieldValue, a: sent, b: item)
            _ = emitJump(.jumpBack, to: top)
            try patchForward(exit)
            let d = try destination()
            emit(.generatorResult, a: d, b: iterator)
            return d
        case .namedExpr(let n, let value):
            let r = try expr(value, into: target)
            try storeName(n, from: r)
            return r
        }
    }

    private func move(_ register: Int, to target: Int?) -> Int {
        guard let target, target != register else { return register }
        emit(.move, a: target, b: register)
        return target
    }

    private func isStarred(_ e: Expr) -> Bool {
        if case .starred = e.kind { return true }
        return false
    }

    private func constantOpcode(_ op: BinaryOperator) -> Opcode? {
        switch op {
        case .add: return .addConst
        case .subtract: return .subtractConst
        case .multiply: return .multiplyConst
        case .modulo: return .moduloConst
        default: return nil
        }
    }

    /// A tuple made only of literal constants becomes one constant.
    private func foldConstantTuple(_ items: [Expr]) -> Int? {
        var values: [Value] = []
        var key = "t("
        for item in items {
            guard case .constant(let c) = item.kind else { return nil }
            switch c {
            case .none: values.append(.none); key += "N,"
            case .bool(let b): values.append(.bool(b)); key += b ? "T," : "F,"
            case .int(let i): values.append(.int(i)); key += "i\(i),"
            case .float(let f): values.append(.float(f)); key += "f\(f.bitPattern),"
            case .string(let s): values.append(.object(PyStr.intern(s))); key += "s\(s.count):\(s),"
            default: return nil
            }
        }
        return constant(PyTuple.make(values), key: key + ")")
    }

    /// CPython folds a constant set display into a frozenset constant merged into a new set,
    /// which decides the iteration order; this does the same.
    private func constantFrozenSet(_ tupleConstant: Int) throws -> Int {
        guard case .object(let o) = code.constants[tupleConstant], let tuple = o as? PyTuple else { return tupleConstant }
        let built = PySet(frozen: true)
        for v in tuple.items { try built.add(v) }
        let set = PySet(frozen: true)
        for v in built.elements { try set.add(v) }
        code.constants.append(.object(set))
        return code.constants.count - 1
    }

    private func collection(_ items: [Expr], op: Opcode, into target: Int?) throws -> Int {
        let d = try target ?? allocate()
        let saved = nextRegister
        if items.contains(where: isStarred) {
            let list = op == .buildSet ? d : d
            emit(op == .buildSet ? .buildSet : .buildList, a: list, b: 0, c: 0)
            for item in items {
                if case .starred(let inner) = item.kind {
                    let r = try expr(inner)
                    emit(op == .buildSet ? .setUpdate : .listExtend, a: list, b: r)
                } else {
                    let r = try expr(item)
                    emit(op == .buildSet ? .setAdd : .listAppend, a: list, b: r)
                }
                nextRegister = saved
            }
            return d
        }
        if items.count > 2, op == .buildSet, let folded = foldConstantTuple(items), let set = try? constantFrozenSet(folded) {
            let t = try allocate()
            emit(.loadConst, a: t, b: set)
            emit(.buildSet, a: d, b: 0, c: 0)
            emit(.setUpdate, a: d, b: t)
            nextRegister = saved
            return d
        }
        if items.count > 16, op == .buildList, let folded = foldConstantTuple(items) {
            let t = try allocate()
            emit(.loadConst, a: t, b: folded)
            emit(.buildList, a: d, b: 0, c: 0)
            emit(.listExtend, a: d, b: t)
            nextRegister = saved
            return d
        }
        let base = try allocate(max(items.count, 1))
        for (i, item) in items.enumerated() { _ = try expr(item, into: base + i) }
        emit(op, a: d, b: base, c: items.count)
        nextRegister = saved
        return d
    }

    private func subscriptIndex(_ index: Expr) throws -> Int {
        try expr(index)
    }

    private func formatted(_ parts: [FormattedPart], into d: Int) throws {
        let saved = nextRegister
        defer { nextRegister = saved }
        if parts.count == 1, case .literal(let s) = parts[0] {
            emit(.loadConst, a: d, b: constantIndex(.string(s)))
            return
        }
        let base = try allocate(max(parts.count, 1))
        for (i, part) in parts.enumerated() {
            switch part {
            case .literal(let s):
                emit(.loadConst, a: base + i, b: constantIndex(.string(s)))
            case .field(let field):
                let v = try expr(field.expression)
                var specRegister = noRegister
                if let spec = field.spec {
                    specRegister = try allocate()
                    try formatted(spec, into: specRegister)
                }
                let conversion: UInt8
                switch field.conversion {
                case "s": conversion = 1
                case "r": conversion = 2
                case "a": conversion = 3
                default: conversion = 0
                }
                emit(.formatValue, x: conversion, a: base + i, b: v, c: specRegister)
            }
        }
        if parts.isEmpty {
            emit(.loadConst, a: d, b: constantIndex(.string("")))
        } else {
            emit(.buildString, a: d, b: base, c: parts.count)
        }
    }

    // MARK: Calls

    private func call(_ function: Expr, _ args: [Expr], _ keywords: [KeywordArgument], into target: Int?) throws -> Int {
        let saved = nextRegister
        if case .name("super") = function.kind, args.isEmpty, keywords.isEmpty, scope.kind == .function,
           case .cell(let classSlot)? = Optional(scope.binding(of: "__class__")) {
            let d = try target ?? allocate()
            emit(.superZero, a: d, b: scope.parameters.isEmpty ? noRegister : 0, c: classSlot)
            return d
        }
        let hasStar = args.contains(where: isStarred) || keywords.contains { $0.name == nil }
        if hasStar {
            let base = try allocate(3)
            _ = try expr(function, into: base)
            emit(.buildList, a: base + 1, b: 0, c: 0)
            for a in args {
                let mark = nextRegister
                if case .starred(let inner) = a.kind {
                    let r = try expr(inner)
                    emit(.listExtend, a: base + 1, b: r)
                } else {
                    let r = try expr(a)
                    emit(.listAppend, a: base + 1, b: r)
                }
                nextRegister = mark
            }
            emit(.listToTuple, a: base + 1, b: base + 1)
            if keywords.isEmpty {
                emit(.loadConst, a: base + 2, b: constantIndex(.none))
            } else {
                emit(.buildDict, a: base + 2, b: 0, c: 0)
                for k in keywords {
                    let mark = nextRegister
                    if let n = k.name {
                        let key = try allocate()
                        emit(.loadConst, a: key, b: constantIndex(.string(n)))
                        let v = try expr(k.value)
                        emit(.dictMerge, x: 1, a: base + 2, b: key, c: v)
                    } else {
                        let m = try expr(k.value)
                        emit(.dictMerge, x: 0, a: base + 2, b: m)
                    }
                    nextRegister = mark
                }
            }
            currentLine = function.line
            emit(.callExpand, a: base, b: base + 1, c: base + 2)
            nextRegister = saved
            return move(base, to: target)
        }
        let keywordList = keywords.isEmpty ? -1 : keywordListIndex(keywords.map { $0.name! })
        if case .attribute(let object, let attribute) = function.kind {
            let base = try allocate(2)
            let o = try expr(object)
            currentLine = function.line
            emit(.loadMethod, a: base, b: o, c: name(attribute))
            nextRegister = base + 2
            for a in args { _ = try expr(a, into: try allocate()) }
            for k in keywords { _ = try expr(k.value, into: try allocate()) }
            currentLine = function.line
            if keywordList >= 0 {
                emit(.callMethodKeywords, a: base, b: args.count, c: keywordList)
            } else {
                emit(.callMethod, a: base, b: args.count)
            }
            nextRegister = saved
            _ = try allocate()
            return move(base, to: target)
        }
        let base = try allocate()
        _ = try expr(function, into: base)
        for a in args { _ = try expr(a, into: try allocate()) }
        for k in keywords { _ = try expr(k.value, into: try allocate()) }
        currentLine = function.line
        if keywordList >= 0 {
            emit(.callKeywords, a: base, b: args.count, c: keywordList)
        } else {
            emit(.call, a: base, b: args.count)
        }
        nextRegister = saved
        _ = try allocate()
        return move(base, to: target)
    }

    private func keywordListIndex(_ names: [String]) -> Int {
        code.keywordNameLists.append(names.map { PyStr.intern($0) })
        return code.keywordNameLists.count - 1
    }

    private func applyDecorator(_ decorator: Expr, to value: Int) throws -> Int {
        let base = try allocate(2)
        _ = try expr(decorator, into: base)
        emit(.move, a: base + 1, b: value)
        emit(.call, a: base, b: 1)
        return base
    }

    // MARK: Functions and classes

    private func qualifiedName(_ n: String) -> String {
        qualifiedPrefix.isEmpty ? n : qualifiedPrefix + n
    }

    /// The prefix nested scopes use for their qualified names.
    private func childPrefix(_ n: String, isFunction: Bool) -> String {
        qualifiedName(n) + (isFunction ? ".<locals>." : ".")
    }

    private func function(_ f: FunctionNode) throws -> Int {
        let fscope = f.scope!
        let p = f.parameters
        var kwOnly: [String] = []
        for k in p.keywordOnly { kwOnly.append(k.name) }
        let varArgsSlot = p.varArgs.flatMap { fscope.slot(of: $0) }
        let varKeywordsSlot = p.varKeywords.flatMap { fscope.slot(of: $0) }
        let qualified = qualifiedName(f.name)
        let child = CodeObject(name: f.name, qualifiedName: qualified, filename: context.source.filename, firstLine: f.start.line,
                               kind: .function, sourceText: f.sourceText, docstring: f.docstring,
                               slotNames: fscope.slotNames, positionalCount: p.positional.count,
                               positionalOnlyCount: p.positionalOnlyCount, keywordOnlyNames: kwOnly,
                               varArgsSlot: varArgsSlot, varKeywordsSlot: varKeywordsSlot, isGenerator: fscope.isGenerator)
        let compiler = Compiler(context: context, scope: fscope, code: child, qualifiedPrefix: childPrefix(f.name, isFunction: true), line: f.start.line)
        try compiler.compileFunctionBody(f.body, parameterCount: p.allNames.count, isLambda: f.isLambda)

        let base = try allocate(4)
        var flags: UInt8 = 0
        let defaults = p.positional.compactMap(\.defaultValue)
        if !defaults.isEmpty {
            flags |= 1
            _ = try collection(defaults, op: .buildTuple, into: base + 1)
        }
        let kwDefaults = p.keywordOnly.filter { $0.defaultValue != nil }
        if !kwDefaults.isEmpty {
            flags |= 2
            let saved = nextRegister
            let pairs = try allocate(kwDefaults.count * 2)
            for (i, k) in kwDefaults.enumerated() {
                emit(.loadConst, a: pairs + 2 * i, b: constantIndex(.string(k.name)))
                _ = try expr(k.defaultValue!, into: pairs + 2 * i + 1)
            }
            emit(.buildDict, a: base + 2, b: pairs, c: kwDefaults.count)
            nextRegister = saved
        }
        try closure(for: fscope, into: base + 3, flags: &flags)
        emit(.makeFunction, x: flags, a: base, b: constant(.object(CodeConstant(child)), key: "code\(ObjectIdentifier(child).hashValue)"), c: base + 1)
        return base
    }

    /// Builds the tuple of cells a nested scope closes over.
    private func closure(for child: Scope, into register: Int, flags: inout UInt8) throws {
        if child.freeNames.isEmpty { return }
        flags |= 4
        let saved = nextRegister
        let base = try allocate(child.freeNames.count)
        for (i, n) in child.freeNames.enumerated() {
            guard let slot = scope.slot(of: n) else {
                throw error("internal error: no cell for free variable '\(n)'", at: SourceLocation(line: currentLine, column: 0))
            }
            emit(.move, a: base + i, b: slot)
        }
        emit(.buildTuple, a: register, b: base, c: child.freeNames.count)
        nextRegister = saved
    }

    private func emitCellPrologue(parameterCount: Int) {
        for n in scope.slotNames {
            guard let slot = scope.slot(of: n), scope.cellNames.contains(n), !scope.freeNames.contains(n) else { continue }
            if slot < parameterCount {
                code.cellParameterSlots.append(slot)
            } else {
                code.cellLocalSlots.append(slot)
            }
            emit(.makeCell, a: slot)
        }
        code.freeSlots = scope.freeNames.compactMap { scope.slot(of: $0) }
    }

    private func compileFunctionBody(_ body: [Stmt], parameterCount: Int, isLambda: Bool) throws {
        currentLine = code.firstLine
        emitCellPrologue(parameterCount: parameterCount)
        for slot in 0..<parameterCount { assigned.insert(slot) }
        if isLambda, case .returnValue(let value?)? = body.first?.kind {
            currentLine = body[0].line
            let r = try expr(value)
            emit(.returnValue, a: r)
        } else {
            try statements(body)
            emit(.returnNone)
        }
        code.isSimple = code.varArgsSlot == nil && code.varKeywordsSlot == nil && code.keywordOnlyNames.isEmpty
            && code.cellParameterSlots.isEmpty && code.cellLocalSlots.isEmpty && code.freeSlots.isEmpty && !code.isGenerator
        try finish()
    }

    private func classDefinition(_ c: ClassNode) throws {
        let cscope = c.scope!
        let body = CodeObject(name: c.name, qualifiedName: qualifiedName(c.name), filename: context.source.filename,
                              firstLine: c.start.line, kind: .classBody, sourceText: c.sourceText, docstring: c.docstring,
                              slotNames: cscope.slotNames, positionalCount: 0, positionalOnlyCount: 0, keywordOnlyNames: [],
                              varArgsSlot: nil, varKeywordsSlot: nil, isGenerator: false)
        let compiler = Compiler(context: context, scope: cscope, code: body, qualifiedPrefix: childPrefix(c.name, isFunction: false), line: c.start.line)
        try compiler.compileClassBody(c)

        let hasKeywords = !c.keywords.isEmpty
        let base = try allocate(2 + c.bases.count + (hasKeywords ? 1 : 0))
        var flags: UInt8 = 0
        let extra = try allocate(4)
        try closure(for: cscope, into: extra + 3, flags: &flags)
        emit(.makeFunction, x: flags, a: base, b: constant(.object(CodeConstant(body)), key: "code\(ObjectIdentifier(body).hashValue)"), c: extra + 1)
        emit(.loadConst, a: base + 1, b: constantIndex(.string(c.name)))
        for (i, b) in c.bases.enumerated() {
            if case .starred = b.kind { throw error("starred class bases are not supported", at: b.start) }
            _ = try expr(b, into: base + 2 + i)
        }
        if hasKeywords {
            let d = base + 2 + c.bases.count
            emit(.buildDict, a: d, b: 0, c: 0)
            for k in c.keywords {
                let mark = nextRegister
                guard let n = k.name else { throw error("** in class keywords is not supported", at: c.start) }
                let key = try allocate()
                emit(.loadConst, a: key, b: constantIndex(.string(n)))
                let v = try expr(k.value)
                emit(.dictSet, a: d, b: key, c: v)
                nextRegister = mark
            }
        }
        currentLine = c.start.line
        emit(.buildClass, x: hasKeywords ? 1 : 0, a: base, b: base, c: c.bases.count)
        var result = base
        for d in c.decorators.reversed() { result = try applyDecorator(d, to: result) }
        try storeName(c.name, from: result)
    }

    private func compileClassBody(_ c: ClassNode) throws {
        currentLine = c.start.line
        if let slot = scope.classCellSlot {
            emit(.makeCell, a: slot)
        }
        code.freeSlots = scope.freeNames.compactMap { scope.slot(of: $0) }
        let moduleRegister = try allocate()
        emit(.loadName, a: moduleRegister, b: name("__name__"))
        emit(.storeName, a: moduleRegister, b: name("__module__"))
        emit(.loadConst, a: moduleRegister, b: constantIndex(.string(code.qualifiedName)))
        emit(.storeName, a: moduleRegister, b: name("__qualname__"))
        if let doc = c.docstring {
            emit(.loadConst, a: moduleRegister, b: constantIndex(.string(doc)))
            emit(.storeName, a: moduleRegister, b: name("__doc__"))
        }
        try statements(c.body)
        if let slot = scope.classCellSlot {
            emit(.returnValue, a: slot)
        } else {
            emit(.returnNone)
        }
        try finish()
    }

    private func comprehension(_ c: ComprehensionNode) throws -> Int {
        let cscope = c.scope!
        let n = cscope.name
        let child = CodeObject(name: n, qualifiedName: qualifiedName(n), filename: context.source.filename,
                               firstLine: c.element.line, kind: .comprehension, sourceText: c.sourceText, docstring: nil,
                               slotNames: cscope.slotNames, positionalCount: 1, positionalOnlyCount: 0, keywordOnlyNames: [],
                               varArgsSlot: nil, varKeywordsSlot: nil, isGenerator: c.kind == .generator)
        let compiler = Compiler(context: context, scope: cscope, code: child, qualifiedPrefix: childPrefix(n, isFunction: true), line: currentLine)
        try compiler.compileComprehensionBody(c)

        let base = try allocate(4)
        var flags: UInt8 = 0
        try closure(for: cscope, into: base + 3, flags: &flags)
        emit(.makeFunction, x: flags, a: base, b: constant(.object(CodeConstant(child)), key: "code\(ObjectIdentifier(child).hashValue)"), c: base + 1)
        let source = try expr(c.clauses[0].iterable)
        emit(.getIter, a: base + 1, b: source)
        emit(.call, a: base, b: 1)
        nextRegister = base + 1
        return base
    }

    private func compileComprehensionBody(_ c: ComprehensionNode) throws {
        currentLine = code.firstLine
        emitCellPrologue(parameterCount: 1)
        assigned.insert(0)
        var result = -1
        if c.kind != .generator {
            result = try allocate()
            switch c.kind {
            case .list: emit(.buildList, a: result, b: 0, c: 0)
            case .set: emit(.buildSet, a: result, b: 0, c: 0)
            default: emit(.buildDict, a: result, b: 0, c: 0)
            }
        }
        try comprehensionClause(c, index: 0, result: result)
        if c.kind == .generator {
            emit(.returnNone)
        } else {
            emit(.returnValue, a: result)
        }
        code.isSimple = false
        try finish()
    }

    private func comprehensionClause(_ c: ComprehensionNode, index: Int, result: Int) throws {
        let clause = c.clauses[index]
        let saved = nextRegister
        let iterator: Int
        if index == 0 {
            iterator = 0
        } else {
            let source = try expr(clause.iterable)
            iterator = try allocate()
            emit(.getIter, a: iterator, b: source)
        }
        let value = try allocate()
        let top = here
        let exit = emit(.forIter, a: iterator, b: value)
        let bodyStart = here
        let clauseLine = currentLine
        try store(value, to: clause.target)
        var skips: [PendingJump] = []
        for cond in clause.conditions { skips += try condition(cond, jumpWhen: false) }
        if index + 1 < c.clauses.count {
            try comprehensionClause(c, index: index + 1, result: result)
        } else {
            let mark = nextRegister
            switch c.kind {
            case .list:
                let v = try expr(c.element)
                emit(.listAppend, a: result, b: v)
            case .set:
                let v = try expr(c.element)
                emit(.setAdd, a: result, b: v)
            case .dict:
                let k = try expr(c.element)
                let v = try expr(c.value!)
                emit(.dictSet, a: result, b: k, c: v)
            case .generator:
                let v = try expr(c.element)
                let sent = try allocate()
                emit(.yieldValue, a: sent, b: v)
            }
            nextRegister = mark
        }
        try patch(skips)
        currentLine = clauseLine
        emitLoopStep(iterator: iterator, value: value, top: top, bodyStart: bodyStart)
        try patchForward(exit)
        nextRegister = saved
    }
}

/// A code object stored as a constant of the enclosing code (for `makeFunction`).
final class CodeConstant: PyObject {
    let code: CodeObject
    init(_ code: CodeObject) {
        self.code = code
        super.init(type: BuiltinTypes.code)
    }
}
