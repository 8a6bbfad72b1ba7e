import Foundation

/// Support for the notebook REPL: running a cell in a module namespace and deciding whether
/// typed source is complete.
extension Interpreter {
    /// Runs a cell's source in `module`. Returns the value of a final expression statement
    /// (not printed), or nil when the cell does not end with an expression.
    public func runCell(_ source: String, in module: PyModule, filename: String) throws -> Value? {
        SourceRegistry.register(filename, source)
        let endsWithExpression = Interpreter.endsWithExpression(source)
        let value = try run(source: source, filename: filename, in: module, interactive: endsWithExpression)
        return endsWithExpression ? value : nil
    }

    private static func endsWithExpression(_ source: String) -> Bool {
        guard let body = try? Parser.parseModule(SourceText(source, filename: "<cell>")), let last = body.last else { return false }
        if case .expression = last.kind { return true }
        return false
    }

    /// Python's rule for interactive input: false while brackets are open, a string or a
    /// backslash continuation is unfinished, the last line ends with `:`, or a compound
    /// statement has not been ended by a blank line.
    public static func isComplete(_ source: String) -> Bool {
        let text = SourceText(source, filename: "<input>")
        do {
            _ = try Lexer.tokenize(text)
        } catch let e as CompileError {
            if e.message.contains("was never closed") || e.message.hasPrefix("unterminated triple-quoted")
                || e.message.hasPrefix("unexpected EOF") {
                return false
            }
            return true
        } catch {
            return true
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let nonEmpty = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let last = nonEmpty.last else { return true }
        let trimmedLast = last.trimmingCharacters(in: .whitespaces)
        if trimmedLast.hasSuffix(":") && !trimmedLast.hasPrefix("#") { return false }
        if trimmedLast.hasSuffix("\\") { return false }
        let isCompound = nonEmpty.count > 1 || trimmedLast.hasSuffix(":")
            || nonEmpty.contains { $0.first == " " || $0.first == "\t" }
            || (nonEmpty.first.map { $0.trimmingCharacters(in: .whitespaces).hasSuffix(":") } ?? false)
        if isCompound && nonEmpty.contains(where: { $0.first == " " || $0.first == "\t" }) {
            return source.hasSuffix("\n\n") || lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true && lines.count >= 2
                && lines[lines.count - 2].trimmingCharacters(in: .whitespaces).isEmpty
        }
        return true
    }
}

/// Who is told when a script shows a figure. The pyplot bridge's `show()` writes each figure
/// to a file (in `Interpreter.plotsDirectory`) and then calls `shown(path:)`; the notebook
/// installs `onShow` to attach the figure to the running cell (notebook export).
public enum FigureDisplay {
    /// Called with the path of every figure file written by `show()`.
    nonisolated(unsafe) public static var onShow: ((String) -> Void)?

    /// Reports a figure file written by `show()`.
    public static func shown(path: String) { onShow?(path) }
}
