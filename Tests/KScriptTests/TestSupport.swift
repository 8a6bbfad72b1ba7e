import Foundation
import KScript
import KTensor

/// Runs kscript source in a fresh interpreter on a large stack, handing everything it prints
/// to `sink` (text and stream, in order); returns the exception that escaped, if any.
private func runScript(_ source: String, setUp: ((Interpreter) -> Void)?,
                       sink: @escaping (String, ConsoleStream) -> Void) -> PyException? {
    var escaped: PyException?
    BatchRunner.onLargeStack {
        let interpreter = Interpreter(argv: ["test"])
        setUp?(interpreter)
        let module = interpreter.makeMainModule(filename: "<test>")
        Console.shared.withRedirect(sink) {
            do {
                try interpreter.run(source: source, filename: "<test>", in: module)
            } catch let e as PyException {
                escaped = e
            } catch {
                escaped = PyException.runtimeError("\(error)")
            }
        }
    }
    return escaped
}

/// Runs kscript source and returns what it printed (stdout and stderr merged in order) and
/// the exception that escaped, if any.
func runScript(_ source: String, setUp: ((Interpreter) -> Void)? = nil) -> (output: String, error: PyException?) {
    var output = ""
    let error = runScript(source, setUp: setUp) { text, _ in output += text }
    return (output, error)
}

/// Runs `source` like `runScript`, keeping standard output and standard error apart.
func runScriptSeparatingStreams(_ source: String) -> (stdout: String, stderr: String, error: PyException?) {
    var stdout = "", stderr = ""
    let error = runScript(source, setUp: nil) { text, stream in
        if stream == .stderr { stderr += text } else { stdout += text }
    }
    return (stdout, stderr, error)
}

/// The `Type: message` line of an exception.
func describe(_ e: PyException?) -> String {
    guard let e else { return "<no exception>" }
    return Interpreter.current.exceptionLine(e)
}
