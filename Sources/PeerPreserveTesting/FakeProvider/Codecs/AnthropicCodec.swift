import PeerPreserveCore

/// Anthropic Messages on the wire: the request decoder, its validation, the response and error
/// encoders.
enum AnthropicCodec {
    // MARK: Requests

    static func decode(_ body: JSONValue) throws(WireError) -> DecodedWireRequest {
        guard case .object(let root) = body else { throw .invalid("Input should be a valid dictionary") }
        let model = try WireDecoding.string(root["model"], "model")
        guard let maxTokens = try WireDecoding.optionalInt(root["max_tokens"], "max_tokens") else {
            throw .invalid("max_tokens: Field required", parameter: "max_tokens")
        }
        guard maxTokens >= 1 else { throw .invalid("max_tokens: Input should be greater than or equal to 1") }
        if root["stream"] == .bool(true) {
            throw .invalid("stream: the fake provider answers whole responses only; send stream: false")
        }
        let thinking = try thinkingMode(root["thinking"], maxTokens: maxTokens)
        let temperature = try WireDecoding.optionalNumber(root["temperature"], "temperature")
        if thinking != .disabled, let temperature, temperature != 1 {
            throw .invalid("`temperature` may only be set to 1 when thinking is enabled.")
        }
        let wireMessages = try WireDecoding.array(root["messages"], "messages")
        guard !wireMessages.isEmpty else { throw .invalid("messages: at least one message is required") }

        var messages: [ChatMessage] = []
        messages.reserveCapacity(wireMessages.count + 8)
        var callNames: [String: String] = [:]
        // tool_use ids of the previous assistant message, which the next user message must answer.
        var unanswered: [String] = []
        var previousRole: String?
        for (index, wire) in wireMessages.enumerated() {
            let path = { "messages.\(index)" }
            let message = try WireDecoding.object(wire, path())
            let role = try WireDecoding.string(message["role"], "\(path()).role")
            guard role == "user" || role == "assistant" else {
                throw .invalid("\(path()).role: Input should be 'user' or 'assistant'")
            }
            if previousRole == nil, role != "user" { throw .invalid("messages: first message must use the \"user\" role") }
            if previousRole == role {
                throw .invalid(
                    "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"\(role)\" roles in a row")
            }
            previousRole = role
            let blocks = try contentBlocks(message["content"], path: path)
            let isFinalAssistant = role == "assistant" && index == wireMessages.count - 1
            if blocks.isEmpty, !isFinalAssistant {
                throw .invalid("\(path()): all messages must have non-empty content except for the optional final assistant message")
            }
            if role == "user" {
                try decodeUserMessage(blocks, path: path, unanswered: &unanswered, callNames: callNames, into: &messages)
            } else {
                let turn = try decodeAssistantMessage(blocks, path: path)
                for call in turn.toolCalls {
                    guard callNames.updateValue(call.name, forKey: call.id) == nil else {
                        throw .invalid("\(path()): `tool_use` ids must be unique; \(call.id) is used more than once")
                    }
                }
                unanswered = turn.toolCalls.map(\.id)
                messages.append(.assistant(turn))
            }
        }

        let settings = GenerationSettings(
            temperature: temperature, maxOutputTokens: maxTokens,
            reasoningEffort: try WireDecoding.optionalString(root["output_config"]?["effort"], "output_config.effort"), seed: nil)
        let request = ModelRequest(
            system: try systemText(root["system"]), messages: messages, tools: try tools(root["tools"]), settings: settings)
        return DecodedWireRequest(model: model, request: request, includesReasoning: thinking != .disabled)
    }

    private enum ThinkingMode {
        case disabled
        case enabled
    }

    private static func thinkingMode(_ value: JSONValue?, maxTokens: Int) throws(WireError) -> ThinkingMode {
        guard let value, value != .null else { return .disabled }
        let thinking = try WireDecoding.object(value, "thinking")
        switch thinking["type"]?.stringValue {
        case "disabled": return .disabled
        case "adaptive": return .enabled
        case "enabled":
            guard let budget = try WireDecoding.optionalInt(thinking["budget_tokens"], "thinking.enabled.budget_tokens") else {
                throw .invalid("thinking.enabled.budget_tokens: Field required")
            }
            guard budget >= 1024 else { throw .invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024") }
            guard maxTokens > budget else { throw .invalid("`max_tokens` must be greater than `thinking.budget_tokens`.") }
            return .enabled
        default:
            throw .invalid(
                "thinking: Input tag found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'")
        }
    }

    /// Content as blocks: a bare string is one text block.
    private static func contentBlocks(_ value: JSONValue?, path: @escaping () -> String) throws(WireError) -> [[String: JSONValue]] {
        switch value {
        case .string(let text)?:
            return text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
        case .array(let elements)?:
            var blocks: [[String: JSONValue]] = []
            blocks.reserveCapacity(elements.count)
            for (position, element) in elements.enumerated() {
                blocks.append(try WireDecoding.object(element, "\(path()).content.\(position)"))
            }
            return blocks
        case nil: throw .invalid("\(path()).content: Field required")
        default: throw .invalid("\(path()).content: Input should be a valid string or a list of content blocks")
        }
    }

    private static func decodeUserMessage(
        _ blocks: [[String: JSONValue]], path: @escaping () -> String, unanswered: inout [String], callNames: [String: String],
        into messages: inout [ChatMessage]
    ) throws(WireError) {
        var texts: [String] = []
        let expected = unanswered
        for (position, block) in blocks.enumerated() {
            let blockPath = { "\(path()).content.\(position)" }
            switch block["type"]?.stringValue {
            case "text":
                texts.append(try WireDecoding.string(block["text"], "\(blockPath()).text"))
            case "tool_result":
                let callID = try WireDecoding.string(block["tool_use_id"], "\(blockPath()).tool_use_id")
                guard expected.contains(callID) else {
                    throw .invalid(
                        "\(blockPath()): unexpected `tool_use_id` found in `tool_result` blocks: \(callID). "
                            + "Each `tool_result` block must have a corresponding `tool_use` block in the previous message.")
                }
                unanswered.removeAll { $0 == callID }
                let isError = try WireDecoding.optionalBool(block["is_error"], "\(blockPath()).is_error") ?? false
                let content = try resultText(block["content"], path: { "\(blockPath()).content" })
                messages.append(.toolResult(ToolResult(callID: callID, name: callNames[callID] ?? "", content: content, isError: isError)))
            case "image", "document":
                continue
            case let other:
                throw .invalid("\(blockPath()): Input tag '\(other ?? "")' found using 'type' does not match any of the expected tags")
            }
        }
        if !unanswered.isEmpty {
            throw .invalid(
                "\(path()): `tool_use` ids were found without `tool_result` blocks immediately after: \(unanswered.joined(separator: ", ")). "
                    + "Each `tool_use` block must have a corresponding `tool_result` block in the next message.")
        }
        if !texts.isEmpty { messages.append(.user(texts.joined(separator: "\n"))) }
    }

    private static func resultText(_ value: JSONValue?, path: @escaping () -> String) throws(WireError) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let parts)?:
            var texts: [String] = []
            for (position, part) in parts.enumerated() {
                let block = try WireDecoding.object(part, "\(path()).\(position)")
                if block["type"]?.stringValue == "text" {
                    texts.append(try WireDecoding.string(block["text"], "\(path()).\(position).text"))
                }
            }
            return texts.joined(separator: "\n")
        default: throw .invalid("\(path()): Input should be a valid string or a list of content blocks")
        }
    }

    private static func decodeAssistantMessage(_ blocks: [[String: JSONValue]], path: @escaping () -> String) throws(WireError)
        -> AssistantTurn
    {
        var turn = AssistantTurn()
        var texts: [String] = []
        for (position, block) in blocks.enumerated() {
            let blockPath = { "\(path()).content.\(position)" }
            switch block["type"]?.stringValue {
            case "text":
                texts.append(try WireDecoding.string(block["text"], "\(blockPath()).text"))
            case "thinking":
                let thinking = try WireDecoding.string(block["thinking"], "\(blockPath()).thinking")
                let signature = try WireDecoding.string(block["signature"], "\(blockPath()).signature")
                // The real API rejects thinking blocks that were altered after it signed them.
                guard signature == WireEncoding.reasoningSignature(thinking) else {
                    throw .invalid("\(blockPath()): Invalid `signature` in `thinking` block")
                }
                turn.reasoning = (turn.reasoning.map { $0 + "\n" } ?? "") + thinking
                turn.replayData = .object(["signature": .string(signature)])
            case "redacted_thinking":
                _ = try WireDecoding.string(block["data"], "\(blockPath()).data")
            case "tool_use":
                let id = try WireDecoding.string(block["id"], "\(blockPath()).id")
                let name = try WireDecoding.string(block["name"], "\(blockPath()).name")
                guard let input = block["input"] else { throw .invalid("\(blockPath()).input: Field required") }
                guard case .object = input else { throw .invalid("\(blockPath()).input: Input should be a valid dictionary") }
                turn.toolCalls.append(ToolCall(id: id, name: name, arguments: input))
            case let other:
                throw .invalid("\(blockPath()): Input tag '\(other ?? "")' found using 'type' does not match any of the expected tags")
            }
        }
        turn.text = texts.joined(separator: "\n")
        return turn
    }

    private static func systemText(_ value: JSONValue?) throws(WireError) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let blocks)?:
            var texts: [String] = []
            for (position, element) in blocks.enumerated() {
                let block = try WireDecoding.object(element, "system.\(position)")
                guard block["type"]?.stringValue == "text" else { throw .invalid("system.\(position).type: Input should be 'text'") }
                texts.append(try WireDecoding.string(block["text"], "system.\(position).text"))
            }
            return texts.joined(separator: "\n")
        default: throw .invalid("system: Input should be a valid string or a list of text blocks")
        }
    }

    private static func tools(_ value: JSONValue?) throws(WireError) -> [ToolSpec] {
        guard let value, value != .null else { return [] }
        var specs: [ToolSpec] = []
        for (index, element) in try WireDecoding.array(value, "tools").enumerated() {
            let path = { "tools.\(index)" }
            let tool = try WireDecoding.object(element, path())
            // Server tools (web search, code execution) carry a versioned type and no schema.
            if let type = tool["type"]?.stringValue, type != "custom", tool["input_schema"] == nil { continue }
            let name = try WireDecoding.string(tool["name"], "\(path()).name")
            guard isValidToolName(name) else {
                throw .invalid("\(path()).custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'")
            }
            let schema = try WireDecoding.object(tool["input_schema"], "\(path()).custom.input_schema")
            guard schema["type"]?.stringValue == "object" else {
                throw .invalid("\(path()).custom.input_schema.type: Input should be 'object'")
            }
            let description = try WireDecoding.optionalString(tool["description"], "\(path()).description") ?? ""
            specs.append(WireDecoding.toolSpec(name: name, description: description, schema: .object(schema)))
        }
        return specs
    }

    private static func isValidToolName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    // MARK: Responses

    static func encode(_ response: ModelResponse, for request: DecodedWireRequest, responseNumber: Int) -> [UInt8] {
        let turn = response.turn
        var writer = JSONWriter(capacity: 512 + turn.text.utf8.count + (turn.reasoning?.utf8.count ?? 0))
        writer.object { root in
            root.field("id", "msg_fake\(responseNumber)")
            root.field("type", "message")
            root.field("role", "assistant")
            root.field("model", request.model)
            root.arrayField("content") { content in
                if request.includesReasoning, let reasoning = turn.reasoning, !reasoning.isEmpty {
                    content.objectElement { block in
                        block.field("type", "thinking")
                        block.field("thinking", reasoning)
                        block.field("signature", WireEncoding.reasoningSignature(reasoning))
                    }
                }
                if !turn.text.isEmpty {
                    content.objectElement { block in
                        block.field("type", "text")
                        block.field("text", turn.text)
                    }
                }
                for (position, call) in turn.toolCalls.enumerated() {
                    content.objectElement { block in
                        block.field("type", "tool_use")
                        block.field("id", WireEncoding.callID(call, prefix: "toolu_", responseNumber: responseNumber, position: position))
                        block.field("name", call.name)
                        if let malformed = call.malformedArguments {
                            block.field("input", malformed)
                        } else {
                            block.field("input", call.arguments)
                        }
                    }
                }
            }
            let stop: String =
                switch WireEncoding.stopKind(response) {
                case .toolUse: "tool_use"
                case .maxTokens: "max_tokens"
                case .endTurn: "end_turn"
                }
            root.field("stop_reason", stop)
            root.nullField("stop_sequence")
            root.objectField("usage") { usage in
                usage.field("input_tokens", response.usage.inputTokens)
                usage.field("output_tokens", response.usage.outputTokens)
            }
        }
        return writer.bytes
    }

    /// `{"type": "error", "error": {"type", "message"}, "request_id"}`, Anthropic's error shape.
    static func encodeError(_ error: WireError, requestID: String) -> [UInt8] {
        let type: String =
            switch error.category {
            case .invalidRequest: "invalid_request_error"
            case .authentication: "authentication_error"
            case .notFound: "not_found_error"
            case .rateLimited: "rate_limit_error"
            case .internalError, .unavailable: "api_error"
            case .overloaded: "overloaded_error"
            }
        var writer = JSONWriter(capacity: 256)
        writer.object { root in
            root.field("type", "error")
            root.objectField("error") { body in
                body.field("type", type)
                body.field("message", error.message)
            }
            root.field("request_id", requestID)
        }
        return writer.bytes
    }
}
