/// Settings the command line passes to the notebook and the batch runner.
public struct LaunchOptions {
    /// Name of the persistent notebook session.
    public var sessionName = "default"
    /// Start the session empty instead of restoring it.
    public var freshSession = false
    /// Save the workspace after every cell.
    public var persistSession = true
    /// Use GNU readline for line editing in the notebook.
    public var useReadline = true
    /// Where `plt.show()` writes figures; nil means `KSCRIPT_PLOTS` or `./kscript_figures`.
    public var plotsDirectory: String?
    /// `kscript -`: read a script from standard input even when it is a terminal.
    public var forceScriptFromStdin = false

    public init() {}
}
