import CZlib
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// What the pyplot tests read from a figure file: an SVG's `<text>` elements, colours and
/// element counts (as tests/pyplot/svg_summary.py extracts them from matplotlib's SVG), and
/// the pixels of a PNG rendering.
struct SVGSummary {
    struct TextItem {
        let text: String
        let x: Double
        let y: Double
        let anchor: String
        let size: Double?
    }

    var width = ""
    var height = ""
    var texts: [TextItem] = []
    var colours = Set<String>()
    var counts: [String: Int] = ["text": 0, "image": 0]

    /// Parses an SVG document; throws when it is not well-formed XML.
    static func parse(_ svg: String) throws -> SVGSummary {
        let reader = Reader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw FigureFileError("SVG does not parse: \(String(describing: parser.parserError))") }
        return reader.summary
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var summary = SVGSummary()
        private var openText: (attributes: [String: String], style: [String: String])?
        private var textContent = ""

        static func style(_ text: String?) -> [String: String] {
            var out: [String: String] = [:]
            for part in (text ?? "").split(separator: ";") {
                let kv = part.split(separator: ":", maxSplits: 1)
                if kv.count == 2 { out[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces) }
            }
            return out
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "svg" && summary.width.isEmpty {
                summary.width = attributes["width"] ?? ""
                summary.height = attributes["height"] ?? ""
            }
            if summary.counts[name] != nil { summary.counts[name, default: 0] += 1 }
            let style = Reader.style(attributes["style"])
            for key in ["fill", "stroke"] {
                if let v = style[key] ?? attributes[key], v.count == 7, v.hasPrefix("#") { summary.colours.insert(v) }
            }
            if name == "text" {
                openText = (attributes, style)
                textContent = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if openText != nil { textContent += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard name == "text", let (attributes, style) = openText else { return }
            let font = (style["font"] ?? "") + " " + (style["font-size"] ?? "")
            var size: Double?
            if let range = font.range(of: #"[0-9.]+px"#, options: .regularExpression) { size = Double(font[range].dropLast(2)) }
            summary.texts.append(TextItem(text: textContent, x: Double(attributes["x"] ?? "") ?? .nan, y: Double(attributes["y"] ?? "") ?? .nan,
                                          anchor: style["text-anchor"] ?? "start", size: size))
            openText = nil
        }
    }
}

/// An 8-bit RGB or RGBA PNG decoded with zlib (what rsvg-convert and matplotlib write).
struct RasterImage {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]

    /// The pixel composited on white, components in 0...1.
    func onWhite(_ x: Int, _ y: Int) -> (Double, Double, Double) {
        let i = (y * width + x) * channels
        let alpha = channels == 4 ? Double(pixels[i + 3]) / 255 : 1
        func c(_ v: UInt8) -> Double { Double(v) / 255 * alpha + (1 - alpha) }
        return (c(pixels[i]), c(pixels[i + 1]), c(pixels[i + 2]))
    }

    /// The share of pixels that are not (nearly) white.
    var inkFraction: Double {
        var ink = 0
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = onWhite(x, y)
                if r + g + b < 2.7 { ink += 1 }
            }
        }
        return Double(ink) / Double(max(width * height, 1))
    }

    static func decode(_ data: Data) throws -> RasterImage {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw FigureFileError("not a PNG") }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var offset = 8, width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = u32(offset), kind = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = offset + 8
            guard body + length <= bytes.count else { throw FigureFileError("truncated PNG") }
            if kind == "IHDR" {
                width = u32(body)
                height = u32(body + 4)
                guard bytes[body + 8] == 8, bytes[body + 12] == 0 else { throw FigureFileError("only 8-bit non-interlaced PNGs") }
                switch bytes[body + 9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw FigureFileError("only RGB and RGBA PNGs")
                }
            } else if kind == "IDAT" {
                compressed += bytes[body..<(body + length)]
            }
            offset = body + length + 4
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = uncompress(&raw, &rawLength, compressed, uLong(compressed.count))
        guard status == Z_OK, Int(rawLength) == raw.count else { throw FigureFileError("PNG data does not inflate (zlib \(status))") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for i in 0..<stride {
                let value = raw[y * (stride + 1) + 1 + i]
                let a = i >= channels ? Int(pixels[y * stride + i - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + i]) : 0
                let c = (i >= channels && y > 0) ? Int(pixels[(y - 1) * stride + i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw FigureFileError("bad PNG filter \(filter)")
                }
                pixels[y * stride + i] = UInt8(truncatingIfNeeded: Int(value) + predictor)
            }
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    }
}

struct FigureFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The command-line tools the figure tests use (installed by scripts/setup).
enum FigureTools {
    static func path(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool; returns its exit status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stdout = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// Fails the test unless `xmllint --noout` accepts the file.
    static func assertWellFormed(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let xmllint = FigureTools.path("xmllint") else { throw XCTSkip("xmllint (libxml2-utils) is not installed") }
        let result = try run(xmllint, ["--noout", "--nonet", path])
        XCTAssertEqual(result.status, 0, "xmllint \(path): \(result.stderr)", file: file, line: line)
    }

    /// Renders an SVG file with rsvg-convert at 96 dpi.
    static func render(_ path: String) throws -> RasterImage {
        guard let rsvg = FigureTools.path("rsvg-convert") else { throw XCTSkip("rsvg-convert (librsvg2-bin) is not installed") }
        let result = try run(rsvg, ["-f", "png", path])
        guard result.status == 0 else { throw FigureFileError("rsvg-convert failed on \(path): \(result.stderr)") }
        return try RasterImage.decode(result.stdout)
    }
}
