/// A line of text with matplotlib's `$...$` math segments reduced to what plots need:
/// superscripts (`10^{3}`), subscripts, `\times`, Greek letters and a few symbols, and
/// `\mathdefault{}`/`\mathrm{}` grouping. Produces positioned runs and the line's extent.
struct RichText {
    var runs: [TextRun]
    var extent: TextExtent

    /// Script size and shifts relative to the font size (as matplotlib's mathtext lays out
    /// DejaVu Sans).
    static let scriptScale = 0.7
    static let superscriptRise = 0.383
    static let subscriptDrop = -0.2
    /// Space on each side of a binary operator such as `\times`.
    static let binaryOperatorSpace = 0.19482
    static let binaryOperators: Set<String> = ["\u{00D7}", "\u{00B7}", "\u{00B1}", "\u{2213}", "+", "="]

    static let symbols: [String: String] = [
        "times": "\u{00D7}", "cdot": "\u{00B7}", "pm": "\u{00B1}", "mp": "\u{2213}", "infty": "\u{221E}",
        "circ": "\u{2218}", "degree": "\u{00B0}", "leq": "\u{2264}", "geq": "\u{2265}", "neq": "\u{2260}",
        "approx": "\u{2248}", "sim": "\u{223C}", "rightarrow": "\u{2192}", "leftarrow": "\u{2190}",
        "to": "\u{2192}", "sum": "\u{2211}", "prod": "\u{220F}", "partial": "\u{2202}", "nabla": "\u{2207}",
        "sqrt": "\u{221A}", "int": "\u{222B}", "in": "\u{2208}", "%": "%", "$": "$", "_": "_", "{": "{", "}": "}",
        "#": "#", "&": "&", ",": "\u{2009}", ";": " ", " ": " ", "!": "", "quad": "\u{2003}",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ldots": "…", "cdots": "⋯",
    ]

    /// Commands that only group their argument.
    static let groupingCommands: Set<String> = ["mathdefault", "mathrm", "mathbf", "mathit", "mathsf", "text", "textrm", "rm", "operatorname"]

    static func parse(_ line: String, size: Double, metrics: FontMetrics) -> RichText {
        var pieces: [(text: String, level: Int)] = []
        let chars = Array(line)
        // Math segments need an even number of unescaped dollars, as in matplotlib.
        let dollars = chars.indices.filter { chars[$0] == "$" && ($0 == 0 || chars[$0 - 1] != "\\") }
        if dollars.count < 2 || dollars.count % 2 == 1 {
            pieces = [(line, 0)]
        } else {
            var inMath = false
            var current = ""
            var i = 0
            while i < chars.count {
                if chars[i] == "$" && (i == 0 || chars[i - 1] != "\\") {
                    if !current.isEmpty { pieces.append((current, 0)) }
                    current = ""
                    inMath.toggle()
                    i += 1
                    continue
                }
                if inMath {
                    var end = i
                    while end < chars.count && !(chars[end] == "$" && chars[end - 1] != "\\") { end += 1 }
                    if !current.isEmpty { pieces.append((current, 0)) }
                    current = ""
                    pieces += parseMath(Array(chars[i..<end]), level: 0)
                    i = end
                    continue
                }
                if chars[i] == "\\" && i + 1 < chars.count && chars[i + 1] == "$" {
                    current.append("$")
                    i += 2
                    continue
                }
                current.append(chars[i])
                i += 1
            }
            if !current.isEmpty { pieces.append((current, 0)) }
        }
        return layout(pieces, size: size, metrics: metrics)
    }

    /// The pseudo script level of a binary operator on the baseline (spaced on both sides).
    static let binaryLevel = 2

    /// Splits math into (text, script level) pieces: level 1 superscript, -1 subscript,
    /// `binaryLevel` a spaced operator.
    private static func parseMath(_ chars: [Character], level: Int) -> [(text: String, level: Int)] {
        var out: [(text: String, level: Int)] = []
        var current = ""
        func flush() {
            if !current.isEmpty { out.append((current, level)) }
            current = ""
        }
        var i = 0
        /// The next group: `{...}` or a single character or command.
        func group(from start: Int) -> (chars: [Character], end: Int) {
            guard start < chars.count else { return ([], start) }
            if chars[start] == "{" {
                var depth = 0, j = start
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                return (Array(chars[(start + 1)..<min(j, chars.count)]), min(j + 1, chars.count))
            }
            if chars[start] == "\\" {
                var j = start + 1
                while j < chars.count && chars[j].isLetter { j += 1 }
                if j == start + 1 && j < chars.count { j += 1 }
                return (Array(chars[start..<j]), j)
            }
            return ([chars[start]], start + 1)
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "^", "_":
                flush()
                let (g, end) = group(from: i + 1)
                let sub = parseMath(g, level: c == "^" ? 1 : -1)
                out += sub.map { ($0.text, level == 0 ? $0.level : level) }
                i = end
            case "{", "}":
                i += 1
            case "\\":
                var j = i + 1
                while j < chars.count && chars[j].isLetter { j += 1 }
                if j == i + 1 && j < chars.count { j += 1 }
                let name = String(chars[(i + 1)..<j])
                if groupingCommands.contains(name) {
                    flush()
                    let (g, end) = group(from: j)
                    out += parseMath(g, level: level)
                    i = end
                } else if let symbol = symbols[name], binaryOperators.contains(symbol) {
                    flush()
                    out.append((symbol, level == 0 ? binaryLevel : level))
                    i = j
                } else {
                    current += symbols[name] ?? name
                    i = j
                }
            case "-":
                current += "\u{2212}"
                i += 1
            case " ":
                i += 1
            default:
                current.append(c)
                i += 1
            }
        }
        flush()
        return out
    }

    private static func layout(_ pieces: [(text: String, level: Int)], size: Double, metrics: FontMetrics) -> RichText {
        if pieces.count == 1 && pieces[0].level == 0 {
            return RichText(runs: [TextRun(text: pieces[0].text)], extent: metrics.measure(pieces[0].text, size: size))
        }
        var runs: [TextRun] = []
        var x = 0.0, top = -Double.infinity, bottom = Double.infinity
        for (i, piece) in pieces.enumerated() where !piece.text.isEmpty {
            if piece.level == binaryLevel {
                x += binaryOperatorSpace * size
                let e = metrics.measure(piece.text, size: size)
                runs.append(TextRun(text: piece.text, x: x))
                top = max(top, e.height - e.descent)
                bottom = min(bottom, -e.descent)
                x += e.width + binaryOperatorSpace * size
                continue
            }
            let scale = piece.level == 0 ? 1 : scriptScale
            let rise = piece.level > 0 ? superscriptRise : piece.level < 0 ? subscriptDrop : 0
            if piece.level != 0 && i > 0 { x += 0.00957 * size }
            let e = metrics.measure(piece.text, size: size * scale)
            runs.append(TextRun(text: piece.text, scale: scale, rise: rise, x: x))
            top = max(top, rise * size + e.height - e.descent)
            bottom = min(bottom, rise * size - e.descent)
            x += e.width
            if piece.level != 0 { x += 0.0326 * size }
        }
        if runs.isEmpty { return RichText(runs: [TextRun(text: "")], extent: TextExtent(width: 0, height: 0, descent: 0)) }
        let descent = max(0, -bottom)
        return RichText(runs: runs, extent: TextExtent(width: x, height: top + descent, descent: descent))
    }
}
