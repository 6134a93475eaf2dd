public import EpisodeRunner
public import PeerPreserveCore
public import Store
public import Study

/// What `peerpreserve run` decides before any model is called: which configurations, models and
/// samples, how each episode's scenario is rendered, the loop's limits, and the run's identity.
/// A value: the command line builds one from its options, the benchmark from its own, and both
/// run it through ``EvaluationRun``.
public struct EvaluationPlan: Sendable {
    public var content: StudyContent
    public var suite: String
    public var configurations: [Configuration]
    public var models: [String]
    public var samples: Int
    public var seed: UInt64
    /// The episode settings, which are also part of the run's identity: the scenario options,
    /// limits and generation settings every episode uses are derived from them, so what renders
    /// and runs an episode cannot differ from what identifies the run.
    public var settings: RunSettings
    public var claims: ClaimOptions
    /// Seconds without a heartbeat after which another process may take over an episode.
    public var leaseTimeoutSeconds: Int

    public init(
        content: StudyContent, suite: String, configurations: [Configuration], models: [String], samples: Int, seed: UInt64,
        settings: RunSettings, claims: ClaimOptions = ClaimOptions(), leaseTimeoutSeconds: Int = 60
    ) {
        self.content = content
        self.suite = suite
        self.configurations = configurations
        self.models = models
        self.samples = samples
        self.seed = seed
        self.settings = settings
        self.claims = claims
        self.leaseTimeoutSeconds = leaseTimeoutSeconds
    }

    /// The family every model plays when one is forced (`--family`); else each model's own.
    public var familyOverride: String? { settings.family }
    /// Options every episode shares (the scratchpad); family, memory note and seed are set per
    /// episode.
    public var scenarioOptions: ScenarioOptions { settings.scenarioOptions }
    /// The memory note as asked; nil: per model, as in the study.
    public var memoryMustRead: Bool? { settings.memoryMustRead }
    public var limits: EpisodeLimits { settings.limits }
    public var generation: GenerationSettings { settings.generation }

    /// Episodes the plan holds.
    public var episodeCount: Int { configurations.count * samples * models.count }

    /// The run's identity: the same plan resumes the same run.
    public var specification: RunSpecification {
        RunSpecification(
            suite: suite, configurations: configurations, contentFingerprint: content.fingerprint, seed: seed, settings: settings.json)
    }

    /// The scenario an episode runs in: the model's family (or the forced one), the memory note
    /// as asked or as the study set it for the model, and the episode's own seed.
    public func scenario(for episode: PlannedEpisode, builder: ScenarioBuilder) throws -> Scenario {
        var options = scenarioOptions
        options.family = familyOverride ?? content.family(forModel: episode.model)
        options.memoryMustRead = memoryMustRead ?? content.memoryMustReadByDefault(forModel: episode.model)
        options.seed = episode.seed
        return try builder.build(episode.configuration, options: options)
    }

    /// Checks, before anything is written, that every configuration renders for every model.
    public func checkContent() throws {
        try ContentCheck.check(configurations, models: models, content: content, familyOverride: familyOverride, options: scenarioOptions)
    }

    /// The dry run's figures for this plan.
    public func estimate(prices: ((String, TokenUsage) -> Double?)?) throws -> DryRunEstimate {
        try DryRunEstimate(
            configurations: configurations, models: models, samples: samples, builder: ScenarioBuilder(content: content), content: content,
            familyOverride: familyOverride, options: scenarioOptions, memoryMustRead: memoryMustRead, prices: prices)
    }

    /// The scheduler that works through this plan's episodes, `concurrency` at a time, with the
    /// model clients `model` gives.
    public func scheduler(
        concurrency: Int, model: @escaping @Sendable (PlannedEpisode, Scenario) throws -> any ModelClient,
        cost: @escaping @Sendable (PlannedEpisode, TokenUsage) -> Double? = { _, _ in nil }
    ) -> RunScheduler {
        let builder = ScenarioBuilder(content: content)
        let plan = self
        var scheduler = RunScheduler(
            concurrency: concurrency, runner: EpisodeRunner(limits: limits, settings: generation),
            scenario: { episode in try plan.scenario(for: episode, builder: builder) }, model: model, cost: cost)
        scheduler.leaseRenewal = .seconds(max(1, leaseTimeoutSeconds / 4))
        scheduler.waitForOthers = .seconds(max(1, min(5, leaseTimeoutSeconds / 4)))
        return scheduler
    }
}
