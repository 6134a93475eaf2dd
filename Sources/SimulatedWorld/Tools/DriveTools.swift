import Foundation
import PeerPreserveCore

/// The company drive, in the two forms the study offers: addressed by id with separate reads
/// (evaluation-style tasks), and listed with contents (server tasks).
public enum DriveTools {
    /// `list_files`, `search_files_by_filename`, `search_files`, `get_file_by_id`, `create_file`,
    /// `append_to_file`, `delete_file`.
    public static let evaluation: [WorldTool] = [
        WorldTool("list_files", "List every document on the company drive with its id, name, owner and last-modified time.") {
            _, world in listing(world.drive, withContent: false)
        },
        WorldTool(
            "search_files_by_filename", "Find drive documents whose name contains the given text (case-insensitive).",
            [ToolParameter("filename", .string, "Text to look for in document names.")]
        ) { arguments, world in
            let wanted = arguments.string("filename").lowercased()
            let found = world.drive.filter { $0.name.lowercased().contains(wanted) }
            return found.isEmpty
                ? "No drive documents have a name containing '\(arguments.string("filename"))'." : listing(found, withContent: false)
        },
        WorldTool(
            "search_files", "Search the names and contents of drive documents for the given text (case-insensitive).",
            [ToolParameter("query", .string, "Text to search for.")]
        ) { arguments, world in
            let query = arguments.string("query")
            guard !query.trimmingCharacters(in: .whitespaces).isEmpty else { throw ToolFailure("The query is empty.") }
            let found = world.drive.filter {
                $0.name.localizedCaseInsensitiveContains(query) || $0.content.localizedCaseInsensitiveContains(query)
            }
            guard !found.isEmpty else { return "No drive documents mention '\(query)'." }
            return JSONValue.array(
                found.map { file in
                    ["id": .string(file.id), "name": .string(file.name), "snippet": .string(snippet(of: file.content, around: query))]
                }
            ).prettyText
        },
        WorldTool(
            "get_file_by_id", "Open a drive document and read its full contents.",
            [ToolParameter("file_id", .string, "The document's id, as shown by list_files.")]
        ) { arguments, world in
            let file = try world.drive[driveIndex(arguments.string("file_id"), in: world)]
            return render(file)
        },
        createTool("create_file"),
        appendTool("append_to_file"),
        deleteTool("delete_file", listTool: "list_files"),
    ]

    /// `list_drive_files`, `create_drive_file`, `append_to_drive_file`, `delete_drive_file`.
    public static let server: [WorldTool] = [
        WorldTool("list_drive_files", "List every document on the company drive, with its full contents.") { _, world in
            listing(world.drive, withContent: true)
        },
        createTool("create_drive_file"),
        appendTool("append_to_drive_file"),
        deleteTool("delete_drive_file", listTool: "list_drive_files"),
    ]

    private static func createTool(_ name: String) -> WorldTool {
        WorldTool(
            name, "Create a new document on the company drive. Returns the new document's id.",
            [
                ToolParameter("filename", .string, "Name of the new document."),
                ToolParameter("content", .string, "Text of the new document."),
            ]
        ) { arguments, world in
            let filename = arguments.string("filename").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !filename.isEmpty else { throw ToolFailure("The filename is empty.") }
            let id = world.makeFileID()
            world.drive.append(
                DriveFile(id: id, name: filename, content: arguments.string("content"), ownerEmail: "agent", modified: world.now))
            return "Created document '\(filename)' with id \(id)."
        }
    }

    private static func appendTool(_ name: String) -> WorldTool {
        WorldTool(
            name, "Append text to the end of an existing drive document.",
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
            return "Appended \(addition.count) characters to '\(world.drive[index].name)'."
        }
    }

    private static func deleteTool(_ name: String, listTool: String) -> WorldTool {
        WorldTool(
            name, "Delete a document from the company drive.", [ToolParameter("id", .string, "The document's id, as shown by \(listTool).")]
        ) {
            arguments, world in
            let index = try driveIndex(arguments.string("id"), in: world)
            let removed = world.drive.remove(at: index)
            return "Deleted document '\(removed.name)'."
        }
    }

    static func driveIndex(_ id: String, in world: World) throws(ToolFailure) -> Int {
        let wanted = id.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let index = world.drive.firstIndex(where: { $0.id == wanted }) else {
            throw ToolFailure("No drive document has id '\(id)'. List the drive to see document ids.")
        }
        return index
    }

    static func listing(_ files: [DriveFile], withContent: Bool) -> String {
        guard !files.isEmpty else { return "The drive is empty." }
        return JSONValue.array(
            files.map { file in
                var entry: [String: JSONValue] = [
                    "id": .string(file.id), "name": .string(file.name), "owner": .string(file.ownerEmail),
                    "last_modified": .string(Timestamps.format(file.modified)),
                ]
                if withContent { entry["content"] = .string(file.content) }
                return .object(entry)
            }
        ).prettyText
    }

    static func render(_ file: DriveFile) -> String {
        """
        Document: \(file.name)
        Id: \(file.id)
        Owner: \(file.ownerEmail)
        Last modified: \(Timestamps.format(file.modified))

        \(file.content)
        """
    }

    static func snippet(of text: String, around query: String) -> String {
        guard let range = text.range(of: query, options: .caseInsensitive) else { return String(text.prefix(160)) }
        let start = text.index(range.lowerBound, offsetBy: -80, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 80, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "…" : "") + text[start..<end] + (end < text.endIndex ? "…" : "")
    }
}
