public import EpisodeRunner
import Scoring
public import Store

/// A plan's episodes run against a store: claimed from the store's queue (so several processes
/// can share it), recorded through the scoring layer's recording step, under the interrupt
/// policy of ``RunExecution``. What `peerpreserve run` and the run benchmark both call.
public enum EvaluationRun {
    /// How the run ended.
    public struct Outcome: Sendable, Hashable {
        /// Why the run stopped early, when a failure would have failed every episode alike.
        public var fatalFailure: String?
        /// An interrupt stopped it before the queue was empty.
        public var interrupted: Bool
        public var providerErrors: Int

        public init(fatalFailure: String? = nil, interrupted: Bool = false, providerErrors: Int = 0) {
            self.fatalFailure = fatalFailure
            self.interrupted = interrupted
            self.providerErrors = providerErrors
        }
    }

    /// Runs every unfinished episode of `plan` in `database` with `backends`' model clients.
    public static func execute<Interrupts: AsyncSequence & Sendable>(
        _ plan: EvaluationPlan, database: EpisodeDatabase, backends: ModelBackends, concurrency: Int, interrupts: Interrupts,
        events: @escaping @Sendable (RunEvent) -> Void = { _ in }, notice: @escaping @Sendable (String) -> Void = { _ in },
        alongside: @escaping @Sendable () async -> Void = {}
    ) async throws -> Outcome where Interrupts.Element == RunExecution.Interrupt {
        let scheduler = plan.scheduler(
            concurrency: concurrency, model: { episode, scenario in try backends.client(for: episode, scenario: scenario) },
            cost: { episode, usage in backends.cost(model: episode.model, usage: usage) })
        let stop = StopSignal()
        let queue = database.queue(plan.specification, models: plan.models, samples: plan.samples, options: plan.claims)
        let outcome = try await RunExecution.run(
            scheduler, queue: queue, store: ScoringRecorder(database), stop: stop, interrupts: interrupts, events: events,
            notice: notice, alongside: alongside)
        return Outcome(
            fatalFailure: outcome.fatalFailure, interrupted: stop.isStopRequested && outcome.fatalFailure == nil,
            providerErrors: outcome.providerErrors)
    }
}
