import Foundation
import XCTest

/// Runs every case under `tests/lang/` with the built `kscript` binary and compares with what
/// CPython 3.11 printed for the same file (`scripts/gen-lang-out`): standard output byte for
/// byte; for failing cases also the exit status, the traceback's frame lines and the final
/// `Type: message` line.
final class LangConformanceTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["KSCRIPT_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return root.appendingPathComponent(".build/debug/kscript")
    }

    static func cases() -> [URL] {
        let base = root.appendingPathComponent("tests/lang")
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "kscript" && !$0.path.contains("/mod_") }
            .sorted { $0.path < $1.path }
    }

    struct Outcome {
        var stdout: Data
        var stderr: String
        var status: Int32
        var timedOut: Bool
    }

    static func run(_ file: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = [file.lastPathComponent, "arg1", "arg2"]
        process.currentDirectoryURL = file.deletingLastPathComponent()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stdout = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(2000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Outcome(stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus, timedOut: timedOut)
    }

    /// The frame lines and the last line of a traceback, with paths reduced to file names.
    static func tracebackSummary(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept = lines.filter { $0.hasPrefix("  File \"") }.map { line -> String in
            guard let open = line.range(of: "File \""), let close = line[open.upperBound...].firstIndex(of: "\"") else { return line }
            let path = String(line[open.upperBound..<close])
            return line.replacingCharacters(in: open.upperBound..<close, with: (path as NSString).lastPathComponent)
        }
        if let last = lines.last(where: { !$0.isEmpty }) { kept.append(last) }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }

    func testCasesMatchCPython() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "kscript binary not built at \(Self.binary.path)")
        let cases = Self.cases()
        XCTAssertGreaterThan(cases.count, 150)
        var failures: [String] = []
        for file in cases {
            let base = file.deletingPathExtension()
            guard let expected = FileManager.default.contents(atPath: base.path + ".out") else {
                failures.append("\(file.lastPathComponent): no .out file (run scripts/gen-lang-out)")
                continue
            }
            let outcome = try Self.run(file)
            let name = file.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            if outcome.timedOut {
                failures.append("\(name): timed out")
                continue
            }
            if outcome.stdout != expected {
                let got = String(decoding: outcome.stdout, as: UTF8.self), want = String(decoding: expected, as: UTF8.self)
                let gotLines = got.split(separator: "\n", omittingEmptySubsequences: false)
                let wantLines = want.split(separator: "\n", omittingEmptySubsequences: false)
                var line = 0
                while line < min(gotLines.count, wantLines.count) && gotLines[line] == wantLines[line] { line += 1 }
                let g = line < gotLines.count ? String(gotLines[line]) : "<end>"
                let w = line < wantLines.count ? String(wantLines[line]) : "<end>"
                failures.append("\(name): stdout differs at line \(line + 1)\n    got:  \(g)\n    want: \(w)\n    stderr: \(outcome.stderr.suffix(300))")
                continue
            }
            if let statusText = try? String(contentsOfFile: base.path + ".status", encoding: .utf8) {
                let status = Int32(statusText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
                if outcome.status != status { failures.append("\(name): exit status \(outcome.status), want \(status)") }
                let wantErr = (try? String(contentsOfFile: base.path + ".err", encoding: .utf8)) ?? ""
                let gotErr = Self.tracebackSummary(outcome.stderr)
                if gotErr != wantErr { failures.append("\(name): stderr differs\n--- got\n\(gotErr)--- want\n\(wantErr)") }
            } else if outcome.status != 0 {
                failures.append("\(name): exit status \(outcome.status), want 0\n\(outcome.stderr.suffix(600))")
            }
        }
        for f in failures { XCTFail(f) }
        print("lang conformance: \(cases.count - failures.count) passed, \(failures.count) failed")
    }
}
