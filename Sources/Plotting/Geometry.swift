/// A point in device space: pixels for PNG, points for SVG and PDF; origin top left, y down.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A rectangle in device space.
public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    /// A negative or NaN width or height is taken as 0: a layout squeezed below its content gets
    /// empty rectangles, never inverted ones.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width > 0 ? width : 0
        self.height = height > 0 ? height : 0
    }

    public var minX: Double { x }
    public var maxX: Double { x + (width > 0 ? width : 0) }
    public var minY: Double { y }
    public var maxY: Double { y + (height > 0 ? height : 0) }
    public var center: Point { Point(x + width / 2, y + height / 2) }

    public func contains(_ p: Point) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    /// Whether the two rectangles share interior points.
    public func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// Whether `other` lies entirely inside this rectangle.
    public func contains(_ other: Rect) -> Bool {
        other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
    }

    public func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
}

/// A device-space path: straight segments, circles and closed subpaths.
public struct Path: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case move(Point)
        case line(Point)
        /// A full circle as its own closed subpath.
        case circle(center: Point, radius: Double)
        case close
    }

    public var elements: [Element] = []

    public init() {}
    public init(elements: [Element]) { self.elements = elements }

    public mutating func move(to p: Point) { elements.append(.move(p)) }
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    public mutating func close() { elements.append(.close) }
    public mutating func addCircle(center: Point, radius: Double) { elements.append(.circle(center: center, radius: radius)) }

    public mutating func addRect(_ r: Rect) {
        move(to: Point(r.minX, r.minY))
        line(to: Point(r.maxX, r.minY))
        line(to: Point(r.maxX, r.maxY))
        line(to: Point(r.minX, r.maxY))
        close()
    }

    /// Adds a polyline, optionally closed.
    public mutating func addPolyline(_ points: [Point], closed: Bool) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
        if closed { close() }
    }

    public static func rect(_ r: Rect) -> Path {
        var p = Path()
        p.addRect(r)
        return p
    }

    public static func circle(center: Point, radius: Double) -> Path {
        Path(elements: [.circle(center: center, radius: radius)])
    }

    public static func segment(_ a: Point, _ b: Point) -> Path {
        Path(elements: [.move(a), .line(b)])
    }

    public var isEmpty: Bool { elements.isEmpty }
}
