import Contours
import Landscapes

/// A classifier's decision regions over its input plane, with the data on top: each class's
/// region (where its margin z_k − max_{l≠k} z_l is positive) in a light shade of the class colour,
/// the part where it is at least ``confident`` times as likely as the next class in a deeper one,
/// the boundaries as dark lines, and every sample as a marker of its class.
///
/// Regions are filled contours of the margins (`ContourGenerator/filled(lower:upper:)`), so a
/// vector figure stays small and its boundaries smooth at any zoom.
public struct RegionsPanel: Panel {
    /// One sample: where it is and its class.
    public struct Sample: Sendable {
        public var position: Vector2
        public var label: Int
        public init(position: Vector2, label: Int) {
            self.position = position
            self.label = label
        }
    }

    public var domain: Domain
    /// `margins[k]`, each `nx × ny` over the domain (rows = y); NaN cells are left blank.
    public var margins: [Grid]
    public var samples: [Sample]
    public var title: String?
    public var xLabel = "x₁"
    public var yLabel = "x₂"
    /// The odds (softmax) above which a region is drawn in the deeper shade.
    public var confident = 4.0
    public var showLegend = true

    public init(domain: Domain, margins: [Grid], samples: [Sample], title: String? = nil) {
        self.domain = domain
        self.margins = margins
        self.samples = samples
        self.title = title
    }

    /// Class colours (Paul Tol's "bright" scheme), cycling.
    public static let classColors: [Color] = [
        Color(hex: 0x4477AA), Color(hex: 0xEE6677), Color(hex: 0x228833), Color(hex: 0xCCBB44),
        Color(hex: 0xAA3377), Color(hex: 0x66CCEE), Color(hex: 0xBBBBBB),
    ]
    public static func classColor(_ k: Int) -> Color { classColors[k % classColors.count] }
    static func classMarker(_ k: Int) -> Marker { [Marker.circle, .square, .triangle, .diamond][k % 4] }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let xAxis = Axis(from: domain.xmin, to: domain.xmax, title: xLabel)
        let yAxis = Axis(from: domain.ymin, to: domain.ymax, title: yLabel)
        var plot = plotRect(in: frame, title: title, y: yAxis, on: canvas, look: look)
        // Equal scales on both axes, as the data's geometry is the point of the figure.
        let aspect = domain.width / domain.height
        if aspect > 1.0 / 3, aspect < 3, plot.width > 0, plot.height > 0 {
            if plot.width / plot.height > aspect {
                let w = (plot.height * aspect).rounded()
                plot.x += ((plot.width - w) / 2).rounded()
                plot.width = w
            } else {
                // Top-aligned, under the panel's title.
                plot.height = (plot.width / aspect).rounded()
            }
        }
        let transform = PlotTransform(domain: domain, rect: plot)
        canvas.fill(.rect(plot), color: Color(hex: 0xF4F4F4), rule: .nonZero)
        canvas.pushClip(plot)
        let strong = cLog(confident)
        var boundaries = Path()
        for (k, grid) in margins.enumerated() {
            let contours = ContourGenerator(grid: grid)
            let base = Self.classColor(k)
            for (lower, upper, shade) in [(0.0, strong, 0.78), (strong, Double.infinity, 0.6)] {
                var path = Path()
                for ring in contours.filled(lower: lower, upper: upper) {
                    path.addPolyline(simplify(ring.points.map(transform.callAsFunction), tolerance: 0.2), closed: true)
                }
                canvas.fill(path, color: base.mixed(with: .white, shade), rule: .nonZero)
            }
            // Two classes share one boundary: draw it once.
            if margins.count > 2 || k == 0 {
                for line in contours.lines(at: 0) {
                    boundaries.addPolyline(simplify(line.points.map(transform.callAsFunction), tolerance: 0.2), closed: line.isClosed)
                }
            }
        }
        canvas.stroke(boundaries, style: StrokeStyle(color: Color(hex: 0x333333, alpha: 0.8), width: look.line(1.2), join: .round))
        let classes = Swift.max(margins.count, (samples.map(\.label).max() ?? -1) + 1)
        for k in 0..<classes {
            var dots = Path()
            for s in samples where s.label == k {
                dots.elements += Self.classMarker(k).path(at: transform(s.position), radius: look.marker(3.2)).elements
            }
            canvas.fill(dots, color: Self.classColor(k).mixed(with: .black, 0.15), rule: .nonZero)
            canvas.stroke(dots, style: StrokeStyle(color: .white, width: look.marker(0.8)))
        }
        canvas.popClip()
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)
        var layout = PanelLayout(plot: plot, transform: transform)
        if showLegend && look.legend != .none {
            let legend = Legend(rows: (0..<classes).map { k in
                Legend.Row(color: Self.classColor(k).mixed(with: .black, 0.15), marker: Self.classMarker(k), label: "class \(k)",
                           showsLine: false, dash: [], showsMarker: true)
            }, keys: [], look: look)
            let box = legend.place(canvas, in: plot, avoid: samples.map { transform($0.position) }, heavy: []).box
            legend.draw(on: canvas, in: box)
            layout.legend = box
        }
        return layout
    }
}
