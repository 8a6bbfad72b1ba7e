/// NumPy 1.23's printing of arrays and scalars: `str(a)` (`print(a)`), `repr(a)` and the repr of
/// a NumPy scalar, character for character, including float layout, line wrapping and
/// summarisation of large arrays.
public enum NumPyFormat {
    /// `str(a)`: `[[1. 2.]\n [3. 4.]]`; a 0-d array prints as its scalar.
    public static func str(_ tensor: Tensor, options: NumPyPrintOptions = .init()) -> String {
        if tensor.rank == 0 { return scalarText(tensor, offset: tensor.offset) }
        return arrayToString(tensor, options: options, separator: " ", prefix: "", suffix: "")
    }

    /// `repr(a)`: `array([1., 2.], dtype=float32)`, with the dtype omitted for float64, int64 and
    /// bool arrays that have elements, and `shape=` for empty arrays other than shape (0,).
    public static func repr(_ tensor: Tensor, options: NumPyPrintOptions = .init()) -> String {
        let impliedDType = tensor.dtype == .float64 || tensor.dtype == .int64 || tensor.dtype == .bool
        let skipDType = impliedDType && tensor.count > 0
        let prefix = "array("
        let suffix = skipDType ? ")" : ","
        let body: String
        if tensor.count > 0 || tensor.shape == [0] {
            body = arrayToString(tensor, options: options, separator: ", ", prefix: prefix, suffix: suffix)
        } else {
            body = "[], shape=" + shapeText(tensor.shape)
        }
        let text = prefix + body + suffix
        if skipDType { return text }
        let dtypeText = "dtype=\(tensor.dtype.name))"
        let lastLineLength = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
        let spacer = lastLineLength + dtypeText.count + 1 > options.linewidth
            ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return text + spacer + dtypeText
    }

    /// How NumPy prints a scalar of `dtype` (its repr and str): `0.1` for float32(0.1),
    /// `1e-05`, `inf`, `3`, `True`.
    public static func scalarRepr(_ value: Double, dtype: DType) -> String {
        switch dtype {
        case .float64: return floatScalarText(BinaryFloatParts(value), magnitude: value.magnitude, isNaN: value.isNaN)
        case .float32:
            let single = Float(value)
            return floatScalarText(BinaryFloatParts(single), magnitude: Double(single.magnitude), isNaN: single.isNaN)
        case .bool: return value != 0 ? "True" : "False"
        case .uint8, .int32, .int64:
            return String(Int64(fromDouble: value.rounded(.towardZero)))
        }
    }

    /// How NumPy prints an integer or bool scalar of `dtype`.
    public static func scalarRepr(_ value: Int64, dtype: DType) -> String {
        switch dtype {
        case .bool: return value != 0 ? "True" : "False"
        case .float32, .float64: return scalarRepr(Double(value), dtype: dtype)
        case .uint8, .int32, .int64: return String(value)
        }
    }

    /// `(3,)`, `()`, `(2, 0)`: a shape as Python prints the tuple.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: Implementation

    private static func scalarText(_ tensor: Tensor, offset: Int) -> String {
        tensor.dtype.isFloatingPoint
            ? scalarRepr(tensor.doubleValue(atOffset: offset), dtype: tensor.dtype)
            : scalarRepr(tensor.int64Value(atOffset: offset), dtype: tensor.dtype)
    }

    private static func floatScalarText(_ parts: BinaryFloatParts, magnitude: Double, isNaN: Bool) -> String {
        if isNaN { return "nan" }
        if magnitude.isInfinite { return parts.isNegative ? "-inf" : "inf" }
        if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16) {
            return NumPyFloatText.positional(parts, precision: nil, unique: true, trim: .leaveOneZero, forceSign: false)
        }
        return NumPyFloatText.scientific(parts, precision: nil, unique: true, trim: .zerosAndPoint, forceSign: false)
    }

    /// `np.array2string` with NumPy's treatment of empty arrays and the suffix's width.
    private static func arrayToString(_ tensor: Tensor, options: NumPyPrintOptions, separator: String,
                                      prefix: String, suffix: String) -> String {
        if tensor.count == 0 { return "[]" }
        var layout = ArrayLayout(tensor: tensor, options: options, separator: separator)
        return layout.render(lineWidth: options.linewidth - suffix.count,
                             nextLinePrefix: String(repeating: " ", count: 1 + prefix.count))
    }
}

/// The recursive layout of NumPy's `_formatArray`: rows of elements wrapped at the line width,
/// nested brackets with hanging indents, blank lines between blocks of 3-d and higher arrays,
/// and `...` in place of the middle of long axes.
private struct ArrayLayout {
    let tensor: Tensor
    let separator: String
    let edgeItems: Int
    let summarize: Bool
    private let formatElement: (Int) -> String

    init(tensor: Tensor, options: NumPyPrintOptions, separator: String) {
        self.tensor = tensor
        self.separator = separator
        edgeItems = max(0, options.edgeitems)
        summarize = tensor.count > options.threshold
        let shown = ArrayLayout.shownOffsets(tensor, edgeItems: edgeItems, summarize: summarize)
        switch tensor.dtype {
        case .float32, .float64:
            let values = shown.map { tensor.doubleValue(atOffset: $0) }
            let format = NumPyFloatFormat(values: values, isSinglePrecision: tensor.dtype == .float32, options: options)
            formatElement = { format.format(tensor.doubleValue(atOffset: $0)) }
        case .bool:
            let trueText = tensor.rank == 0 ? "True" : " True"
            formatElement = { tensor.int64Value(atOffset: $0) != 0 ? trueText : "False" }
        case .uint8, .int32, .int64:
            var width = 0
            if let maximum = shown.lazy.map({ tensor.int64Value(atOffset: $0) }).max(),
               let minimum = shown.lazy.map({ tensor.int64Value(atOffset: $0) }).min() {
                width = max(String(maximum).count, String(minimum).count)
            }
            formatElement = { offset in
                let text = String(tensor.int64Value(atOffset: offset))
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
        }
    }

    /// Storage offsets of the elements that will be printed (NumPy's `_leading_trailing`).
    private static func shownOffsets(_ tensor: Tensor, edgeItems: Int, summarize: Bool) -> [Int] {
        var offsets = [tensor.offset]
        for axis in 0..<tensor.rank {
            let length = tensor.shape[axis]
            let indices: [Int] = summarize && length > 2 * edgeItems
                ? Array(0..<edgeItems) + Array((length - edgeItems)..<length)
                : Array(0..<length)
            offsets = offsets.flatMap { base in indices.map { base + $0 * tensor.strides[axis] } }
        }
        return offsets
    }

    mutating func render(lineWidth: Int, nextLinePrefix: String) -> String {
        recurse(axis: 0, offset: tensor.offset, hangingIndent: nextLinePrefix, width: lineWidth)
    }

    private func recurse(axis: Int, offset: Int, hangingIndent: String, width: Int) -> String {
        if axis == tensor.rank { return formatElement(offset) }
        let nextHangingIndent = hangingIndent + " "
        let nextWidth = width - 1
        let length = tensor.shape[axis]
        let stride = tensor.strides[axis]
        let showSummary = summarize && 2 * edgeItems < length
        let leading = showSummary ? edgeItems : 0
        let trailing = showSummary ? edgeItems : length
        // Indices printed before and after the summary marker.
        let before = Array(0..<leading)
        let after = Array((length - trailing)..<length)
        func child(_ index: Int) -> String {
            recurse(axis: axis + 1, offset: offset + index * stride, hangingIndent: nextHangingIndent, width: nextWidth)
        }
        var text = ""
        let axesLeft = tensor.rank - axis
        if axesLeft == 1 {
            let trimmedSeparator = separator.trimmingTrailingSpaces()
            let elementWidth = width - max(trimmedSeparator.count, 1)
            var line = hangingIndent
            for index in before {
                extend(&text, &line, child(index), width: elementWidth, nextLinePrefix: hangingIndent)
                line += separator
            }
            if showSummary {
                extend(&text, &line, "...", width: elementWidth, nextLinePrefix: hangingIndent)
                line += separator
            }
            for index in after.dropLast() {
                extend(&text, &line, child(index), width: elementWidth, nextLinePrefix: hangingIndent)
                line += separator
            }
            extend(&text, &line, child(length - 1), width: elementWidth, nextLinePrefix: hangingIndent)
            text += line
        } else {
            let lineSeparator = separator.trimmingTrailingSpaces() + String(repeating: "\n", count: axesLeft - 1)
            for index in before {
                text += hangingIndent + child(index) + lineSeparator
            }
            if showSummary {
                text += hangingIndent + "..." + lineSeparator
            }
            for index in after.dropLast() {
                text += hangingIndent + child(index) + lineSeparator
            }
            text += hangingIndent + child(length - 1)
        }
        return "[" + text.dropFirst(hangingIndent.count) + "]"
    }

    /// Appends `word` to `line`, first moving `line` into `text` when the word would pass
    /// `width` (unless the line holds nothing but its indent).
    private func extend(_ text: inout String, _ line: inout String, _ word: String, width: Int, nextLinePrefix: String) {
        let lineLength = line.utf8.count
        if lineLength + word.utf8.count > width && lineLength > nextLinePrefix.utf8.count {
            text += line.trimmingTrailingSpaces() + "\n"
            line = nextLinePrefix
        }
        line += word
    }
}

private extension String {
    /// The string without trailing whitespace (Python's `rstrip()` for the ASCII text here).
    func trimmingTrailingSpaces() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\n" || last == "\t" { result = result.dropLast() }
        return String(result)
    }
}
