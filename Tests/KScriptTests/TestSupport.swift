import Foundation
import KScript
import KTensor

/// Runs kscript source in a fresh interpreter on a large stack and returns what it printed
/// (stdout and stderr merged in order) and the exception that escaped, if any.
func runScript(_ source: String, setUp: ((Interpreter) -> Void)? = nil) -> (output: String, error: PyException?) {
    var output = ""
    var escaped: PyException?
    BatchRunner.onLargeStack {
        let interpreter = Interpreter(argv: ["test"])
        setUp?(interpreter)
        let module = interpreter.makeMainModule(filename: "<test>")
        output = Console.shared.capture {
            do {
                try interpreter.run(source: source, filename: "<test>", in: module)
            } catch let e as PyException {
                escaped = e
            } catch {
                escaped = PyException.runtimeError("\(error)")
            }
        }
    }
    return (output, escaped)
}

/// Runs `source` like `runScript`, keeping standard output and standard error apart.
func runScriptSeparatingStreams(_ source: String) -> (stdout: String, stderr: String, error: PyException?) {
    var stdout = "", stderr = ""
    var escaped: PyException?
    BatchRunner.onLargeStack {
        let interpreter = Interpreter(argv: ["test"])
        let module = interpreter.makeMainModule(filename: "<test>")
        Console.shared.withRedirect({ text, stream in
            if stream == .stderr { stderr += text } else { stdout += text }
        }, {
            do {
                try interpreter.run(source: source, filename: "<test>", in: module)
            } catch let e as PyException {
                escaped = e
            } catch {
                escaped = PyException.runtimeError("\(error)")
            }
        })
    }
    return (stdout, stderr, escaped)
}

/// The `Type: message` line of an exception.
func describe(_ e: PyException?) -> String {
    guard let e else { return "<no exception>" }
    return Interpreter.current.exceptionLine(e)
}
