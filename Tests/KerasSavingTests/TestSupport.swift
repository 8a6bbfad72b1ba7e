import Foundation
import KTensor
import XCTest

let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixturePath(_ relative: String) -> String {
    fixturesDirectory.appendingPathComponent(relative).path
}

func fixtureBytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixturesDirectory.appendingPathComponent(relative)))
}

/// The elements of a tensor as Doubles, row-major.
func doubles(_ tensor: Tensor) -> [Double] {
    var values: [Double] = []
    tensor.forEachElementOffset { values.append(tensor.doubleValue(atOffset: $0)) }
    return values
}

/// The raw bytes of a tensor's elements, row-major (for bit-for-bit comparisons).
func rawBytes(_ tensor: Tensor) -> [UInt8] {
    let contiguous = tensor.contiguous()
    let count = contiguous.count * contiguous.dtype.size
    let start = contiguous.storage.bytes + contiguous.offset * contiguous.dtype.size
    return [UInt8](UnsafeRawBufferPointer(start: start, count: count))
}

/// A fresh path in the temporary directory, removed when the test ends.
func temporaryPath(_ test: XCTestCase, _ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("kscript-saving-\(getpid())-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory.appendingPathComponent(name).path
}
