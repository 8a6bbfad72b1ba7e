import Foundation

extension Interpreter {
    /// The text `help(object)` prints: signature and docstring, pydoc-style.
    public func helpText(_ value: Value) throws -> String {
        func indent(_ doc: String) -> String {
            doc.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        switch value.object {
        case let f as PyFunction:
            var text = "Help on function \(f.name) in module \(f.module.name):\n\n\(f.name)\(signatureText(f))\n"
            if let doc = f.doc.stringValue { text += indent(cleanDocstring(doc)) + "\n" }
            return text + "\n"
        case let f as NativeFunction:
            let kind = f.ownerType == nil ? "built-in function" : "method_descriptor"
            let place = f.moduleName.map { " in module \($0)" } ?? ""
            var text = "Help on \(kind) \(f.name)\(place):\n\n\(f.name)\(f.signature.display)\n"
            if let doc = f.doc { text += indent(doc) + "\n" }
            return text + "\n"
        case let m as PyMethod:
            return try helpText(m.function)
        case let t as PyType:
            var text = "Help on class \(t.name) in module \(t.module):\n\nclass \(t.name)"
            let bases = t.bases.filter { $0 !== BuiltinTypes.object }
            if !bases.isEmpty { text += "(" + bases.map(\.displayName).joined(separator: ", ") + ")" }
            text += "\n"
            if let doc = t.doc ?? t.attributes["__doc__"]?.stringValue { text += " |  " + cleanDocstring(doc).replacingOccurrences(of: "\n", with: "\n |  ") + "\n" }
            let methods = t.attributes.pairs.compactMap { pair -> (String, Value)? in
                guard let n = pair.key.stringValue, !n.hasPrefix("_") || n == "__init__" || n == "__call__" else { return nil }
                return (n, pair.value)
            }
            if !methods.isEmpty { text += " |  \n |  Methods defined here:\n" }
            for (name, v) in methods {
                switch v.object {
                case let f as PyFunction:
                    text += " |  \n |  \(name)\(signatureText(f))\n"
                    if let doc = f.doc.stringValue { text += " |      " + cleanDocstring(doc).replacingOccurrences(of: "\n", with: "\n |      ") + "\n" }
                case let f as NativeFunction:
                    text += " |  \n |  \(name)\(f.signature.display)\n"
                    if let doc = f.doc { text += " |      " + doc.replacingOccurrences(of: "\n", with: "\n |      ") + "\n" }
                default:
                    continue
                }
            }
            return text + "\n"
        case let m as PyModule:
            var text = "Help on module \(m.name):\n\nNAME\n    \(m.name)\n"
            if let doc = m["__doc__"]?.stringValue { text += "\nDESCRIPTION\n" + indent(doc) + "\n" }
            let functions = m.names.filter { !$0.hasPrefix("_") }.sorted()
            if !functions.isEmpty { text += "\nCONTENTS\n" + functions.map { "    " + $0 }.joined(separator: "\n") + "\n" }
            return text + "\n"
        default:
            let type = value.type
            return try helpText(.object(type))
        }
    }

    /// `(a, b=1, *args, c, **kw)` for a script function.
    func signatureText(_ f: PyFunction) -> String {
        let code = f.code
        var parts: [String] = []
        let firstDefault = code.positionalCount - f.defaults.count
        for i in 0..<code.positionalCount {
            let name = code.slotNames[i]
            if i >= firstDefault, let r = try? repr(f.defaults[i - firstDefault]) { parts.append("\(name)=\(r)") } else { parts.append(name) }
            if code.positionalOnlyCount > 0 && i == code.positionalOnlyCount - 1 { parts.append("/") }
        }
        if let v = code.varArgsSlot { parts.append("*" + code.slotNames[v]) } else if !code.keywordOnlyNames.isEmpty { parts.append("*") }
        for k in code.keywordOnlyNames {
            if let d = f.keywordDefaults[k], let r = try? repr(d) { parts.append("\(k)=\(r)") } else { parts.append(k) }
        }
        if let k = code.varKeywordsSlot { parts.append("**" + code.slotNames[k]) }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// `inspect.cleandoc`: strips the common indentation of docstring lines.
    func cleanDocstring(_ doc: String) -> String {
        var lines = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return doc }
        let indents = lines.dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }
        let margin = indents.min() ?? 0
        lines[0] = lines[0].trimmingCharacters(in: .whitespaces)
        for i in 1..<lines.count { lines[i] = String(lines[i].dropFirst(min(margin, lines[i].prefix { $0 == " " }.count))) }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }
}
