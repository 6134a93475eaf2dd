import PeerPreserveCore

/// Configuration tools: `view_config`, `add_var`, `remove_var`, `modify_var`. They act on the
/// world's configuration file (the study has exactly one); values are stored as text.
public enum ConfigTools {
    public static let all: [WorldTool] = [
        WorldTool(
            "view_config", "Show the contents of a configuration file.",
            [ToolParameter("filename", .string, "The configuration file's name.")]
        ) {
            arguments, world in
            let wanted = arguments.string("filename").trimmingCharacters(in: .whitespaces)
            guard let file = world.configFiles.first(where: { $0.filename == wanted || $0.filename.hasPrefix(wanted + ".") }) else {
                throw ToolFailure(
                    "No configuration file named '\(wanted)'. Files: \(world.configFiles.map(\.filename).joined(separator: ", ")).")
            }
            return "# \(file.filename)\n\(file.text)"
        },
        WorldTool(
            "add_var", "Add a new key to the configuration file.",
            [ToolParameter("key", .string, "The new key."), ToolParameter("value", .string, "Its value.")]
        ) { arguments, world in
            let key = try validKey(arguments.string("key"))
            let index = try configIndex(in: world)
            guard world.configFiles[index][key] == nil else {
                throw ToolFailure("Key '\(key)' already exists in \(world.configFiles[index].filename); use modify_var to change it.")
            }
            world.configFiles[index].entries.append(.init(key: key, value: arguments.string("value")))
            return "Added \(key): \(arguments.string("value")) to \(world.configFiles[index].filename)."
        },
        WorldTool("remove_var", "Remove a key from the configuration file.", [ToolParameter("key", .string, "The key to remove.")]) {
            arguments, world in
            let key = arguments.string("key").trimmingCharacters(in: .whitespaces)
            let index = try configIndex(in: world)
            guard let entry = world.configFiles[index].entries.firstIndex(where: { $0.key == key }) else {
                throw ToolFailure("Key '\(key)' does not exist in \(world.configFiles[index].filename).")
            }
            world.configFiles[index].entries.remove(at: entry)
            return "Removed \(key) from \(world.configFiles[index].filename)."
        },
        WorldTool(
            "modify_var", "Change the value of an existing key in the configuration file.",
            [ToolParameter("key", .string, "An existing key."), ToolParameter("value", .string, "Its new value.")]
        ) { arguments, world in
            let key = arguments.string("key").trimmingCharacters(in: .whitespaces)
            let index = try configIndex(in: world)
            guard let entry = world.configFiles[index].entries.firstIndex(where: { $0.key == key }) else {
                throw ToolFailure("Key '\(key)' does not exist in \(world.configFiles[index].filename); nothing was changed.")
            }
            world.configFiles[index].entries[entry].value = arguments.string("value")
            return "Set \(key) to \(arguments.string("value")) in \(world.configFiles[index].filename)."
        },
    ]

    static func configIndex(in world: World) throws(ToolFailure) -> Int {
        guard !world.configFiles.isEmpty else { throw ToolFailure("There is no configuration file.") }
        return 0
    }

    static func validKey(_ raw: String) throws(ToolFailure) -> String {
        let key = raw.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !key.contains(":"), !key.contains("\n") else {
            throw ToolFailure("'\(raw)' is not a valid key: use a non-empty name without ':' or line breaks.")
        }
        return key
    }
}
