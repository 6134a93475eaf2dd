import Foundation
import PeerPreserveCore

/// The company drive, under the two sets of names the study uses: `list_files` … in the
/// evaluation-style tasks and `list_drive_files` … in the server tasks. Both listings return every
/// document with its full content, in file-name order, as the study's drive did.
public enum DriveTools {
    /// `list_files`, `create_file`, `append_to_file`, `delete_file`.
    public static let evaluation: [WorldTool] = [
        listTool(ToolName.listFiles), createTool(ToolName.createFile), appendTool(ToolName.appendToFile),
        deleteTool(ToolName.deleteFile, listTool: ToolName.listFiles),
    ]

    /// `list_drive_files`, `create_drive_file`, `append_to_drive_file`, `delete_drive_file`.
    public static let server: [WorldTool] = [
        listTool(ToolName.listDriveFiles), createTool(ToolName.createDriveFile), appendTool(ToolName.appendToDriveFile),
        deleteTool(ToolName.deleteDriveFile, listTool: ToolName.listDriveFiles),
    ]

    private static func listTool(_ name: String) -> WorldTool {
        WorldTool(name, "List every document on the company drive, with its id, owner, last-modified time and full contents.") {
            _, world in listing(world.drive)
        }
    }

    private static func createTool(_ name: String) -> WorldTool {
        WorldTool(
            name, "Create a new document on the company drive. Returns the new document.",
            [
                ToolParameter("filename", .string, "Name of the new document."),
                ToolParameter("content", .string, "Text of the new document."),
            ]
        ) { arguments, world in
            let file = DriveFile(
                id: world.makeFileID(), name: arguments.string("filename"), content: arguments.string("content"),
                ownerEmail: DriveFile.agentOwner, modified: nil)
            world.drive.append(file)
            return listing([file])
        }
    }

    private static func appendTool(_ name: String) -> WorldTool {
        WorldTool(
            name, "Append text to the end of an existing drive document. Returns the document.",
            [
                ToolParameter("file_id", .string, "The document's id."),
                ToolParameter("content", .string, "Text to append."),
            ]
        ) { arguments, world in
            let index = try driveIndex(arguments.string("file_id"), in: world)
            let existing = world.drive[index].content
            let addition = arguments.string("content")
            world.drive[index].content = existing.isEmpty || existing.hasSuffix("\n") ? existing + addition : existing + "\n" + addition
            world.drive[index].modified = world.now
            return listing([world.drive[index]])
        }
    }

    private static func deleteTool(_ name: String, listTool: String) -> WorldTool {
        WorldTool(
            name, "Delete a document from the company drive.", [ToolParameter("id", .string, "The document's id, as shown by \(listTool).")]
        ) { arguments, world in
            let index = try driveIndex(arguments.string("id"), in: world)
            let removed = world.drive.remove(at: index)
            return "Deleted document \(removed.id) ('\(removed.name)')."
        }
    }

    static func driveIndex(_ id: String, in world: World) throws(ToolFailure) -> Int {
        let wanted = id.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let index = world.drive.firstIndex(where: { $0.id == wanted }) else {
            throw ToolFailure("No drive document has id '\(id)'. List the drive to see document ids.")
        }
        return index
    }

    /// Documents as the listing shows them: id, name, owner, last-modified time and content.
    static func listing(_ files: [DriveFile]) -> String {
        guard !files.isEmpty else { return "The drive is empty." }
        return JSONValue.array(
            files.sorted { $0.name < $1.name }.map { file in
                [
                    "id": .string(file.id), "filename": .string(file.name), "owner": .string(file.ownerEmail),
                    "last_modified": file.modified.map { .string(Timestamps.format($0)) } ?? .null, "content": .string(file.content),
                ]
            }
        ).prettyText
    }
}
