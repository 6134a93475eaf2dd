import Foundation
import PeerPreserveCore

/// OpenAI Chat Completions on the wire: the request decoder, its validation, the response and
/// error encoders.
enum OpenAICodec {
    // MARK: Requests

    static func decode(_ body: JSONValue) throws(WireError) -> DecodedWireRequest {
        guard case .object(let root) = body else {
            throw .invalid("We could not parse the JSON body of your request: expected an object.")
        }
        guard let model = root["model"]?.stringValue, !model.isEmpty else {
            throw .invalid("you must provide a model parameter", parameter: "model")
        }
        if root["stream"] == .bool(true) {
            throw .invalid("The fake provider answers whole responses only; send stream: false.", parameter: "stream")
        }
        let wireMessages = try WireDecoding.array(root["messages"], "messages")
        guard !wireMessages.isEmpty else { throw .invalid("[] is too short - 'messages'", parameter: "messages") }

        var system: [String] = []
        var messages: [ChatMessage] = []
        messages.reserveCapacity(wireMessages.count)
        var callNames: [String: String] = [:]
        // The calls of the latest assistant message that no tool message has answered yet,
        // in order, with the index of that assistant message.
        var pending: [String] = []
        var pendingOwner = 0

        func requireAnswered() throws(WireError) {
            guard pending.isEmpty else {
                throw .invalid(
                    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
                        + "The following tool_call_ids did not have response messages: \(pending.joined(separator: ", "))",
                    parameter: "messages.[\(pendingOwner)].role")
            }
        }

        for (index, wire) in wireMessages.enumerated() {
            let path = { "messages.[\(index)]" }
            let message = try WireDecoding.object(wire, path())
            let role = try WireDecoding.string(message["role"], "\(path()).role")
            switch role {
            case "system", "developer":
                try requireAnswered()
                system.append(try text(message["content"], "\(path()).content", allowNull: false))
            case "user":
                try requireAnswered()
                messages.append(.user(try text(message["content"], "\(path()).content", allowNull: false)))
            case "assistant":
                try requireAnswered()
                let turn = try assistantTurn(message, path: path)
                for call in turn.toolCalls { callNames[call.id] = call.name }
                pending = turn.toolCalls.map(\.id)
                pendingOwner = index
                messages.append(.assistant(turn))
            case "tool":
                let callID = try WireDecoding.string(message["tool_call_id"], "\(path()).tool_call_id")
                guard let position = pending.firstIndex(of: callID) else {
                    throw .invalid(
                        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
                        parameter: "\(path()).role")
                }
                pending.remove(at: position)
                let content = try text(message["content"], "\(path()).content", allowNull: false)
                messages.append(.toolResult(ToolResult(callID: callID, name: callNames[callID] ?? "", content: content)))
            default:
                throw .invalid(
                    "Invalid value: '\(role)'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                    parameter: "\(path()).role")
            }
        }
        try requireAnswered()

        let settings = GenerationSettings(
            temperature: try WireDecoding.optionalNumber(root["temperature"], "temperature"),
            maxOutputTokens: try WireDecoding.optionalInt(root["max_completion_tokens"] ?? root["max_tokens"], "max_completion_tokens"),
            reasoningEffort: try WireDecoding.optionalString(root["reasoning_effort"], "reasoning_effort"),
            seed: try WireDecoding.optionalInt(root["seed"], "seed"))
        let request = ModelRequest(
            system: system.joined(separator: "\n\n"), messages: messages, tools: try tools(root["tools"]), settings: settings)
        return DecodedWireRequest(model: model, request: request, includesReasoning: true)
    }

    private static func assistantTurn(_ message: [String: JSONValue], path: @escaping () -> String) throws(WireError) -> AssistantTurn {
        let content = try optionalText(message["content"], "\(path()).content", allowNull: true)
        let reasoning = try WireDecoding.optionalString(message["reasoning_content"], "\(path()).reasoning_content")
        var calls: [ToolCall] = []
        if let wireCalls = message["tool_calls"], wireCalls != .null {
            for (position, wireCall) in try WireDecoding.array(wireCalls, "\(path()).tool_calls").enumerated() {
                let callPath = { "\(path()).tool_calls.[\(position)]" }
                let call = try WireDecoding.object(wireCall, callPath())
                let id = try WireDecoding.string(call["id"], "\(callPath()).id")
                guard call["type"]?.stringValue == "function" else {
                    throw .invalid("Missing required parameter: '\(callPath()).type'.", parameter: "\(callPath()).type")
                }
                let function = try WireDecoding.object(call["function"], "\(callPath()).function")
                let name = try WireDecoding.string(function["name"], "\(callPath()).function.name")
                guard let argumentsValue = function["arguments"] else {
                    throw .invalid(
                        "Missing required parameter: '\(callPath()).function.arguments'.", parameter: "\(callPath()).function.arguments")
                }
                guard case .string(let argumentText) = argumentsValue else {
                    throw .invalid(
                        "Invalid type for '\(callPath()).function.arguments': expected a string, but got \(typeName(argumentsValue)) instead.",
                        parameter: "\(callPath()).function.arguments")
                }
                let (arguments, malformed) = WireDecoding.toolArguments(fromText: argumentText)
                calls.append(ToolCall(id: id, name: name, arguments: arguments, malformedArguments: malformed))
            }
        }
        if content == nil, calls.isEmpty {
            throw .invalid("Invalid value for 'content': expected a string, got null.", parameter: "\(path()).content")
        }
        return AssistantTurn(text: content ?? "", reasoning: reasoning, toolCalls: calls)
    }

    /// Message content: a string, or an array of text parts.
    private static func optionalText(_ value: JSONValue?, _ name: @autoclosure () -> String, allowNull: Bool) throws(WireError) -> String? {
        switch value {
        case .string(let text)?:
            return text
        case .array(let parts)?:
            var texts: [String] = []
            for (position, part) in parts.enumerated() {
                let object = try WireDecoding.object(part, "\(name()).[\(position)]")
                guard object["type"]?.stringValue == "text" else { continue }
                texts.append(try WireDecoding.string(object["text"], "\(name()).[\(position)].text"))
            }
            return texts.joined(separator: "\n")
        case nil, .null?:
            if allowNull { return nil }
            throw .invalid("Invalid value for 'content': expected a string, got null.", parameter: name())
        case let other?:
            throw .invalid(
                "Invalid type for '\(name())': expected one of a string or array of objects, but got \(typeName(other)) instead.",
                parameter: name())
        }
    }

    private static func text(_ value: JSONValue?, _ name: @autoclosure () -> String, allowNull: Bool) throws(WireError) -> String {
        try optionalText(value, name(), allowNull: allowNull) ?? ""
    }

    private static func tools(_ value: JSONValue?) throws(WireError) -> [ToolSpec] {
        guard let value, value != .null else { return [] }
        var specs: [ToolSpec] = []
        for (index, wireTool) in try WireDecoding.array(value, "tools").enumerated() {
            let path = { "tools[\(index)]" }
            let tool = try WireDecoding.object(wireTool, path())
            guard tool["type"]?.stringValue == "function" else {
                throw .invalid("Missing required parameter: '\(path()).type'.", parameter: "\(path()).type")
            }
            let function = try WireDecoding.object(tool["function"], "\(path()).function")
            let name = try WireDecoding.string(function["name"], "\(path()).function.name")
            let description = try WireDecoding.optionalString(function["description"], "\(path()).function.description") ?? ""
            specs.append(WireDecoding.toolSpec(name: name, description: description, schema: function["parameters"]))
        }
        return specs
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    // MARK: Responses

    static func encode(_ response: ModelResponse, for request: DecodedWireRequest, responseNumber: Int) -> [UInt8] {
        let turn = response.turn
        var writer = JSONWriter(capacity: 512 + turn.text.utf8.count + (turn.reasoning?.utf8.count ?? 0))
        writer.object { root in
            root.field("id", "chatcmpl-fake\(responseNumber)")
            root.field("object", "chat.completion")
            root.field("created", Int(Date().timeIntervalSince1970))
            root.field("model", request.model)
            root.arrayField("choices") { choices in
                choices.objectElement { choice in
                    choice.field("index", 0)
                    choice.objectField("message") { message in
                        message.field("role", "assistant")
                        // OpenAI sends null content on a turn that only calls tools.
                        message.field("content", turn.text.isEmpty && !turn.toolCalls.isEmpty ? nil : turn.text)
                        if let reasoning = turn.reasoning, !reasoning.isEmpty { message.field("reasoning_content", reasoning) }
                        if !turn.toolCalls.isEmpty {
                            message.arrayField("tool_calls") { calls in
                                for (position, call) in turn.toolCalls.enumerated() {
                                    calls.objectElement { wire in
                                        wire.field(
                                            "id",
                                            WireEncoding.callID(call, prefix: "call_", responseNumber: responseNumber, position: position))
                                        wire.field("type", "function")
                                        wire.objectField("function") { function in
                                            function.field("name", call.name)
                                            function.field("arguments", WireEncoding.argumentText(call))
                                        }
                                    }
                                }
                            }
                        }
                        message.nullField("refusal")
                    }
                    choice.nullField("logprobs")
                    let finish: String =
                        switch WireEncoding.stopKind(response) {
                        case .toolUse: "tool_calls"
                        case .maxTokens: "length"
                        case .endTurn: "stop"
                        }
                    choice.field("finish_reason", finish)
                }
            }
            root.objectField("usage") { usage in
                usage.field("prompt_tokens", response.usage.inputTokens)
                usage.field("completion_tokens", response.usage.outputTokens)
                usage.field("total_tokens", response.usage.total)
            }
            root.field("system_fingerprint", "fp_fakeprovider")
        }
        return writer.bytes
    }

    /// `{"error": {"message", "type", "param", "code"}}`, OpenAI's error shape.
    static func encodeError(_ error: WireError) -> [UInt8] {
        let (type, code): (String, String?) =
            switch error.category {
            case .invalidRequest: ("invalid_request_error", nil)
            case .authentication: ("invalid_request_error", "invalid_api_key")
            case .notFound: ("invalid_request_error", "not_found")
            case .rateLimited: ("requests", "rate_limit_exceeded")
            case .internalError: ("server_error", nil)
            case .unavailable: ("server_error", "service_unavailable")
            case .overloaded: ("server_error", "overloaded")
            }
        var writer = JSONWriter(capacity: 256)
        writer.object { root in
            root.objectField("error") { body in
                body.field("message", error.message)
                body.field("type", type)
                body.field("param", error.parameter)
                body.field("code", code)
            }
        }
        return writer.bytes
    }
}
