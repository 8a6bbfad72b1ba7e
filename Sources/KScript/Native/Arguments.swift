/// The arguments of a call exactly as the caller passed them: positional values followed by
/// keyword values, plus the keyword names. The buffer belongs to the caller (often the VM's
/// register file) and is valid only during the call — copy values you keep.
public struct Arguments {
    public let values: UnsafeBufferPointer<Value>
    /// Names of the trailing `keywordNames.count` values.
    public let keywordNames: [PyStr]

    public init(_ values: UnsafeBufferPointer<Value>, keywordNames: [PyStr] = []) {
        self.values = values
        self.keywordNames = keywordNames
    }

    /// Number of positional arguments.
    public var count: Int { values.count - keywordNames.count }
    public var hasKeywords: Bool { !keywordNames.isEmpty }

    /// The `i`th positional argument.
    public subscript(i: Int) -> Value { values[i] }

    public var positional: [Value] { Array(values[0..<count]) }

    public var keywords: [(String, Value)] {
        keywordNames.enumerated().map { ($0.element.value, values[count + $0.offset]) }
    }

    /// The value passed for keyword `name`, if any.
    public func keyword(_ name: String) -> Value? {
        for (i, k) in keywordNames.enumerated() where k.value == name { return values[count + i] }
        return nil
    }

    /// The same arguments without the first positional one (the receiver of a method).
    public func droppingFirst() -> Arguments {
        Arguments(UnsafeBufferPointer(rebasing: values[1...]), keywordNames: keywordNames)
    }

    /// Runs `body` with arguments built from Swift arrays.
    public static func with<T>(_ positional: [Value], _ keywords: [(String, Value)] = [], _ body: (Arguments) throws -> T) rethrows -> T {
        let all = positional + keywords.map(\.1)
        let names = keywords.map { PyStr.intern($0.0) }
        return try all.withUnsafeBufferPointer { try body(Arguments($0, keywordNames: names)) }
    }

    /// Fails with CPython's message when any keyword argument was given.
    public func rejectKeywords(_ function: String) throws {
        if hasKeywords { throw PyException.typeError("\(function)() takes no keyword arguments") }
    }

    /// Checks the positional count against `min...max` with CPython's wording.
    public func expectCount(_ function: String, _ range: ClosedRange<Int>) throws {
        try rejectKeywords(function)
        let n = count
        if range.contains(n) { return }
        if range.lowerBound == range.upperBound {
            let m = range.lowerBound
            if m == 0 { throw PyException.typeError("\(function)() takes no arguments (\(n) given)") }
            if m == 1 { throw PyException.typeError("\(function)() takes exactly one argument (\(n) given)") }
            throw PyException.typeError("\(function) expected \(m) arguments, got \(n)")
        }
        if n < range.lowerBound {
            throw PyException.typeError("\(function) expected at least \(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s"), got \(n)")
        }
        throw PyException.typeError("\(function) expected at most \(range.upperBound) argument\(range.upperBound == 1 ? "" : "s"), got \(n)")
    }
}
