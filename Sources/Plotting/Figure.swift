import Dispatch

/// A panel draws itself inside a frame: axes, data, its own legend and colorbar.
public protocol Panel: Sendable {
    /// Draws the panel inside `frame` in `style` (its sizes resolved to layout units) and
    /// reports where its parts went.
    @discardableResult func draw(in frame: Rect, on canvas: Canvas, style: Style) -> PanelLayout
}

extension Panel {
    /// Draws the panel in the default style.
    @discardableResult public func draw(in frame: Rect, on canvas: Canvas) -> PanelLayout { draw(in: frame, on: canvas, style: .default) }
}

/// Where a panel put its parts, for tests and for callers that add to the figure.
public struct PanelLayout: Sendable {
    public var plot: Rect
    public var colorbar: Rect?
    public var legend: Rect?
    public var transform: PlotTransform?

    public init(plot: Rect, colorbar: Rect? = nil, legend: Rect? = nil, transform: PlotTransform? = nil) {
        self.plot = plot
        self.colorbar = colorbar
        self.legend = legend
        self.transform = transform
    }
}

/// A figure: a title, an optional subtitle and a grid of panels.
///
/// Layouts: one panel (`[[landscape]]`), side by side (`[[a, b, c]]`), a landscape with its loss
/// panel (`[[landscape, loss]]` with `columnWeights: [1.45, 1]`), or a grid of surfaces ×
/// optimizers (`[[a1, a2], [b1, b2]]`).
///
/// ```swift
/// let figure = Figure(width: 1100, height: 520, title: surface.formula, panels: [[landscape, loss]])
/// figure.draw(on: canvas)
/// ```
public struct Figure: Sendable {
    public var width: Double
    public var height: Double
    public var title: String
    public var subtitle: String?
    /// Rows of panels; a row may be shorter than the others.
    public var panels: [[any Panel]]
    /// Relative column widths (default: equal).
    public var columnWeights: [Double]?
    /// A note drawn last, at the top left (an animation frame's step counter), so that the
    /// drawing before it is the same from frame to frame.
    public var corner: String?
    /// Text as wide as the widest corner note of any frame. A title clear of it stays where it
    /// is; else the note goes down to the subtitle's line when that is clear of it (the titles
    /// stay where the still figure has them); else the title moves a line lower, or, when it
    /// wraps anyway, is set between the note and its mirror on the right, in every frame and
    /// the last alike.
    public var cornerReserve: String?
    /// How it looks. ``width`` and ``height`` are in layout units: the file is
    /// `style.spacing` times as large (see ``Style/spacing``).
    public var style: Style = .default

    public init(width: Double, height: Double, title: String, subtitle: String? = nil, panels: [[any Panel]], columnWeights: [Double]? = nil) {
        self.width = width
        self.height = height
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
        self.columnWeights = columnWeights
    }

    /// A figure in `style`.
    public init(style: Style, width: Double, height: Double, title: String, subtitle: String? = nil, panels: [[any Panel]], columnWeights: [Double]? = nil) {
        self.init(width: width, height: height, title: title, subtitle: subtitle, panels: panels, columnWeights: columnWeights)
        self.style = style
    }

    /// Draws everything and returns each panel's layout, row by row.
    @discardableResult
    public func draw(on canvas: Canvas) -> [[PanelLayout]] {
        if let background = style.background {
            canvas.fill(.rect(Rect(x: 0, y: 0, width: width, height: height)), color: background, rule: .nonZero)
        }
        // Titles too wide for the canvas wrap, then shrink, then end in an ellipsis.
        var titleBox = Rect(x: 0, y: 14, width: width, height: 0)
        var cornerY = 14.0
        if let cornerReserve {
            let inset = canvas.measure(cornerReserve, font: style.subtitleFont).width + 12 + 6
            let titleWidth = canvas.measure(title, font: style.titleFont).width
            let subtitleWidth = subtitle.map { canvas.measure($0, font: style.subtitleFont).width }
            if titleWidth > width - 2 * inset, titleWidth <= width - 8, let subtitleWidth, subtitleWidth <= width - 2 * inset {
                // Beside the subtitle, under the one-line title: the still figure's places.
                let t = canvas.measure(title, font: style.titleFont)
                cornerY = 14 + t.ascent + t.descent + 6
            } else if titleWidth > width - 2 * inset {
                if titleWidth > width - 20 && width >= 4 * inset {
                    // It wraps anyway: between the counter and its mirror.
                    titleBox = Rect(x: inset, y: 14, width: width - 2 * inset, height: 0)
                } else {
                    // On one line below the counter.
                    let counter = canvas.measure(cornerReserve, font: style.subtitleFont)
                    titleBox.y += counter.ascent + counter.descent + 6
                }
            }
        }
        var top = drawPanelTitle(title, in: titleBox, on: canvas, look: style, font: style.titleFont) + 6
        if let subtitle {
            top = drawPanelTitle(subtitle, in: Rect(x: 0, y: top, width: width, height: 0), on: canvas, look: style, font: style.subtitleFont, color: style.muted)
        }
        top += 10
        let columns = panels.map(\.count).max() ?? 1
        let weights = (columnWeights?.count == columns ? columnWeights! : Array(repeating: 1.0, count: columns))
        let total = weights.reduce(0, +)
        let margin = 10.0
        let rowHeight = (height - top - margin) / Double(max(1, panels.count))
        var frames: [(row: Int, panel: any Panel, frame: Rect)] = []
        for (r, row) in panels.enumerated() {
            var x = margin
            for (c, panel) in row.enumerated() {
                let w = (width - 2 * margin) * weights[c] / total
                frames.append((r, panel, Rect(x: x, y: top + Double(r) * rowHeight, width: w, height: rowHeight - (r == panels.count - 1 ? 0 : 8))))
                x += w
            }
        }
        var drawn: [PanelLayout] = []
        if frames.count > 1, let branching = canvas as? BranchingCanvas,
           case let branches = frames.compactMap({ _ in branching.makeBranch() }), branches.count == frames.count {
            // Each panel on its own branch, all at once; then the branches in order.
            nonisolated(unsafe) var results = [PanelLayout?](repeating: nil, count: frames.count)
            let style = self.style
            results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let slots = buffer.baseAddress!
                nonisolated(unsafe) let work = Array(zip(frames, branches))
                DispatchQueue.concurrentPerform(iterations: work.count) { k in
                    let (item, branch) = work[k]
                    slots[k] = item.panel.draw(in: item.frame, on: branch, style: style)
                }
            }
            for branch in branches { branching.merge(branch) }
            drawn = results.map { $0 ?? PanelLayout(plot: Rect(x: 0, y: 0, width: 0, height: 0)) }
        } else {
            drawn = frames.enumerated().map { k, item in
                canvas.mark("panel \(k + 1) (\(type(of: item.panel)))")
                return item.panel.draw(in: item.frame, on: canvas, style: style)
            }
        }
        var layouts = panels.map { _ in [PanelLayout]() }
        for (item, layout) in zip(frames, drawn) { layouts[item.row].append(layout) }
        if let corner {
            canvas.text(corner, at: Point(12, cornerY), font: style.subtitleFont, color: style.muted, anchor: TextAnchor(.left, .top))
        }
        return layouts
    }
}
