import Foundation

/// The `math` module.
enum MathModule {
    static func make(_ interpreter: Interpreter) -> PyModule {
        let m = PyModule(name: "math")
        m["__doc__"] = .str("This module provides access to the mathematical functions\ndefined by the C standard.")
        m["pi"] = .float(Double.pi)
        m["e"] = .float(M_E)
        m["tau"] = .float(2 * Double.pi)
        m["inf"] = .float(.infinity)
        m["nan"] = .float(.nan)
        func real(_ v: Value, _ name: String) throws -> Double {
            if let d = v.doubleValue { return d }
            if case .object(let o) = v, let method = o.type.lookup("__float__") {
                if case .float(let d) = try Interpreter.current.call(method, [v]) { return d }
            }
            throw PyException.typeError("must be real number, not \(v.type.name)")
        }
        func checked(_ r: Double, _ x: Double) throws -> Value {
            if r.isNaN && !x.isNaN { throw PyException.valueError("math domain error") }
            if r.isInfinite && x.isFinite { throw PyException.overflow("math range error") }
            return .float(r)
        }
        let unary: [(String, (Double) -> Double, String)] = [
            ("sqrt", { $0.squareRoot() }, "Return the square root of x."),
            ("exp", { Foundation.exp($0) }, "Return e raised to the power of x."),
            ("sin", { Foundation.sin($0) }, "Return the sine of x (measured in radians)."),
            ("cos", { Foundation.cos($0) }, "Return the cosine of x (measured in radians)."),
            ("tan", { Foundation.tan($0) }, "Return the tangent of x (measured in radians)."),
            ("asin", { Foundation.asin($0) }, "Return the arc sine (measured in radians) of x."),
            ("acos", { Foundation.acos($0) }, "Return the arc cosine (measured in radians) of x."),
            ("atan", { Foundation.atan($0) }, "Return the arc tangent (measured in radians) of x."),
            ("sinh", { Foundation.sinh($0) }, "Return the hyperbolic sine of x."),
            ("cosh", { Foundation.cosh($0) }, "Return the hyperbolic cosine of x."),
            ("tanh", { Foundation.tanh($0) }, "Return the hyperbolic tangent of x."),
            ("asinh", { Foundation.asinh($0) }, "Return the inverse hyperbolic sine of x."),
            ("acosh", { Foundation.acosh($0) }, "Return the inverse hyperbolic cosine of x."),
            ("atanh", { Foundation.atanh($0) }, "Return the inverse hyperbolic tangent of x."),
            ("log2", { Foundation.log2($0) }, "Return the base 2 logarithm of x."),
            ("log10", { Foundation.log10($0) }, "Return the base 10 logarithm of x."),
            ("log1p", { Foundation.log1p($0) }, "Return the natural logarithm of 1+x (base e)."),
            ("expm1", { Foundation.expm1($0) }, "Return exp(x)-1."),
            ("fabs", { Swift.abs($0) }, "Return the absolute value of the float x."),
            ("erf", { Foundation.erf($0) }, "Error function at x."),
            ("erfc", { Foundation.erfc($0) }, "Complementary error function at x."),
            ("gamma", { Foundation.tgamma($0) }, "Gamma function at x."),
            ("lgamma", { Foundation.lgamma($0) }, "Natural logarithm of absolute value of Gamma function at x."),
            ("degrees", { $0 * (180 / Double.pi) }, "Convert angle x from radians to degrees."),
            ("radians", { $0 * (Double.pi / 180) }, "Convert angle x from degrees to radians."),
        ]
        for (name, f, doc) in unary {
            m.defineRawFunction(name, "x, /", doc: doc) { _, a in
                try a.expectCount(name, 1...1)
                let x = try real(a[0], name)
                if (name == "sqrt" || name == "log2" || name == "log10") && x < 0 { throw PyException.valueError("math domain error") }
                if (name == "log2" || name == "log10") && x == 0 { throw PyException.valueError("math domain error") }
                return try checked(f(x), x)
            }
        }
        m.defineRawFunction("log", "x, base=<unrepresentable>, /", doc: "Return the logarithm of x to the given base.") { _, a in
            try a.expectCount("log", 1...2)
            let x = try real(a[0], "log")
            if x <= 0 { throw PyException.valueError("math domain error") }
            if a.count == 2 {
                let b = try real(a[1], "log")
                if b <= 0 || b == 1 { throw b == 1 ? PyException.zeroDivision("float division by zero") : PyException.valueError("math domain error") }
                return .float(Foundation.log(x) / Foundation.log(b))
            }
            return .float(Foundation.log(x))
        }
        m.defineRawFunction("pow", "x, y, /") { _, a in
            try a.expectCount("pow", 2...2)
            let x = try real(a[0], "pow"), y = try real(a[1], "pow")
            if x == 0 && y < 0 { throw PyException.valueError("math domain error") }
            if x < 0 && y != y.rounded() && y.isFinite { throw PyException.valueError("math domain error") }
            return try checked(Foundation.pow(x, y), x)
        }
        m.defineRawFunction("atan2", "y, x, /") { _, a in
            try a.expectCount("atan2", 2...2)
            return .float(Foundation.atan2(try real(a[0], "atan2"), try real(a[1], "atan2")))
        }
        m.defineRawFunction("hypot", "*coordinates") { _, a in
            .float(VectorNorm.norm(try (0..<a.count).map { try real(a[$0], "hypot") }))
        }
        m.defineRawFunction("copysign", "x, y, /") { _, a in
            .float(Foundation.copysign(try real(a[0], "copysign"), try real(a[1], "copysign")))
        }
        m.defineRawFunction("fmod", "x, y, /") { _, a in
            let y = try real(a[1], "fmod")
            if y == 0 { throw PyException.valueError("math domain error") }
            return .float(Foundation.fmod(try real(a[0], "fmod"), y))
        }
        for (name, rounding) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            m.defineRawFunction(name, "x, /") { interp, a in
                try a.expectCount(name, 1...1)
                if let i = a[0].intValue { return .int(i) }
                if case .object(let o) = a[0], let method = o.type.lookup("__\(name)__") { return try interp.call(method, [a[0]]) }
                let x = try real(a[0], name)
                return .int(try Builtins.intFromDouble(x.rounded(rounding)))
            }
        }
        m.defineRawFunction("isnan", "x, /") { _, a in .bool(try real(a[0], "isnan").isNaN) }
        m.defineRawFunction("isinf", "x, /") { _, a in .bool(try real(a[0], "isinf").isInfinite) }
        m.defineRawFunction("isfinite", "x, /") { _, a in .bool(try real(a[0], "isfinite").isFinite) }
        m.defineFunction("isclose", "a, b, *, rel_tol=1e-09, abs_tol=0.0") { _, args in
            let x = try real(args["a"], "isclose"), y = try real(args["b"], "isclose")
            let rel = try real(args["rel_tol"], "isclose"), absTol = try real(args["abs_tol"], "isclose")
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let diff = Swift.abs(y - x)
            return .bool(diff <= Swift.abs(rel * y) || diff <= Swift.abs(rel * x) || diff <= absTol)
        }
        m.defineRawFunction("factorial", "n, /") { interp, a in
            let n = try interp.toInt(a[0], what: "factorial")
            if n < 0 { throw PyException.valueError("factorial() not defined for negative values") }
            var r = 1
            if n > 1 {
                for i in 2...n {
                    let (v, o) = r.multipliedReportingOverflow(by: i)
                    if o { throw PyException.overflow("factorial(\(n)) does not fit in a 64-bit int (kscript ints are 64-bit)") }
                    r = v
                }
            }
            return .int(r)
        }
        m.defineRawFunction("gcd", "*integers") { interp, a in
            var g = 0
            for i in 0..<a.count {
                var x = try interp.toInt(a[i], what: "gcd").magnitude, y = UInt(g)
                while y != 0 { (x, y) = (y, x % y) }
                guard x <= UInt(Int.max) else { throw PyException.overflow("gcd() result does not fit in a 64-bit int") }
                g = Int(x)
            }
            return .int(g)
        }
        m.defineRawFunction("lcm", "*integers") { interp, a in
            var l = 1
            for i in 0..<a.count {
                let value = try interp.toInt(a[i], what: "lcm")
                guard value != Int.min else { throw PyException.overflow("lcm() result does not fit in a 64-bit int") }
                let x = Swift.abs(value)
                if x == 0 { return .int(0) }
                var p = l, q = x
                while q != 0 { (p, q) = (q, p % q) }
                let (product, overflow) = (l / p).multipliedReportingOverflow(by: x)
                if overflow { throw PyException.overflow("lcm() result does not fit in a 64-bit int") }
                l = product
            }
            return .int(l)
        }
        m.defineRawFunction("isqrt", "n, /") { interp, a in
            let n = try interp.toInt(a[0], what: "isqrt")
            if n < 0 { throw PyException.valueError("isqrt() argument must be nonnegative") }
            var r = min(Int(Double(n).squareRoot()), 3037000499)
            while r * r > n { r -= 1 }
            while r < 3037000499 && (r + 1) * (r + 1) <= n { r += 1 }
            return .int(r)
        }
        m.defineRawFunction("comb", "n, k, /") { interp, a in
            let n = try interp.toInt(a[0], what: "comb"), k = try interp.toInt(a[1], what: "comb")
            if n < 0 || k < 0 { throw PyException.valueError("\(n < 0 ? "n" : "k") must be a non-negative integer") }
            if k > n { return .int(0) }
            var r = 1
            for i in 0..<min(k, n - k) {
                let (v, o) = r.multipliedReportingOverflow(by: n - i)
                if o { throw PyException.overflow("comb() result does not fit in a 64-bit int") }
                r = v / (i + 1)
            }
            return .int(r)
        }
        m.defineRawFunction("perm", "n, k=None, /") { interp, a in
            let n = try interp.toInt(a[0], what: "perm")
            let k = a.count > 1 && !a[1].isNone ? try interp.toInt(a[1], what: "perm") : n
            if n < 0 || k < 0 { throw PyException.valueError("\(n < 0 ? "n" : "k") must be a non-negative integer") }
            if k > n { return .int(0) }
            var r = 1
            for i in 0..<k {
                let (v, o) = r.multipliedReportingOverflow(by: n - i)
                if o { throw PyException.overflow("perm() result does not fit in a 64-bit int") }
                r = v
            }
            return .int(r)
        }
        m.defineRawFunction("fsum", "seq, /") { interp, a in
            var partials: [Double] = []
            for v in try interp.collect(a[0]) {
                var x = try real(v, "fsum")
                var i = 0
                for var y in partials {
                    if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                    let hi = x + y
                    let lo = y - (hi - x)
                    if lo != 0 { partials[i] = lo; i += 1 }
                    x = hi
                }
                partials.removeSubrange(i...)
                partials.append(x)
            }
            return .float(partials.reduce(0, +))
        }
        m.defineRawFunction("prod", "iterable, /, *, start=1") { interp, a in
            var total: Value = a.keyword("start") ?? .int(1)
            for v in try interp.collect(a[0]) { total = try interp.binaryOperation(.multiply, total, v) }
            return total
        }
        m.defineRawFunction("modf", "x, /") { _, a in
            let x = try real(a[0], "modf")
            let i = x.rounded(.towardZero)
            return PyTuple.make([.float(x - i), .float(i)])
        }
        m.defineRawFunction("frexp", "x, /") { _, a in
            var e: Int32 = 0
            let mantissa = Foundation.frexp(try real(a[0], "frexp"), &e)
            return PyTuple.make([.float(mantissa), .int(Int(e))])
        }
        m.defineRawFunction("ldexp", "x, i, /") { interp, a in
            .float(Foundation.scalbn(try real(a[0], "ldexp"), try interp.toInt(a[1], what: "ldexp")))
        }
        m.defineRawFunction("dist", "p, q, /") { interp, a in
            let p = try interp.collect(a[0]), q = try interp.collect(a[1])
            guard p.count == q.count else { throw PyException.valueError("both points must have the same number of dimensions") }
            return .float(VectorNorm.norm(try zip(p, q).map { x, y in try real(x, "dist") - real(y, "dist") }))
        }
        return m
    }
}
