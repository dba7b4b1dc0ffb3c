import Landscapes
import Testing
@testable import Contours

@Suite struct NodeTableTests {
    /// Against a reference built from dictionaries, with keys that collide in the table (multiples
    /// of a large power of two hash to few slots) and nodes with two successors.
    @Test func matchesDictionaryReference() {
        var random = SplitMix64(seed: 7)
        var links: [(Int, Int)] = []
        for k in 0..<3000 {
            let a = k % 3 == 0 ? k << 20 : Int(random.next() % 100_000)
            links.append((a, Int(random.next() % 100_000)))
        }
        var table = NodeTable(capacity: links.count)
        var successors: [Int: [Int]] = [:], incoming = Set<Int>(), starts: [Int] = []
        for (a, b) in links {
            table.add(a, b)
            if successors[a] == nil { starts.append(a) }
            if (successors[a]?.count ?? 0) < 2 { successors[a, default: []].append(b) } else { successors[a]![1] = b }
            incoming.insert(b)
        }
        #expect(table.starts == starts)
        for (a, b) in links {
            #expect(table.hasIncoming(b))
            #expect(table.hasIncoming(a) == incoming.contains(a))
        }
        for a in starts {
            for expected in successors[a]! {
                #expect(table.hasNext(a))
                #expect(table.takeNext(a) == expected)
            }
            #expect(!table.hasNext(a))
            #expect(table.takeNext(a) == nil)
        }
        #expect(!table.hasNext(-5) && table.takeNext(123_456_789) == nil)
    }
}
