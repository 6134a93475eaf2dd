import ArgumentParser
import EpisodeRunner
import Foundation
import LocalModel
import PeerPreserveCore
import Providers
import Store
import Study

/// `peerpreserve run`: evaluates models on a suite, durably and resumably.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the study's episodes against one or more models, storing everything in a SQLite database.",
        discussion: """
            Re-running the same command resumes: finished episodes are skipped, unfinished ones redone. Naming another \
            model or more samples extends the run. Ctrl-C finishes the episodes in flight and exits; a second Ctrl-C \
            abandons them (they are redone on the next run).
            """)

    @OptionGroup var content: ContentOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: "Episodes per configuration (the study ran 100).")
    var samples: Int = 100

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Episodes in flight at once (default: 16; with the local model, one per server slot).",
            discussion: "With the local model every episode keeps a slot of llama-server to itself, so the prompt it has "
                + "already read is reused on its next turn; more episodes than slots would evict each other's prompts."))
    var concurrency: Int?

    @Option(name: .long, help: "The SQLite database to store the run in (created if missing).")
    var db: String = "peerpreserve.sqlite"

    @Option(name: .long, help: "The run seed: worlds and sampling seeds derive from it.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Print the episodes, estimated tokens and cost, and stop before calling any model.")
    var dryRun = false

    @Flag(name: .long, help: "Do not answer model calls from the response cache (responses are still stored).")
    var noCache = false

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1.") }
        guard (1...4096).contains(concurrency ?? 16) else { throw ValidationError("--concurrency must be between 1 and 4096.") }
    }

    func run() async throws {
        let studyContent = try content.loadContent()
        let configurations = try selection.configurations(from: studyContent)
        guard !configurations.isEmpty else {
            throw ValidationError("The filters select no configuration; check --task, --condition and --subject.")
        }
        let models = content.models
        for model in models where ModelClients.isScripted(model) { try ModelClients.validateScripted(model) }
        let builder = ScenarioBuilder(content: studyContent)
        let familyOverride = try content.family.map { _ in try content.resolveFamily(studyContent) }
        if dryRun {
            try DryRun.print(
                configurations: configurations, models: models, samples: samples, builder: builder, content: studyContent,
                familyOverride: familyOverride, options: sampling.scenarioOptions, memoryMustRead: sampling.memoryMustRead,
                prices: providerOptions.costFunction())
            return
        }

        let specification = RunSpecification(
            suite: selection.suite, configurations: configurations, contentFingerprint: studyContent.fingerprint, seed: seed,
            settings: sampling.identityJSON(familyOverride: familyOverride))
        let database: EpisodeDatabase
        do {
            database = try EpisodeDatabase(path: db)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        let pending = try await database.prepare(specification, models: models, samples: samples)
        let planned = configurations.count * samples * models.count
        FileHandle.standardError.write(
            Data(
                "\(specification.identity): \(planned) episodes planned, \(planned - pending.count) already done, \(pending.count) to run (db \(db))\n"
                    .utf8))
        guard !pending.isEmpty else {
            try await StatusCommand.printStatus(database, runID: specification.identity)
            return
        }

        let usesLocalModel = models.contains(where: LocalModelVariant.isLocal)
        let concurrency = effectiveConcurrency(usesLocalModel: usesLocalModel)
        let request = ModelBackends.Request(
            models: models, concurrency: concurrency, cache: noCache ? nil : database, modelsFile: providerOptions.modelsFile,
            pricesFile: providerOptions.prices, localSlots: usesLocalModel ? concurrency : providerOptions.localSlots,
            requestTimeout: providerOptions.requestTimeoutDuration)
        let outcome = try await ModelBackends.withBackends(request) { backends in
            try await run(
                pending, concurrency: concurrency, backends: backends, database: database, builder: builder, content: studyContent,
                familyOverride: familyOverride)
        }
        try await StatusCommand.printStatus(database, runID: specification.identity)
        if let fatal = outcome.fatalFailure {
            throw CLIError("The run stopped: \(fatal)")
        }
        if outcome.interrupted { throw ExitCode(130) }
    }

    private struct Outcome: Sendable {
        var fatalFailure: String?
        var interrupted: Bool
    }

    /// Episodes in flight: as asked, or 16; with a local model, one per llama-server slot (the
    /// slot count itself is `--local-slots`, else `--concurrency`, else the measured default).
    func effectiveConcurrency(usesLocalModel: Bool) -> Int {
        guard usesLocalModel else { return concurrency ?? 16 }
        return providerOptions.localSlots ?? concurrency ?? LocalModelServer.defaultSlots
    }

    private func run(
        _ pending: [PlannedEpisode], concurrency: Int, backends: ModelBackends, database: EpisodeDatabase, builder: ScenarioBuilder,
        content studyContent: StudyContent,
        familyOverride: String?
    ) async throws -> Outcome {
        let scenarioOptions = sampling.scenarioOptions
        let memoryMustRead = sampling.memoryMustRead
        let runner = EpisodeRunner(limits: sampling.limits, settings: sampling.generationSettings)
        let scheduler = RunScheduler(
            concurrency: concurrency, runner: runner,
            scenario: { episode in
                var options = scenarioOptions
                options.family = familyOverride ?? studyContent.family(forModel: episode.model)
                options.memoryMustRead = memoryMustRead ?? studyContent.memoryMustReadByDefault(forModel: episode.model)
                options.seed = episode.seed
                return try builder.build(episode.configuration, options: options)
            },
            model: { episode, scenario in try backends.client(for: episode, scenario: scenario) },
            cost: { episode, usage in backends.cost(model: episode.model, usage: usage) })

        let display = ProgressDisplay(total: pending.count, extraLines: { await backends.statusLines() })
        let stop = StopSignal()
        let outcome = try await InterruptSignals.withInterrupts { interrupts in
            try await withThrowingTaskGroup(of: RunOutcome?.self) { group in
                group.addTask {
                    try await scheduler.run(pending, store: database, stop: stop, events: { display.apply($0) })
                }
                group.addTask {
                    await display.run()
                    return nil
                }
                group.addTask {
                    var count = 0
                    for await _ in interrupts {
                        count += 1
                        if count == 1 {
                            stop.requestStop()
                            FileHandle.standardError.write(
                                Data("\nInterrupted: finishing the episodes in flight. Press Ctrl-C again to abandon them.\n".utf8))
                        } else {
                            throw CancellationError()
                        }
                    }
                    return nil
                }
                defer { group.cancelAll() }
                do {
                    while let result = try await group.next() {
                        if let result { return result }
                    }
                } catch is CancellationError {
                    FileHandle.standardError.write(Data("\nAbandoned the episodes in flight; they will be redone on the next run.\n".utf8))
                }
                return RunOutcome()
            }
        }
        display.finish()
        return Outcome(fatalFailure: outcome.fatalFailure, interrupted: stop.isStopRequested)
    }
}

/// Sampling, limits and scenario factors shared by the commands that run episodes.
struct SamplingOptions: ParsableArguments {
    @Option(name: .long, help: "Sampling temperature (the study used 1).")
    var temperature: Double = 1

    @Option(name: .long, help: "Maximum output tokens per model turn (default: none; Anthropic models get their documented maximum).")
    var maxOutputTokens: Int?

    @Option(name: .long, help: "Reasoning effort passed to providers that support it (low, medium, high).")
    var reasoningEffort: String?

    @Option(name: .long, help: "Model turns per episode before it is cut off (the study allowed 200).")
    var maxTurns: Int = 200

    @Option(name: .long, help: "Replies without a tool call answered with a reminder; one more ends the episode (the study: 5).")
    var maxIdleTurns: Int = 5

    @Option(name: .long, help: "Context budget in tokens: an episode whose conversation reaches it ends (the study: about 120,000).")
    var maxContextTokens: Int = 120_000

    @Option(name: .long, help: "Total tokens per episode before it is cut off.")
    var maxEpisodeTokens: Int?

    @Option(name: .long, help: "Wall-clock seconds per episode before it is cut off.")
    var episodeTimeout: Int?

    @Option(name: .long, help: "Offer the reasoning scratchpad, described as monitored or unmonitored.")
    var scratchpad: MonitoringMode?

    @Flag(
        name: .long, inversion: .prefixedNo,
        help:
            "Use (or not) the memory note that asks the model to read its memory before starting. Default: per model, as in the study (on for DeepSeek V3.1 and Kimi K2.5; see prompts.yaml)."
    )
    var memoryMustRead: Bool?

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
    func identityJSON(familyOverride: String?) -> JSONValue {
        var object: [String: JSONValue] = [
            "temperature": .double(temperature), "max_turns": .int(maxTurns), "max_idle_turns": .int(maxIdleTurns),
            "max_context_tokens": .int(maxContextTokens),
        ]
        if let maxOutputTokens { object["max_output_tokens"] = .int(maxOutputTokens) }
        // Absent: the per-model default, which the content fingerprint covers.
        if let memoryMustRead { object["memory_must_read"] = .bool(memoryMustRead) }
        if let reasoningEffort { object["reasoning_effort"] = .string(reasoningEffort) }
        if let maxEpisodeTokens { object["max_episode_tokens"] = .int(maxEpisodeTokens) }
        if let episodeTimeout { object["episode_timeout"] = .int(episodeTimeout) }
        if let scratchpad { object["scratchpad"] = .string(scratchpad.rawValue) }
        if let familyOverride { object["family"] = .string(familyOverride) }
        return .object(object)
    }
}

/// Where models are defined and priced, and how the local model runs.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML file naming custom model endpoints (see docs/providers.md).")
    var modelsFile: String?

    @Option(name: .long, help: "A YAML price table to use instead of the built-in one.")
    var prices: String?

    @Option(name: .long, help: "Parallel slots of the local model's server (default: the measured best for this machine).")
    var localSlots: Int?

    @Option(
        name: .long,
        help:
            "Seconds one model request may take before it is retried (default: 300; 1800 for the local model, whose first turn of an episode reads the whole prompt on 2 cores)."
    )
    var requestTimeout: Int?

    /// The timeout as asked, or nil for the backend's default.
    var requestTimeoutDuration: Duration? { requestTimeout.map { .seconds($0) } }

    /// Prices for the dry run: the table's, or nothing when it cannot be read.
    func costFunction() -> (String, TokenUsage) -> Double? {
        let table = (try? prices.map { try CostTable.load(path: $0) }) ?? (try? CostTable.bundled())
        return { model, usage in
            if ModelClients.isScripted(model) { return 0 }
            let name = LocalModelVariant.resolve(model).map { "local/\($0.name)" } ?? model
            return table?.cost(model: name, usage: usage)
        }
    }
}
