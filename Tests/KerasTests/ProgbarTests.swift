import KTensor
import XCTest
@testable import Keras

/// `progbar.json` (made by `make_progbar.py`): the same callback events and clock as Keras'
/// `ProgbarLogger` saw give the same text, byte for byte.
final class ProgbarTests: XCTestCase {
    private struct Case {
        let name: String
        let params: TrainingParams
        let metrics: [String]
        let clockStep: Double
        let events: [[String: Any]]
        let output: String
    }

    private func cases() throws -> [Case] {
        let fixture = try loadFixture("progbar.json")
        return try XCTUnwrap(fixture["cases"] as? [[String: Any]]).map { c in
            let params = try XCTUnwrap(c["params"] as? [String: Any])
            return Case(name: try XCTUnwrap(c["name"] as? String),
                        params: TrainingParams(verbose: try XCTUnwrap(params["verbose"] as? Int), epochs: try XCTUnwrap(params["epochs"] as? Int),
                                               steps: params["steps"] as? Int),
                        metrics: try XCTUnwrap(c["metrics"] as? [String]),
                        clockStep: try XCTUnwrap(jsonDouble(try XCTUnwrap(c["clock_step"]))),
                        events: try XCTUnwrap(c["events"] as? [[String: Any]]),
                        output: try XCTUnwrap(c["output"] as? String))
        }
    }

    /// Replays the events on a `ProgbarLogger` and returns what it wrote.
    private func replay(_ c: Case, dynamic: Bool) throws -> String {
        var time = 1000.0
        let logger = ProgbarLogger()
        logger.dynamic = dynamic
        logger.clock = { time += c.clockStep; return time }
        logger.statefulMetrics = Set(c.metrics)
        logger.setParams(c.params)
        return try Console.shared.capture {
            for event in c.events {
                let hook = try XCTUnwrap(event["hook"] as? String)
                let logs = Logs()
                for pair in event["logs"] as? [[Any]] ?? [] {
                    logs[try XCTUnwrap(pair[0] as? String)] = LogValue(try XCTUnwrap(jsonDouble(pair[1])))
                }
                let epoch = event["epoch"] as? Int ?? 0, batch = event["batch"] as? Int ?? 0
                switch hook {
                case "train_begin": try logger.onTrainBegin(logs: logs)
                case "test_begin": try logger.onTestBegin(logs: logs)
                case "predict_begin": try logger.onPredictBegin(logs: logs)
                case "test_end": try logger.onTestEnd(logs: logs)
                case "predict_end": try logger.onPredictEnd(logs: logs)
                case "epoch_begin": try logger.onEpochBegin(epoch, logs: logs)
                case "epoch_end": try logger.onEpochEnd(epoch, logs: logs)
                case "train_batch_end": try logger.onTrainBatchEnd(batch, logs: logs)
                case "test_batch_end": try logger.onTestBatchEnd(batch, logs: logs)
                case "predict_batch_end": try logger.onPredictBatchEnd(batch, logs: logs)
                default: XCTFail("unknown hook \(hook)")
                }
            }
        }
    }

    func testDynamicOutputMatchesKerasExactly() throws {
        let all = try cases()
        XCTAssertEqual(all.count, 9)
        for c in all {
            XCTAssertEqual(try replay(c, dynamic: true), c.output, c.name)
        }
    }

    /// Without a terminal only each bar's final line is printed: what remains of Keras' text
    /// after its last carriage return on each finished line.
    func testNonTerminalOutputKeepsOnlyFinalLines() throws {
        for c in try cases() {
            let expected = c.output.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                let text = String(line)
                guard let r = text.lastIndex(of: "\r") else { return text }
                return String(text[text.index(after: r)...])
            }.joined(separator: "\n")
            XCTAssertEqual(try replay(c, dynamic: false), expected, c.name)
        }
    }
}
