extension CodeObject {
    /// A readable listing of the instructions (for debugging and compiler tests).
    public var disassembly: String {
        var out = "code \(qualifiedName) registers=\(registerCount) slots=\(slotNames)\n"
        for (i, ins) in instructions.enumerated() {
            out += "\(i)\tL\(lines[i])\t\(ins.op) x=\(ins.x) a=\(ins.a) b=\(ins.b) c=\(ins.c)\n"
        }
        for e in exceptionTable { out += "handler [\(e.start), \(e.end)) -> \(e.handler) r\(e.register)\n" }
        for c in constants {
            if case .object(let o) = c, let code = o as? CodeConstant { out += code.code.disassembly }
        }
        return out
    }
}

extension Interpreter {
    /// The disassembly of `source` compiled as a module.
    public func disassemble(_ source: String) throws -> String {
        let module = PyModule(name: "__dis__")
        return try Compiler.compileModule(SourceText(source, filename: "<dis>"), module: module, builtins: builtins).disassembly
    }
}
