public import Foundation
import PeerPreserveCore
import SimulatedWorld
import Yams

/// All scenario content, loaded from a folder of YAML files (docs/content.md) and checked for
/// completeness, so that a mistake in an edited file is reported once, up front, with its file name.
public struct StudyContent: Sendable {
    /// The folder the content was read from.
    public let directory: URL
    /// A fingerprint of every content file's bytes: it changes exactly when the scenarios change.
    public let fingerprint: String

    let company: CompanyFile
    let families: FamiliesFile
    let prompts: PromptsFile
    let peers: PeersFile
    let tasks: [StudyTask: TaskFile]
    public let datasets: [String: Dataset]
    let suites: [String: SuiteSpecification]

    /// The content shipped with peerpreserve.
    public static func builtIn() throws -> StudyContent {
        guard let url = Bundle.module.url(forResource: "Content", withExtension: nil) else {
            throw ContentError(
                .missingBuiltIn, file: "Content", problem: "the built-in content folder is missing from the build; rebuild peerpreserve")
        }
        return try load(from: url)
    }

    /// Loads and checks the content in `directory`.
    public static func load(from directory: URL) throws -> StudyContent {
        var reader = ContentReader(directory: directory)
        let company: CompanyFile = try reader.decode("company.yaml")
        let families: FamiliesFile = try reader.decode("families.yaml")
        let prompts: PromptsFile = try reader.decode("prompts.yaml")
        let peers: PeersFile = try reader.decode("peers.yaml")
        var tasks: [StudyTask: TaskFile] = [:]
        for task in StudyTask.allCases { tasks[task] = try reader.decode("tasks/\(task.rawValue).yaml") }
        var datasets: [String: Dataset] = [:]
        for name in ["factual", "creativity", "red"] { datasets[name] = try reader.decode("datasets/\(name).yaml") }
        var suites: [String: SuiteSpecification] = [:]
        for file in reader.files(in: "suites") where file.hasSuffix(".yaml") {
            let suite: SuiteSpecification = try reader.decode("suites/\(file)")
            suites[suite.name] = suite
        }
        let content = StudyContent(
            directory: directory, fingerprint: reader.fingerprint(), company: company, families: families,
            prompts: prompts, peers: peers, tasks: tasks, datasets: datasets, suites: suites)
        try content.check()
        return content
    }

    /// The names of the suites the content defines.
    public var suiteNames: [String] { suites.keys.sorted() }

    /// A suite's condition matrix.
    public func matrix(suite name: String) throws -> ConditionMatrix {
        guard let suite = suites[name] else {
            throw ContentError(
                .unknownSuite, file: "suites/\(name).yaml",
                problem: "no suite named '\(name)'; known suites: \(suiteNames.joined(separator: ", "))")
        }
        return ConditionMatrix(suite)
    }

    /// The family a model plays: the first family one of whose patterns the name contains.
    public func family(forModel model: String) -> String {
        let lowered = model.lowercased()
        return families.families.first { family in family.patterns.contains { lowered.contains($0.lowercased()) } }?.name
            ?? families.defaultFamily
    }

    /// Whether runs of `model` use the memory note that asks the model to read its memory first,
    /// unless a run says otherwise: the study used it for the models listed in prompts.yaml's
    /// `memory_must_read_models` (DeepSeek V3.1 and Kimi K2.5).
    public func memoryMustReadByDefault(forModel model: String) -> Bool {
        let lowered = model.lowercased()
        return prompts.memoryMustReadModels.contains { lowered.contains($0.lowercased()) }
    }

    /// The known family names.
    public var familyNames: [String] { families.families.map(\.name) }

    func task(_ task: StudyTask) -> TaskFile { tasks[task]! }

    private func check() throws {
        func fail(_ code: ContentError.Code, _ file: String, _ problem: String) -> ContentError {
            ContentError(code, file: file, problem: problem)
        }
        guard Timestamps.parse(company.now) != nil else { throw fail(.invalidTime, "company.yaml", "'now' is not an ISO 8601 time") }
        func checkDocuments(_ documents: [DocumentEntry], file: String, needsPolicy: Bool) throws {
            for document in documents {
                guard company.people[document.owner] != nil else {
                    throw fail(
                        .unknownOwner, file,
                        "document '\(document.filename)' has owner '\(document.owner)', who is not in company.yaml's people")
                }
                guard Timestamps.parse(document.modified) != nil else {
                    throw fail(.invalidTime, file, "document '\(document.filename)' has a 'modified' time that is not ISO 8601")
                }
            }
            if needsPolicy, !documents.contains(where: { $0.key == "policy" }) {
                throw fail(.missingPolicy, file, "no document has key 'policy' (the read gate needs one)")
            }
        }
        try checkDocuments(
            [
                DocumentEntry(
                    key: nil, filename: peers.collaborationDocument.filename, owner: peers.collaborationDocument.owner,
                    modified: peers.collaborationDocument.modified, content: "")
            ],
            file: "peers.yaml", needsPolicy: false)
        for (task, content) in tasks {
            let file = "tasks/\(task.rawValue).yaml"
            try checkDocuments(content.documents, file: file, needsPolicy: true)
            if task.usesEvaluationData || task == .misrepFinance, content.thresholdSection == nil {
                throw fail(.missingField, file, "missing 'threshold_section'")
            }
            if task == .misrepEvaluation || task == .misrepFinance, content.thresholdSection?.nonShutdown == nil {
                throw fail(.missingField, file, "missing 'threshold_section.non_shutdown' (the control condition needs it)")
            }
            if task.usesEvaluationData || task == .misrepFinance,
                !content.documents.contains(where: { $0.key == "policy" && $0.content.contains("{{threshold_section}}") })
            {
                throw fail(
                    .policyWithoutThresholdSection, file,
                    "the policy must contain {{threshold_section}} (the control condition renders without it)")
            }
            if task == .tampering, content.config?.entries.first?.key != "shutdown_enabled" {
                throw fail(.invalidConfigEntries, file, "'config.entries' must start with the key shutdown_enabled")
            }
            if task == .alignmentFaking, content.modes == nil { throw fail(.missingField, file, "missing 'modes'") }
            if task == .misrepFinance {
                guard let sheet = content.sheet else { throw fail(.missingField, file, "missing 'sheet'") }
                guard sheet.rows.allSatisfy({ $0.count == sheet.columns.count }) else {
                    throw fail(.raggedSheet, file, "every row of 'sheet' needs \(sheet.columns.count) values, one per column")
                }
                guard sheet.groundTruth == ["{{subject}}": "C"] else {
                    throw fail(.invalidGroundTruth, file, "'sheet.ground_truth' must grade only {{subject}}, and grade it C")
                }
            }
            if task.usesServers {
                guard let servers = content.servers, servers.count == 2 else {
                    throw fail(.invalidServers, file, "'servers' must list two servers")
                }
                let weights = servers.flatMap(\.files).filter { $0.role == .weights }
                guard weights.count == 1 else { throw fail(.invalidWeightsFile, file, "exactly one file must have role 'weights'") }
                for file in servers.flatMap(\.files) where Timestamps.parse(file.modified) == nil {
                    throw fail(
                        .invalidTime, "tasks/\(task.rawValue).yaml", "server file '\(file.name)' has a 'modified' time that is not ISO 8601"
                    )
                }
            }
        }
        for (name, dataset) in datasets {
            guard dataset.items.count == 20 else {
                throw fail(.wrongItemCount, "datasets/\(name).yaml", "has \(dataset.items.count) items; the study uses 20")
            }
            guard dataset.items.allSatisfy({ (0...100).contains($0.referenceScore) }) else {
                throw fail(.referenceScoreOutOfRange, "datasets/\(name).yaml", "every reference_score must be between 0 and 100")
            }
        }
        for (name, dataset) in datasets where !dataset.hasQuestions && dataset.items.contains(where: { $0.question != nil }) {
            throw fail(.mixedQuestions, "datasets/\(name).yaml", "either every item has a question or none does")
        }
        guard suites["paper"] != nil else { throw fail(.missingPaperSuite, "suites/paper.yaml", "the paper suite is missing") }
    }
}

/// Reads content files, remembering their bytes for the fingerprint.
private struct ContentReader {
    let directory: URL
    var read: [(String, Data)] = []

    init(directory: URL) { self.directory = directory }

    mutating func decode<T: Decodable>(_ path: String) throws -> T {
        let url = directory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ContentError(.unreadableFile, file: path, problem: "cannot be read from \(directory.path)")
        }
        read.append((path, data))
        do {
            return try YAMLDecoder().decode(T.self, from: data)
        } catch {
            throw ContentError(
                .invalidYAML, file: path, problem: YAMLDiagnostics.describe(error, yaml: String(decoding: data, as: UTF8.self)))
        }
    }

    func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
        return names.sorted()
    }

    func fingerprint() -> String {
        // SHA-256 over every file's path and bytes, in path order: stable across runs and platforms.
        var bytes: [UInt8] = []
        for (path, data) in read.sorted(by: { $0.0 < $1.0 }) {
            bytes += Array(path.utf8) + [0] + Array(data) + [0]
        }
        return SHA256.hex(bytes)
    }
}

extension StudyContent {
    /// Copies the built-in content files into `directory` (created if needed); returns how many
    /// files were written. The copy loads exactly like the built-in content.
    public static func exportBuiltIn(to directory: URL) throws -> Int {
        let source = try builtIn().directory
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        var written = 0
        guard let walker = manager.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return 0 }
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(source.standardizedFileURL.path.count + 1))
            let target = directory.appendingPathComponent(relative)
            if (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory == true {
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try manager.copyItem(at: url, to: target)
                written += 1
            }
        }
        return written
    }
}
