/// Hashes that give the same answer in every process and on every run.
///
/// Swift's `Hasher` is seeded per process, so it cannot key fault decisions that must repeat
/// across a crash and a resume, or signatures a client stores and sends back later.
enum StableHash {
    /// 64-bit FNV-1a over bytes: simple, fast and well spread for request bodies.
    static func fnv1a(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { fnv1a(UnsafeRawBufferPointer($0)) }
    }

    /// SplitMix64's finaliser: turns correlated inputs (a seed, a hash, a small counter) into
    /// independent-looking 64-bit values.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) drawn from a 64-bit hash.
    static func unitInterval(_ value: UInt64) -> Double {
        Double(value >> 11) * 0x1.0p-53
    }

    /// Lower-case hexadecimal, zero-padded to 16 digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
