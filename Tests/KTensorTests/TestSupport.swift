import Foundation
import XCTest
@testable import KTensor

/// Directory of the committed fixtures (expected values from NumPy/TF with their scripts).
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The parsed JSON fixture `name`.
func loadFixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw TensorError.invalid("fixture \(name) is not a JSON object")
    }
    return object
}

/// A JSON number as a Double, exactly: Foundation on Linux parses many decimals into
/// `NSDecimalNumber`, whose `doubleValue` is not correctly rounded, so those go through text.
func jsonDouble(_ value: Any) -> Double? {
    if let decimal = value as? NSDecimalNumber { return Double(decimal.description) }
    return (value as? NSNumber)?.doubleValue
}

/// Flattens nested JSON arrays of numbers to Doubles (row-major) and returns their shape.
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
func tensorFromJSON(_ value: Any, dtype: DType = .float32) throws -> Tensor {
    let (values, shape) = flattenJSON(value)
    return try Tensor(shape: shape, values: values).cast(to: dtype)
}

/// Asserts elementwise `|a - e| <= atol + rtol * |e|`.
func assertClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-6, atol: Double = 0,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count mismatch \(message)", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if a == e { continue }
        XCTAssert(Swift.abs(a - e) <= atol + rtol * Swift.abs(e),
                  "element \(i): \(a) vs expected \(e) \(message)", file: file, line: line)
    }
}

/// Asserts a tensor's shape and values.
func assertTensor(_ t: Tensor, shape: [Int], _ expected: [Double], rtol: Double = 1e-6, atol: Double = 0,
                  _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(t.shape, shape, "shape \(message)", file: file, line: line)
    assertClose(t.doubles(), expected, rtol: rtol, atol: atol, message, file: file, line: line)
}

/// Deterministic pseudo-random doubles in [-1, 1) for test inputs.
struct TestValues {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    mutating func tensor(_ shape: [Int], dtype: DType = .float64, scale: Double = 1, offset: Double = 0) -> Tensor {
        let values = (0..<Tensor.elementCount(shape)).map { _ in next() * scale + offset }
        return try! Tensor(shape: shape, values: values).cast(to: dtype)
    }
}

/// Checks the tape's gradient of `f` against central finite differences in float64.
/// The scalar differentiated is `sum(f(inputs) * weights)` with fixed pseudo-random weights,
/// so every output element's gradient path is exercised with a different upstream value.
func checkGradient(_ inputs: [Tensor], tolerance: Double = 1e-6, step: Double = 1e-6,
                   file: StaticString = #filePath, line: UInt = #line,
                   _ f: ([Tensor]) throws -> Tensor) throws {
    var values = TestValues(seed: 99)
    let probe = try f(inputs)
    let weights = values.tensor(probe.shape, dtype: probe.dtype, scale: 1, offset: 0.3)
    func objective(_ xs: [Tensor]) throws -> Double {
        try (f(xs) * weights).sum().scalarDouble()
    }
    var watched = inputs
    let tape = GradientTape()
    tape.startRecording()
    for i in watched.indices { tape.watch(&watched[i]) }
    let target = try (f(watched) * weights).sum()
    tape.stopRecording()
    let analytic = try tape.gradient(of: target, withRespectTo: watched)
    XCTAssertEqual(analytic.count, inputs.count, file: file, line: line)
    for (k, input) in inputs.enumerated() {
        guard let gradient = analytic[k] else {
            XCTFail("no gradient for input \(k)", file: file, line: line)
            continue
        }
        XCTAssertEqual(gradient.shape, input.shape, "gradient shape of input \(k)", file: file, line: line)
        var numeric: [Double] = []
        let base = input.doubles()
        for i in 0..<base.count {
            var plus = base, minus = base
            plus[i] += step
            minus[i] -= step
            var xs = inputs
            xs[k] = try Tensor(shape: input.shape, values: plus)
            let fPlus = try objective(xs)
            xs[k] = try Tensor(shape: input.shape, values: minus)
            let fMinus = try objective(xs)
            numeric.append((fPlus - fMinus) / (2 * step))
        }
        assertClose(gradient.doubles(), numeric, rtol: tolerance, atol: tolerance, "input \(k)", file: file, line: line)
    }
}
