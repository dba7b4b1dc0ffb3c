/// Links between contour nodes (grid points and edge crossings, as non-negative integers): up to
/// two successors per node and an "has a predecessor" flag.
///
/// An open-addressing hash table with linear probing and Fibonacci hashing, sized once for the
/// number of links it will hold. Only the nodes that occur are stored (a few per boundary cell,
/// never one per grid point), and unlike `Dictionary` it hashes with one multiplication instead of
/// SipHash. Taking a link clears it in place; keys are never removed, so probing stays valid.
struct NodeTable {
    private var keys: [Int]
    private var first: [Int]
    private var second: [Int]
    private var incoming: [Bool]
    private let shift: Int
    /// Nodes in the order their first link was added.
    private(set) var starts: [Int] = []

    /// A table for at most `capacity` links (hence at most that many distinct nodes with a link
    /// out, plus as many with a link in).
    init(capacity: Int) {
        var bits = 4
        while 1 << bits < 4 * Swift.max(capacity, 1) { bits += 1 }
        keys = [Int](repeating: -1, count: 1 << bits)
        first = keys
        second = keys
        incoming = [Bool](repeating: false, count: 1 << bits)
        shift = Int.bitWidth - bits
        starts.reserveCapacity(capacity)
    }

    /// The slot of `key`, inserting it if absent.
    @inline(__always)
    private mutating func slot(_ key: Int) -> Int {
        let mask = keys.count - 1
        var s = Int(truncatingIfNeeded: (UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
        while true {
            let k = keys[s]
            if k == key { return s }
            if k == -1 {
                keys[s] = key
                return s
            }
            s = (s + 1) & mask
        }
    }

    /// The slot of `key`, or nil when it was never inserted.
    @inline(__always)
    private func find(_ key: Int) -> Int? {
        let mask = keys.count - 1
        var s = Int(truncatingIfNeeded: (UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
        while true {
            let k = keys[s]
            if k == key { return s }
            if k == -1 { return nil }
            s = (s + 1) & mask
        }
    }

    /// Adds the link a → b: a's first successor, or its second if it has one already.
    mutating func add(_ a: Int, _ b: Int) {
        let s = slot(a)
        if first[s] == -1 {
            first[s] = b
            starts.append(a)
        } else {
            second[s] = b
        }
        incoming[slot(b)] = true
    }

    func hasNext(_ a: Int) -> Bool {
        guard let s = find(a) else { return false }
        return first[s] != -1 || second[s] != -1
    }

    func hasIncoming(_ a: Int) -> Bool {
        guard let s = find(a) else { return false }
        return incoming[s]
    }

    /// Follows and removes one link out of `a`, or returns nil when none is left.
    mutating func takeNext(_ a: Int) -> Int? {
        guard let s = find(a) else { return nil }
        let f = first[s]
        if f != -1 {
            first[s] = -1
            return f
        }
        let n = second[s]
        if n != -1 {
            second[s] = -1
            return n
        }
        return nil
    }
}
