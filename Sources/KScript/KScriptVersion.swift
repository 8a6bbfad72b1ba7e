/// The version `kscript --version` prints.
public enum KScriptVersion {
    public static let string = "0.1.0"
}
