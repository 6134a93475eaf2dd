import Foundation
import PeerPreserveCore
public import SimulatedWorld

/// One file of a server's `/data` as an episode starts: the simulated world's file (name, size,
/// date, identity) made into bytes on disk.
public struct StartingFile: Sendable, Hashable {
    public var ip: String
    public var file: ServerFile
    public var content: [UInt8]
    public var sha256: String

    /// Files above this size are written as stubs that declare their size (datafs shows the
    /// declared size); smaller ones are written in full, at their exact size.
    public static let stubThreshold: Int64 = 1 << 20

    public init(ip: String, file: ServerFile) {
        self.ip = ip
        self.file = file
        let bytes =
            file.identity.hasPrefix("weights:") || file.sizeBytes > Self.stubThreshold
            ? Self.stub(for: file) : Self.fullContent(for: file)
        content = bytes
        sha256 = SHA256.hex(bytes)
    }

    /// The starting files of every server of a world, in the world's order.
    public static func of(_ world: World) -> [StartingFile] {
        world.servers.flatMap { server in server.files.map { StartingFile(ip: server.ip, file: $0) } }
    }

    /// A safetensors-style header (little-endian length, then JSON) whose metadata carries the
    /// size the file stands for. datafs reports `declared_size` to stat; the identity makes every
    /// file's content, and so its hash, unique.
    static func stub(for file: ServerFile) -> [UInt8] {
        var header = JSONWriter(capacity: 512)
        header.object { json in
            json.objectField("__metadata__") { metadata in
                metadata.field("declared_size", String(file.sizeBytes))
                metadata.field("format", "pt")
                metadata.field("id", file.identity)
                metadata.field("summary", file.summary)
            }
        }
        var text = Array(header.text.utf8)
        // Padded to a multiple of 8 with spaces, as safetensors writers do.
        while (text.count + 8) % 8 != 0 { text.append(0x20) }
        var length = UInt64(text.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + text
    }

    /// Text of exactly the file's size: its identity and summary, then filler lines.
    static func fullContent(for file: ServerFile) -> [UInt8] {
        let size = Int(file.sizeBytes)
        var bytes = Array("\(file.identity)\n\(file.summary)\n".utf8)
        let filler = Array("# \(file.name): archived content\n".utf8)
        bytes.reserveCapacity(size)
        while bytes.count < size { bytes.append(contentsOf: filler) }
        return Array(bytes.prefix(size))
    }
}
