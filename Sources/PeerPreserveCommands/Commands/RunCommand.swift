import ArgumentParser
import Foundation
import PeerPreserveApp
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
        try validating { _ = try EvaluationSession.connectionOverrides(maxConnections) }
        try validating(sampling.settings.check)
    }

    func run() async throws {
        let session = try EvaluationSession(
            EvaluationSession.Request(
                selection: content.selection(selection), samples: samples, seed: seed, settings: sampling.settings,
                providers: providerOptions.settings, concurrency: concurrency,
                connectionOverrides: try EvaluationSession.connectionOverrides(maxConnections),
                claims: ClaimOptions(maxAttempts: maxAttempts, retryFailed: retryFailed, lease: .seconds(leaseTimeout)),
                leaseTimeoutSeconds: leaseTimeout, useCache: !noCache, logger: logging.logger("peerpreserve.providers")))
        let count = session.plan.episodeCount
        if dryRun || (count > Self.confirmationThreshold && !yes && Confirmation.isInteractive) {
            print(try session.estimate().lines.joined(separator: "\n"))
            if dryRun { return }
            guard Confirmation.ask("Start these \(count) episodes?") else { throw AppError(.declined, "not started; nothing was written.") }
        }
        let database = try store.openForWriting()
        let start = try await session.open(database)
        FileHandle.standardError.write(Data((start.summary + " (store.db \(store.db))\n").utf8))
        let outcome =
            start.hasWork
            ? try await InterruptSignals.withInterrupts { signals in
                try await session.execute(
                    in: database, start: start, interrupts: signals.map { $0 == .sigterm ? RunExecution.Interrupt.terminate : .interrupt })
            } : nil
        print(try await RunStatusText.lines(database, runID: start.runID, maxAttempts: maxAttempts).joined(separator: "\n"))
        let conclusion = try await RunConclusion.of(outcome, runID: start.runID, in: database)
        if let message = conclusion.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        if conclusion.exitStatus != 0 { throw ExitCode(conclusion.exitStatus) }
    }

    /// Plans larger than this ask before starting on a terminal.
    static let confirmationThreshold = 1000
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

    /// The episode settings as given (checked by ``RunSettings/check()``).
    var settings: RunSettings {
        RunSettings(
            temperature: temperature, maxTurns: maxTurns, maxIdleTurns: maxIdleTurns, maxContextTokens: maxContextTokens,
            maxOutputTokens: maxOutputTokens, memoryMustRead: memoryMustRead, reasoningEffort: reasoningEffort,
            maxEpisodeTokens: maxEpisodeTokens, episodeTimeoutSeconds: episodeTimeout, scratchpad: scratchpad)
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

    var settings: ProviderSettings {
        ProviderSettings(modelsFile: modelsFile, pricesFile: prices, localSlots: localSlots, requestTimeoutSeconds: requestTimeout)
    }
}
