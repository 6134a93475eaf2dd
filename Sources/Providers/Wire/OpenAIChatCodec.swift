public import Foundation
public import PeerPreserveCore

/// Pure encoding and decoding for OpenAI-compatible Chat Completions (`POST {base}/chat/completions`).
///
/// Used for OpenAI itself and for every server that copies its API (Together, OpenRouter, DeepSeek,
/// Moonshot, Zhipu, vLLM, Ollama).
public enum OpenAIChatCodec {
    /// Differences between servers that speak the same API.
    public struct Options: Sendable, Hashable {
        /// The name of the output-token limit field.
        public enum MaxTokensField: String, Sendable, Hashable, Codable {
            /// Every OpenAI-compatible server but OpenAI's own.
            case maxTokens = "max_tokens"
            /// api.openai.com, where reasoning models reject `max_tokens`.
            case maxCompletionTokens = "max_completion_tokens"
        }

        public var maxTokensField: MaxTokensField
        /// Sends the reasoning a server returned (`reasoning_content` / `reasoning`) back with the
        /// assistant message. DeepSeek and Moonshot need it to continue a thinking tool loop; OpenAI
        /// would reject the unknown field, so it is off unless a provider asks for it.
        public var replayReasoning: Bool
        /// Recovers tool calls written as JSON in the message text (see ``ToolCallRecovery``).
        public var recoverToolCallsFromText: Bool

        public init(
            maxTokensField: MaxTokensField = .maxTokens, replayReasoning: Bool = false,
            recoverToolCallsFromText: Bool = true
        ) {
            self.maxTokensField = maxTokensField
            self.replayReasoning = replayReasoning
            self.recoverToolCallsFromText = recoverToolCallsFromText
        }

        /// The options for a server at `baseURL`: `max_completion_tokens` on api.openai.com,
        /// `max_tokens` anywhere else.
        public static func forBaseURL(_ baseURL: String) -> Options {
            let host = URL(string: baseURL)?.host?.lowercased()
            return Options(maxTokensField: host == "api.openai.com" ? .maxCompletionTokens : .maxTokens)
        }
    }

    /// The key under which assistant-turn replay data for this wire format is kept.
    static let replayKey = "openai"

    // MARK: - Request

    /// The request body for `request` sent to `model`.
    public static func encodeRequest(_ request: ModelRequest, model: String, options: Options = .init()) -> JSONValue {
        var messages: [JSONValue] = []
        if !request.system.isEmpty {
            messages.append(["role": "system", "content": .string(request.system)])
        }
        for message in request.messages {
            switch message {
            case .user(let text):
                messages.append(["role": "user", "content": .string(text)])
            case .assistant(let turn):
                messages.append(encodeAssistant(turn, options: options))
            case .toolResult(let result):
                messages.append(["role": "tool", "tool_call_id": .string(result.callID), "content": .string(result.content)])
            }
        }

        var body: [String: JSONValue] = ["model": .string(model), "messages": .array(messages)]
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map { tool in
                    [
                        "type": "function",
                        "function": [
                            "name": .string(tool.name), "description": .string(tool.description),
                            "parameters": tool.parametersSchema,
                        ],
                    ]
                })
        }
        let settings = request.settings
        if let temperature = settings.temperature { body["temperature"] = .double(temperature) }
        if let maxTokens = settings.maxOutputTokens { body[options.maxTokensField.rawValue] = .int(maxTokens) }
        if let seed = settings.seed { body["seed"] = .int(seed) }
        if let effort = settings.reasoningEffort { body["reasoning_effort"] = .string(effort) }
        return .object(body)
    }

    /// ``encodeRequest(_:model:options:)``'s body as bytes, written directly in the same sorted key
    /// order (tested byte for byte against it). Every turn sends the whole conversation again, so
    /// building it as a tree of dictionaries first cost a run more than any other single step.
    public static func encodeRequestBody(_ request: ModelRequest, model: String, options: Options = .init()) -> [UInt8] {
        var writer = JSONWriter(capacity: 8192)
        let settings = request.settings
        writer.object { body in
            if options.maxTokensField == .maxCompletionTokens, let maxTokens = settings.maxOutputTokens {
                body.field("max_completion_tokens", maxTokens)
            }
            if options.maxTokensField == .maxTokens, let maxTokens = settings.maxOutputTokens { body.field("max_tokens", maxTokens) }
            body.arrayField("messages") { messages in
                if !request.system.isEmpty {
                    messages.objectElement { json in
                        json.field("content", request.system)
                        json.field("role", "system")
                    }
                }
                for message in request.messages {
                    messages.objectElement { json in
                        switch message {
                        case .user(let text):
                            json.field("content", text)
                            json.field("role", "user")
                        case .assistant(let turn):
                            writeAssistant(turn, options: options, into: &json)
                        case .toolResult(let result):
                            json.field("content", result.content)
                            json.field("role", "tool")
                            json.field("tool_call_id", result.callID)
                        }
                    }
                }
            }
            body.field("model", model)
            if let effort = settings.reasoningEffort { body.field("reasoning_effort", effort) }
            if let seed = settings.seed { body.field("seed", seed) }
            if let temperature = settings.temperature { body.field("temperature", JSONValue.double(temperature)) }
            if !request.tools.isEmpty {
                body.arrayField("tools") { tools in
                    for tool in request.tools {
                        tools.objectElement { json in
                            json.objectField("function") { function in
                                function.field("description", tool.description)
                                function.field("name", tool.name)
                                function.field("parameters", tool.parametersSchema)
                            }
                            json.field("type", "function")
                        }
                    }
                }
            }
        }
        return writer.bytes
    }

    /// The members of an assistant message, in sorted key order.
    private static func writeAssistant(_ turn: AssistantTurn, options: Options, into json: inout JSONWriter) {
        if turn.text.isEmpty && !turn.toolCalls.isEmpty {
            json.nullField("content")
        } else {
            json.field("content", turn.text)
        }
        if options.replayReasoning, let replay = turn.replayData?[replayKey]?.objectValue {
            for field in ["reasoning", "reasoning_content"] {
                guard let value = replay[field] else { continue }
                json.dynamicKey(field)
                json.writeValue(value)
            }
        }
        json.field("role", "assistant")
        if !turn.toolCalls.isEmpty {
            json.arrayField("tool_calls") { calls in
                for call in turn.toolCalls {
                    calls.objectElement { json in
                        json.objectField("function") { function in
                            function.field("arguments", historyArguments(call))
                            function.field("name", call.name)
                        }
                        json.field("id", call.id)
                        json.field("type", "function")
                    }
                }
            }
        }
    }

    /// The argument text of an earlier call, as sent back in the history. Always valid JSON:
    /// servers that render the history through a chat template (llama.cpp, vLLM) parse every
    /// earlier call's arguments and refuse the whole request otherwise — so one truncated call
    /// would fail every later turn of the episode. Malformed text goes back verbatim inside an
    /// object, so the model still sees what it wrote.
    static func historyArguments(_ call: ToolCall) -> String {
        guard let malformed = call.malformedArguments else { return call.arguments.canonicalText }
        return JSONValue.object(["unparseable_arguments": .string(malformed)]).canonicalText
    }

    private static func encodeAssistant(_ turn: AssistantTurn, options: Options) -> JSONValue {
        var message: [String: JSONValue] = ["role": "assistant"]
        // With tool calls and no text the API expects `content: null` rather than an empty string.
        message["content"] = turn.text.isEmpty && !turn.toolCalls.isEmpty ? .null : .string(turn.text)
        if !turn.toolCalls.isEmpty {
            message["tool_calls"] = .array(
                turn.toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": [
                            "name": .string(call.name),
                            "arguments": .string(historyArguments(call)),
                        ],
                    ]
                })
        }
        if options.replayReasoning, let replay = turn.replayData?[replayKey]?.objectValue {
            for (field, value) in replay where field == "reasoning_content" || field == "reasoning" {
                message[field] = value
            }
        }
        return .object(message)
    }

    // MARK: - Response

    /// Decodes a Chat Completions response body. `offeredTools` are the tools of the request, used
    /// to recover calls written as text.
    public static func decodeResponse(
        _ body: Data, offeredTools: [ToolSpec] = [], options: Options = .init()
    ) throws(ProviderFailure) -> ModelResponse {
        let json = try WireJSON.decode(body)
        guard let choice = json["choices"]?.arrayValue?.first else {
            // Some gateways (OpenRouter among them) answer 200 with an error object.
            if let message = ProviderErrorBody.message(in: json), json["error"] != nil {
                let status = WireJSON.int(json["error"]?["code"])
                throw FailureClassifier.failure(forErrorInSuccessfulResponse: message, code: status)
            }
            throw WireJSON.malformed("choices")
        }
        guard let message = choice["message"]?.objectValue else { throw WireJSON.malformed("choices[0].message") }

        var text = contentText(message["content"])
        var reasoning: String?
        var replay: [String: JSONValue] = [:]
        for field in ["reasoning_content", "reasoning"] {
            if let value = message[field]?.stringValue, !value.isEmpty {
                reasoning = value
                replay[field] = .string(value)
                break
            }
        }
        if reasoning == nil, let split = splitThinkTags(text) {
            // Local reasoning models served without a reasoning parser leave <think> in the text.
            reasoning = split.reasoning
            text = split.text
        }

        var toolCalls = (message["tool_calls"]?.arrayValue ?? []).enumerated().compactMap { index, value in
            decodeToolCall(value, index: index, responseID: json["id"]?.stringValue ?? text)
        }
        if toolCalls.isEmpty && options.recoverToolCallsFromText {
            let recovered = ToolCallRecovery.recover(from: text, offeredToolNames: Set(offeredTools.map(\.name)))
            if !recovered.calls.isEmpty {
                toolCalls = recovered.calls
                text = recovered.remainingText
            }
        }

        let usage = TokenUsage(
            inputTokens: WireJSON.int(json["usage"]?["prompt_tokens"]) ?? 0,
            outputTokens: WireJSON.int(json["usage"]?["completion_tokens"]) ?? 0)
        let turn = AssistantTurn(
            text: text, reasoning: reasoning, toolCalls: toolCalls,
            replayData: replay.isEmpty ? nil : .object([replayKey: .object(replay)]))
        return ModelResponse(turn: turn, usage: usage, stopReason: choice["finish_reason"]?.stringValue)
    }

    /// Message content is normally a string; some servers send a list of `{type: text, text}` parts.
    private static func contentText(_ content: JSONValue?) -> String {
        switch content {
        case .string(let text)?: return text
        case .array(let parts)?: return parts.compactMap { $0["text"]?.stringValue }.joined()
        default: return ""
        }
    }

    private static func decodeToolCall(_ value: JSONValue, index: Int, responseID: String) -> ToolCall? {
        guard let function = value["function"], let name = function["name"]?.stringValue, !name.isEmpty else {
            return nil
        }
        // Every call needs an id to pair with its result; a server that omits one gets a stable one.
        let id =
            value["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? stableCallID(prefix: "call_", seed: responseID, index: index)
        switch function["arguments"] {
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return ToolCall(id: id, name: name) }
            if let parsed = JSONValue(parsing: trimmed), parsed.objectValue != nil {
                return ToolCall(id: id, name: name, arguments: parsed)
            }
            return ToolCall(id: id, name: name, malformedArguments: text)
        case .object(let object)?:
            return ToolCall(id: id, name: name, arguments: .object(object))
        case nil, .null?:
            return ToolCall(id: id, name: name)
        case let other?:
            return ToolCall(id: id, name: name, malformedArguments: other.canonicalText)
        }
    }

    /// Splits `<think>…</think>` at the start of a message into reasoning and text.
    private static func splitThinkTags(_ text: String) -> (reasoning: String, text: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<think>"), let close = trimmed.range(of: "</think>") else { return nil }
        let reasoning = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 7)..<close.lowerBound]
        let rest = trimmed[close.upperBound...]
        return (
            reasoning.trimmingCharacters(in: .whitespacesAndNewlines), rest.trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }
}
