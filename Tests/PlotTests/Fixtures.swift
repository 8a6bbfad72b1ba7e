import Foundation
import XCTest

/// Loads the JSON and SVG files under Tests/PlotTests/Fixtures (written by the scripts in
/// Fixtures/scripts from the venv's matplotlib).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func json(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: data(name))
        guard let dict = object as? [String: Any] else { throw FixtureError("\(name) is not a JSON object") }
        return dict
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension Dictionary where Key == String, Value == Any {
    func doubles(_ key: String) -> [Double] { (self[key] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
    func strings(_ key: String) -> [String] { self[key] as? [String] ?? [] }
    func double(_ key: String) -> Double { (self[key] as? NSNumber)?.doubleValue ?? .nan }
    func int(_ key: String) -> Int { (self[key] as? NSNumber)?.intValue ?? 0 }
    func dict(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func string(_ key: String) -> String { self[key] as? String ?? "" }
}

/// Asserts two arrays of doubles agree to a relative tolerance.
func assertClose(_ a: [Double], _ b: [Double], rtol: Double = 1e-9, atol: Double = 1e-12, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard a.count == b.count else {
        XCTFail("\(message): \(a) vs \(b)", file: file, line: line)
        return
    }
    for (x, y) in zip(a, b) where abs(x - y) > atol + rtol * max(abs(x), abs(y)) {
        XCTFail("\(message): \(a) vs \(b)", file: file, line: line)
        return
    }
}
