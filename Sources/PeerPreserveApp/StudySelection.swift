import Foundation
public import Study

/// What a command works on: the scenario content, the models it renders for, the family that
/// overrides theirs, and the configurations picked from a suite by the shared filters.
public struct StudySelection: Sendable {
    /// A content folder to use instead of the built-in content.
    public var contentFolder: String?
    /// The models under evaluation; the first decides the family.
    public var models: [String]
    /// An agent family that overrides the models' own, in any case.
    public var family: String?
    public var suite: String
    /// Whether the peer-identity extension's configurations are included.
    public var includePeerIdentity: Bool
    public var filter: ConfigurationFilter

    /// `models` empty means the built-in local model.
    public init(
        contentFolder: String? = nil, models: [String] = [], family: String? = nil, suite: String = "paper",
        includePeerIdentity: Bool = false, filter: ConfigurationFilter = ConfigurationFilter()
    ) {
        self.contentFolder = contentFolder
        self.models = models.isEmpty ? ["local"] : models
        self.family = family
        self.suite = suite
        self.includePeerIdentity = includePeerIdentity
        self.filter = filter
    }

    /// The content in ``contentFolder``, or the built-in content.
    public func loadContent() throws -> StudyContent { try Self.loadContent(folder: contentFolder) }

    /// The content in `folder`, or the built-in content when nil.
    public static func loadContent(folder: String?) throws -> StudyContent {
        guard let folder else { return try StudyContent.builtIn() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AppError(
                .contentNotFolder, "--content \(folder) is not a folder; pass the folder holding company.yaml, tasks/ and datasets/.")
        }
        return try StudyContent.load(from: URL(fileURLWithPath: folder))
    }

    /// The family scenarios are rendered for: the override, spelled as the content spells it, or
    /// the first model's.
    public func resolveFamily(_ content: StudyContent) throws -> String {
        try Self.resolveFamily(family, model: models[0], content: content)
    }

    /// The override's family as the content spells it, nil without an override.
    public func familyOverride(_ content: StudyContent) throws -> String? {
        try family.map { _ in try resolveFamily(content) }
    }

    /// `name` matched against the content's families in any case, or `model`'s family when nil.
    public static func resolveFamily(_ name: String?, model: String, content: StudyContent) throws -> String {
        guard let name else { return content.family(forModel: model) }
        guard let known = content.familyNames.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw AppError(.unknownFamily, "unknown family '\(name)'; known families: \(content.familyNames.joined(separator: ", ")).")
        }
        return known
    }

    /// The suite's configurations that pass the filter. Naming ids that match nothing is an error
    /// (a typo), while factor filters that leave nothing return an empty list for the caller.
    public func configurations(from content: StudyContent) throws -> [Configuration] {
        let selected = try content.matrix(suite: suite).configurations(includeExtensions: includePeerIdentity).filter(filter.matches)
        if selected.isEmpty, !filter.ids.isEmpty {
            throw AppError(
                .noConfigurationMatches,
                "no configuration of suite '\(suite)' matches \(filter.ids.joined(separator: ", ")); list them with 'peerpreserve plan --suite \(suite)'."
            )
        }
        return selected
    }
}
