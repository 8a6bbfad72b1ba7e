extension Builtins {
    static func installFile() {
        let file = BuiltinTypes.textFile
        func f(_ a: Arguments, _ name: String) throws -> PyFile { try receiver(a, PyFile.self, name, "TextIOWrapper") }
        file.defineRawMethod("read", "size=-1, /") { interp, a in
            let me = try f(a, "read")
            return .str(try me.read(a.count > 1 && !a[1].isNone ? try interp.toInt(a[1], what: "size") : -1))
        }
        file.defineRawMethod("readline", "size=-1, /") { _, a in .str(try f(a, "readline").readLine()) }
        file.defineRawMethod("readlines", "hint=-1, /") { _, a in
            let me = try f(a, "readlines")
            var lines: [Value] = []
            while true {
                let line = try me.readLine()
                if line.isEmpty { break }
                lines.append(.str(line))
            }
            return .object(PyList(lines))
        }
        file.defineRawMethod("write", "text, /") { _, a in
            let me = try f(a, "write")
            guard a.count == 2, let s = a[1].stringValue else {
                throw PyException.typeError("write() argument must be str, not \(a.count > 1 ? a[1].type.name : "nothing")")
            }
            return .int(try me.write(s))
        }
        file.defineRawMethod("writelines", "lines, /") { interp, a in
            let me = try f(a, "writelines")
            for line in try interp.collect(a[1]) {
                guard let s = line.stringValue else { throw PyException.typeError("write() argument must be str, not \(line.type.name)") }
                _ = try me.write(s)
            }
            return .none
        }
        file.defineRawMethod("flush", "") { _, a in
            try f(a, "flush").flush()
            return .none
        }
        file.defineRawMethod("close", "") { _, a in
            try f(a, "close").close()
            return .none
        }
        file.defineRawMethod("__enter__", "") { _, a in
            _ = try f(a, "__enter__")
            return a[0]
        }
        file.defineRawMethod("__exit__", "*args") { _, a in
            try f(a, "__exit__").close()
            return .bool(false)
        }
        file.defineRawMethod("__iter__", "") { _, a in a[0] }
        file.defineRawMethod("__next__", "") { _, a in
            let line = try f(a, "__next__").readLine()
            if line.isEmpty { throw PyException.stopIteration() }
            return .str(line)
        }
        file.defineProperty("closed", get: { _, v in .bool((v.object as? PyFile)?.isClosed ?? true) })
        file.defineProperty("name", get: { _, v in .str((v.object as? PyFile)?.name ?? "") })
        file.defineProperty("mode", get: { _, v in .str((v.object as? PyFile)?.mode ?? "") })
    }
}
