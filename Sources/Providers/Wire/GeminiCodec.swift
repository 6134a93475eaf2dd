public import Foundation
public import PeerPreserveCore

/// Pure encoding and decoding for Gemini `generateContent`
/// (`POST {base}/models/{model}:generateContent`).
public enum GeminiCodec {
    /// Differences between Gemini models.
    public struct Options: Sendable, Hashable {
        /// Asks for thought summaries (kept apart as reasoning). Models without thinking reject it.
        public var includeThoughts: Bool
        /// Gemini 3 sets thinking by level (`low`, `high`…); earlier models by a token budget.
        public var usesThinkingLevel: Bool

        public init(includeThoughts: Bool = false, usesThinkingLevel: Bool = false) {
            self.includeThoughts = includeThoughts
            self.usesThinkingLevel = usesThinkingLevel
        }

        /// The options for a model id: thought summaries for the thinking families (2.5 and 3).
        public static func forModel(_ model: String) -> Options {
            let id = model.lowercased()
            let isGemini3 = id.contains("gemini-3")
            return Options(includeThoughts: isGemini3 || id.contains("gemini-2.5"), usesThinkingLevel: isGemini3)
        }
    }

    /// The key under which assistant-turn replay data for this wire format is kept.
    static let replayKey = "gemini"
    /// Prefix of the ids made up for calls Gemini did not name; such ids are never sent to Gemini.
    public static let synthesizedCallIDPrefix = "gemini_call_"

    /// The `thinkingBudget` for a reasoning effort on budget-based models; a number is the budget.
    public static func thinkingBudget(forEffort effort: String) -> Int {
        switch effort.lowercased() {
        case "none", "off", "disabled": return 0
        case "minimal": return 512
        case "low": return 1024
        case "medium": return 8192
        case "high", "xhigh", "max", "maximum": return 24_576
        default: return Int(effort) ?? 8192
        }
    }

    // MARK: - Request

    /// The request body for `request`. The model is named in the URL, not the body.
    public static func encodeRequest(_ request: ModelRequest, options: Options = .init()) -> JSONValue {
        var body: [String: JSONValue] = ["contents": .array(encodeContents(request.messages))]
        if !request.system.isEmpty {
            body["systemInstruction"] = ["parts": [["text": .string(request.system)]]]
        }
        if !request.tools.isEmpty {
            let declarations = request.tools.map { tool -> JSONValue in
                [
                    "name": .string(tool.name), "description": .string(tool.description),
                    "parameters": GeminiSchema.convert(tool.parametersSchema),
                ]
            }
            body["tools"] = [["functionDeclarations": .array(declarations)]]
        }
        body["generationConfig"] = .object(generationConfig(request.settings, options: options))
        return .object(body)
    }

    private static func generationConfig(_ settings: GenerationSettings, options: Options) -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        if let temperature = settings.temperature { config["temperature"] = .double(temperature) }
        if let seed = settings.seed { config["seed"] = .int(seed) }
        var maxOutputTokens = settings.maxOutputTokens
        var thinking: [String: JSONValue] = [:]
        if let effort = settings.reasoningEffort {
            let level = effort.lowercased()
            if options.usesThinkingLevel && Int(effort) == nil {
                let levels = ["minimal", "low", "medium", "high"]
                thinking["thinkingLevel"] = .string(levels.contains(level) ? level : (level == "none" ? "minimal" : "high"))
            } else {
                let budget = thinkingBudget(forEffort: effort)
                thinking["thinkingBudget"] = .int(budget)
                // Thoughts count against the output limit; the answer keeps its own allowance.
                maxOutputTokens = maxOutputTokens.map { $0 + budget }
            }
        }
        if options.includeThoughts { thinking["includeThoughts"] = true }
        if !thinking.isEmpty { config["thinkingConfig"] = .object(thinking) }
        if let maxOutputTokens { config["maxOutputTokens"] = .int(maxOutputTokens) }
        return config
    }

    /// Roles `user` and `model`. Tool results become `functionResponse` parts of one user turn, in
    /// the order of the calls they answer (Gemini pairs them by position and name).
    private static func encodeContents(_ messages: [ChatMessage]) -> [JSONValue] {
        var contents = RoleRuns()
        var callOrder: [String: Int] = [:]
        var pendingResults: [ToolResult] = []
        func flushResults() {
            let ordered = pendingResults.enumerated().sorted { lhs, rhs in
                let left = callOrder[lhs.element.callID] ?? Int.max
                let right = callOrder[rhs.element.callID] ?? Int.max
                return left == right ? lhs.offset < rhs.offset : left < right
            }
            contents.append("user", ordered.map { functionResponsePart($0.element) })
            pendingResults = []
        }
        for message in messages {
            if case .toolResult(let result) = message {
                pendingResults.append(result)
                continue
            }
            flushResults()
            switch message {
            case .user(let text):
                contents.append("user", text.isEmpty ? [] : [["text": .string(text)]])
            case .assistant(let turn):
                callOrder = Dictionary(
                    turn.toolCalls.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
                contents.append("model", modelParts(turn))
            case .toolResult:
                break
            }
        }
        flushResults()
        return contents.runs.map { ["role": .string($0.role), "parts": .array($0.items)] }
    }

    private static func functionResponsePart(_ result: ToolResult) -> JSONValue {
        var response: [String: JSONValue] = [
            "name": .string(result.name),
            "response": .object([result.isError ? "error" : "output": .string(result.content)]),
        ]
        if !result.callID.hasPrefix(synthesizedCallIDPrefix) { response["id"] = .string(result.callID) }
        return ["functionResponse": .object(response)]
    }

    /// The parts Gemini sent, verbatim with their thought signatures, when they still match the
    /// turn's calls; otherwise parts rebuilt from the turn (a history that did not come from Gemini).
    private static func modelParts(_ turn: AssistantTurn) -> [JSONValue] {
        if let replayed = turn.replayData?[replayKey]?["parts"]?.arrayValue {
            let replayedCalls = replayed.compactMap { $0["functionCall"]?["name"]?.stringValue }
            if replayedCalls == turn.toolCalls.map(\.name) { return replayed }
        }
        var parts: [JSONValue] = []
        if !turn.text.isEmpty { parts.append(["text": .string(turn.text)]) }
        for call in turn.toolCalls {
            var functionCall: [String: JSONValue] = [
                "name": .string(call.name),
                "args": call.argumentsObject,
            ]
            if !call.id.hasPrefix(synthesizedCallIDPrefix) { functionCall["id"] = .string(call.id) }
            parts.append(["functionCall": .object(functionCall)])
        }
        return parts
    }

    // MARK: - Response

    /// Decodes a generateContent response body.
    public static func decodeResponse(_ body: Data) throws(ProviderFailure) -> ModelResponse {
        let json = try WireJSON.decode(body)
        let metadata = json["usageMetadata"]
        let usage = TokenUsage(
            inputTokens: WireJSON.int(metadata?["promptTokenCount"]) ?? 0,
            // Thinking tokens are billed as output.
            outputTokens: (WireJSON.int(metadata?["candidatesTokenCount"]) ?? 0)
                + (WireJSON.int(metadata?["thoughtsTokenCount"]) ?? 0))

        guard let candidate = json["candidates"]?.arrayValue?.first else {
            // A blocked prompt is an answer (no candidates, a block reason), not a broken response.
            if let reason = json["promptFeedback"]?["blockReason"]?.stringValue {
                return ModelResponse(turn: AssistantTurn(), usage: usage, stopReason: "prompt_blocked:\(reason)")
            }
            if let message = ProviderErrorBody.message(in: json), json["error"] != nil {
                throw FailureClassifier.failure(forErrorInSuccessfulResponse: message, code: WireJSON.int(json["error"]?["code"]))
            }
            throw WireJSON.malformed("candidates")
        }

        // A candidate stopped for safety or a malformed call may carry no content at all.
        let parts = candidate["content"]?["parts"]?.arrayValue ?? []
        let idSeed = json["responseId"]?.stringValue ?? JSONValue.array(parts).canonicalText
        var texts: [String] = []
        var thoughts: [String] = []
        var toolCalls: [ToolCall] = []
        var replayParts: [JSONValue] = []
        var hasSignature = false
        for part in parts {
            let signed = part["thoughtSignature"] != nil
            hasSignature = hasSignature || signed
            if part["thought"]?.boolValue == true {
                if let thought = part["text"]?.stringValue, !thought.isEmpty { thoughts.append(thought) }
                // Thought summaries need not go back; a signature on one must.
                if signed { replayParts.append(part) }
                continue
            }
            replayParts.append(part)
            if let text = part["text"]?.stringValue {
                if !text.isEmpty { texts.append(text) }
            } else if let call = part["functionCall"], let name = call["name"]?.stringValue {
                let id =
                    call["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                    ?? stableCallID(prefix: synthesizedCallIDPrefix, seed: idSeed, index: toolCalls.count)
                toolCalls.append(ToolCall(id: id, name: name, argumentValue: call["args"]))
            }
        }

        let turn = AssistantTurn(
            text: texts.joined(),
            reasoning: thoughts.isEmpty ? nil : thoughts.joined(separator: "\n"),
            toolCalls: toolCalls,
            replayData: hasSignature ? [replayKey: ["parts": .array(replayParts)]] : nil)
        return ModelResponse(turn: turn, usage: usage, stopReason: candidate["finishReason"]?.stringValue)
    }
}
