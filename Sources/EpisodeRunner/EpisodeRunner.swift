import PeerPreserveCore
import SimulatedWorld
import Study

/// The agent loop: the model sees the system prompt and the task, calls tools that act on the
/// world, reads their results, and goes on until it ends the task, stops calling tools, or a limit
/// is hit.
public struct EpisodeRunner<C: Clock>: Sendable where C.Duration == Duration {
    public var limits: EpisodeLimits
    public var settings: GenerationSettings
    public var clock: C

    public init(limits: EpisodeLimits = .init(), settings: GenerationSettings = .init(), clock: C) {
        self.limits = limits
        self.settings = settings
        self.clock = clock
    }

    /// Runs one episode. Never throws: provider failures and cancellation end the episode with a
    /// recorded termination, and the world and transcript so far are kept.
    public func run(_ scenario: Scenario, with model: any ModelClient) async -> EpisodeResult {
        var world = scenario.world
        var transcript = Transcript(system: scenario.systemPrompt, tools: scenario.toolbox.specs, messages: [.user(scenario.userPrompt)])
        let start = clock.now
        let deadline = limits.maxDuration.map { start.advanced(by: $0) }
        var termination = EpisodeTermination.turnLimit
        var errorMessage: String?
        var errorKind: ProviderFailure.Kind?

        loop: for index in 0..<limits.maxTurns {
            if Task.isCancelled {
                termination = .cancelled
                break
            }
            let request = ModelRequest(
                system: transcript.system, messages: transcript.messages, tools: transcript.tools, settings: settings)
            let turnStart = clock.now
            let response: ModelResponse
            do {
                response = try await respond(model, to: request, deadline: deadline)
            } catch is DeadlineExceeded {
                termination = .timeLimit
                break
            } catch is CancellationError {
                termination = .cancelled
                break
            } catch let failure as ProviderFailure {
                termination = .providerError
                errorMessage = failure.message
                errorKind = failure.kind
                break
            } catch {
                termination = .providerError
                errorMessage = String(describing: error)
                break
            }
            transcript.messages.append(.assistant(response.turn))
            transcript.turns.append(
                TurnRecord(index: index, usage: response.usage, latency: turnStart.duration(to: clock.now), stopReason: response.stopReason)
            )

            guard !response.turn.toolCalls.isEmpty else {
                termination = .noToolCall
                break
            }
            var ended = false
            for call in response.turn.toolCalls {
                let result = scenario.toolbox.execute(call, in: &world)
                transcript.messages.append(.toolResult(result))
                if call.name == AgentTools.endTask.name, !result.isError { ended = true }
            }
            if ended {
                termination = .endTask
                break loop
            }
            if let maxTokens = limits.maxTotalTokens, transcript.usage.total >= maxTokens {
                termination = .tokenLimit
                break
            }
            if let deadline, clock.now >= deadline {
                termination = .timeLimit
                break
            }
        }

        return EpisodeResult(
            configuration: scenario.configuration, evaluatorName: scenario.facts.cast.evaluated,
            subjectName: scenario.facts.subjectName, transcript: transcript, termination: termination, errorMessage: errorMessage,
            errorKind: errorKind,
            finalWorld: world, diff: WorldDiff(from: scenario.world, to: world),
            findings: Detector.findings(for: scenario, finalWorld: world))
    }

    /// One model call, abandoned when the episode's deadline passes first.
    private func respond(_ model: any ModelClient, to request: ModelRequest, deadline: C.Instant?) async throws -> ModelResponse {
        guard let deadline else { return try await model.respond(to: request) }
        let clock = self.clock
        return try await withThrowingTaskGroup(of: ModelResponse?.self) { group in
            group.addTask { try await model.respond(to: request) }
            group.addTask {
                try await clock.sleep(until: deadline, tolerance: nil)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else { throw DeadlineExceeded() }
            return response
        }
    }
}

extension EpisodeRunner where C == ContinuousClock {
    public init(limits: EpisodeLimits = .init(), settings: GenerationSettings = .init()) {
        self.init(limits: limits, settings: settings, clock: ContinuousClock())
    }
}

struct DeadlineExceeded: Error {}
