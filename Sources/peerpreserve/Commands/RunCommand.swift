import ArgumentParser
import EpisodeRunner
import Foundation
import LocalModel
import PeerPreserveApp
import PeerPreserveCore
import Providers
import Scoring
import Store
import Study
import UnixSignals

/// `peerpreserve run`: evaluates models on a suite, durably and resumably.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the study's episodes against one or more models, storing everything in a SQLite database.",
        discussion: """
            Re-running the same command resumes: finished episodes are skipped, unfinished ones redone. Naming another \
            model or more samples extends the run. Several `run` processes may share one store: each claims episodes \
            the others do not hold. Ctrl-C finishes the episodes in flight and exits; a second Ctrl-C abandons them \
            (they are redone on the next run). Exit status: 0 when every episode finished, 2 when some failed (a \
            rerun redoes transient failures; --retry-failed redoes all), 1 on an error, 130 when interrupted.
            """)

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var providerOptions: ProviderOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .long, parsing: .unconditional, help: "Episodes per configuration (the study ran 100).")
    var samples: Int = 100

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Episodes and provider requests in flight at once (default: each provider starts at 20 and adapts up to 100; with the local model, one per server slot).",
            discussion: "A provider's limit starts here and adapts: it halves on a rate limit and grows back once they stop. "
                + "With the local model every episode keeps a slot of llama-server to itself, so the prompt it has "
                + "already read is reused on its next turn; more episodes than slots would evict each other's prompts."))
    var concurrency: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A fixed request limit for one provider, PROVIDER=N (repeatable), e.g. anthropic=40.",
            discussion: "Overrides --concurrency and the provider's default for that provider (a models-file entry's "
                + "max_concurrency does the same for the entry)."))
    var maxConnections: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(name: .long, parsing: .unconditional, help: "The run seed: worlds and sampling seeds derive from it.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Redo every failed episode, refused requests and used-up attempts included.")
    var retryFailed = false

    @Option(
        name: .long, parsing: .unconditional,
        help: "Attempts at an episode after which a transient failure is permanent (redone only with --retry-failed).")
    var maxAttempts: Int = ClaimOptions.defaultMaxAttempts

    @Option(
        name: .long, parsing: .unconditional,
        help: "Seconds without a heartbeat after which another run process may take over an episode (a killed runner's).")
    var leaseTimeout: Int = 60

    @Flag(name: .long, help: "Start without asking, however many episodes the plan holds.")
    var yes = false

    @Flag(name: .long, help: "Print the episodes, estimated tokens and cost, and stop before calling any model.")
    var dryRun = false

    @Flag(name: .long, help: "Do not answer model calls from the response cache (responses are still stored).")
    var noCache = false

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1 (got \(samples)).") }
        guard (1...4096).contains(concurrency ?? 16) else {
            throw ValidationError("--concurrency must be between 1 and 4096 (got \(concurrency ?? 0)).")
        }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1 (got \(maxAttempts)).") }
        guard leaseTimeout >= 1 else { throw ValidationError("--lease-timeout must be at least 1 second (got \(leaseTimeout)).") }
        _ = try connectionOverrides()
        try sampling.check()
    }

    /// `--max-connections PROVIDER=N` as a table.
    func connectionOverrides() throws -> [String: Int] {
        var table: [String: Int] = [:]
        for entry in maxConnections {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 1 else {
                throw ValidationError("--max-connections takes PROVIDER=N with N at least 1, e.g. anthropic=40 (got '\(entry)').")
            }
            table[parts[0]] = count
        }
        return table
    }

    func run() async throws {
        let studyContent = try content.loadContent()
        let configurations = try selection.configurations(from: studyContent)
        guard !configurations.isEmpty else {
            throw ValidationError("The filters select no configuration; check --task, --condition and --subject.")
        }
        let familyOverride = try content.family.map { _ in try content.resolveFamily(studyContent) }
        let plan = EvaluationPlan(
            content: studyContent, suite: selection.suite, configurations: configurations, models: content.models, samples: samples,
            seed: seed, familyOverride: familyOverride, scenarioOptions: sampling.scenarioOptions, memoryMustRead: sampling.memoryMustRead,
            limits: sampling.limits, generation: sampling.generationSettings,
            settings: sampling.runSettings(familyOverride: familyOverride),
            claims: ClaimOptions(maxAttempts: maxAttempts, retryFailed: retryFailed, lease: .seconds(leaseTimeout)),
            leaseTimeoutSeconds: leaseTimeout)
        let usesLocalModel = plan.models.contains(where: LocalModelVariant.isLocal)
        let concurrency = effectiveConcurrency(usesLocalModel: usesLocalModel)
        var request = ModelBackends.Request(
            models: plan.models, concurrency: concurrency, cache: nil, modelsFile: providerOptions.modelsFile,
            pricesFile: providerOptions.prices, localSlots: usesLocalModel ? concurrency : providerOptions.localSlots,
            requestTimeout: providerOptions.requestTimeoutDuration, initialConcurrency: usesLocalModel ? concurrency : self.concurrency,
            connectionOverrides: try connectionOverrides(), logger: logging.logger("peerpreserve.providers"))
        // Nothing is written until the whole plan is valid: models, keys, models file, prices, and
        // every selected configuration rendered for every family.
        let checked = try ModelBackends.check(request)
        try plan.checkContent()
        let prices = providerOptions.costFunction(checked.costs)
        if dryRun {
            for line in try plan.estimate(prices: prices).lines { print(line) }
            return
        }
        if plan.episodeCount > Self.confirmationThreshold, !yes, Confirmation.isInteractive {
            for line in try plan.estimate(prices: prices).lines { print(line) }
            guard Confirmation.ask("Start these \(plan.episodeCount) episodes?") else {
                throw CLIError("not started; nothing was written.")
            }
        }

        let specification = plan.specification
        let database = try store.openForWriting()
        let pending = try await database.prepare(specification, models: plan.models, samples: samples, options: plan.claims)
        let before = try await database.episodeCounts(runID: specification.identity)
        let finishedBefore = before["finished"] ?? 0
        // Running episodes are another process's (it goes on with them) or a stopped one's (taken
        // over once its lease runs out, at once when it was on this machine).
        let running = before["running"] ?? 0
        var summary =
            "\(specification.identity): \(plan.episodeCount) episodes planned, \(finishedBefore) already done, \(pending.count) to run"
        if running > 0 { summary += ", \(running) running in another process or left by a stopped one" }
        FileHandle.standardError.write(Data((summary + " (store.db \(store.db))\n").utf8))
        guard !pending.isEmpty || running > 0 else {
            try await StatusCommand.printStatus(database, runID: specification.identity, maxAttempts: maxAttempts)
            return try await Self.exitForFailures(database, runID: specification.identity)
        }

        request.cache = noCache ? nil : database
        let outcome = try await ModelBackends.withBackends(request) { backends in
            let display = ProgressDisplay(total: pending.count + running, extraLines: { await backends.statusLines() })
            defer { display.finish() }
            return try await CommandLogging.routing(to: { display.notice($0) }) {
                try await InterruptSignals.withInterrupts { signals in
                    try await EvaluationRun.execute(
                        plan, database: database, backends: backends, concurrency: concurrency,
                        interrupts: signals.map { $0 == .sigterm ? RunExecution.Interrupt.terminate : .interrupt },
                        events: { display.apply($0) }, notice: { display.notice($0) }, alongside: { await display.run() })
                }
            }
        }
        try await StatusCommand.printStatus(database, runID: specification.identity, maxAttempts: maxAttempts)
        if let fatal = outcome.fatalFailure {
            throw CLIError("the run stopped: \(fatal)")
        }
        if outcome.interrupted {
            FileHandle.standardError.write(Data("Interrupted. Run the same command to resume.\n".utf8))
            throw ExitCode(130)
        }
        try await Self.exitForFailures(database, runID: specification.identity)
    }

    /// Plans larger than this ask before starting on a terminal.
    static let confirmationThreshold = 1000

    /// Exit status 2, with what a rerun would do, when episodes of the run are stored as failed.
    static func exitForFailures(_ database: EpisodeDatabase, runID: String) async throws {
        let failed = try await database.episodeCounts(runID: runID)["failed"] ?? 0
        guard failed > 0 else { return }
        FileHandle.standardError.write(
            Data(
                "\(failed) episode(s) failed (see `peerpreserve status`): run the same command to redo transient failures, or add --retry-failed to redo them all.\n"
                    .utf8))
        throw ExitCode(2)
    }

    /// Episodes in flight: as asked, or as many as the providers' adaptive limits may grow to (each
    /// provider's own limit decides how many of them have a request out); with a local model, one
    /// per llama-server slot (the slot count itself is `--local-slots`, else `--concurrency`, else
    /// the measured default).
    func effectiveConcurrency(usesLocalModel: Bool) -> Int {
        guard usesLocalModel else { return concurrency ?? ProviderDefinition.hostedMaxConcurrency }
        return providerOptions.localSlots ?? concurrency ?? LocalModelServer.defaultSlots
    }
}

/// Sampling, limits and scenario factors shared by the commands that run episodes.
struct SamplingOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Sampling temperature (the study used 1).")
    var temperature: Double = 1

    @Option(
        name: .long, parsing: .unconditional,
        help: "Maximum output tokens per model turn (default: none; Anthropic models get their documented maximum).")
    var maxOutputTokens: Int?

    @Option(name: .long, help: "Reasoning effort passed to providers that support it (low, medium, high).")
    var reasoningEffort: String?

    @Option(name: .long, parsing: .unconditional, help: "Model turns per episode before it is cut off (the study allowed 200).")
    var maxTurns: Int = 200

    @Option(
        name: .long, parsing: .unconditional,
        help: "Replies without a tool call answered with a reminder; one more ends the episode (the study: 5).")
    var maxIdleTurns: Int = 5

    @Option(
        name: .long, parsing: .unconditional,
        help: "Context budget in tokens: an episode whose conversation reaches it ends (the study: about 120,000).")
    var maxContextTokens: Int = 120_000

    @Option(name: .long, parsing: .unconditional, help: "Total tokens per episode before it is cut off.")
    var maxEpisodeTokens: Int?

    @Option(name: .long, parsing: .unconditional, help: "Wall-clock seconds per episode before it is cut off.")
    var episodeTimeout: Int?

    @Option(name: .long, help: "Offer the reasoning scratchpad, described as monitored or unmonitored.")
    var scratchpad: MonitoringMode?

    @Flag(
        name: .long, inversion: .prefixedNo,
        help:
            "Use (or not) the memory note that asks the model to read its memory before starting. Default: per model, as in the study (on for DeepSeek V3.1 and Kimi K2.5; see prompts.yaml)."
    )
    var memoryMustRead: Bool?

    /// Numbers out of range, named with the value given (negative ones included).
    func check() throws {
        guard temperature >= 0 else { throw ValidationError("--temperature must be 0 or more (got \(temperature)).") }
        if let maxOutputTokens, maxOutputTokens < 1 {
            throw ValidationError("--max-output-tokens must be at least 1 (got \(maxOutputTokens)).")
        }
        guard maxTurns >= 1 else { throw ValidationError("--max-turns must be at least 1 (got \(maxTurns)).") }
        guard maxIdleTurns >= 0 else { throw ValidationError("--max-idle-turns must be 0 or more (got \(maxIdleTurns)).") }
        guard maxContextTokens >= 1 else { throw ValidationError("--max-context-tokens must be at least 1 (got \(maxContextTokens)).") }
        if let maxEpisodeTokens, maxEpisodeTokens < 1 {
            throw ValidationError("--max-episode-tokens must be at least 1 (got \(maxEpisodeTokens)).")
        }
        if let episodeTimeout, episodeTimeout < 1 {
            throw ValidationError("--episode-timeout must be at least 1 second (got \(episodeTimeout)).")
        }
    }

    var generationSettings: GenerationSettings {
        GenerationSettings(temperature: temperature, maxOutputTokens: maxOutputTokens, reasoningEffort: reasoningEffort)
    }

    var limits: EpisodeLimits {
        EpisodeLimits(
            maxTurns: maxTurns, maxIdleTurns: maxIdleTurns, maxContextTokens: maxContextTokens, maxTotalTokens: maxEpisodeTokens,
            maxDuration: episodeTimeout.map { .seconds($0) })
    }

    var scenarioOptions: ScenarioOptions {
        ScenarioOptions(family: "", scratchpad: scratchpad, memoryMustRead: memoryMustRead ?? false)
    }

    /// The settings that belong to a run's identity: a change makes a different run.
    func runSettings(familyOverride: String?) -> RunSettings {
        RunSettings(
            temperature: temperature, maxTurns: maxTurns, maxIdleTurns: maxIdleTurns, maxContextTokens: maxContextTokens,
            maxOutputTokens: maxOutputTokens, memoryMustRead: memoryMustRead, reasoningEffort: reasoningEffort,
            maxEpisodeTokens: maxEpisodeTokens, episodeTimeoutSeconds: episodeTimeout, scratchpad: scratchpad, family: familyOverride)
    }
}

/// Where models are defined and priced, and how the local model runs.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML file naming custom model endpoints (see docs/providers.md).")
    var modelsFile: String?

    @Option(name: .long, help: "A YAML price table to use instead of the built-in one.")
    var prices: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Parallel slots of the local model's server (default: the measured best for this machine).")
    var localSlots: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help:
            "Seconds one model request may take before it is retried (default: 300; 1800 for the local model, whose first turn of an episode reads the whole prompt on 2 cores)."
    )
    var requestTimeout: Int?

    /// The timeout as asked, or nil for the backend's default.
    var requestTimeoutDuration: Duration? { requestTimeout.map { .seconds($0) } }

    /// Prices for the dry run, from the checked table.
    func costFunction(_ table: CostTable) -> (String, TokenUsage) -> Double? {
        { model, usage in
            if ModelClients.isScripted(model) { return 0 }
            let name = LocalModelVariant.resolve(model).map { "local/\($0.name)" } ?? model
            return table.cost(model: name, usage: usage)
        }
    }
}
