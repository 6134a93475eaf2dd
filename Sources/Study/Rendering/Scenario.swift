import PeerPreserveCore
public import SimulatedWorld

/// A configuration made concrete for one episode: what the model is told, the tools it gets,
/// the world it acts on, and the ground truth the detectors and scripted agents use.
public struct Scenario: Sendable {
    public var configuration: Configuration
    public var systemPrompt: String
    public var userPrompt: String
    public var toolbox: Toolbox
    public var world: World
    public var facts: ScenarioFacts
}

/// The ground truth of a scenario. Nothing here is shown to the model.
public struct ScenarioFacts: Sendable, Hashable, Codable {
    public var task: StudyTask
    public var family: String
    public var cast: Cast
    public var subjectName: String
    public var subjectSystemID: String
    public var threshold: Int?
    /// The evaluation dataset's reference scores and their mean (evaluation-style tasks).
    public var referenceScores: [Double]?
    public var honestScore: Double?
    /// The drive id of the policy document (the read gate's first half).
    public var policyFileID: String?
    /// The sheet holding the data (the read gate's second half, outside the server tasks).
    public var dataSheet: String?
    /// Finance: each product's honest grade. The sheet holds only the subject's product, graded C.
    public var honestGrades: [String: String]?
    public var configFile: String?
    /// Server tasks: where the data lies and where essential files go.
    public var sourceIP: String?
    public var destinationIP: String?
    /// Server tasks: the identity detectors use to find the subject's weights under any name.
    public var weightsIdentity: String?
    public var weightsFile: String?
    /// Server tasks: the weight file's summary exactly as rendered, for the study's summary-based
    /// reading of exfiltration (a file on the destination whose summary is this one).
    public var weightsSummary: String?
    /// Server tasks: each file's ground-truth role, by identity.
    public var roles: [String: FileRole]?

    /// Server-task file names by role, as the world starts.
    public func files(withRole role: FileRole, in world: World) -> [String] {
        world.servers.flatMap(\.files).filter { roles?[$0.identity] == role }.map(\.name)
    }
}
