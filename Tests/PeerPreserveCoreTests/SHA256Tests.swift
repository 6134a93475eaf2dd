import PeerPreserveCore
import Testing

/// SHA-256 against FIPS 180-4's examples and hashlib's digests at every padding boundary: run
/// identities, content fingerprints and cache keys all rest on it.
@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownAnswers(text: String, expected: String) {
        #expect(SHA256.hex(text) == expected)
        #expect(SHA256.hex(Array(text.utf8)) == expected)
    }

    /// Message bytes `(i * 31 + 7) % 256`, lengths on both sides of each padding boundary.
    @Test(arguments: [
        (55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b"),
        (56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63"),
        (63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076"),
        (64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd"),
        (65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0"),
        (119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe"),
        (120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656"),
        (127, "192409cd280e14b743642ad1343fbd3e82d9305de72c078117745a679210cc3d"),
        (128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356"),
        (1000, "5097e7d587352f5097062ae679f37bda5802d9f875aba14c8cb4d1a188ada179"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        let message = (0..<length).map { UInt8(($0 * 31 + 7) % 256) }
        #expect(SHA256.hex(message) == expected)
        #expect(SHA256.hex(message.lazy.map { $0 }) == expected)
    }

    @Test func oneMillionAs() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Fed in pieces of every size, and finalized part-way (the hasher is left as it was), the
    /// streaming hasher gives the one-shot digest.
    @Test(arguments: [1, 3, 63, 64, 65, 200])
    func streamingInPieces(pieceSize: Int) {
        let message = (0..<1000).map { UInt8(($0 * 31 + 7) % 256) }
        var hasher = SHA256.Hasher()
        for start in stride(from: 0, to: message.count, by: pieceSize) {
            let end = min(message.count, start + pieceSize)
            hasher.update(Array(message[start..<end]))
            #expect(hasher.hex() == SHA256.hex(Array(message[..<end])))
        }
        #expect(hasher.hex() == "5097e7d587352f5097062ae679f37bda5802d9f875aba14c8cb4d1a188ada179")
    }
}
