import KTensor
import Plot

/// Conversions from script values to the Plot library's argument types, with matplotlib's
/// error wording, and the translation of `PlotError` into Python exceptions.
enum PlotArguments {
    /// Runs `body`, turning a `PlotError` into the Python exception it names.
    static func bridged<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as PlotError {
            throw exception(for: e)
        }
    }

    static func exception(for e: PlotError) -> PyException {
        switch e.kind {
        case .valueError: return PyException.valueError(e.message)
        case .typeError: return PyException.typeError(e.message)
        case .osError:
            let type = e.message.hasPrefix("[Errno 2]") ? BuiltinTypes.fileNotFoundError : BuiltinTypes.osError
            return PyException(type, e.message)
        }
    }

    // MARK: Numbers

    /// A number, or nil for None.
    static func optionalDouble(_ v: Value, _ interp: Interpreter, _ name: String) throws -> Double? {
        if v.isNone { return nil }
        return try double(v, interp, name)
    }

    static func double(_ v: Value, _ interp: Interpreter, _ name: String) throws -> Double {
        if let d = v.doubleValue { return d }
        if v.stringValue != nil {
            throw PyException.typeError("\(name) must be a number, not str")
        }
        return try interp.toDouble(v, what: name)
    }

    /// The values of a 1-D data argument: a number, an array (`ndarray`, `tf.Tensor`, read
    /// flat), or any iterable of numbers (None is NaN).
    static func doubles(_ v: Value, _ interp: Interpreter, _ name: String) throws -> [Double] {
        if let d = v.doubleValue { return [d] }
        if let t = ArrayBridge.arrayPayload(v) { return t.doubles() }
        if v.stringValue != nil {
            throw PyException.typeError("\(name) must be numeric data, not a str")
        }
        return try interp.collect(v).map { item in
            if item.isNone { return Double.nan }
            if let d = item.doubleValue { return d }
            if item.stringValue != nil {
                throw PyException.valueError("could not convert string to float: \(try interp.repr(item))")
            }
            return try interp.toDouble(item, what: name)
        }
    }

    static func optionalDoubles(_ v: Value, _ interp: Interpreter, _ name: String) throws -> [Double]? {
        v.isNone ? nil : try doubles(v, interp, name)
    }

    /// Rows of a 2-D argument (nested sequences); a flat sequence is one row.
    /// Whether a value is a non-string iterable (a nested data level).
    static func isSequence(_ v: Value) -> Bool {
        guard case .object(let o) = v, !(o is PyStr) else { return false }
        return o is PyList || o is PyTuple || o is PyRange || o.type.lookup("__iter__") != nil
    }

    /// Data sets for `hist`/columns for `plot`: a 1-D sequence is one data set, a 2-D one
    /// (rows of equal length) has one data set per column, a list of sequences of different
    /// lengths one per sequence (as matplotlib treats them).
    static func columns(_ v: Value, _ interp: Interpreter, _ name: String) throws -> [[Double]] {
        if let t = ArrayBridge.arrayPayload(v) { return arrayColumns(t) }
        let items = v.doubleValue != nil ? [v] : try interp.collect(v)
        guard let first = items.first, isSequence(first) else { return [try doubles(v, interp, name)] }
        let rows = try items.map { try doubles($0, interp, name) }
        let width = rows[0].count
        guard rows.allSatisfy({ $0.count == width }) else { return rows }
        return (0..<width).map { c in rows.map { $0[c] } }
    }

    /// The columns of a 2-D array (one data set each, as matplotlib reads 2-D arrays); an
    /// array of another rank is one data set of its elements.
    static func arrayColumns(_ t: Tensor) -> [[Double]] {
        let values = t.doubles()
        guard t.rank == 2 else { return [values] }
        let (rows, cols) = (t.shape[0], t.shape[1])
        return (0..<cols).map { c in (0..<rows).map { values[$0 * cols + c] } }
    }

    /// A 1-D array value (`ndarray` of float64) for results matplotlib returns as arrays.
    static func array(_ values: [Double]) -> Value {
        guard let t = try? Tensor(shape: [values.count], values: values) else { return .object(PyList(values.map { .float($0) })) }
        return ArrayBridge.ndarray(t)
    }

    // MARK: Text and styles

    static func string(_ v: Value, _ interp: Interpreter) throws -> String {
        if let s = v.stringValue { return s }
        return try interp.str(v)
    }

    static func optionalString(_ v: Value, _ interp: Interpreter) throws -> String? {
        v.isNone ? nil : try string(v, interp)
    }

    /// A colour: a string (`'red'`, `'#1f77b4'`, `'C1'`, `'0.5'`) or an RGB(A) tuple.
    static func color(_ v: Value, _ interp: Interpreter) throws -> Color {
        do {
            if let s = v.stringValue { return try Color(parsing: s) }
            if isSequence(v) { return try Color(components: try doubles(v, interp, "color")) }
        } catch is PlotError {}
        throw PyException.valueError("\(try interp.repr(v)) is not a valid value for color: supported inputs are (r, g, b) and (r, g, b, a) 0-1 float tuples; '#rrggbb', '#rrggbbaa', '#rgb', '#rgba' strings; named color strings; string reprs of 0-1 floats for grayscale values; 'C0', 'C1', ... strings for colors of the color cycle; and pairs combining one of the above with an alpha value")
    }

    static func optionalColor(_ v: Value, _ interp: Interpreter) throws -> Color? {
        v.isNone ? nil : try color(v, interp)
    }

    /// One colour or a sequence of colours (`bar(color=[...])`).
    static func colors(_ v: Value, _ interp: Interpreter) throws -> [Color] {
        if v.stringValue != nil { return [try color(v, interp)] }
        let items = try interp.collect(v)
        if items.allSatisfy({ $0.doubleValue != nil }) && (items.count == 3 || items.count == 4) {
            return [try color(v, interp)]
        }
        return try items.map { try color($0, interp) }
    }

    static func optionalColors(_ v: Value, _ interp: Interpreter) throws -> [Color]? {
        v.isNone ? nil : try colors(v, interp)
    }

    /// A font size in points: a number or a size name (`'large'`).
    static func fontSize(_ v: Value, _ interp: Interpreter) throws -> Double? {
        if v.isNone { return nil }
        if let s = v.stringValue { return try bridged { try FontSize.points(s) } }
        return try double(v, interp, "fontsize")
    }

    static func fontWeight(_ v: Value, _ interp: Interpreter) throws -> FontWeight? {
        if v.isNone { return nil }
        if let d = v.doubleValue { return d >= 600 ? .bold : .normal }
        return try bridged { try FontWeight(parsing: string(v, interp)) }
    }

    static func lineStyle(_ v: Value, _ interp: Interpreter) throws -> LineStyle? {
        if v.isNone { return nil }
        if let s = v.stringValue { return try bridged { try LineStyle(parsing: s) } }
        let parts = try interp.collect(v)
        guard parts.count == 2 else { throw PyException.valueError("\(try interp.repr(v)) is not a valid value for ls") }
        let offset = try double(parts[0], interp, "linestyle")
        let pattern = parts[1].isNone ? [] : try doubles(parts[1], interp, "linestyle")
        return .custom(offset: offset, pattern: pattern)
    }

    static func marker(_ v: Value, _ interp: Interpreter) throws -> MarkerStyle? {
        if v.isNone { return nil }
        return try bridged { try MarkerStyle(parsing: string(v, interp)) }
    }

    static func horizontalAlignment(_ v: Value, _ interp: Interpreter) throws -> HorizontalAlignment? {
        if v.isNone { return nil }
        let s = try string(v, interp)
        guard let ha = HorizontalAlignment(rawValue: s) else {
            throw PyException.valueError("'\(s)' is not a valid value for horizontalalignment; supported values are 'left', 'center', 'right'")
        }
        return ha
    }

    static func verticalAlignment(_ v: Value, _ interp: Interpreter) throws -> VerticalAlignment? {
        if v.isNone { return nil }
        let s = try string(v, interp)
        guard let va = VerticalAlignment(rawValue: s) else {
            throw PyException.valueError("'\(s)' is not a valid value for verticalalignment; supported values are 'baseline', 'bottom', 'center', 'center_baseline', 'top'")
        }
        return va
    }

    static func colormap(_ v: Value, _ interp: Interpreter) throws -> Colormap? {
        if v.isNone { return nil }
        if case .object(let o) = v, let cmap = o as? ColormapObject { return cmap.colormap }
        return try bridged { try Colormap(named: string(v, interp)) }
    }

    /// A pair such as `figsize=(12, 4)` or `xy=(1, 2)`.
    static func pair(_ v: Value, _ interp: Interpreter, _ name: String) throws -> (Double, Double) {
        let items = try doubles(v, interp, name)
        guard items.count == 2 else { throw PyException.valueError("\(name) must be a pair of numbers, not \(try interp.repr(v))") }
        return (items[0], items[1])
    }

    static func optionalPair(_ v: Value, _ interp: Interpreter, _ name: String) throws -> (Double, Double)? {
        v.isNone ? nil : try pair(v, interp, name)
    }

    /// A legend location: a name, a code 0...10, or None for 'best'.
    static func legendLocation(_ v: Value, _ interp: Interpreter) throws -> LegendLocation {
        if v.isNone { return .best }
        if let code = v.intValue { return try bridged { try LegendLocation(code: code) } }
        return try bridged { try LegendLocation(parsing: string(v, interp)) }
    }

    /// Image data from nested sequences: rows of scalars, or rows of RGB(A) pixels.
    static func image(_ v: Value, _ interp: Interpreter) throws -> ImageData {
        if let t = ArrayBridge.arrayPayload(v) {
            let shape = t.shape
            guard shape.count == 2 || (shape.count == 3 && [1, 3, 4].contains(shape[2])) else {
                throw PyException.typeError("Invalid shape (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")) for image data")
            }
            let channels = shape.count == 3 ? shape[2] : 1
            let values = t.doubles(), integers = t.dtype.isInteger || t.dtype == .bool
            return try bridged { try ImageData(height: shape[0], width: shape[1], channels: channels, values: values, integerValued: integers) }
        }
        let rows = try interp.collect(v)
        guard let firstRow = rows.first else { throw PyException.typeError("Invalid shape (0,) for image data") }
        guard isSequence(firstRow) else {
            throw PyException.typeError("Invalid shape (\(rows.count),) for image data")
        }
        let firstPixel = try interp.collect(firstRow).first
        if let firstPixel, isSequence(firstPixel) {
            var values: [Double] = []
            var width = 0, channels = 0, integers = true
            for row in rows {
                let pixels = try interp.collect(row)
                width = pixels.count
                for pixel in pixels {
                    let components = try interp.collect(pixel)
                    channels = components.count
                    for c in components {
                        if case .float = c { integers = false }
                        values.append(try double(c, interp, "image"))
                    }
                }
            }
            let (h, w, c, ints) = (rows.count, width, channels, integers)
            return try bridged { try ImageData(height: h, width: w, channels: c, values: values, integerValued: ints) }
        }
        let matrix = try rows.map { try doubles($0, interp, "image") }
        return try bridged { try ImageData(rows: matrix) }
    }
}

/// The keyword arguments matplotlib passes on to an artist's setters (`**kwargs`), with
/// its short aliases (`c`, `ls`, `lw`, `ms`, ...). Unknown names raise matplotlib's
/// AttributeError.
struct ArtistProperties {
    private var values: [String: Value] = [:]

    static let aliases = [
        "c": "color", "ls": "linestyle", "lw": "linewidth", "ms": "markersize", "mfc": "markerfacecolor",
        "mec": "markeredgecolor", "mew": "markeredgewidth", "fc": "facecolor", "ec": "edgecolor",
        "size": "fontsize", "weight": "fontweight", "ha": "horizontalalignment",
        "va": "verticalalignment",
    ]

    /// Collects `kwargs`; `artist` names the class in the error for an unknown property
    /// (`Line2D.set() got an unexpected keyword argument 'foo'`).
    init(_ kwargs: [(String, Value)], artist: String, accepted: Set<String>) throws {
        for (name, value) in kwargs {
            let canonical = ArtistProperties.aliases[name] ?? name
            guard accepted.contains(canonical) else {
                throw PyException.attributeError("\(artist).set() got an unexpected keyword argument '\(name)'")
            }
            values[canonical] = value
        }
    }

    subscript(name: String) -> Value { values[name] ?? .none }

    func has(_ name: String) -> Bool { values[name] != nil }
}
