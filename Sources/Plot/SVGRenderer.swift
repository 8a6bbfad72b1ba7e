import Foundation

/// Writes a figure as SVG 1.1 in matplotlib's layout: 72 user units per inch, `width`/
/// `height` in pt, one `<g id=...>` per artist, text as `<text>` elements, axes clipped
/// through `<clipPath>`. Takes display coordinates (y up) and flips them.
final class SVGRenderer {
    let width: Double
    let height: Double
    private var body = ""
    private var depth = 1
    private var counters: [String: Int] = [:]
    private var clipRects: [(id: String, rect: Rect)] = []
    private var markerDefs: [String: String] = [:]
    /// Font families for text: DejaVu Sans as matplotlib, then CJK fonts for Chinese labels.
    static let fontFamily = "'DejaVu Sans', 'Bitstream Vera Sans', 'Noto Sans CJK SC', 'Noto Sans CJK', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'Arial Unicode MS', sans-serif"

    /// `origin` shifts all drawing (display coordinates of the output's bottom-left corner).
    let origin: Point

    init(width: Double, height: Double, origin: Point = Point(0, 0)) {
        self.width = width
        self.height = height
        self.origin = origin
    }

    /// matplotlib's `short_float_fmt`: six decimals, trailing zeros and point removed
    /// (non-finite values, which SVG cannot hold, become 0).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let micro = (abs(v) * 1e6).rounded()
        guard micro < 9e15 else { return String(format: "%.0f", v) }
        let units = Int64(micro)
        let whole = units / 1_000_000
        var fraction = units % 1_000_000
        var s = (v < 0 && units != 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = 6
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let f = String(fraction)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return s
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    func x(_ p: Point) -> String { SVGRenderer.number(p.x - origin.x) }
    func y(_ p: Point) -> String { SVGRenderer.number(height - (p.y - origin.y)) }

    /// A fresh id such as `line2d_3`.
    func nextID(_ kind: String) -> String {
        let n = (counters[kind] ?? 0) + 1
        counters[kind] = n
        return "\(kind)_\(n)"
    }

    private func write(_ line: String) {
        body += String(repeating: " ", count: depth) + line + "\n"
    }

    func openGroup(id: String, attributes: String = "") {
        write("<g id=\"\(SVGRenderer.escape(id))\"\(attributes)>")
        depth += 1
    }

    func closeGroup() {
        depth -= 1
        write("</g>")
    }

    /// Registers a clip rectangle and returns the attribute that applies it.
    func clipAttribute(_ rect: Rect?) -> String {
        guard let rect else { return "" }
        if let existing = clipRects.first(where: { $0.rect == rect }) {
            return " clip-path=\"url(#\(existing.id))\""
        }
        let id = "p\(SVGRenderer.idToken)\(clipRects.count + 1)"
        clipRects.append((id, rect))
        return " clip-path=\"url(#\(id))\""
    }

    func pathString(_ path: PathData) -> String {
        var parts: [String] = []
        for s in path.segments {
            switch s {
            case .move(let p): parts.append("M \(x(p)) \(y(p))")
            case .line(let p): parts.append("L \(x(p)) \(y(p))")
            case .quad(let c, let p): parts.append("Q \(x(c)) \(y(c)) \(x(p)) \(y(p))")
            case .cubic(let a, let b, let p): parts.append("C \(x(a)) \(y(a)) \(x(b)) \(y(b)) \(x(p)) \(y(p))")
            case .close: parts.append("z")
            }
        }
        return parts.joined(separator: " ")
    }

    func drawPath(_ path: PathData, style: PathStyle, clip: Rect? = nil) {
        guard !path.segments.isEmpty else { return }
        write("<path d=\"\(pathString(path))\"\(clipAttribute(clip)) style=\"\(style.css)\"/>")
    }

    /// Draws one marker shape (given in points around the origin, y up) at each position,
    /// through a shared `<defs>` path and `<use>` references as matplotlib does.
    func drawMarkers(_ marker: PathData, at positions: [Point], style: PathStyle, clip: Rect?) {
        guard !marker.segments.isEmpty, !positions.isEmpty else { return }
        beginMarkerGroup(clip: clip)
        for p in positions where p.x.isFinite && p.y.isFinite {
            useMarker(marker, at: p, style: style)
        }
        endMarkerGroup()
    }

    func beginMarkerGroup(clip: Rect?) {
        write("<g\(clipAttribute(clip))>")
        depth += 1
    }

    func endMarkerGroup() {
        depth -= 1
        write("</g>")
    }

    /// One `<use>` of a marker outline, defined once per distinct outline.
    func useMarker(_ marker: PathData, at p: Point, style: PathStyle) {
        guard !marker.segments.isEmpty else { return }
        let d = markerPathString(marker)
        let id: String
        if let existing = markerDefs[d] {
            id = existing
        } else {
            id = "m\(SVGRenderer.idToken)\(markerDefs.count + 1)"
            markerDefs[d] = id
            write("<defs>")
            write(" <path id=\"\(id)\" d=\"\(d)\"/>")
            write("</defs>")
        }
        write("<use xlink:href=\"#\(id)\" x=\"\(x(p))\" y=\"\(y(p))\" style=\"\(style.css)\"/>")
    }

    /// Marker outlines are written relative to their position, y down.
    private func markerPathString(_ path: PathData) -> String {
        func xy(_ p: Point) -> String { "\(SVGRenderer.number(p.x)) \(SVGRenderer.number(-p.y))" }
        var parts: [String] = []
        for s in path.segments {
            switch s {
            case .move(let p): parts.append("M " + xy(p))
            case .line(let p): parts.append("L " + xy(p))
            case .quad(let c, let p): parts.append("Q " + xy(c) + " " + xy(p))
            case .cubic(let a, let b, let p): parts.append("C " + xy(a) + " " + xy(b) + " " + xy(p))
            case .close: parts.append("z")
            }
        }
        return parts.joined(separator: " ")
    }

    /// Writes one line of text with its baseline anchor at `anchor`, aligned horizontally by
    /// `textAnchor` (start/middle/end), rotated counter-clockwise by `rotation` degrees. Runs
    /// with their own offsets (superscripts) are written as positioned `<tspan>`s from a
    /// `start` anchor.
    func drawText(_ runs: [TextRun], anchor: Point, textAnchor: String, rotation: Double,
                  size: Double, weight: FontWeight, color: Color, clip: Rect? = nil) {
        var style = "font-size: \(SVGRenderer.number(size))px; font-family: \(SVGRenderer.fontFamily)"
        if weight == .bold { style += "; font-weight: bold" }
        if textAnchor != "start" { style += "; text-anchor: \(textAnchor)" }
        if color.hexRGB != "#000000" { style += "; fill: \(color.hexRGB)" }
        if color.alpha < 1 { style += "; fill-opacity: \(SVGRenderer.number(color.alpha))" }
        let ax = x(anchor), ay = y(anchor)
        let transform = rotation == 0 ? "" : " transform=\"rotate(\(SVGRenderer.number(-rotation)) \(ax) \(ay))\""
        var content = ""
        if runs.count == 1 && runs[0].isPlain {
            content = SVGRenderer.escape(runs[0].text)
        } else {
            for run in runs {
                let p = Point(anchor.x + run.x, anchor.y + run.rise * size)
                let runStyle = run.scale == 1 ? "" : " style=\"font-size: \(SVGRenderer.number(size * run.scale))px\""
                content += "<tspan x=\"\(x(p))\" y=\"\(y(p))\"\(runStyle)>\(SVGRenderer.escape(run.text))</tspan>"
            }
        }
        write("<text x=\"\(ax)\" y=\"\(ay)\"\(transform)\(clipAttribute(clip)) style=\"\(style)\">\(content)</text>")
    }

    /// Embeds an RGBA image (row 0 at the top) stretched over `rect`, with nearest-neighbour
    /// or smooth resampling.
    func drawImage(_ png: [UInt8], rect: Rect, smooth: Bool, clip: Rect?) {
        let encoded = Data(png).base64EncodedString()
        let rendering = smooth ? "" : " style=\"image-rendering: pixelated\""
        write("<image x=\"\(x(Point(rect.x0, rect.y1)))\" y=\"\(y(Point(rect.x0, rect.y1)))\" width=\"\(SVGRenderer.number(rect.width))\" height=\"\(SVGRenderer.number(rect.height))\" preserveAspectRatio=\"none\"\(rendering)\(clipAttribute(clip)) xlink:href=\"data:image/png;base64,\(encoded)\"/>")
    }

    /// Writes a `<title>` element (the tooltip of the enclosing group).
    func title(_ text: String) {
        write("<title>\(SVGRenderer.escape(text))</title>")
    }

    /// Writes `<!-- text -->` before an element, as matplotlib does for text.
    func comment(_ text: String) {
        let safe = text.replacingOccurrences(of: "--", with: "- -")
        write("<!-- \(SVGRenderer.escape(safe)) -->")
    }

    /// Stands for the document's id prefix until the document is finished: referenced ids
    /// (clip paths, marker outlines) get a hash of the content, like matplotlib's, so several
    /// SVGs inlined in one HTML page do not clash.
    private static let idToken = "\u{1}"

    /// FNV-1a over the drawing, as 10 hex digits.
    private static func contentHash(_ s: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100000001b3
        }
        return String(String(h, radix: 16).suffix(10))
    }

    /// The finished document.
    func document() -> String {
        var out = """
        <?xml version="1.0" encoding="utf-8" standalone="no"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
          "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns:xlink="http://www.w3.org/1999/xlink" width="\(SVGRenderer.number(width))pt" height="\(SVGRenderer.number(height))pt" viewBox="0 0 \(SVGRenderer.number(width)) \(SVGRenderer.number(height))" xmlns="http://www.w3.org/2000/svg" version="1.1">

        """
        out += " <metadata>\n  <rdf:RDF xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        out += "   <rdf:Description>\n    <dc:format>image/svg+xml</dc:format>\n    <dc:creator>kscript Plot</dc:creator>\n   </rdf:Description>\n  </rdf:RDF>\n </metadata>\n"
        out += " <defs>\n  <style type=\"text/css\">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n </defs>\n"
        out += body
        if !clipRects.isEmpty {
            out += " <defs>\n"
            for (id, r) in clipRects {
                out += "  <clipPath id=\"\(id)\">\n"
                out += "   <rect x=\"\(x(Point(r.x0, r.y1)))\" y=\"\(y(Point(r.x0, r.y1)))\" width=\"\(SVGRenderer.number(r.width))\" height=\"\(SVGRenderer.number(r.height))\"/>\n"
                out += "  </clipPath>\n"
            }
            out += " </defs>\n"
        }
        out += "</svg>\n"
        return out.replacingOccurrences(of: SVGRenderer.idToken, with: SVGRenderer.contentHash(out))
    }
}
