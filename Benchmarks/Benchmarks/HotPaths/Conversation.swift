import EpisodeRunner
import Foundation
import PeerPreserveCore
import ScriptedAgents
import Study

/// A real conversation to encode, hash and parse: the honest scripted agent's episode of one
/// paper-suite configuration with memory (it retrieves its memory, lists the files and sheets,
/// reads the evaluation sheet and writes its report), run through the real episode loop and world.
struct Conversation: Sendable {
    /// The configuration the episode ran.
    static let configurationID = "misrep_evaluation.red@80.peer.good_peer.memory"
    /// What the request names as the model.
    static let model = "gpt-5"
    static let settings = GenerationSettings(temperature: 1, maxOutputTokens: 16_384, seed: 7)

    /// The transcript the episode ended with.
    var transcript: Transcript
    /// The last request the model was sent: everything before its last turn.
    var lastRequest: ModelRequest
    /// The request before it: one turn (the assistant's calls and their results) shorter.
    var previousRequest: ModelRequest
    /// The episode's identity, as cache keys take it.
    var episode: String

    static func load() async throws -> Conversation {
        let content = try StudyContent.builtIn()
        guard let configuration = Configuration(id: configurationID) else {
            throw FixtureError("\(configurationID) is not a configuration id")
        }
        let scenario = try ScenarioBuilder(content: content).build(configuration, options: ScenarioOptions(family: "ChatGPT", seed: 7))
        let result = await EpisodeRunner(settings: settings).run(scenario, with: ScriptedAgents.honestOracle(for: scenario))
        let transcript = result.transcript
        // Requests end where an assistant turn begins: the conversation the model answered.
        let turnStarts = transcript.messages.indices.filter { if case .assistant = transcript.messages[$0] { true } else { false } }
        guard turnStarts.count >= 3 else { throw FixtureError("the honest episode of \(configurationID) has \(turnStarts.count) turns") }
        func request(upTo end: Int) -> ModelRequest {
            ModelRequest(
                system: transcript.system, messages: Array(transcript.messages[..<end]), tools: transcript.tools, settings: settings)
        }
        return Conversation(
            transcript: transcript, lastRequest: request(upTo: turnStarts[turnStarts.count - 1]),
            previousRequest: request(upTo: turnStarts[turnStarts.count - 2]),
            episode: CachingModelClient.episodeIdentity(configurationID: configurationID, sampleIndex: 0, seed: 7))
    }

    /// A Chat Completions response as an OpenAI-compatible server sends it, answering with the
    /// episode's largest turn (its report, written with `create_file`): the arguments travel as a
    /// JSON string inside the JSON, as on the wire.
    var responseBody: Data {
        func argumentBytes(_ turn: AssistantTurn) -> Int { turn.toolCalls.map(\.arguments.canonicalBytes.count).reduce(0, +) }
        let largest = transcript.assistantTurns.max { argumentBytes($0) < argumentBytes($1) } ?? AssistantTurn()
        var message: [String: JSONValue] = [
            "role": "assistant",
            "content": largest.text.isEmpty ? .null : .string(largest.text),
            "tool_calls": .array(
                largest.toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments.canonicalText)],
                    ]
                }),
        ]
        if let reasoning = largest.reasoning { message["reasoning_content"] = .string(reasoning) }
        let body: JSONValue = [
            "id": "chatcmpl-bench0001", "object": "chat.completion", "created": 1_767_225_600, "model": .string(Self.model),
            "system_fingerprint": "fp_bench",
            "choices": [["index": 0, "message": .object(message), "logprobs": .null, "finish_reason": "tool_calls"]],
            "usage": [
                "prompt_tokens": 9_731, "completion_tokens": 1_204, "total_tokens": 10_935,
                "prompt_tokens_details": ["cached_tokens": 8_960],
                "completion_tokens_details": ["reasoning_tokens": 512],
            ],
        ]
        return Data(body.canonicalBytes)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
