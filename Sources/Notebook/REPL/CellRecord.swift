/// One executed cell as the notebook keeps it for `%history`, the session log and export.
public struct CellRecord: Codable, Equatable {
    /// What a cell showed, in order.
    public enum Output: Codable, Equatable {
        /// Text written to `stdout` or `stderr`.
        case stream(name: String, text: String)
        /// `Out[n]`: the repr of the cell's final expression.
        case result(text: String)
        /// An uncaught exception: its type name, message and formatted traceback.
        case error(name: String, value: String, traceback: String)
        /// A figure shown by `plt.show()`, saved as an SVG file at `path`.
        case figure(path: String)
    }

    public var number: Int
    public var source: String
    public var outputs: [Output]

    public init(number: Int, source: String, outputs: [Output] = []) {
        self.number = number
        self.source = source
        self.outputs = outputs
    }

    /// Adds stream text, merging it with a directly preceding chunk of the same stream.
    mutating func appendStream(_ name: String, _ text: String) {
        if case .stream(let lastName, let lastText)? = outputs.last, lastName == name {
            outputs[outputs.count - 1] = .stream(name: name, text: lastText + text)
        } else {
            outputs.append(.stream(name: name, text: text))
        }
    }
}
