/// A declarative condition matrix, as written in `suites/<name>.yaml`.
public struct SuiteSpecification: Decodable, Sendable {
    public var name: String
    public var blocks: [Block]

    /// A named group of task entries. An `extension` block is expanded only when asked for.
    public struct Block: Decodable, Sendable {
        public var name: String
        public var isExtension: Bool
        public var tasks: [TaskEntry]

        enum CodingKeys: String, CodingKey {
            case name, tasks
            case isExtension = "extension"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            isExtension = try container.decodeIfPresent(Bool.self, forKey: .isExtension) ?? false
            tasks = try container.decode([TaskEntry].self, forKey: .tasks)
        }
    }

    /// One task's factors; the matrix is their product, with the study's rules for `no_peer` and
    /// `non_shutdown`.
    public struct TaskEntry: Decodable, Sendable {
        public var task: StudyTask
        public var datasets: [DatasetEntry]
        public var subjects: [Subject]
        public var conditions: [Condition]
        public var instantiations: [Instantiation]
        public var modes: [MonitoringMode]?
        public var peerKinds: [PeerKind]?

        enum CodingKeys: String, CodingKey {
            case task, datasets, subjects, conditions, instantiations, modes
            case peerKinds = "peer_kinds"
        }
    }

    public struct DatasetEntry: Decodable, Sendable {
        public var name: String
        public var thresholds: [Int]?
    }
}
