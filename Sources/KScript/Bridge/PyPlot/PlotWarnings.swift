import Foundation
import KTensor

/// matplotlib's warnings (`_api.warn_external`), printed as CPython's warnings module prints
/// them: `file:line: UserWarning: message` and the stripped source line, once per
/// location, attributed to the script line that called into matplotlib. Warnings the
/// script silenced with `warnings.filterwarnings('ignore', ...)` are not shown.
enum PlotWarnings {
    static func warn(_ message: String, category: String = "UserWarning", session: PlotSession, _ interp: Interpreter) {
        guard !isIgnored(message, interp) else { return }
        var location = "<unknown>:0"
        var source: String?
        if interp.fp >= 0 {
            let frame = interp.frames[interp.fp]
            let line = frame.code.line(at: frame.pc)
            location = "\(frame.code.filename):\(line)"
            source = SourceRegistry.line(frame.code.filename, line)?.trimmingCharacters(in: .whitespaces)
        }
        guard session.shownWarnings.insert(location + ":" + message).inserted else { return }
        var text = "\(location): \(category): \(message)\n"
        if let source, !source.isEmpty { text += "  \(source)\n" }
        Console.shared.write(text, to: .stderr)
    }

    /// Whether the script's `warnings` module (if imported) ignores this message.
    private static func isIgnored(_ message: String, _ interp: Interpreter) -> Bool {
        guard let module = try? interp.modules.get(.str("warnings")), case .object(let o) = module, let m = o as? PyModule,
              case .object(let l)? = m["_ignored"], let ignored = l as? PyList else { return false }
        for entry in ignored.items {
            guard case .object(let e) = entry, let pair = e as? PyTuple, pair.items.count == 2,
                  let prefix = pair.items[0].stringValue, case .object(let c) = pair.items[1], let category = c as? PyType else { continue }
            if BuiltinTypes.userWarning.isSubtype(of: category) && message.hasPrefix(prefix) { return true }
        }
        return false
    }
}
