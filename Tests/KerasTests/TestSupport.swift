import Foundation
import KTensor
import XCTest

/// Directory of the committed fixtures (expected values from real Keras 2.12 with their scripts).
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The parsed JSON fixture `name`.
func loadFixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw TensorError(.invalidArgument, "fixture \(name) is not a JSON object")
    }
    return object
}

/// A JSON number as a Double, exactly (Foundation on Linux may parse decimals as
/// `NSDecimalNumber`, whose `doubleValue` is not correctly rounded).
func jsonDouble(_ value: Any) -> Double? {
    if let decimal = value as? NSDecimalNumber { return Double(decimal.description) }
    return (value as? NSNumber)?.doubleValue
}

/// Flattens nested JSON arrays of numbers to Doubles (row-major) with their shape.
func flattenJSON(_ value: Any) -> (values: [Double], shape: [Int]) {
    if let number = jsonDouble(value) { return ([number], []) }
    guard let list = value as? [Any] else { return ([], []) }
    var values: [Double] = []
    var inner: [Int] = []
    for item in list {
        let (v, s) = flattenJSON(item)
        values += v
        inner = s
    }
    return (values, [list.count] + inner)
}

/// A tensor from nested JSON numbers.
func tensorFromJSON(_ value: Any?, dtype: DType = .float32) throws -> Tensor {
    let (values, shape) = flattenJSON(try XCTUnwrap(value))
    return try Tensor(shape: shape, values: values).cast(to: dtype)
}

/// Asserts elementwise `|a - e| <= atol + rtol * |e|`.
func assertClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-5, atol: Double = 0,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count mismatch \(message)", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if a == e { continue }
        XCTAssert(Swift.abs(a - e) <= atol + rtol * Swift.abs(e), "element \(i): \(a) vs expected \(e) \(message)", file: file, line: line)
    }
}

/// Asserts one scalar value.
func assertClose(_ actual: Double, _ expected: Double?, rtol: Double = 1e-5, atol: Double = 0,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard let expected else { return XCTFail("missing expected value \(message)", file: file, line: line) }
    assertClose([actual], [expected], rtol: rtol, atol: atol, message, file: file, line: line)
}
