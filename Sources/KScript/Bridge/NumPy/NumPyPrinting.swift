import KTensor

/// `np.set_printoptions` / `np.get_printoptions`: the options `print(a)` and `repr(a)` use.
enum NumPyPrinting {
    nonisolated(unsafe) static var options = NumPyPrintOptions()

    static func define(_ m: PyModule) {
        m.defineFunction("set_printoptions", "precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, nanstr=None, infstr=None, formatter=None, sign=None, floatmode=None, *, legacy=None") { interp, args in
            var o = options
            if !args.isNone("precision") { o.precision = try args.int("precision") }
            if !args.isNone("threshold") { o.threshold = try args.int("threshold") }
            if !args.isNone("edgeitems") { o.edgeitems = try args.int("edgeitems") }
            if !args.isNone("linewidth") { o.linewidth = try args.int("linewidth") }
            if !args.isNone("suppress") { o.suppress = try args.bool("suppress") }
            if !args.isNone("nanstr") { o.nanstr = try args.string("nanstr") }
            if !args.isNone("infstr") { o.infstr = try args.string("infstr") }
            if !args.isNone("sign") {
                guard let s = NumPyPrintOptions.Sign(rawValue: try args.string("sign")) else {
                    throw PyException.valueError("sign option must be one of ' ', '+', or '-'")
                }
                o.sign = s
            }
            if !args.isNone("floatmode") {
                guard let f = NumPyPrintOptions.FloatMode(rawValue: try args.string("floatmode")) else {
                    throw PyException.valueError("floatmode option must be one of 'fixed', 'unique', 'maxprec', 'maxprec_equal'")
                }
                o.floatmode = f
            }
            guard o.precision >= 0 else { throw PyException.valueError("precision must be >= 0") }
            guard o.threshold >= 0 else { throw PyException.valueError("threshold must be non-NAN, try sys.maxsize for untruncated representation") }
            options = o
            return .none
        }
        m.defineFunction("get_printoptions", "") { _, _ in
            let d = PyDict()
            let o = options
            let entries: [(String, Value)] = [
                ("edgeitems", .int(o.edgeitems)), ("threshold", .int(o.threshold)), ("floatmode", .str(o.floatmode.rawValue)),
                ("precision", .int(o.precision)), ("suppress", .bool(o.suppress)), ("linewidth", .int(o.linewidth)),
                ("nanstr", .str(o.nanstr)), ("infstr", .str(o.infstr)), ("sign", .str(o.sign.rawValue)),
                ("formatter", .none), ("legacy", .bool(false)),
            ]
            for (k, v) in entries { d.setString(PyStr(k), v) }
            return .object(d)
        }
    }
}
