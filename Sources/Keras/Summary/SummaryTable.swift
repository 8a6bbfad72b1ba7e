/// Keras 2.12's column layout of `model.summary()`: fields cut to their column width (the
/// last column has no gap), broken early after `"),"`, `"},"`, `"],"` or `"',"`, overflow
/// continued on the next physical rows, every row padded with spaces to the column stops.
struct SummaryTable {
    /// Absolute column stops (`[29, 55, 65]`).
    let positions: [Int]

    /// Keras' positions: fractions of the line length (when the last is ≤ 1) or absolute.
    init(lineLength: Int, positions fractions: [Double]) {
        if let last = fractions.last, last <= 1 {
            positions = fractions.map { Int(Double(lineLength) * $0) }
        } else {
            positions = fractions.map { Int($0) }
        }
    }

    /// The physical lines of one row of fields; nested rows (`expand_nested`) are framed by
    /// one `|` per level.
    func lines(_ fields: [String], nestedLevel: Int = 0) -> [String] {
        var left = fields.map { Array($0) }
        var result: [String] = []
        let breaks: [[Character]] = [Array("),"), Array("},"), Array("],"), Array("',")]
        while left.contains(where: { !$0.isEmpty }) {
            var line: [Character] = []
            for col in 0..<left.count where col < positions.count {
                let start = col > 0 ? positions[col - 1] : 0
                let end = positions[col]
                let space = col != positions.count - 1 ? 2 : 0
                var cutoff = max(0, end - start - space)
                let fit = Array(left[col].prefix(cutoff))
                var earliest: Int?
                for pattern in breaks {
                    if let at = SummaryTable.find(pattern, in: fit) {
                        let candidate = at + pattern.count
                        earliest = min(earliest ?? candidate, candidate)
                    }
                }
                if let earliest { cutoff = earliest }
                if col == 0 { line += Array(repeating: "|", count: nestedLevel) + [" "] }
                line += left[col].prefix(cutoff)
                line += Array(repeating: " ", count: space)
                left[col] = Array(left[col].dropFirst(min(cutoff, left[col].count)))
                let target = end - nestedLevel
                if line.count < target { line += Array(repeating: " ", count: target - line.count) }
            }
            result.append(String(line) + String(repeating: "|", count: nestedLevel))
        }
        return result
    }

    /// Index of the first occurrence of `pattern` in `text` (Python's `str.find`).
    static func find(_ pattern: [Character], in text: [Character]) -> Int? {
        guard text.count >= pattern.count else { return nil }
        for i in 0...(text.count - pattern.count) where Array(text[i..<i + pattern.count]) == pattern { return i }
        return nil
    }
}
