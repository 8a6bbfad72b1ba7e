import Foundation
import KTensor

/// The `time` module.
enum TimeModule {
    static func make(_ interpreter: Interpreter) -> PyModule {
        let m = PyModule(name: "time")
        m.defineFunction("time", "", doc: "Return the current time in seconds since the Epoch.") { _, _ in
            .float(Date().timeIntervalSince1970)
        }
        let clock: (Interpreter, BoundArguments) throws -> Value = { _, _ in
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return .float(Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9)
        }
        m.defineFunction("perf_counter", "", doc: "Performance counter for benchmarking.", clock)
        m.defineFunction("monotonic", "", doc: "Monotonic clock, cannot go backward.", clock)
        m.defineFunction("process_time", "") { _, _ in .float(Double(Foundation.clock()) / Double(CLOCKS_PER_SEC)) }
        m.defineFunction("sleep", "secs, /", doc: "Delay execution for a given number of seconds.") { interp, args in
            let seconds = try interp.toDouble(args["secs"], what: "secs")
            if seconds < 0 { throw PyException.valueError("sleep length must be non-negative") }
            if interp.stepBudget != nil { return .none }
            Console.shared.flush()
            var remaining = seconds
            while remaining > 0 {
                let step = min(remaining, 0.05)
                usleep(UInt32(step * 1_000_000))
                remaining -= step
                if Interruption.checkpoint() { throw PyException(type: BuiltinTypes.keyboardInterrupt, args: []) }
            }
            return .none
        }
        m.defineFunction("strftime", "format, t=None, /") { _, args in
            let format = try args.string("format")
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            var buffer = [Int8](repeating: 0, count: 256)
            let n = Foundation.strftime(&buffer, buffer.count, format, &parts)
            return .str(String(cString: Array(buffer[0..<n]) + [0]))
        }
        return m
    }
}
