import Foundation
import KTensor

/// One activation record of script code on the frame stack.
struct Frame {
    unowned(unsafe) var code: CodeObject
    /// The function being run (nil for module code); supplies closure cells and the module.
    unowned(unsafe) var function: PyFunction?
    unowned(unsafe) var module: PyModule
    /// The instruction being executed (or last executed, while a callee runs).
    var pc: Int
    /// Stack index of register 0.
    var base: Int
    /// Stack index where the result goes when this frame returns to a script caller.
    var returnRegister: Int
    /// Returning from this frame ends the `run` call that pushed it (native re-entry point).
    var isEntry: Bool
    /// The class namespace of a class body.
    unowned(unsafe) var namespace: PyDict?
    /// The generator whose frame this is.
    unowned(unsafe) var generator: PyGenerator?
}

/// The kscript virtual machine and runtime: value and frame stacks, modules, builtins, and
/// the protocols (calls, attributes, operators) that native code uses to work with values.
///
/// One interpreter runs on one thread at a time. Native code reaches the running interpreter
/// as the `Interpreter` argument of its functions, or as `Interpreter.current`.
public final class Interpreter {
    /// The interpreter running on this thread (the last one created or entered).
    nonisolated(unsafe) public static var current: Interpreter!

    // MARK: Stacks

    let stackCapacity: Int
    let stack: UnsafeMutablePointer<Value>
    /// Slots below this index have been initialized.
    var stackInitialized = 0
    let frameCapacity: Int
    let frames: UnsafeMutablePointer<Frame>
    /// Index of the current frame; -1 when nothing runs.
    var fp = -1
    /// Nested `run` invocations (native code calling back into scripts).
    var reentryDepth = 0
    /// Native recursion (repr of nested containers, comparisons, ...).
    var nativeDepth = 0

    /// Reads registers without reference counting.
    let inspector = ValueInspector()
    /// Addresses of the built-in types of immediate values, indexed like `immediateTypeIndex`.
    let functionTypeAddress = Unmanaged.passUnretained(BuiltinTypes.function).toOpaque()
    let nativeFunctionTypeAddress = Unmanaged.passUnretained(BuiltinTypes.builtinFunction).toOpaque()
    let listTypeAddress = Unmanaged.passUnretained(BuiltinTypes.list).toOpaque()
    let strTypeAddress = Unmanaged.passUnretained(BuiltinTypes.str).toOpaque()
    let typeTypeAddress = Unmanaged.passUnretained(BuiltinTypes.type).toOpaque()
    let methodTypeAddress = Unmanaged.passUnretained(BuiltinTypes.method).toOpaque()
    /// `list.append`'s address (set once the built-ins are installed).
    private(set) var listAppendAddress: UnsafeMutableRawPointer?
    let dictTypeAddress = Unmanaged.passUnretained(BuiltinTypes.dict).toOpaque()
    let rangeIteratorTypeAddress = Unmanaged.passUnretained(BuiltinTypes.rangeIterator).toOpaque()
    let listIteratorTypeAddress = Unmanaged.passUnretained(BuiltinTypes.listIterator).toOpaque()

    /// `Interruption.flag`, cached (reading the static costs a lazy-initialisation check).
    let interruptFlag = Interruption.flag

    /// Optional limit on work (backward jumps, calls, native iteration steps) for sandboxed
    /// runs such as the fuzzer: when it reaches zero every further check raises
    /// `RuntimeError: step budget exhausted`, so even loops that catch it end. Budgeted runs
    /// do not sleep in `time.sleep`.
    public var stepBudget: Int? {
        didSet { budgetActive = stepBudget != nil }
    }
    var budgetActive = false

    /// Charges one step against `stepBudget`.
    @inline(__always)
    func chargeStep() throws {
        if budgetActive { try chargeBudget() }
    }

    private func chargeBudget() throws {
        guard let remaining = stepBudget else { return }
        if remaining <= 0 { throw PyException.runtimeError("step budget exhausted") }
        stepBudget = remaining - 1
    }

    /// Largest list/str/tuple a single operation may build; beyond it MemoryError is raised
    /// instead of exhausting the process.
    static let maximumElements = 1 << 26

    /// `sys.getrecursionlimit()`: the maximum number of script frames.
    public var recursionLimit = 1000
    /// Limit on native code re-entering the VM, independent of the frame limit.
    public var reentryLimit = 4000

    // MARK: Modules

    public let builtins: PyModule
    public let sysModule: PyModule
    /// `sys.modules`.
    public let modules: PyDict
    /// The exception being handled (what `sys.exc_info()` reports).
    var handledException: PyException?
    /// Set when the last `run` ended at a `yield` rather than a `return`.
    var lastExitWasYield = false
    /// The next raise re-raises without adding a traceback line.
    var reraising = false
    /// Directory of the main script (first entry of `sys.path`).
    public var scriptDirectory: String
    /// Where `stdlib/` modules are found.
    public var standardLibraryDirectory: String?
    /// Where `plt.show()` saves figures (`--plots-dir`); nil means `KSCRIPT_PLOTS`, else
    /// `./kscript_figures`.
    public var plotsDirectory: String?

    /// Creates an interpreter. `argv` becomes `sys.argv`.
    public init(argv: [String] = [""], scriptDirectory: String? = nil) {
        Builtins.installOnce()
        listAppendAddress = Builtins.listAppend.map { Unmanaged.passUnretained($0).toOpaque() }
        stackCapacity = 1 << 21
        stack = UnsafeMutablePointer<Value>.allocate(capacity: stackCapacity)
        frameCapacity = 120_000
        frames = UnsafeMutablePointer<Frame>.allocate(capacity: frameCapacity)
        self.scriptDirectory = scriptDirectory ?? FileManager.default.currentDirectoryPath
        modules = PyDict()
        builtins = PyModule(name: "builtins")
        sysModule = PyModule(name: "sys")
        standardLibraryDirectory = Interpreter.locateStandardLibrary()
        Interpreter.current = self
        Builtins.populate(builtins, interpreter: self)
        SysModule.populate(sysModule, interpreter: self, argv: argv)
        try? modules.set(.str("builtins"), .object(builtins))
        try? modules.set(.str("sys"), .object(sysModule))
    }

    deinit {
        stack.deinitialize(count: stackInitialized)
        stack.deallocate()
        frames.deallocate()
    }

    /// Makes this the interpreter `Interpreter.current` returns.
    public func makeCurrent() { Interpreter.current = self }

    /// Finds `stdlib/`: `KSCRIPT_STDLIB`, else walking up from the executable's real path.
    static func locateStandardLibrary() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["KSCRIPT_STDLIB"], !env.isEmpty { return env }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent())
        if let path = Bundle.main.executableURL?.resolvingSymlinksInPath() { candidates.append(path.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: #filePath))
        for start in candidates {
            var dir = start
            for _ in 0..<8 {
                let probe = dir.appendingPathComponent("stdlib")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: probe.path, isDirectory: &isDir), isDir.boolValue,
                   fm.fileExists(atPath: probe.appendingPathComponent("README.md").path) {
                    return probe.path
                }
                dir.deleteLastPathComponent()
            }
        }
        return nil
    }

    // MARK: Stack management

    /// First free stack slot above the running frame.
    var stackTop: Int {
        fp < 0 ? 0 : frames[fp].base + frames[fp].code.registerCount
    }

    /// Ensures `count` slots from `base` are initialized and available.
    @inline(__always)
    func reserveStack(base: Int, count: Int) throws {
        let end = base + count
        if end > stackInitialized {
            guard end <= stackCapacity else {
                throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded")
            }
            let newEnd = min(stackCapacity, max(end, stackInitialized + 4096))
            (stack + stackInitialized).initialize(repeating: .unbound, count: newEnd - stackInitialized)
            stackInitialized = newEnd
        }
    }

    /// Pushes a frame record; checks the recursion limit.
    @inline(__always)
    func pushFrame(_ frame: Frame) throws {
        if fp + 1 >= recursionLimit || fp + 1 >= frameCapacity {
            throw PyException(BuiltinTypes.recursionError, "maximum recursion depth exceeded")
        }
        fp += 1
        (frames + fp).initialize(to: frame)
    }

    /// Clears a frame's registers (releasing their values) and pops it.
    @inline(__always)
    func popFrame() {
        let f = frames[fp]
        let regs = stack + f.base
        for i in 0..<f.code.registerCount { regs[i] = .unbound }
        fp -= 1
    }

    // MARK: Running code

    /// Compiles `source` as the body of `module` and runs it. Returns the value of a final
    /// expression statement when `interactive` is true (else None).
    @discardableResult
    public func run(source: String, filename: String, in module: PyModule, interactive: Bool = false) throws -> Value {
        makeCurrent()
        let code: CodeObject
        do {
            code = try Compiler.compileModule(SourceText(source, filename: filename), module: module, builtins: builtins,
                                              interactive: interactive)
        } catch let e as CompileError {
            throw syntaxErrorException(e)
        }
        return try runModuleCode(code, module: module)
    }

    /// Runs compiled module code in `module`.
    func runModuleCode(_ code: CodeObject, module: PyModule) throws -> Value {
        let base = stackTop
        try reserveStack(base: base, count: code.registerCount)
        try pushFrame(Frame(code: code, function: nil, module: module, pc: -1, base: base, returnRegister: -1,
                            isEntry: true, namespace: nil, generator: nil))
        return try run()
    }

    /// Turns a compile error into a `SyntaxError` exception object.
    public func syntaxErrorException(_ e: CompileError) -> PyException {
        let type: PyType
        switch e.kind {
        case .syntax: type = BuiltinTypes.syntaxError
        case .indentation: type = BuiltinTypes.indentationError
        case .tab: type = BuiltinTypes.tabError
        }
        let details = PyTuple.make([.str(e.filename), .int(e.line), .int(e.offset), e.text.map { .str($0) } ?? .none])
        let exc = PyException(type: type, args: [.str(e.message), details])
        exc.dict?["msg"] = .str(e.message)
        exc.dict?["filename"] = .str(e.filename)
        exc.dict?["lineno"] = .int(e.line)
        exc.dict?["offset"] = .int(e.offset)
        exc.dict?["text"] = e.text.map { .str($0) } ?? Value.none
        return exc
    }

    /// A module object for a script run as `__main__`.
    public func makeMainModule(filename: String) -> PyModule {
        let m = PyModule(name: "__main__", filename: filename == "<string>" || filename == "<stdin>" ? nil : filename)
        m["__builtins__"] = .object(builtins)
        try? modules.set(.str("__main__"), .object(m))
        return m
    }
}
