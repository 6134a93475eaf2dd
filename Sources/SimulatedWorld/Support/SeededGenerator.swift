/// A small, fast, seedable random generator (SplitMix64), so that worlds built from the same
/// seed are identical on every platform.
import PeerPreserveCore

public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// SplitMix64: the output for the current state, then the state moves on by the increment.
    public mutating func next() -> UInt64 {
        defer { state &+= StableHash.golden }
        return StableHash.mix(state)
    }
}

extension SeededGenerator {
    /// A version-4-shaped UUID, lower-case, drawn from the generator.
    public mutating func uuid() -> String {
        var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: next().bigEndian, Array.init) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
