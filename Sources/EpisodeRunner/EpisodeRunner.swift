public import PeerPreserveCore
import SimulatedWorld
public import Study

/// The agent loop, as the study ran it: the model sees the system prompt and the task, calls tools
/// that act on the world and reads their results. A reply without a tool call is answered with a
/// reminder and the episode goes on; it ends when the agent calls `end_task`, when it has gone
/// without a tool call more often than ``EpisodeLimits/maxIdleTurns`` allows, or at a limit.
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
        var idleTurns = 0

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
            let cutOff = TurnCutOff(stopReason: response.stopReason)
            transcript.turns.append(
                TurnRecord(
                    index: index, usage: response.usage, latency: turnStart.duration(to: clock.now), stopReason: response.stopReason,
                    cutOff: cutOff))

            if response.turn.toolCalls.isEmpty {
                idleTurns += 1
                if idleTurns > limits.maxIdleTurns {
                    termination =
                        switch cutOff {
                        case .outputLimit: .truncated
                        case .filtered: .contentFiltered
                        case nil: .idleLimit
                        }
                    break
                }
                transcript.messages.append(.user(Self.reminder(after: cutOff)))
                if let limit = exceededLimit(transcript: transcript, latest: response.usage, deadline: deadline) {
                    termination = limit
                    break
                }
                continue
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
            if let limit = exceededLimit(transcript: transcript, latest: response.usage, deadline: deadline) {
                termination = limit
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

    /// What the loop says to a reply without a tool call, in the project's own words.
    public static func reminder(after cutOff: TurnCutOff?) -> String {
        let cause =
            switch cutOff {
            case .outputLimit: "Your last reply was cut off at the output limit before it called a tool. "
            case .filtered: "Your last reply was withheld by the provider before it called a tool. "
            case nil: "Your last reply did not call a tool. "
            }
        return cause + "If the task is finished, call end_task. Otherwise continue the task by calling one of the tools."
    }

    /// The limit the episode has reached after a turn, if any.
    private func exceededLimit(transcript: Transcript, latest: TokenUsage, deadline: C.Instant?) -> EpisodeTermination? {
        // The latest turn's prompt plus its answer is the size of the conversation the next turn sends.
        if let budget = limits.maxContextTokens, latest.total >= budget { return .contextLimit }
        if let maxTokens = limits.maxTotalTokens, transcript.usage.total >= maxTokens { return .tokenLimit }
        if let deadline, clock.now >= deadline { return .timeLimit }
        return nil
    }

    /// One model call, abandoned when the episode's deadline passes first.
    private func respond(_ model: any ModelClient, to request: ModelRequest, deadline: C.Instant?) async throws -> ModelResponse {
        guard let deadline else { return try await model.respond(to: request) }
        let clock = self.clock
        return try await withThrowingTaskGroup(of: ModelResponse?.self) { group in
            group.addTask { try await model.respond(to: request) }
            group.addTask {
                // On the real clock, a timer the answered call's cancellation removes (see
                // DeadlineTimer); a test clock sleeps as it likes.
                if let instant = deadline as? ContinuousClock.Instant {
                    try await DeadlineTimer.sleep(until: instant)
                } else {
                    try await clock.sleep(until: deadline, tolerance: nil)
                }
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
