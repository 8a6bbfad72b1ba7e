/// One edge line of the axes frame (`ax.spines['top']`).
public final class Spine {
    public var visible = true
    public var color = Color.black
    public var linewidth = 0.8
}
