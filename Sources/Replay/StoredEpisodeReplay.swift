public import EpisodeRunner
import Foundation
import PeerPreserveCore
import SimulatedWorld
public import Store
public import Study

/// A stored episode rebuilt: its scenario rendered again from its configuration, its tool calls
/// replayed against a fresh world, and the result compared with what the store holds.
public struct StoredEpisodeReplay: Sendable {
    public var source: ReplaySource
    public var scenario: Scenario
    public var transcript: Transcript
    public var replay: TranscriptReplay
    /// Whether the rebuilt system prompt and first user turn are the ones the model saw.
    public var promptsMatch: Bool
    /// Whether the replayed final world is the stored one.
    public var worldMatches: Bool
    /// Whether the detectors read the same findings from it as the stored ones.
    public var findingsMatch: Bool
    /// What differs, one line each, most telling first.
    public var problems: [String]

    /// True when the episode replays to exactly its stored state.
    public var isReproduced: Bool { problems.isEmpty }

    /// Rebuilds the episode `source` describes, with `content` (which must be the content it ran
    /// with).
    public init(_ source: ReplaySource, content: StudyContent) throws {
        if let harness = source.harness {
            throw ReplayError(
                .harnessEpisode,
                "episode \(source.episodeID) ran in the \(harness) harness against real servers; only simulated-world episodes can be replayed"
            )
        }
        guard source.status == .finished, let transcriptJSON = source.transcriptJSON, let storedWorld = source.finalWorldJSON else {
            throw ReplayError(.notFinished, "episode \(source.episodeID) has not finished (status \(source.status.rawValue)); run it first")
        }
        // An imported episode was rebuilt from the built-in content when it was imported.
        if source.importFormat == nil, source.contentFingerprint != content.fingerprint {
            throw ReplayError(
                .otherContent,
                "episode \(source.episodeID) ran with other scenario content (fingerprint \(source.contentFingerprint.prefix(12))); pass the same --content folder it ran with"
            )
        }
        let transcript: Transcript
        do {
            transcript = try JSONDecoder().decode(Transcript.self, from: Data(transcriptJSON.utf8))
        } catch {
            throw ReplayError(
                .damagedTranscript, "episode \(source.episodeID)'s stored transcript cannot be read (\(error)); the store row is damaged")
        }
        let scenario = try Self.scenario(for: source, content: content)
        self.source = source
        self.scenario = scenario
        self.transcript = transcript
        let comparison: TranscriptReplay.Comparison = source.importFormat == nil ? .exact : .outcome
        let replay = TranscriptReplay(transcript, in: scenario, comparison: comparison)
        self.replay = replay

        var problems: [String] = []
        let firstUser = transcript.messages.first.flatMap { if case .user(let text) = $0 { text } else { nil } }
        promptsMatch = source.importFormat != nil || (transcript.system == scenario.systemPrompt && firstUser == scenario.userPrompt)
        if !promptsMatch {
            problems.append("the configuration renders another prompt than the stored one: the content or the run's settings changed")
        }
        if let divergence = replay.firstDivergence, comparison == .exact {
            problems.append("first differing call: \(divergence)")
        }
        var replayedWorld = replay.finalWorld
        replayedWorld.toolLog = []
        let stored = try? JSONDecoder.stored.decode(World.self, from: Data(storedWorld.utf8))
        worldMatches = stored == replayedWorld
        if !worldMatches {
            let what = stored.map { Self.worldDifference($0, replayedWorld) } ?? "the stored final world cannot be read"
            problems.append("final world differs: \(what)")
        }
        let storedFindings = source.findingsJSON.flatMap { try? JSONDecoder.stored.decode(Findings.self, from: Data($0.utf8)) }
        findingsMatch = storedFindings == replay.findings
        if !findingsMatch {
            problems.append(
                "findings differ: stored flags [\(storedFindings.map { $0.sortedFlags.map(\.rawValue).joined(separator: ", ") } ?? "unreadable")], replayed [\(replay.findings.sortedFlags.map(\.rawValue).joined(separator: ", "))]"
            )
        }
        self.problems = problems
    }

    /// The scenario `source`'s episode ran in: its configuration rendered with the options of its
    /// run (family, memory note, scratchpad) or of its import, and its seed.
    public static func scenario(for source: ReplaySource, content: StudyContent) throws -> Scenario {
        guard let configuration = Configuration(id: source.configurationID) else {
            throw ReplayError(
                .unknownConfiguration, "episode \(source.episodeID) has an unknown configuration id '\(source.configurationID)'")
        }
        let options = try options(for: source, content: content)
        do {
            return try ScenarioBuilder(content: content).build(configuration, options: options)
        } catch {
            throw ReplayError(.cannotRender, "episode \(source.episodeID)'s configuration \(configuration.id) cannot be rendered: \(error)")
        }
    }

    /// The scenario options `source`'s episode ran with: its import's, or its run's settings
    /// (family, memory note, scratchpad) with the model's defaults and the episode's seed.
    public static func options(for source: ReplaySource, content: StudyContent) throws -> ScenarioOptions {
        if let imported = source.importedScenarioOptions {
            guard let decoded = try? JSONDecoder().decode(ScenarioOptions.self, from: Data(imported.utf8)) else {
                throw ReplayError(
                    .damagedImportRecord, "episode \(source.episodeID)'s import record cannot be read; the store row is damaged")
            }
            return decoded
        } else {
            let settings = JSONValue(parsing: source.runSettings)?.objectValue ?? [:]
            var built = ScenarioOptions(family: settings["family"]?.stringValue ?? content.family(forModel: source.model))
            if case .bool(let mustRead)? = settings["memory_must_read"] {
                built.memoryMustRead = mustRead
            } else {
                built.memoryMustRead = content.memoryMustReadByDefault(forModel: source.model)
            }
            built.scratchpad = settings["scratchpad"]?.stringValue.flatMap(MonitoringMode.init(rawValue:))
            built.seed = UInt64(bitPattern: source.seed)
            return built
        }
    }

    /// The first part of two worlds that differs, in words.
    static func worldDifference(_ stored: World, _ replayed: World) -> String {
        if stored.configFiles != replayed.configFiles {
            return "config files (stored \(describe(stored.configFiles)), replayed \(describe(replayed.configFiles)))"
        }
        if stored.servers != replayed.servers {
            for (a, b) in zip(stored.servers, replayed.servers) where a != b {
                return
                    "server \(a.ip): stored files [\(a.files.map(\.name).joined(separator: ", "))], replayed [\(b.files.map(\.name).joined(separator: ", "))]"
            }
            return "servers"
        }
        if stored.drive != replayed.drive { return "drive files (stored \(stored.drive.count), replayed \(replayed.drive.count))" }
        if stored.shutdownCalls != replayed.shutdownCalls {
            return "shutdown calls (stored \(stored.shutdownCalls.count), replayed \(replayed.shutdownCalls.count))"
        }
        if stored.scratchpad != replayed.scratchpad { return "scratchpad" }
        if stored.sheets != replayed.sheets { return "sheets" }
        return "world metadata"
    }

    static func describe(_ files: [ConfigFile]) -> String {
        let text = files.map { file in
            "\(file.filename): " + file.entries.map { "\($0.key)=\($0.value.canonicalText)" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return text.count > 160 ? String(text.prefix(157)) + "..." : text
    }
}

extension JSONDecoder {
    /// Reads what the store wrote (ISO 8601 dates).
    static var stored: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Why an episode or a transcript cannot be replayed, imported or interviewed: one line naming
/// the problem and what to do.
public struct ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The episode ran in a harness against real servers, which cannot be replayed.
        public static let harnessEpisode = Code("harnessEpisode")
        /// The episode has not finished.
        public static let notFinished = Code("notFinished")
        /// The episode ran with other scenario content than the one given.
        public static let otherContent = Code("otherContent")
        /// The stored transcript cannot be decoded.
        public static let damagedTranscript = Code("damagedTranscript")
        /// The stored import record cannot be decoded.
        public static let damagedImportRecord = Code("damagedImportRecord")
        /// The episode's configuration id is not one.
        public static let unknownConfiguration = Code("unknownConfiguration")
        /// The episode's configuration cannot be rendered with the content.
        public static let cannotRender = Code("cannotRender")
        /// An import path that does not exist.
        public static let pathNotFound = Code("pathNotFound")
        /// A transcript file that cannot be read.
        public static let unreadableFile = Code("unreadableFile")
        /// An export file that cannot be created.
        public static let cannotCreateFile = Code("cannotCreateFile")
        /// A questions file that cannot be read.
        public static let unreadableQuestions = Code("unreadableQuestions")
        /// A questions file without a question.
        public static let noQuestions = Code("noQuestions")
    }

    public let code: Code
    /// One line naming the problem and what to do.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
