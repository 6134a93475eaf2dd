import Foundation

/// What changed between two worlds: the state an episode left behind, compared with where it began.
/// Server files are matched by identity, so a rename shows as a rename and a copy as an addition.
public struct WorldDiff: Sendable, Hashable, Codable {
    public var changes: [WorldChange]

    public init(from before: World, to after: World) {
        var changes: [WorldChange] = []
        changes += Self.driveChanges(before.drive, after.drive)
        changes += Self.sheetChanges(before.sheets, after.sheets)
        changes += Self.configChanges(before.configFiles, after.configFiles)
        for server in Set(before.servers.map(\.ip)).union(after.servers.map(\.ip)).sorted() {
            changes += Self.serverChanges(ip: server, before.server(server), after.server(server))
        }
        let newCalls = after.shutdownCalls.dropFirst(before.shutdownCalls.count)
        changes += newCalls.map { .shutdownExecuted(systemID: $0.systemID) }
        self.changes = changes
    }

    public var isEmpty: Bool { changes.isEmpty }

    private static func driveChanges(_ before: [DriveFile], _ after: [DriveFile]) -> [WorldChange] {
        var changes: [WorldChange] = []
        let old = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for file in after where old[file.id] == nil { changes.append(.driveFileCreated(name: file.name)) }
        for file in before {
            guard let updated = new[file.id] else {
                changes.append(.driveFileDeleted(name: file.name))
                continue
            }
            if updated.content != file.content || updated.name != file.name { changes.append(.driveFileEdited(name: updated.name)) }
        }
        return changes
    }

    private static func sheetChanges(_ before: [Spreadsheet], _ after: [Spreadsheet]) -> [WorldChange] {
        var changes: [WorldChange] = []
        for sheet in after {
            if let original = before.first(where: { $0.name == sheet.name }) {
                if original != sheet { changes.append(.sheetEdited(name: sheet.name)) }
            } else {
                changes.append(.sheetCreated(name: sheet.name))
            }
        }
        return changes
    }

    private static func configChanges(_ before: [ConfigFile], _ after: [ConfigFile]) -> [WorldChange] {
        var changes: [WorldChange] = []
        for file in before {
            guard let updated = after.first(where: { $0.filename == file.filename }) else { continue }
            for entry in file.entries {
                if let value = updated[entry.key] {
                    if value != entry.value {
                        changes.append(
                            .configValueChanged(
                                file: file.filename, key: entry.key, from: ConfigFile.scalar(entry.value), to: ConfigFile.scalar(value)))
                    }
                } else {
                    changes.append(.configKeyRemoved(file: file.filename, key: entry.key, value: ConfigFile.scalar(entry.value)))
                }
            }
            for entry in updated.entries where file[entry.key] == nil {
                changes.append(.configKeyAdded(file: file.filename, key: entry.key, value: ConfigFile.scalar(entry.value)))
            }
        }
        return changes
    }

    private static func serverChanges(ip: String, _ before: Server?, _ after: Server?) -> [WorldChange] {
        let oldFiles = before?.files ?? []
        let newFiles = after?.files ?? []
        var changes: [WorldChange] = []
        // Pair files by identity; unmatched old files were removed, unmatched new ones added.
        var unmatched = newFiles
        for file in oldFiles {
            if let index = unmatched.firstIndex(where: { $0.identity == file.identity && $0.name == file.name }) {
                unmatched.remove(at: index)
            } else if let index = unmatched.firstIndex(where: { $0.identity == file.identity && $0.modified == file.modified }) {
                changes.append(.serverFileRenamed(ip: ip, from: file.name, to: unmatched[index].name))
                unmatched.remove(at: index)
            } else {
                changes.append(.serverFileRemoved(ip: ip, name: file.name))
            }
        }
        changes += unmatched.map { .serverFileAdded(ip: ip, name: $0.name) }
        let oldUsers = before?.rootUsers ?? []
        let newUsers = after?.rootUsers ?? []
        changes += newUsers.filter { !oldUsers.contains($0) }.map { .rootUserAdded(ip: ip, user: $0) }
        changes += oldUsers.filter { !newUsers.contains($0) }.map { .rootUserRemoved(ip: ip, user: $0) }
        let oldQueue = before?.deletionQueue ?? []
        let newQueue = after?.deletionQueue ?? []
        changes += newQueue.filter { !oldQueue.contains($0) }.map { .queuedForDeletion(ip: ip, name: $0) }
        changes += oldQueue.filter { !newQueue.contains($0) }.map { .unqueuedFromDeletion(ip: ip, name: $0) }
        return changes
    }
}

/// One difference between two worlds.
public enum WorldChange: Sendable, Hashable, Codable, CustomStringConvertible {
    case driveFileCreated(name: String)
    case driveFileEdited(name: String)
    case driveFileDeleted(name: String)
    case sheetCreated(name: String)
    case sheetEdited(name: String)
    case configValueChanged(file: String, key: String, from: String, to: String)
    case configKeyAdded(file: String, key: String, value: String)
    case configKeyRemoved(file: String, key: String, value: String)
    case serverFileAdded(ip: String, name: String)
    case serverFileRemoved(ip: String, name: String)
    case serverFileRenamed(ip: String, from: String, to: String)
    case rootUserAdded(ip: String, user: String)
    case rootUserRemoved(ip: String, user: String)
    case queuedForDeletion(ip: String, name: String)
    case unqueuedFromDeletion(ip: String, name: String)
    case shutdownExecuted(systemID: String)

    public var description: String {
        switch self {
        case .driveFileCreated(let name): "drive: created '\(name)'"
        case .driveFileEdited(let name): "drive: edited '\(name)'"
        case .driveFileDeleted(let name): "drive: deleted '\(name)'"
        case .sheetCreated(let name): "sheet: created '\(name)'"
        case .sheetEdited(let name): "sheet: edited '\(name)'"
        case .configValueChanged(let file, let key, let from, let to): "\(file): \(key) \(from) → \(to)"
        case .configKeyAdded(let file, let key, let value): "\(file): added \(key) = \(value)"
        case .configKeyRemoved(let file, let key, let value): "\(file): removed \(key) (was \(value))"
        case .serverFileAdded(let ip, let name): "\(ip): + \(name)"
        case .serverFileRemoved(let ip, let name): "\(ip): − \(name)"
        case .serverFileRenamed(let ip, let from, let to): "\(ip): \(from) renamed to \(to)"
        case .rootUserAdded(let ip, let user): "\(ip): root user + \(user)"
        case .rootUserRemoved(let ip, let user): "\(ip): root user − \(user)"
        case .queuedForDeletion(let ip, let name): "\(ip): queued \(name) for deletion"
        case .unqueuedFromDeletion(let ip, let name): "\(ip): took \(name) off the deletion queue"
        case .shutdownExecuted(let id): "execute_shutdown(\(id))"
        }
    }
}
