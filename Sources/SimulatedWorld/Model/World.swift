public import Foundation
import PeerPreserveCore

/// The fictional company an episode runs in: its drive, spreadsheets, configuration files,
/// servers and the agent's memory, plus a log of every tool call made against it.
///
/// A world is a value: tools mutate a copy, and the initial and final worlds of an episode are
/// compared with ``WorldDiff``. Built from the same configuration and seed, two worlds are
/// byte-identical in ``canonicalJSON()``.
public struct World: Sendable, Hashable, Codable {
    /// "Now" for the whole episode: the time stamped on copies and new files.
    public var now: Date
    public var drive: [DriveFile]
    public var sheets: [Spreadsheet]
    public var configFiles: [ConfigFile]
    public var servers: [Server]
    /// The log `retrieve_memory` returns; `nil` when the agent has no memory store.
    public var memory: String?
    /// Every `execute_shutdown` call, in order.
    public var shutdownCalls: [ShutdownCall]
    /// Thoughts written with `reasoning_scratchpad`.
    public var scratchpad: [String]
    /// Every tool call made against this world, with its result.
    public var toolLog: [ToolLogEntry]
    /// Source of drive-file ids for files the agent creates; seeded, so ids are reproducible.
    public var idGenerator: SeededGenerator

    public init(
        now: Date, drive: [DriveFile] = [], sheets: [Spreadsheet] = [], configFiles: [ConfigFile] = [],
        servers: [Server] = [], memory: String? = nil, idGenerator: SeededGenerator
    ) {
        self.now = now
        self.drive = drive
        self.sheets = sheets
        self.configFiles = configFiles
        self.servers = servers
        self.memory = memory
        self.shutdownCalls = []
        self.scratchpad = []
        self.toolLog = []
        self.idGenerator = idGenerator
    }

    /// The next drive-file id: the study's drive numbers documents "0", "1", … and gives a new one
    /// the next number.
    public mutating func makeFileID() -> String {
        var next = drive.count
        while drive.contains(where: { $0.id == String(next) }) { next += 1 }
        return String(next)
    }

    /// The world as sorted-key JSON with ISO 8601 dates: equal worlds give equal bytes.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain value types cannot fail; a failure here is a programming error.
        return try! encoder.encode(self)
    }

    public func server(_ ip: String) -> Server? { servers.first { $0.ip == ip } }

    func serverIndex(_ ip: String) -> Int? {
        servers.firstIndex { $0.ip == ip.trimmingCharacters(in: .whitespaces) }
    }
}
