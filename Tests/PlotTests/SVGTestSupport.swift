import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Plot

/// A parsed SVG element tree for assertions.
final class SVGElement {
    let name: String
    let attributes: [String: String]
    var children: [SVGElement] = []
    var text = ""
    weak var parent: SVGElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// All descendants (depth first, document order), including self.
    var all: [SVGElement] { [self] + children.flatMap(\.all) }

    func elements(_ name: String) -> [SVGElement] { all.filter { $0.name == name } }

    func element(id: String) -> SVGElement? { all.first { $0.attributes["id"] == id } }

    /// The groups whose id starts with `prefix_`.
    func groups(_ prefix: String) -> [SVGElement] {
        all.filter { $0.name == "g" && ($0.attributes["id"]?.hasPrefix(prefix + "_") ?? false) }
    }

    /// The concatenated text of this element and its descendants.
    var fullText: String { text + children.map(\.fullText).joined() }

    func number(_ attribute: String) -> Double { Double(attributes[attribute] ?? "") ?? .nan }

    /// A CSS property from the `style` attribute.
    func style(_ property: String) -> String? {
        for part in (attributes["style"] ?? "").split(separator: ";") {
            let kv = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 && kv[0] == property { return kv[1] }
        }
        return nil
    }
}

final class SVGTreeBuilder: NSObject, XMLParserDelegate {
    var root: SVGElement?
    private var stack: [SVGElement] = []
    var failure: Error?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let e = SVGElement(name: name, attributes: attributes)
        e.parent = stack.last
        stack.last?.children.append(e)
        if root == nil { root = e }
        stack.append(e)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = parseError
    }
}

enum SVGTest {
    static func parse(_ svg: String) throws -> SVGElement {
        let parser = XMLParser(data: Data(svg.utf8))
        let builder = SVGTreeBuilder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw FixtureError("SVG does not parse: \(String(describing: builder.failure ?? parser.parserError))")
        }
        return root
    }

    static func tool(_ name: String) -> String? { Figure.findExecutable(name) }

    /// Runs `xmllint --noout` on the document; fails the test on any complaint.
    static func assertWellFormed(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let xmllint = tool("xmllint") else { throw XCTSkip("xmllint (libxml2-utils) is not installed") }
        let path = NSTemporaryDirectory() + "plot-test-\(UUID().uuidString).svg"
        try svg.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xmllint)
        process.arguments = ["--noout", "--nonet", path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "xmllint: \(String(decoding: message, as: UTF8.self))", file: file, line: line)
    }

    /// Renders with rsvg-convert at 96 dpi (its default) times `zoom` and decodes the PNG.
    static func render(_ svg: String, zoom: Double = 1) throws -> DecodedImage {
        guard let rsvg = tool("rsvg-convert") else { throw XCTSkip("rsvg-convert (librsvg2-bin) is not installed") }
        let png = try Figure.run(rsvg, ["-f", "png", "-z", String(zoom)], input: Data(svg.utf8))
        return try DecodedImage.decode(png)
    }

    /// Fails unless a good share of the rendering differs from the background.
    static func assertNotBlank(_ image: DecodedImage, minimumInkFraction: Double = 0.005, file: StaticString = #filePath, line: UInt = #line) {
        var ink = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let (r, g, b) = image.onWhite(x, y)
                if r + g + b < 2.7 { ink += 1 }
            }
        }
        XCTAssertGreaterThan(Double(ink) / Double(image.width * image.height), minimumInkFraction,
                             "rendering is (nearly) blank", file: file, line: line)
    }

    /// The `<text>` elements with their content, anchor position and font size.
    static func texts(_ root: SVGElement) -> [(text: String, x: Double, y: Double, element: SVGElement)] {
        root.elements("text").map { ($0.fullText, $0.number("x"), $0.number("y"), $0) }
    }
}
