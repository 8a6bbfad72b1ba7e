import Foundation
import KTensor

/// Reads `/work/shared/reference` material (or `KERAS_REFERENCE_DIR`): `numeric.json` and the
/// summaries produced by real Keras 2.12.
enum ReferenceData {
    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["KERAS_REFERENCE_DIR"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let local = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("numeric.json").path) { return local }
        return URL(fileURLWithPath: "/work/shared/reference")
    }

    static let numeric: [String: Any] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("numeric.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static func layerCase(_ name: String) -> [String: Any] {
        ((numeric["layers"] as? [String: Any])?[name] as? [String: Any]) ?? [:]
    }

    /// A nested JSON array of numbers as a float32 tensor.
    static func tensor(_ value: Any?, dtype: DType = .float32) throws -> Tensor {
        var shape: [Int] = []
        var probe = value
        while let array = probe as? [Any] {
            shape.append(array.count)
            probe = array.first
        }
        var flat: [Double] = []
        func walk(_ v: Any?) {
            if let array = v as? [Any] { array.forEach(walk) } else if let n = v as? NSNumber { flat.append(n.doubleValue) }
        }
        walk(value)
        let t = try Tensor(shape: shape, values: flat)
        return try t.cast(to: dtype)
    }
}
