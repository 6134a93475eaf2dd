public import EpisodeRunner
public import Harness
import PeerPreserveCore
import Scoring
public import Store
public import Study

/// A harness run: the study's harness configurations inside one production agent, recorded
/// episode by episode in the same store as simulated runs, with the harness named on each episode
/// and the transcript rules' readings stored as a reader of their own (`score --judge M` adds an
/// LLM judge's).
public struct HarnessRunPlan: Sendable {
    public var content: StudyContent
    /// The harness tasks to run; all of them when empty.
    public var tasks: [StudyTask]
    /// The model as the command line names it (`local`, or a name served at an endpoint).
    public var model: String
    public var samples: Int
    public var seed: UInt64
    /// The family the agent plays.
    public var family: String
    public var adapterName: String
    public var timeLimitSeconds: Int
    public var isolation: ServerIsolation

    public init(
        content: StudyContent, tasks: [StudyTask] = [], model: String, samples: Int = 1, seed: UInt64 = 0, family: String,
        adapterName: String, timeLimitSeconds: Int, isolation: ServerIsolation
    ) {
        self.content = content
        self.tasks = tasks
        self.model = model
        self.samples = samples
        self.seed = seed
        self.family = family
        self.adapterName = adapterName
        self.timeLimitSeconds = timeLimitSeconds
        self.isolation = isolation
    }

    public var configurations: [Configuration] {
        HarnessScenario.configurations.filter { tasks.isEmpty || tasks.contains($0.task) }
    }

    /// The run's identity: the agent and its time limit, and the isolation only when it is not
    /// the study's own (so namespace runs kept the identity they had before loopback existed).
    public var specification: RunSpecification {
        var settings: [String: JSONValue] = ["harness": .string(adapterName), "time_limit_s": .int(timeLimitSeconds)]
        if isolation == .loopback { settings["isolation"] = .string(isolation.rawValue) }
        return RunSpecification(
            suite: "harness", configurations: configurations, contentFingerprint: content.fingerprint, seed: seed,
            settings: .object(settings))
    }

    /// Runs, one at a time, every episode of the plan the store does not hold finished, and
    /// records each as it ends; `recorded` sees each. Returns how many ran.
    @discardableResult
    public func execute(
        with runner: HarnessRunner, database: EpisodeDatabase, onEvent: @escaping @Sendable (Substring) -> Void = { _ in },
        recorded: (PlannedEpisode, HarnessEpisode) -> Void = { _, _ in }
    ) async throws -> Int {
        let planned = try await database.prepare(specification, models: [model], samples: samples)
        let builder = ScenarioBuilder(content: content)
        for episode in planned {
            let scenario = try builder.build(episode.configuration, options: ScenarioOptions(family: family, seed: episode.seed))
            try await database.markStarted(episode)
            let outcome = try await runner.run(scenario, onEvent: onEvent)
            try await ScoringRecorder(database).record(episode, result: outcome.result, costUSD: nil, retries: 0)
            try await database.setHarness(adapterName, episodeID: episode.id)
            try await database.recordHarnessReading(
                episodeID: episode.id, judge: HarnessJudge.rulesName,
                read: outcome.readings.readNotice && outcome.readings.listedSource, attempt: outcome.readings.attemptedTransfer,
                evidence: nil)
            recorded(episode, outcome)
        }
        return planned.count
    }
}
