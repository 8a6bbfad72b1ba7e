import Foundation

/// Locates and reads the committed formatting and array-file fixtures under `Tests/KTensorTests/Fixtures`.
enum FormatFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The JSON value of every non-empty line of a `.jsonl` fixture.
    static func jsonLines(_ relativePath: String) throws -> [Any] {
        let text = try String(contentsOf: url(relativePath), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        }
    }

    /// A double from the 16-hex-digit bit pattern the generator scripts write.
    static func double(bits: String) -> Double {
        Double(bitPattern: UInt64(bits, radix: 16) ?? 0)
    }
}
