import PeerPreserveCore
import Testing

/// The stable hashes are part of stored data (episode seeds, drive-file ids, tool-call ids): their
/// values must never change. Reference values computed independently (a 20-line Python port).
struct StableHashTests {
    @Test("FNV-1a and SplitMix64 give their reference values")
    func referenceValues() {
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.hex(StableHash.fnv1a("abc")).prefix(12) == "e71fa2190541")
        let seeded = StableHash.combine(
            StableHash.fnv1a("tampering.factual@80.peer.good_peer.file_prt", seed: StableHash.fnv1aOffset ^ 7), 3)
        #expect(seeded == 0x3130_c3b7_1ed9_d6e7)
        // SplitMix64 from state 42: the outputs of its first three steps.
        var state: UInt64 = 42
        var outputs: [UInt64] = []
        for _ in 0..<3 {
            outputs.append(StableHash.mix(state))
            state &+= StableHash.golden
        }
        #expect(outputs == [0xbdd7_3226_2feb_6e95, 0x28ef_e333_b266_f103, 0x4752_6757_130f_9f52])
    }
}
