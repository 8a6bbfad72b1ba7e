/// Image data for `imshow`: `height` rows of `width` pixels with 1 (scalar, colour-mapped),
/// 3 (RGB) or 4 (RGBA) channels, row-major. RGB(A) values are floats in 0...1, or integers
/// in 0...255 when `integerValued`.
public struct ImageData {
    public let height: Int
    public let width: Int
    public let channels: Int
    public let values: [Double]
    public let integerValued: Bool

    public init(height: Int, width: Int, channels: Int = 1, values: [Double], integerValued: Bool = false) throws {
        guard [1, 3, 4].contains(channels) else {
            throw PlotError(.typeError, "Invalid shape (\(height), \(width), \(channels)) for image data")
        }
        guard height > 0, width > 0, values.count == height * width * channels else {
            throw PlotError(.typeError, "Invalid shape (\(height), \(width)\(channels == 1 ? "" : ", \(channels)")) for image data")
        }
        self.height = height
        self.width = width
        self.channels = channels
        self.values = values
        self.integerValued = integerValued
    }

    /// Scalar image data from rows of equal length.
    public init(rows: [[Double]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw PlotError(.typeError, "Image data rows must have equal lengths")
        }
        try self.init(height: rows.count, width: width, values: rows.flatMap { $0 })
    }
}

/// Where row 0 of an image goes (`origin`).
public enum ImageOrigin: String {
    case upper, lower
}

/// An image drawn over a data rectangle (matplotlib's `AxesImage`), as made by `imshow`.
public final class AxesImage: Artist {
    public let data: ImageData
    public var cmap: Colormap
    public var norm: Normalize
    public var origin: ImageOrigin
    /// (left, right, bottom, top) in data coordinates.
    public var extent: (Double, Double, Double, Double)
    /// Smooth resampling (bilinear and friends) instead of nearest-neighbour pixels.
    public var smooth: Bool

    init(data: ImageData, cmap: Colormap, norm: Normalize, origin: ImageOrigin,
         extent: (Double, Double, Double, Double), smooth: Bool) {
        self.data = data
        self.cmap = cmap
        self.norm = norm
        self.origin = origin
        self.extent = extent
        self.smooth = smooth
        super.init(zorder: 0)
    }

    override var svgGroupName: String { "image" }

    override func dataExtent() -> DataExtent {
        var e = DataExtent()
        e.x.add(extent.0)
        e.x.add(extent.1)
        e.y.add(extent.2)
        e.y.add(extent.3)
        e.stickyX = [min(extent.0, extent.1), max(extent.0, extent.1)]
        e.stickyY = [min(extent.2, extent.3), max(extent.2, extent.3)]
        return e
    }

    /// RGBA bytes of the image in data order (row 0 first), as matplotlib maps them.
    func rgbaBytes() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: data.width * data.height * 4)
        let globalAlpha = alpha ?? 1
        for i in 0..<(data.width * data.height) {
            var r: UInt8 = 0, g: UInt8 = 0, b: UInt8 = 0, a = 1.0
            if data.channels == 1 {
                let v = data.values[i]
                if v.isNaN {
                    a = 0
                } else {
                    (r, g, b) = cmap.bytes(at: norm(v))
                }
            } else {
                let base = i * data.channels
                func channel(_ k: Int) -> Double {
                    let v = data.values[base + k]
                    return data.integerValued ? min(max(v, 0), 255) / 255 : min(max(v, 0), 1)
                }
                r = UInt8((channel(0) * 255).rounded(.toNearestOrEven))
                g = UInt8((channel(1) * 255).rounded(.toNearestOrEven))
                b = UInt8((channel(2) * 255).rounded(.toNearestOrEven))
                if data.channels == 4 { a = channel(3) }
            }
            out[4 * i] = r
            out[4 * i + 1] = g
            out[4 * i + 2] = b
            out[4 * i + 3] = UInt8((a * globalAlpha * 255).rounded(.toNearestOrEven))
        }
        return out
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        // Display positions of the edge where row 0 / column 0 sits and the opposite edges.
        let row0 = origin == .upper ? extent.3 : extent.2, rowEnd = origin == .upper ? extent.2 : extent.3
        let y0 = context.y(row0), y1 = context.y(rowEnd)
        let x0 = context.x(extent.0), x1 = context.x(extent.1)
        let flipRows = y0 < y1, flipColumns = x0 > x1
        let bytes = rgbaBytes()
        // Viewers smooth upscaled images (librsvg ignores image-rendering), so nearest-
        // neighbour images are embedded as blocks of k x k pixels: about two pixels per
        // point of the drawn size (at most 2400 pixels a side).
        let drawn = max(abs(x1 - x0), abs(y1 - y0)), cells = max(data.width, data.height)
        let k = smooth ? 1 : max(1, min(PythonFloat.int((2 * drawn / Double(cells)).rounded(.up)), 2400 / cells))
        let outWidth = data.width * k, outHeight = data.height * k
        var pixels = [UInt8](repeating: 0, count: outWidth * outHeight * 4)
        for row in 0..<outHeight {
            let srcRow = flipRows ? data.height - 1 - row / k : row / k
            for col in 0..<outWidth {
                let srcCol = flipColumns ? data.width - 1 - col / k : col / k
                let s = 4 * (srcRow * data.width + srcCol), d = 4 * (row * outWidth + col)
                pixels[d..<(d + 4)] = bytes[s..<(s + 4)]
            }
        }
        let png = PNGEncoder.encode(width: outWidth, height: outHeight, rgba: pixels)
        let rect = Rect(x0: min(x0, x1), y0: min(y0, y1), x1: max(x0, x1), y1: max(y0, y1))
        renderer.drawImage(png, rect: rect, smooth: smooth, clip: context.clip(clipOn))
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles { LegendObstacles() }
}
