import Foundation
import KTensor

/// Runs a whole program (file, `-c` code or standard input) and turns the outcome into an
/// exit status as CPython does. The interpreter runs on a thread with a 512 MB stack so no
/// script can overflow the native stack.
public struct BatchRunner {
    let arguments: [String]
    let plotsDirectory: String?

    public init(arguments: [String], plotsDirectory: String?) {
        self.arguments = arguments
        self.plotsDirectory = plotsDirectory
    }

    public func run(path: String) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            Console.shared.write("kscript: can't open file '\(absolute)': [Errno 2] No such file or directory\n", to: .stderr)
            Console.shared.flush()
            return 2
        }
        return run(source: String(decoding: data, as: UTF8.self), filename: path)
    }

    public func run(source: String, filename: String) -> Int32 {
        let directory: String
        if filename.hasPrefix("<") {
            directory = FileManager.default.currentDirectoryPath
        } else {
            let absolute = filename.hasPrefix("/") ? filename : FileManager.default.currentDirectoryPath + "/" + filename
            directory = (absolute as NSString).deletingLastPathComponent
        }
        let argv = arguments.isEmpty ? [""] : arguments
        var status: Int32 = 0
        BatchRunner.onLargeStack {
            Interruption.installSignalHandler()
            let interpreter = Interpreter(argv: argv, scriptDirectory: directory)
            interpreter.plotsDirectory = plotsDirectory
            let module = interpreter.makeMainModule(filename: filename)
            if !filename.hasPrefix("<") { SourceRegistry.register(filename, source) }
            status = interpreter.runMain(source: source, filename: filename, module: module)
        }
        Console.shared.flush()
        return status
    }

    /// Runs `body` on a thread with a 512 MB stack and waits for it.
    public static func onLargeStack(_ body: @escaping () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
    }
}

extension Interpreter {
    /// Runs `source` as `__main__`; prints an uncaught exception's traceback; returns the exit status.
    public func runMain(source: String, filename: String, module: PyModule) -> Int32 {
        defer { Console.shared.flush() }
        do {
            try run(source: source, filename: filename, in: module)
            return 0
        } catch let e as PyException {
            return exitStatus(for: e)
        } catch {
            Console.shared.write("kscript: internal error: \(error)\n", to: .stderr)
            return 1
        }
    }

    /// CPython's handling of an exception that reached the top: SystemExit's code, or a
    /// traceback on stderr and status 1 (130 for KeyboardInterrupt).
    public func exitStatus(for e: PyException) -> Int32 {
        if e.isInstance(of: BuiltinTypes.systemExit) {
            let code: Value = e.args.count == 1 ? e.args[0] : (e.args.isEmpty ? .none : PyTuple.make(e.args))
            switch code {
            case .none: return 0
            case .int(let i): return Int32(truncatingIfNeeded: i)
            case .bool(let b): return b ? 1 : 0
            default:
                Console.shared.write(((try? str(code)) ?? "") + "\n", to: .stderr)
                return 1
            }
        }
        Console.shared.flush()
        printException(e)
        handledException = nil
        return e.isInstance(of: BuiltinTypes.keyboardInterrupt) ? 130 : 1
    }
}
