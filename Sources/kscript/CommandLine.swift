import Notebook

/// What the command line asked for. Options follow CPython's rule: everything after the
/// script path (or after `-c CODE`) belongs to the script and lands in `sys.argv`.
struct Invocation {
    enum Mode {
        case version
        case help
        case code(String)
        case file(String)
        case stdinOrREPL
        case exportNotebook(script: String, output: String)
    }

    var mode: Mode = .stdinOrREPL
    var scriptArguments: [String] = []
    var options = LaunchOptions()

    static let usage = """
    usage: kscript [option] ... [-c cmd | file | -] [arg] ...
      -c CODE                 run CODE as a program
      FILE                    run a .kscript file (arguments after it go to sys.argv)
      -                       read the program from standard input
      --version               print the version and exit
      --session NAME          notebook session to restore and keep (default: default)
      --fresh                 start the session empty
      --no-session            keep nothing between runs
      --no-readline           plain line input in the notebook
      --plots-dir DIR         where plt.show() writes figures (default ./kscript_figures)
      --export-ipynb SCRIPT OUT.ipynb
                              write SCRIPT as a Jupyter notebook with its outputs
    """

    /// Parses `arguments` (without the program name). Returns an error message on bad input.
    static func parse(_ arguments: [String]) -> Result<Invocation, UsageError> {
        var invocation = Invocation()
        var index = 0
        func value(for option: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw UsageError("argument expected for the \(option) option") }
            return arguments[index]
        }
        do {
            while index < arguments.count {
                let argument = arguments[index]
                switch argument {
                case "--version", "-V":
                    invocation.mode = .version
                    return .success(invocation)
                case "-h", "--help":
                    invocation.mode = .help
                    return .success(invocation)
                case "-c":
                    let code = try value(for: "-c")
                    invocation.mode = .code(code)
                    invocation.scriptArguments = ["-c"] + arguments[(index + 1)...]
                    return .success(invocation)
                case "--session":
                    invocation.options.sessionName = try value(for: argument)
                case "--fresh":
                    invocation.options.freshSession = true
                case "--no-session":
                    invocation.options.persistSession = false
                case "--no-readline":
                    invocation.options.useReadline = false
                case "--plots-dir":
                    invocation.options.plotsDirectory = try value(for: argument)
                case "--export-ipynb":
                    let script = try value(for: argument)
                    let output = try value(for: argument)
                    invocation.mode = .exportNotebook(script: script, output: output)
                    return .success(invocation)
                case "-":
                    invocation.mode = .stdinOrREPL
                    invocation.options.forceScriptFromStdin = true
                    invocation.scriptArguments = ["-"] + arguments[(index + 1)...]
                    return .success(invocation)
                default:
                    if argument.hasPrefix("-") {
                        throw UsageError("unknown option \(argument)")
                    }
                    invocation.mode = .file(argument)
                    invocation.scriptArguments = Array(arguments[index...])
                    return .success(invocation)
                }
                index += 1
            }
            invocation.scriptArguments = [""]
            return .success(invocation)
        } catch let error as UsageError {
            return .failure(error)
        } catch {
            return .failure(UsageError("\(error)"))
        }
    }
}

struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
