#if canImport(Glibc)
import Glibc
#endif

/// Runs a whole program (file, `-c` code or standard input) and turns the outcome into an
/// exit status as CPython does.
public struct BatchRunner {
    let arguments: [String]
    let plotsDirectory: String?

    public init(arguments: [String], plotsDirectory: String?) {
        self.arguments = arguments
        self.plotsDirectory = plotsDirectory
    }

    public func run(path: String) -> Int32 {
        fputs("kscript: the interpreter is not built yet\n", stderr)
        return 2
    }

    public func run(source: String, filename: String) -> Int32 {
        fputs("kscript: the interpreter is not built yet\n", stderr)
        return 2
    }
}
