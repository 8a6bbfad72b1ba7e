import KScript

#if canImport(Glibc)
import Glibc
#endif

/// Entry points of the `kscript` executable: batch runs of files, `-c` code, standard input,
/// and the interactive notebook.
public struct Launcher {
    public static let version = KScriptVersion.string

    let options: LaunchOptions
    let scriptArguments: [String]

    public init(options: LaunchOptions, scriptArguments: [String]) {
        self.options = options
        self.scriptArguments = scriptArguments
    }

    /// Runs `kscript -c CODE`; returns the process exit status.
    public func runCode(_ code: String) -> Int32 {
        BatchRunner(arguments: scriptArguments, plotsDirectory: options.plotsDirectory)
            .run(source: code, filename: "<string>")
    }

    /// Runs `kscript FILE`; returns the process exit status.
    public func runFile(_ path: String) -> Int32 {
        BatchRunner(arguments: scriptArguments, plotsDirectory: options.plotsDirectory).run(path: path)
    }

    /// Standard input: a script when it is not a terminal (or with `-`), else the notebook.
    public func runStandardInput() -> Int32 {
        if options.forceScriptFromStdin || isatty(STDIN_FILENO) == 0 {
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count <= 0 { break }
                data.append(contentsOf: buffer[0..<count])
            }
            return BatchRunner(arguments: scriptArguments, plotsDirectory: options.plotsDirectory)
                .run(source: String(decoding: data, as: UTF8.self), filename: "<stdin>")
        }
        var status: Int32 = 0
        BatchRunner.onLargeStack {
            status = NotebookREPL(options: options).run()
        }
        return status
    }

    /// `kscript --export-ipynb SCRIPT OUT`.
    public func exportNotebook(script: String, to output: String) -> Int32 {
        NotebookExporter.exportScript(path: script, output: output, arguments: scriptArguments,
                                      plotsDirectory: options.plotsDirectory)
    }
}
