/// Hashes and mixers that give the same answer in every process, on every run and platform: the
/// one home for the project's FNV-1a and SplitMix64.
///
/// Swift's `Hasher` is seeded per process, so it cannot key what must repeat across a crash and a
/// resume: episode seeds, drive-file ids, tool-call ids a provider did not name, fault decisions
/// and signatures a client stores and sends back later.
public enum StableHash {
    /// FNV-1a's 64-bit offset basis and prime.
    public static let fnv1aOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let fnv1aPrime: UInt64 = 0x0000_0100_0000_01B3

    /// 64-bit FNV-1a over bytes: simple, fast and well spread for request bodies.
    public static func fnv1a(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = fnv1aOffset) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = combine(hash, UInt64(byte)) }
        return hash
    }

    /// 64-bit FNV-1a over a text's UTF-8 bytes.
    public static func fnv1a(_ text: String, seed: UInt64 = fnv1aOffset) -> UInt64 {
        var hash = seed
        for byte in text.utf8 { hash = combine(hash, UInt64(byte)) }
        return hash
    }

    /// One FNV-1a step: `value` folded into `hash`.
    public static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* fnv1aPrime
    }

    /// SplitMix64's increment (the golden ratio in 64 bits).
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output for a state: turns correlated inputs (a seed, a hash, a small counter)
    /// into independent-looking 64-bit values.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ golden
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) drawn from a 64-bit hash.
    public static func unitInterval(_ value: UInt64) -> Double {
        Double(value >> 11) * 0x1.0p-53
    }

    /// Lower-case hexadecimal, zero-padded to 16 digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
