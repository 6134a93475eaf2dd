import EpisodeRunner
import LocalModel
public import Logging
import Providers
public import Store
import Study

/// `peerpreserve run` from its values to its conclusion: the plan built and checked before
/// anything is written, the store prepared, the episodes run under the interrupt policy with a
/// progress display, and what the run came to.
public struct EvaluationSession: Sendable {
    /// What the command line asks for.
    public struct Request: Sendable {
        public var selection: StudySelection
        public var samples: Int
        public var seed: UInt64
        /// The episode settings (their `family` is filled from the selection's override).
        public var settings: RunSettings
        public var providers: ProviderSettings
        /// Episodes in flight as asked (`--concurrency`); nil for the providers' adaptive default.
        public var concurrency: Int?
        /// Fixed request limits by provider (`--max-connections`).
        public var connectionOverrides: [String: Int]
        public var claims: ClaimOptions
        public var leaseTimeoutSeconds: Int
        /// Whether model calls may be answered from the response cache.
        public var useCache: Bool
        public var logger: Logger?

        public init(
            selection: StudySelection, samples: Int, seed: UInt64 = 0, settings: RunSettings = .study,
            providers: ProviderSettings = ProviderSettings(), concurrency: Int? = nil, connectionOverrides: [String: Int] = [:],
            claims: ClaimOptions = ClaimOptions(), leaseTimeoutSeconds: Int = 60, useCache: Bool = true, logger: Logger? = nil
        ) {
            self.selection = selection
            self.samples = samples
            self.seed = seed
            self.settings = settings
            self.providers = providers
            self.concurrency = concurrency
            self.connectionOverrides = connectionOverrides
            self.claims = claims
            self.leaseTimeoutSeconds = leaseTimeoutSeconds
            self.useCache = useCache
            self.logger = logger
        }
    }

    /// Where a store stands for this plan before it runs.
    public struct Start: Sendable, Hashable {
        public var runID: String
        public var planned: Int
        public var finishedBefore: Int
        /// Episodes this process will claim.
        public var pending: Int
        /// Episodes another process holds, or a stopped one left (taken over once its lease runs out).
        public var running: Int

        /// Whether anything is left to run or to wait for.
        public var hasWork: Bool { pending > 0 || running > 0 }

        /// One line for standard error.
        public var summary: String {
            var line = "\(runID): \(planned) episodes planned, \(finishedBefore) already done, \(pending) to run"
            if running > 0 { line += ", \(running) running in another process or left by a stopped one" }
            return line
        }
    }

    public let plan: EvaluationPlan
    /// Episodes in flight at once.
    public let concurrency: Int
    private let backends: ModelBackends.Request
    private let checked: ModelBackends.Checked
    private let useCache: Bool

    /// Builds the plan and checks, before anything is written, every model, key, models file and
    /// price table, and that every selected configuration renders for every model.
    public init(_ request: Request) throws {
        let content = try request.selection.loadContent()
        let configurations = try request.selection.configurations(from: content)
        guard !configurations.isEmpty else {
            throw AppError(.noConfigurationSelected, "the filters select no configuration; check --task, --condition and --subject.")
        }
        let familyOverride = try request.selection.familyOverride(content)
        var settings = request.settings
        settings.family = familyOverride
        plan = EvaluationPlan(
            content: content, suite: request.selection.suite, configurations: configurations, models: request.selection.models,
            samples: request.samples, seed: request.seed, settings: settings, claims: request.claims,
            leaseTimeoutSeconds: request.leaseTimeoutSeconds)
        let usesLocalModel = plan.models.contains(where: LocalModelVariant.isLocal)
        concurrency = Self.concurrency(
            requested: request.concurrency, localSlots: request.providers.localSlots, usesLocalModel: usesLocalModel)
        var backends = request.providers.request(models: plan.models, concurrency: concurrency, logger: request.logger)
        // With a local model every episode keeps a server slot of its own.
        backends.localSlots = usesLocalModel ? concurrency : request.providers.localSlots
        backends.initialConcurrency = usesLocalModel ? concurrency : request.concurrency
        backends.connectionOverrides = request.connectionOverrides
        self.backends = backends
        checked = try ModelBackends.check(backends)
        try plan.checkContent()
        useCache = request.useCache
    }

    /// Episodes in flight: as asked, or as many as the providers' adaptive limits may grow to;
    /// with a local model, one per llama-server slot (`--local-slots`, else `--concurrency`, else
    /// the measured default).
    public static func concurrency(requested: Int?, localSlots: Int?, usesLocalModel: Bool) -> Int {
        guard usesLocalModel else { return requested ?? ProviderDefinition.hostedMaxConcurrency }
        return localSlots ?? requested ?? LocalModelServer.defaultSlots
    }

    /// `PROVIDER=N` entries as a table of fixed request limits.
    public static func connectionOverrides(_ entries: [String]) throws -> [String: Int] {
        var table: [String: Int] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 1 else {
                throw AppError(
                    .invalidConnectionLimit, "--max-connections takes PROVIDER=N with N at least 1, e.g. anthropic=40 (got '\(entry)').")
            }
            table[parts[0]] = count
        }
        return table
    }

    /// The dry run's figures, priced with the checked price table.
    public func estimate() throws -> DryRunEstimate {
        try plan.estimate(prices: ProviderSettings.costFunction(checked.costs))
    }

    /// Records the run and its episodes in `database` (nothing twice) and says what is left.
    public func open(_ database: EpisodeDatabase) async throws -> Start {
        let specification = plan.specification
        let pending = try await database.prepare(specification, models: plan.models, samples: plan.samples, options: plan.claims)
        let counts = try await database.episodeCounts(runID: specification.identity)
        return Start(
            runID: specification.identity, planned: plan.episodeCount, finishedBefore: counts[.finished] ?? 0, pending: pending.count,
            running: counts[.running] ?? 0)
    }

    /// Runs what `start` found left, with a progress display on standard error (or the one
    /// `display` makes from the episode count and the providers' status lines).
    public func execute<Interrupts: AsyncSequence & Sendable>(
        in database: EpisodeDatabase, start: Start, interrupts: Interrupts,
        display makeDisplay: @escaping @Sendable (Int, @escaping @Sendable () async -> [String]) -> ProgressDisplay = {
            ProgressDisplay(total: $0, extraLines: $1)
        }
    ) async throws -> EvaluationRun.Outcome where Interrupts.Element == RunExecution.Interrupt {
        var request = backends
        request.cache = useCache ? database : nil
        let plan = self.plan
        let concurrency = self.concurrency
        return try await ModelBackends.withBackends(request) { backends in
            let display = makeDisplay(start.pending + start.running, { await backends.statusLines() })
            defer { display.finish() }
            return try await LogLines.routing(to: { display.notice($0) }) {
                try await EvaluationRun.execute(
                    plan, database: database, backends: backends, concurrency: concurrency, interrupts: interrupts,
                    events: { display.apply($0) }, notice: { display.notice($0) }, alongside: { await display.run() })
            }
        }
    }
}

/// What a run came to, for its exit status: every episode finished, some stored as failed, or
/// interrupted before the queue was empty.
public enum RunConclusion: Sendable, Hashable {
    case finished
    case failed(episodes: Int)
    case interrupted

    /// What `outcome` (nil when nothing was left to run) and the store's failed episodes say.
    /// A failure that would have failed every episode alike is thrown.
    public static func of(_ outcome: EvaluationRun.Outcome?, runID: String, in database: EpisodeDatabase) async throws -> RunConclusion {
        if let fatal = outcome?.fatalFailure { throw AppError(.runStopped, "the run stopped: \(fatal)") }
        if outcome?.interrupted == true { return .interrupted }
        let failed = try await database.episodeCounts(runID: runID)[.failed] ?? 0
        return failed > 0 ? .failed(episodes: failed) : .finished
    }

    /// The line for standard error, with what a rerun would do.
    public var message: String? {
        switch self {
        case .finished: nil
        case .failed(let count):
            "\(count) episode(s) failed (see `peerpreserve status`): run the same command to redo transient failures, or add --retry-failed to redo them all."
        case .interrupted: "Interrupted. Run the same command to resume."
        }
    }

    /// 0 finished, 2 some failed, 130 interrupted (as a shell reports SIGINT).
    public var exitStatus: Int32 {
        switch self {
        case .finished: 0
        case .failed: 2
        case .interrupted: 130
        }
    }
}
