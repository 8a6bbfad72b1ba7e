/// The label of a record-shaped node, as graphviz draws `shape=record` (what
/// `keras.utils.plot_model` asks for): a text field, or a group of fields. The fields of the
/// top-level group sit side by side when the graph runs top to bottom and are stacked when it
/// runs left to right; each nested group turns the other way. Keras' `dense|Dense` is
/// `.fields([.text("dense"), .text("Dense")])`; `{dense|Dense}|{input:|output:}` is a group of
/// two groups.
public indirect enum RecordLabel: Equatable {
    case text(String)
    case fields([RecordLabel])

    /// The texts in drawing order.
    public var texts: [String] {
        switch self {
        case .text(let s): return [s]
        case .fields(let items): return items.flatMap(\.texts)
        }
    }
}

/// A record label laid out as graphviz does (`size_reclbl`, `resize_reclbl`, `pos_reclbl`):
/// each text field is its text's size plus 16 pt across and 8 pt down, groups add up along
/// their direction and take the largest size across it, the record is at least
/// `minimumSize`, and extra room is shared out evenly among the fields of each group.
/// Coordinates are points from the record's top-left corner, y down.
struct RecordLayout {
    static let fieldPadding = (x: 16.0, y: 8.0)
    /// Graphviz's default node size, 0.75 × 0.5 inch.
    static let minimumSize = (width: 54.0, height: 36.0)

    /// Each text with the field it is centred in.
    private(set) var texts: [(text: String, box: Rect)] = []
    /// The lines between neighbouring fields.
    private(set) var separators: [(Point, Point)] = []
    let size: (width: Double, height: Double)

    private final class Field {
        let text: String?
        let children: [Field]
        let sideBySide: Bool
        var width = 0.0, height = 0.0

        init(_ label: RecordLabel, sideBySide: Bool, fontSize: Double) {
            self.sideBySide = sideBySide
            switch label {
            case .text(let s):
                text = s
                children = []
                let textWidth = FontMetrics.regular.measure(s, size: fontSize).width
                width = textWidth + RecordLayout.fieldPadding.x
                height = fontSize * 1.2 + RecordLayout.fieldPadding.y
            case .fields(let items):
                text = nil
                children = items.map { Field($0, sideBySide: !sideBySide, fontSize: fontSize) }
                for c in children {
                    width = sideBySide ? width + c.width : max(width, c.width)
                    height = sideBySide ? max(height, c.height) : height + c.height
                }
            }
        }

        /// Grows the field to `width` × `height`, sharing the growth along the group's
        /// direction evenly among the children (in whole points as graphviz's integer split,
        /// the last child taking the fraction left over).
        func resize(width newWidth: Double, height newHeight: Double) {
            let growth = sideBySide ? newWidth - width : newHeight - height
            width = newWidth
            height = newHeight
            guard !children.isEmpty else { return }
            let step = growth / Double(children.count)
            func boundary(_ i: Int) -> Double { i == children.count ? growth : (Double(i) * step).rounded(.towardZero) }
            for (i, c) in children.enumerated() {
                let amount = boundary(i + 1) - boundary(i)
                if sideBySide {
                    c.resize(width: c.width + amount, height: newHeight)
                } else {
                    c.resize(width: newWidth, height: c.height + amount)
                }
            }
        }
    }

    /// Lays out `label` at `fontSize`; `sideBySide` is the direction of the top-level group.
    init(_ label: RecordLabel, sideBySide: Bool, fontSize: Double) {
        let top: Field
        if case .text = label {
            top = Field(.fields([label]), sideBySide: sideBySide, fontSize: fontSize)
        } else {
            top = Field(label, sideBySide: sideBySide, fontSize: fontSize)
        }
        top.resize(width: max(top.width, RecordLayout.minimumSize.width), height: max(top.height, RecordLayout.minimumSize.height))
        size = (top.width, top.height)
        place(top, x: 0, y: 0)
    }

    private mutating func place(_ field: Field, x: Double, y: Double) {
        if let text = field.text {
            texts.append((text, Rect(x: x, y: y, width: field.width, height: field.height)))
            return
        }
        var offset = 0.0
        for (i, c) in field.children.enumerated() {
            let cx = field.sideBySide ? x + offset : x, cy = field.sideBySide ? y : y + offset
            if i > 0 {
                separators.append(field.sideBySide ? (Point(cx, cy), Point(cx, cy + c.height)) : (Point(cx, cy), Point(cx + c.width, cy)))
            }
            place(c, x: cx, y: cy)
            offset += field.sideBySide ? c.width : c.height
        }
    }
}
