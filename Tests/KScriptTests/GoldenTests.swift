import Foundation
import XCTest

/// Runs `scripts/golden`: every chapter example with a pinned `examples/chapter/NAME.out` must
/// print it (timing fields of progress lines normalised) and leave its artefacts.
final class GoldenTests: XCTestCase {
    func testChapterExamplesPrintTheirPinnedOutput() throws {
        let root = LangConformanceTests.root
        let pinned = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples/chapter").path)
            .filter { $0.hasSuffix(".out") }
        XCTAssertFalse(pinned.isEmpty, "no pinned chapter outputs")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/golden").path]
        var environment = ProcessInfo.processInfo.environment
        environment["KSCRIPT_BINARY"] = LangConformanceTests.binary.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
    }
}
