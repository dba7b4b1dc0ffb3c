import Landscapes

/// Mini-batches of sample indices: each epoch a fresh seeded shuffle of 0..<n (Fisher–Yates with
/// `SplitMix64`), cut into consecutive batches of size K; the last batch of an epoch may be
/// smaller, as with PyTorch's `DataLoader(shuffle=True, drop_last=False)`. Every sample is used
/// exactly once per epoch.
public struct BatchSampler: Sendable {
    public let count: Int
    public let batchSize: Int
    private var rng: SplitMix64
    private var order: [Int]
    private var position: Int
    /// Epochs started so far.
    public private(set) var epoch = 0

    public init(count: Int, batchSize: Int, seed: UInt64) {
        precondition(count > 0 && batchSize > 0, "a sampler needs samples and a positive batch size")
        self.count = count
        self.batchSize = min(batchSize, count)
        self.rng = SplitMix64(seed: seed)
        self.order = Array(0..<count)
        self.position = count
    }

    /// The next batch, starting a new epoch (and shuffle) when the last one is used up.
    public mutating func next() -> ArraySlice<Int> {
        if position >= count {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
            position = 0
            epoch += 1
        }
        let end = min(position + batchSize, count)
        defer { position = end }
        return order[position..<end]
    }
}
