/// A parsed matplotlib format string such as `'r--o'`: colour, line style and marker.
public struct FormatString: Equatable {
    public var color: Color?
    public var linestyle: LineStyle?
    public var marker: MarkerStyle?

    public init(parsing fmt: String) throws {
        // A whole-string colour ('red', '#ff0000', '0.5') is a colour only, except for
        // strings that are also valid formats (the single letters and 'C0'...).
        if fmt.count > 1, !FormatString.isCycleReference(fmt), let c = try? Color(parsing: fmt) {
            color = c
            return
        }
        let chars = Array(fmt)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if i + 1 < chars.count, ["--", "-."].contains(String(chars[i...i + 1])) {
                guard linestyle == nil else { throw PlotError.value("Illegal format string \"\(fmt)\"; two linestyle symbols") }
                linestyle = try LineStyle(parsing: String(chars[i...i + 1]))
                i += 2
                continue
            }
            if c == "-" || c == ":" {
                guard linestyle == nil else { throw PlotError.value("Illegal format string \"\(fmt)\"; two linestyle symbols") }
                linestyle = try LineStyle(parsing: String(c))
            } else if let m = MarkerStyle(rawValue: String(c)), m != .none {
                guard marker == nil else { throw PlotError.value("Illegal format string \"\(fmt)\"; two marker symbols") }
                marker = m
            } else if "bgrcmykw".contains(c) {
                guard color == nil else { throw PlotError.value("Illegal format string \"\(fmt)\"; two color symbols") }
                color = try Color(parsing: String(c))
            } else if c == "C", i + 1 < chars.count, chars[i + 1].isNumber {
                guard color == nil else { throw PlotError.value("Illegal format string \"\(fmt)\"; two color symbols") }
                color = try Color(parsing: String(chars[i...i + 1]))
                i += 1
            } else {
                throw PlotError.value("Unrecognized character \(c) in format string '\(fmt)'")
            }
            i += 1
        }
        if linestyle == nil && marker != nil { linestyle = LineStyle.none }
        if marker == nil && linestyle != nil { marker = MarkerStyle.none }
    }

    private static func isCycleReference(_ s: String) -> Bool {
        s.count == 2 && s.first == "C" && s.last?.isNumber == true
    }
}
