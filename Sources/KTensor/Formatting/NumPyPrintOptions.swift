/// NumPy 1.23's print options (`np.set_printoptions`), with NumPy's defaults.
public struct NumPyPrintOptions: Equatable, Sendable {
    /// How many fraction digits floats get, and whether they share a count.
    public enum FloatMode: String, Sendable, CaseIterable {
        /// Exactly `precision` fraction digits for every element.
        case fixed
        /// The shortest unique digits, no `precision` limit.
        case unique
        /// The shortest unique digits, at most `precision` fraction digits (the default).
        case maxprec
        /// Like `maxprec`, padded with zeros so every element has the same digit count.
        case maxprecEqual = "maxprec_equal"
    }

    /// What positive numbers get in the sign position.
    public enum Sign: String, Sendable, CaseIterable {
        /// Nothing (the default).
        case minus = "-"
        /// A '+'.
        case plus = "+"
        /// A space.
        case space = " "
    }

    /// Fraction digits of floats (at most, or exactly in `fixed` mode).
    public var precision = 8
    /// Arrays with more elements than this are summarised with `...`.
    public var threshold = 1000
    /// Items shown at each end of a summarised axis.
    public var edgeitems = 3
    /// Characters per line before wrapping.
    public var linewidth = 75
    /// Never switch to scientific notation for small values (values print as 0 at `precision`).
    public var suppress = false
    public var floatmode = FloatMode.maxprec
    public var sign = Sign.minus
    public var nanstr = "nan"
    public var infstr = "inf"

    public init() {}
}
