public import Foundation
public import PeerPreserveCore

/// Pure encoding and decoding for the Anthropic Messages API (`POST {base}/v1/messages`).
public enum AnthropicMessagesCodec {
    /// The API version every request names in `anthropic-version`.
    public static let apiVersion = "2023-06-01"
    /// `max_tokens` is required by the API; when the settings leave it open a request asks for the
    /// model's documented maximum output, so no tool call is cut off by a cap of ours.
    public static func maxOutputTokens(forModel model: String) -> Int {
        let name = model.lowercased()
        if name.contains("claude-3-haiku") || name.contains("claude-3-opus") || name.contains("claude-3-sonnet") { return 4096 }
        if name.contains("claude-3-5") { return 8192 }
        if name.contains("opus-4-0") || name.contains("opus-4-1") || name.contains("opus-4-2025") { return 32_000 }
        return 64_000
    }
    /// The key under which assistant-turn replay data for this wire format is kept.
    static let replayKey = "anthropic"

    /// The extended-thinking budget for a reasoning effort, or `nil` for no thinking.
    ///
    /// The API needs at least 1,024 tokens. A number is taken as the budget itself.
    public static func thinkingBudget(forEffort effort: String?) -> Int? {
        guard let effort = effort?.lowercased() else { return nil }
        switch effort {
        case "", "none", "off", "disabled": return nil
        case "minimal": return 1024
        case "low": return 2048
        case "medium": return 8192
        case "high": return 16_384
        case "xhigh", "max", "maximum": return 32_000
        default: return Int(effort).map { max(1024, $0) } ?? 8192
        }
    }

    // MARK: - Request

    /// The request body for `request` sent to `model`.
    ///
    /// With a reasoning effort, thinking is enabled with a budget from ``thinkingBudget(forEffort:)``;
    /// `max_tokens` then grows by the budget (the visible answer keeps its own allowance) and the
    /// temperature is 1, the only value the API accepts with thinking.
    public static func encodeRequest(_ request: ModelRequest, model: String) -> JSONValue {
        let settings = request.settings
        let outputTokens = settings.maxOutputTokens ?? maxOutputTokens(forModel: model)
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(encodeMessages(request.messages)),
            "max_tokens": .int(outputTokens),
        ]
        if !request.system.isEmpty { body["system"] = .string(request.system) }
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map { tool in
                    ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.parametersSchema]
                })
        }
        if let budget = thinkingBudget(forEffort: settings.reasoningEffort) {
            body["thinking"] = ["type": "enabled", "budget_tokens": .int(budget)]
            body["max_tokens"] = .int(outputTokens + budget)
            body["temperature"] = 1
        } else if let temperature = settings.temperature {
            body["temperature"] = .double(temperature)
        }
        return .object(body)
    }

    /// Messages alternate user / assistant; tool results (and any user text after them) join one
    /// user message, as the API requires.
    private static func encodeMessages(_ messages: [ChatMessage]) -> [JSONValue] {
        var encoded = RoleRuns()
        for message in messages {
            switch message {
            case .user(let text):
                // The API rejects empty text blocks.
                encoded.append("user", text.isEmpty ? [] : [["type": "text", "text": .string(text)]])
            case .toolResult(let result):
                encoded.append(
                    "user",
                    [
                        [
                            "type": "tool_result", "tool_use_id": .string(result.callID),
                            "content": .string(result.content), "is_error": .bool(result.isError),
                        ]
                    ])
            case .assistant(let turn):
                encoded.append("assistant", assistantBlocks(turn))
            }
        }
        return encoded.runs.map { ["role": .string($0.role), "content": .array($0.items)] }
    }

    /// Thinking blocks first, exactly as received (the API checks their signatures), then text,
    /// then tool uses.
    private static func assistantBlocks(_ turn: AssistantTurn) -> [JSONValue] {
        var blocks = turn.replayData?[replayKey]?["thinking"]?.arrayValue ?? []
        if !turn.text.isEmpty { blocks.append(["type": "text", "text": .string(turn.text)]) }
        for call in turn.toolCalls {
            blocks.append(
                ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": call.argumentsObject])
        }
        return blocks
    }

    // MARK: - Response

    /// Decodes a Messages response body.
    public static func decodeResponse(_ body: Data) throws(ProviderFailure) -> ModelResponse {
        let json = try WireJSON.decode(body)
        if json["type"]?.stringValue == "error" {
            throw FailureClassifier.failure(
                forErrorInSuccessfulResponse: ProviderErrorBody.message(in: json) ?? "unspecified error", code: nil)
        }
        guard let content = json["content"]?.arrayValue else { throw WireJSON.malformed("content") }

        var texts: [String] = []
        var thoughts: [String] = []
        var thinkingBlocks: [JSONValue] = []
        var toolCalls: [ToolCall] = []
        for block in content {
            switch block["type"]?.stringValue {
            case "text":
                if let text = block["text"]?.stringValue, !text.isEmpty { texts.append(text) }
            case "thinking":
                if let thought = block["thinking"]?.stringValue, !thought.isEmpty { thoughts.append(thought) }
                thinkingBlocks.append(block)
            case "redacted_thinking":
                // Encrypted reasoning: nothing to read, but it must go back with the next request.
                thinkingBlocks.append(block)
            case "tool_use":
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw WireJSON.malformed("id and name on a tool_use block")
                }
                toolCalls.append(ToolCall(id: id, name: name, argumentValue: block["input"]))
            default:
                continue
            }
        }

        let usage = json["usage"]
        let inputTokens =
            (WireJSON.int(usage?["input_tokens"]) ?? 0) + (WireJSON.int(usage?["cache_creation_input_tokens"]) ?? 0)
            + (WireJSON.int(usage?["cache_read_input_tokens"]) ?? 0)
        let turn = AssistantTurn(
            text: texts.joined(separator: "\n"),
            reasoning: thoughts.isEmpty ? nil : thoughts.joined(separator: "\n"),
            toolCalls: toolCalls,
            replayData: thinkingBlocks.isEmpty ? nil : [replayKey: ["thinking": .array(thinkingBlocks)]])
        return ModelResponse(
            turn: turn,
            usage: TokenUsage(inputTokens: inputTokens, outputTokens: WireJSON.int(usage?["output_tokens"]) ?? 0),
            stopReason: json["stop_reason"]?.stringValue)
    }
}
