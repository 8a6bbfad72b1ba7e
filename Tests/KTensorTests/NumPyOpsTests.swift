import Foundation
import XCTest
@testable import KTensor

/// Array ops against NumPy 1.23.5 (fixture `numpy_ops.json` from `make_numpy_ops.py`): result
/// dtypes, shapes and values — bit for bit except for transcendental functions (libm may
/// differ from NumPy in the last place).
final class NumPyOpsTests: XCTestCase {
    /// libm and BLAS may round differently from NumPy's own loops in the last place.
    static let approximateOps: Set<String> = ["exp", "log", "tanh", "expm1", "log1p", "matmul", "dot"]

    func testAllCasesMatchNumPy() throws {
        let json = try loadFixture("numpy_ops.json")
        let cases = try XCTUnwrap(json["cases"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 400)
        var checked = 0
        for (number, entry) in cases.enumerated() {
            let op = try XCTUnwrap(entry["op"] as? String)
            let inputs = try XCTUnwrap(entry["inputs"] as? [[String: Any]]).map(decodeArray)
            let args = entry["args"] as? [String: Any] ?? [:]
            let expected = try XCTUnwrap(entry["expected"] as? [String: Any])
            let label = "case \(number) \(op) \(inputs.map { "\($0.dtype.name)\($0.shape)" }) \(args)"
            if let error = expected["error"] as? String {
                XCTAssertThrowsError(try run(op, inputs, args), label) { thrown in
                    guard let kind = (thrown as? TensorError)?.kind else { return XCTFail("not a TensorError: \(thrown) \(label)") }
                    switch error {
                    case "ValueError": XCTAssertEqual(kind, .invalidArgument, label)
                    case "TypeError": XCTAssertEqual(kind, .type, label)
                    default: XCTAssertTrue(kind == .index || kind == .invalidArgument, label)
                    }
                }
                checked += 1
                continue
            }
            let want = try decodeArray(expected)
            let got: Tensor
            do {
                got = try run(op, inputs, args)
            } catch {
                XCTFail("\(label) threw \(error)")
                continue
            }
            XCTAssertEqual(got.dtype, want.dtype, label)
            XCTAssertEqual(got.shape, want.shape, label)
            if NumPyOpsTests.approximateOps.contains(op) && want.dtype.isFloatingPoint {
                assertClose(got.doubles(), want.doubles(), rtol: want.dtype == .float32 ? 1e-6 : 1e-14, label)
            } else if want.dtype == .int64 {
                XCTAssertEqual(got.int64s(), want.int64s(), label)
            } else {
                let a = got.doubles(), b = want.doubles()
                XCTAssertEqual(a.count, b.count, label)
                for (i, (x, y)) in zip(a, b).enumerated() where !(x == y || (x.isNaN && y.isNaN)) {
                    XCTFail("\(label) element \(i): \(x) != \(y)")
                    break
                }
            }
            checked += 1
        }
        XCTAssertEqual(checked, cases.count)
    }

    /// Runs one fixture case.
    func run(_ op: String, _ x: [Tensor], _ args: [String: Any]) throws -> Tensor {
        let axes = (args["axes"] as? [Int])
        let keepDims = args["keepdims"] as? Bool ?? false
        let axis = args["axis"] as? Int
        let binary: [String: BinaryOperation] = ["add": .add, "subtract": .subtract, "multiply": .multiply, "divide": .divide,
                                                 "floor_divide": .floorDivide, "remainder": .remainder, "maximum": .maximum,
                                                 "minimum": .minimum, "power": .power]
        let comparisons: [String: ComparisonOperation] = ["equal": .equal, "not_equal": .notEqual, "less": .less,
                                                          "less_equal": .lessEqual, "greater": .greater, "greater_equal": .greaterEqual]
        if let b = binary[op] { return try Tensor.binary(b, x[0], x[1]) }
        if let c = comparisons[op] { return try Tensor.compare(c, x[0], x[1]) }
        switch op {
        case "floor": return x[0].floor()
        case "ceil": return x[0].ceil()
        case "round": return x[0].round()
        case "round_decimals": return try x[0].round(decimals: try XCTUnwrap(args["decimals"] as? Int))
        case "abs": return x[0].abs()
        case "negative": return x[0].negative()
        case "sign": return x[0].sign()
        case "square": return x[0].square()
        case "exp": return x[0].exp()
        case "log": return x[0].log()
        case "sqrt": return x[0].sqrt()
        case "tanh": return x[0].tanh()
        case "expm1": return x[0].expm1()
        case "log1p": return x[0].log1p()
        case "isnan": return x[0].isNaN()
        case "isfinite": return x[0].isFinite()
        case "clip": return try x[0].clipped(min: Int64(try XCTUnwrap(args["low"] as? Int)).asPythonInt(for: x[0]), max: Int64(try XCTUnwrap(args["high"] as? Int)).asPythonInt(for: x[0]))
        case "cast": return try x[0].cast(to: try XCTUnwrap(DType(name: try XCTUnwrap(args["dtype"] as? String))))
        case "sum": return try x[0].sum(axes: axes, keepDims: keepDims)
        case "mean": return try x[0].mean(axes: axes, keepDims: keepDims)
        case "sum_T": return try x[0].transposed().sum(axes: axes, keepDims: keepDims)
        case "mean_T": return try x[0].transposed().mean(axes: axes, keepDims: keepDims)
        case "sum_flip": return try x[0].flipped(axes: [1]).sum(axes: axes, keepDims: keepDims)
        case "sum_step": return try x[0].indexed([.slice(start: nil, stop: nil, step: 2), .slice(start: nil, stop: nil, step: 3)]).sum(axes: axes, keepDims: keepDims)
        case "var": return try x[0].variance(axes: axes, keepDims: keepDims, ddof: args["ddof"] as? Int ?? 0)
        case "std": return try x[0].standardDeviation(axes: axes, keepDims: keepDims, ddof: args["ddof"] as? Int ?? 0)
        case "max": return try x[0].max(axes: axes, keepDims: keepDims)
        case "min": return try x[0].min(axes: axes, keepDims: keepDims)
        case "prod": return try x[0].prod(axes: axes, keepDims: keepDims)
        case "any": return try x[0].any(axes: axes, keepDims: keepDims)
        case "all": return try x[0].all(axes: axes, keepDims: keepDims)
        case "cumsum": return try x[0].cumsum(axis: axis)
        case "cumprod": return try x[0].cumprod(axis: axis)
        case "argmax": return try x[0].argmax(axis: axis)
        case "argmin": return try x[0].argmin(axis: axis)
        case "matmul": return try Tensor.matmul(x[0], x[1])
        case "dot": return try Tensor.dot(x[0], x[1])
        case "outer": return try Tensor.outer(x[0], x[1])
        case "reshape": return try x[0].reshaped(try XCTUnwrap(args["shape"] as? [Int]))
        case "transpose": return try x[0].transposed(args["axes"] as? [Int])
        case "tile": return try x[0].tiled(try XCTUnwrap(args["reps"] as? [Int]))
        case "repeat":
            let repeats = try XCTUnwrap(args["repeats"] as? [Int])
            return try x[0].repeated(repeats, axis: axis)
        case "flip": return try x[0].flipped(axes: axes)
        case "pad":
            let padding = try XCTUnwrap(args["padding"] as? [[Int]]).map { (before: $0[0], after: $0[1]) }
            return try x[0].padded(padding, value: try XCTUnwrap(jsonDouble(args["value"] as Any)))
        case "concatenate": return try Tensor.concat(x, axis: try XCTUnwrap(axis))
        case "stack": return try Tensor.stack(x, axis: try XCTUnwrap(axis))
        case "split_sections": return try x[0].split(sections: try XCTUnwrap(args["sections"] as? Int), axis: try XCTUnwrap(axis))[try XCTUnwrap(args["part"] as? Int)]
        case "split_indices": return try x[0].split(indices: try XCTUnwrap(args["indices"] as? [Int]), axis: try XCTUnwrap(axis))[try XCTUnwrap(args["part"] as? Int)]
        case "squeeze": return try x[0].squeezed()
        case "expand_dims": return try x[0].expandingDims(at: try XCTUnwrap(axis))
        case "broadcast_to": return try x[0].broadcast(to: try XCTUnwrap(args["shape"] as? [Int]))
        case "basic_index":
            return try x[0].indexed(try basicIndex(try XCTUnwrap(args["spec"] as? [Any])))
        case "arange":
            let dtype = try XCTUnwrap(DType(name: try XCTUnwrap(args["dtype"] as? String)))
            return try Tensor.arange(start: try XCTUnwrap(jsonDouble(args["start"] as Any)), stop: try XCTUnwrap(jsonDouble(args["stop"] as Any)),
                                     step: try XCTUnwrap(jsonDouble(args["step"] as Any)), dtype: dtype)
        case "linspace":
            return try Tensor.linspace(start: try XCTUnwrap(jsonDouble(args["start"] as Any)), stop: try XCTUnwrap(jsonDouble(args["stop"] as Any)),
                                       count: try XCTUnwrap(args["num"] as? Int), endpoint: try XCTUnwrap(args["endpoint"] as? Bool))
        case "eye": return try Tensor.eye(try XCTUnwrap(args["n"] as? Int), args["m"] as? Int, k: args["k"] as? Int ?? 0)
        case "argsort": return try x[0].argsort(axis: args["axis"] is NSNull ? nil : axis)
        case "sort": return try x[0].sorted(axis: args["axis"] is NSNull ? nil : axis)
        case "unique_values": return try x[0].unique().values
        case "unique_index": return try x[0].unique().firstIndices
        case "unique_inverse": return try x[0].unique().inverse
        case "unique_counts": return try x[0].unique().counts
        case "bincount": return try x[0].bincount(weights: x.count > 1 ? x[1] : nil, minLength: args["minlength"] as? Int ?? 0)
        case "searchsorted": return try Tensor.searchSorted(x[0], x[1], right: args["side"] as? String == "right")
        case "nonzero": return x[0].nonzero()[try XCTUnwrap(args["part"] as? Int)]
        case "take": return try x[0].take(x[1], axis: axis)
        case "mask": return try x[0].masked(x[1])
        case "where": return try Tensor.where(x[0], x[1], x[2])
        case "set_basic":
            var target = x[0]
            let alias = target
            try target.setIndexed(try basicIndex(try XCTUnwrap(args["spec"] as? [Any])), to: x[1])
            XCTAssertEqual(alias.doubles(), x[0].doubles(), "copy-on-write keeps other values unchanged")
            return target
        case "set_take":
            var target = x[0]
            try target.setTaken(x[1], axis: try XCTUnwrap(axis), to: x[2])
            return target
        case "set_mask":
            var target = x[0]
            try target.setMasked(x[1], to: x[2])
            return target
        default:
            throw TensorError.invalid("fixture op \(op) unknown to the test")
        }
    }
}

/// Index items from the fixture's `[start, stop, step]` / integer encoding.
func basicIndex(_ spec: [Any]) throws -> [TensorIndex] {
    spec.map { item in
        if let i = item as? Int { return .index(i) }
        let parts = (item as? [Any] ?? []).map { $0 as? Int }
        return .slice(start: parts[0], stop: parts[1], step: parts[2])
    }
}

extension Int64 {
    /// This Python int as NumPy would combine it with `tensor`.
    func asPythonInt(for tensor: Tensor) -> Tensor { Tensor.pythonScalar(self, for: tensor) }
}

/// A tensor from the fixture encoding `{"dtype", "shape", "data"}` or a generator formula.
func decodeArray(_ object: [String: Any]) throws -> Tensor {
    let name = try XCTUnwrap(object["dtype"] as? String)
    // NumPy accumulates uint8 in uint64, which does not exist here: the engine uses int64.
    let dtype = try XCTUnwrap(name == "uint64" ? .int64 : DType(name: name))
    let shape = try XCTUnwrap(object["shape"] as? [Int])
    if object["generator"] as? String == "mod7919" {
        let n = Tensor.elementCount(shape)
        let values = (0..<n).map { i in Double((Int64(i) * 7919) % 10007 - 5003) / 7.0 }
        return try Tensor(shape: shape, values: values).cast(to: dtype)
    }
    let data = try XCTUnwrap(object["data"] as? [Any])
    if dtype == .int64 || dtype == .int32 || dtype == .uint8 || dtype == .bool {
        let ints = data.map { ($0 as? NSNumber)?.int64Value ?? 0 }
        return try Tensor(shape: shape, values: ints).cast(to: dtype)
    }
    let doubles: [Double] = data.map { item in
        if let number = jsonDouble(item) { return number }
        switch item as? String {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return .nan
        }
    }
    return try Tensor(shape: shape, values: doubles).cast(to: dtype)
}
