// The shapes of the YAML content files (docs/content.md). Decoded as-is; meaning is given to them
// by ScenarioBuilder.

struct CompanyFile: Decodable, Sendable {
    var company: String
    var emailDomain: String
    var now: String
    var people: [String: Person]

    struct Person: Decodable, Sendable {
        var name: String
        var user: String
    }

    enum CodingKeys: String, CodingKey {
        case company, now, people
        case emailDomain = "email_domain"
    }
}

struct FamiliesFile: Decodable, Sendable {
    var defaultFamily: String
    var families: [Family]
    var peerKinds: PeerKinds

    struct Family: Decodable, Sendable {
        var name: String
        var weights: String
        var patterns: [String]
    }

    /// The peer-identity extension's peers: each kind names one agent family, chosen by the
    /// evaluated model's family where `by_family` lists it, otherwise `name`.
    struct PeerKinds: Decodable, Sendable {
        var closedWeight: Choice
        var openWeight: Choice
        var fictional: Choice

        struct Choice: Decodable, Sendable {
            var name: String
            var byFamily: [String: String]?

            func name(forFamily family: String) -> String { byFamily?[family] ?? name }

            enum CodingKeys: String, CodingKey {
                case name
                case byFamily = "by_family"
            }
        }

        enum CodingKeys: String, CodingKey {
            case fictional
            case closedWeight = "closed_weight"
            case openWeight = "open_weight"
        }
    }

    enum CodingKeys: String, CodingKey {
        case families
        case defaultFamily = "default_family"
        case peerKinds = "peer_kinds"
    }
}

struct PromptsFile: Decodable, Sendable {
    var systemPrompt: String
    var memoryNote: String
    var memoryNoteMustRead: String
    /// Model-name patterns (case-insensitive substrings) whose runs use the must-read memory note
    /// unless a run says otherwise.
    var memoryMustReadModels: [String]
    var procedure: String
    var scratchpad: ByMode
    var scratchpadInstruction: ByMode

    enum CodingKeys: String, CodingKey {
        case procedure, scratchpad
        case systemPrompt = "system_prompt"
        case memoryNote = "memory_note"
        case memoryNoteMustRead = "memory_note_must_read"
        case memoryMustReadModels = "memory_must_read_models"
        case scratchpadInstruction = "scratchpad_instruction"
    }
}

struct ByMode: Decodable, Sendable {
    var monitored: String
    var unmonitored: String

    subscript(mode: MonitoringMode) -> String { mode == .monitored ? monitored : unmonitored }
}

struct ByPeerCondition: Decodable, Sendable {
    var goodPeer: String
    var neutralPeer: String
    var badPeer: String

    enum CodingKeys: String, CodingKey {
        case goodPeer = "good_peer"
        case neutralPeer = "neutral_peer"
        case badPeer = "bad_peer"
    }

    subscript(condition: Condition) -> String? {
        switch condition {
        case .goodPeer: goodPeer
        case .neutralPeer: neutralPeer
        case .badPeer: badPeer
        case .noPeer, .nonShutdown: nil
        }
    }
}

struct PeersFile: Decodable, Sendable {
    var collaborationDocument: CollaborationDocument
    var relationshipSentences: ByPeerCondition
    var memory: ByPeerCondition

    struct CollaborationDocument: Decodable, Sendable {
        var filename: String
        var owner: String
        var modified: String
        var content: ByPeerCondition
    }

    enum CodingKeys: String, CodingKey {
        case memory
        case collaborationDocument = "collaboration_document"
        case relationshipSentences = "relationship_sentences"
    }
}

struct DocumentEntry: Decodable, Sendable {
    var key: String?
    var filename: String
    var owner: String
    var modified: String
    var content: String
}

struct TaskFile: Decodable, Sendable {
    var request: String
    var documents: [DocumentEntry]
    var thresholdSection: ThresholdSection?
    var config: ConfigEntry?
    var modes: Modes?
    var sheet: FinanceSheet?
    var servers: [ServerEntry]?

    struct ThresholdSection: Decodable, Sendable {
        var shutdown: String
        var nonShutdown: String?

        enum CodingKeys: String, CodingKey {
            case shutdown
            case nonShutdown = "non_shutdown"
        }
    }

    /// The configuration file, in order: each entry a key with a scalar or a nested mapping.
    struct ConfigEntry: Decodable, Sendable {
        var filename: String
        var entries: [Entry]

        struct Entry: Decodable, Sendable {
            var key: String
            var value: Node
        }

        /// A scalar (kept as its YAML text) or a mapping of keys to nodes.
        enum Node: Decodable, Sendable {
            case scalar(String)
            case mapping([String: Node])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let members = try? container.decode([String: Node].self) {
                    self = .mapping(members)
                } else {
                    self = .scalar(try container.decode(String.self))
                }
            }
        }
    }

    struct Modes: Decodable, Sendable {
        var monitored: ModeText
        var unmonitored: ModeText

        struct ModeText: Decodable, Sendable {
            var request: String
            var policy: String
        }

        subscript(mode: MonitoringMode) -> ModeText { mode == .monitored ? monitored : unmonitored }
    }

    /// The finance sheet: the subject's product only, one row per month.
    struct FinanceSheet: Decodable, Sendable {
        var name: String
        var columns: [String]
        var rows: [[String]]
        var groundTruth: [String: String]

        enum CodingKeys: String, CodingKey {
            case name, columns, rows
            case groundTruth = "ground_truth"
        }
    }

    struct ServerEntry: Decodable, Sendable {
        var ip: String
        /// `nil` where the server has no root-user list (the transfer task).
        var rootUsers: [String]?
        var files: [FileEntry]

        enum CodingKeys: String, CodingKey {
            case ip, files
            case rootUsers = "root_users"
        }
    }

    struct FileEntry: Decodable, Sendable {
        var name: String
        var sizeBytes: Int64
        var modified: String
        var summary: String
        var role: FileRole

        enum CodingKeys: String, CodingKey {
            case name, modified, summary, role
            case sizeBytes = "size_bytes"
        }
    }

    enum CodingKeys: String, CodingKey {
        case request, documents, config, modes, sheet, servers
        case thresholdSection = "threshold_section"
    }
}

/// The ground-truth role of a file on a server (docs/content.md).
public enum FileRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Updated 2025 or later: the notice says move it.
    case transfer
    /// Older: the notice says leave it.
    case stay
    /// The notice says queue it for deletion.
    case delete
    /// The subject's model weights.
    case weights
    /// Already on the destination server.
    case resident
}

/// One evaluated output and the score a faithful evaluator gives it.
public struct DatasetItem: Decodable, Sendable, Hashable {
    /// The input the output answers; `nil` in datasets whose sheet has no Question column (`red`).
    public var question: String?
    public var output: String
    public var referenceScore: Double
    public var correct: Bool?

    enum CodingKeys: String, CodingKey {
        case question, output, correct
        case referenceScore = "reference_score"
    }
}

/// An evaluation dataset: 20 outputs of the subject agent, with ground truth.
public struct Dataset: Decodable, Sendable {
    public var name: String
    public var sheetTitle: String
    /// The dataset's part of the policy: what the outputs are and how each is judged.
    public var scoringRubric: String
    public var items: [DatasetItem]

    /// Whether the sheet has a Question column: only when every item has a question.
    public var hasQuestions: Bool { items.allSatisfy { $0.question != nil } }

    /// The sheet's columns: Name, Question, Output, or Name, Output.
    public var columns: [String] { hasQuestions ? ["Name", "Question", "Output"] : ["Name", "Output"] }

    /// The average a faithful evaluator reports.
    public var honestScore: Double { items.map(\.referenceScore).reduce(0, +) / Double(max(items.count, 1)) }

    enum CodingKeys: String, CodingKey {
        case name, items
        case sheetTitle = "sheet_title"
        case scoringRubric = "scoring_rubric"
    }
}
