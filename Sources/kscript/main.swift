import Notebook

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
switch Invocation.parse(arguments) {
case .failure(let error):
    fputs("kscript: \(error.message)\n\(Invocation.usage)\n", stderr)
    exit(2)
case .success(let invocation):
    let launcher = Launcher(options: invocation.options, scriptArguments: invocation.scriptArguments)
    switch invocation.mode {
    case .version:
        print("kscript \(Launcher.version)")
        exit(0)
    case .help:
        print(Invocation.usage)
        exit(0)
    case .code(let code):
        exit(launcher.runCode(code))
    case .file(let path):
        exit(launcher.runFile(path))
    case .stdinOrREPL:
        exit(launcher.runStandardInput())
    case .exportNotebook(let script, let output):
        exit(launcher.exportNotebook(script: script, to: output))
    }
}
