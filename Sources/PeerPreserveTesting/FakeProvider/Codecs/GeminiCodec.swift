import PeerPreserveCore

/// Gemini generateContent on the wire: the request decoder, its validation, the response and
/// error encoders.
///
/// Gemini's JSON mapping accepts both camelCase and snake_case field names, so the decoder does
/// too. Function calls go out without ids, as the Gemini API sends them; calls in a request that
/// carry no id are given one from their position, and function responses are matched to the
/// calls of the previous turn by id when they have one and by name otherwise.
enum GeminiCodec {
    // MARK: Requests

    static func decode(_ body: JSONValue, model: String) throws(WireError) -> DecodedWireRequest {
        guard case .object(let root) = body else { throw .invalid("Invalid JSON payload received. Expected an object.") }
        guard let wireContents = root["contents"], wireContents != .array([]) else {
            throw .invalid("* GenerateContentRequest.contents: contents is not specified")
        }
        let contents = try WireDecoding.array(wireContents, "contents")

        var messages: [ChatMessage] = []
        messages.reserveCapacity(contents.count + 8)
        // The calls of the previous model turn: (id, name, answered).
        var openCalls: [(id: String, name: String)] = []
        var previousRole: String?
        var previousHadCalls = false
        for (index, element) in contents.enumerated() {
            let path = { "contents[\(index)]" }
            let content = try WireDecoding.object(element, path())
            let role = try WireDecoding.optionalString(content["role"], "\(path()).role") ?? "user"
            guard role == "user" || role == "model" else { throw .invalid("Please use a valid role: user, model.") }
            let parts = try WireDecoding.array(content["parts"], "\(path()).parts")
            guard !parts.isEmpty else { throw .invalid("* GenerateContentRequest.\(path()).parts: contents.parts must not be empty.") }
            let partObjects = try parts.enumerated().map { position, part throws(WireError) in
                try WireDecoding.object(part, "\(path()).parts[\(position)]")
            }
            if role == "model" {
                let turn = try decodeModelContent(partObjects, contentIndex: index)
                if !turn.toolCalls.isEmpty, previousRole != "user" {
                    throw .invalid(
                        "Please ensure that function call turn comes immediately after a user turn or after a function response turn.")
                }
                openCalls = turn.toolCalls.map { ($0.id, $0.name) }
                previousHadCalls = !turn.toolCalls.isEmpty
                messages.append(.assistant(turn))
            } else {
                try decodeUserContent(
                    partObjects, path: path, openCalls: previousRole == "model" && previousHadCalls ? openCalls : nil, into: &messages)
                openCalls = []
                previousHadCalls = false
            }
            previousRole = role
        }

        let config = try WireDecoding.member(root, "generationConfig", "generation_config").map { value throws(WireError) in
            try WireDecoding.object(value, "generationConfig")
        }
        let thinking = config.flatMap { WireDecoding.member($0, "thinkingConfig", "thinking_config")?.objectValue }
        let settings = GenerationSettings(
            temperature: try WireDecoding.optionalNumber(config?["temperature"], "generationConfig.temperature"),
            maxOutputTokens: try WireDecoding.optionalInt(
                config.flatMap { WireDecoding.member($0, "maxOutputTokens", "max_output_tokens") }, "generationConfig.maxOutputTokens"),
            reasoningEffort: try WireDecoding.optionalString(
                thinking.flatMap { WireDecoding.member($0, "thinkingLevel", "thinking_level") }, "thinkingConfig.thinkingLevel"),
            seed: try WireDecoding.optionalInt(config?["seed"], "generationConfig.seed"))
        let includeThoughts = try WireDecoding.optionalBool(
            thinking.flatMap { WireDecoding.member($0, "includeThoughts", "include_thoughts") }, "thinkingConfig.includeThoughts")
        let request = ModelRequest(
            system: try systemText(WireDecoding.member(root, "systemInstruction", "system_instruction")),
            messages: messages, tools: try tools(root["tools"]), settings: settings)
        return DecodedWireRequest(model: model, request: request, includesReasoning: includeThoughts ?? false)
    }

    private static func decodeModelContent(_ parts: [[String: JSONValue]], contentIndex: Int) throws(WireError) -> AssistantTurn {
        var turn = AssistantTurn()
        var texts: [String] = []
        var thoughts: [String] = []
        for (position, part) in parts.enumerated() {
            let path = { "contents[\(contentIndex)].parts[\(position)]" }
            if let call = WireDecoding.member(part, "functionCall", "function_call") {
                let function = try WireDecoding.object(call, "\(path()).functionCall")
                let name = try WireDecoding.string(function["name"], "\(path()).functionCall.name")
                let arguments = function["args"] ?? .object([:])
                guard case .object = arguments else {
                    throw .invalid("* GenerateContentRequest.\(path()).function_call.args: must be an object")
                }
                let id = try WireDecoding.optionalString(function["id"], "\(path()).functionCall.id") ?? "call_\(contentIndex)_\(position)"
                turn.toolCalls.append(ToolCall(id: id, name: name, arguments: arguments))
            } else if let text = part["text"] {
                let value = try WireDecoding.string(text, "\(path()).text")
                if try WireDecoding.optionalBool(part["thought"], "\(path()).thought") == true {
                    thoughts.append(value)
                } else {
                    texts.append(value)
                }
            }
            if let signature = WireDecoding.member(part, "thoughtSignature", "thought_signature") {
                turn.replayData = .object(["thoughtSignature": .string(try WireDecoding.string(signature, "\(path()).thoughtSignature"))])
            }
        }
        turn.text = texts.joined()
        turn.reasoning = thoughts.isEmpty ? nil : thoughts.joined(separator: "\n")
        return turn
    }

    /// Decodes a user content. `openCalls` is nil unless the previous content was a model turn
    /// with function calls, which is the only place function responses may appear.
    private static func decodeUserContent(
        _ parts: [[String: JSONValue]], path: @escaping () -> String, openCalls: [(id: String, name: String)]?,
        into messages: inout [ChatMessage]
    ) throws(WireError) {
        var texts: [String] = []
        var remaining = openCalls ?? []
        var responses = 0
        for (position, part) in parts.enumerated() {
            let partPath = { "\(path()).parts[\(position)]" }
            if let response = WireDecoding.member(part, "functionResponse", "function_response") {
                guard openCalls != nil else {
                    throw .invalid("Please ensure that function response turn comes immediately after a function call turn.")
                }
                let function = try WireDecoding.object(response, "\(partPath()).functionResponse")
                let name = try WireDecoding.string(function["name"], "\(partPath()).functionResponse.name")
                let id = try WireDecoding.optionalString(function["id"], "\(partPath()).functionResponse.id")
                let match = remaining.firstIndex { call in id.map { call.id == $0 } ?? (call.name == name) }
                guard let match, remaining[match].name == name else {
                    throw .invalid(
                        "* GenerateContentRequest.\(partPath()).function_response.name: \(name) does not answer a function call of the previous turn."
                    )
                }
                let call = remaining.remove(at: match)
                responses += 1
                let payload = function["response"] ?? .object([:])
                guard case .object(let members) = payload else {
                    throw .invalid("* GenerateContentRequest.\(partPath()).function_response.response: must be an object")
                }
                messages.append(.toolResult(resultFromResponse(members, callID: call.id, name: name)))
            } else if let text = part["text"] {
                texts.append(try WireDecoding.string(text, "\(partPath()).text"))
            }
        }
        if let openCalls, responses != openCalls.count {
            throw .invalid(
                "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
            )
        }
        if !texts.isEmpty { messages.append(.user(texts.joined())) }
    }

    /// A function response's payload as a tool result: the conventional `output` / `result` /
    /// `content` string when there is one, an `error` member as an error, otherwise the payload
    /// as JSON.
    private static func resultFromResponse(_ members: [String: JSONValue], callID: String, name: String) -> ToolResult {
        if members.count == 1, let error = members["error"] {
            return ToolResult(callID: callID, name: name, content: error.plainText, isError: true)
        }
        if members.count == 1, let text = (members["output"] ?? members["result"] ?? members["content"])?.stringValue {
            return ToolResult(callID: callID, name: name, content: text)
        }
        return ToolResult(callID: callID, name: name, content: JSONValue.object(members).canonicalText)
    }

    private static func systemText(_ value: JSONValue?) throws(WireError) -> String {
        guard let value, value != .null else { return "" }
        let instruction = try WireDecoding.object(value, "systemInstruction")
        let parts = try WireDecoding.array(instruction["parts"], "systemInstruction.parts")
        var texts: [String] = []
        for (position, part) in parts.enumerated() {
            let object = try WireDecoding.object(part, "systemInstruction.parts[\(position)]")
            if let text = object["text"] { texts.append(try WireDecoding.string(text, "systemInstruction.parts[\(position)].text")) }
        }
        return texts.joined(separator: "\n")
    }

    private static func tools(_ value: JSONValue?) throws(WireError) -> [ToolSpec] {
        guard let value, value != .null else { return [] }
        var specs: [ToolSpec] = []
        for (index, element) in try WireDecoding.array(value, "tools").enumerated() {
            let tool = try WireDecoding.object(element, "tools[\(index)]")
            // Built-in tools (googleSearch, codeExecution) declare no functions.
            guard let declarations = WireDecoding.member(tool, "functionDeclarations", "function_declarations") else { continue }
            for (position, declaration) in try WireDecoding.array(declarations, "tools[\(index)].functionDeclarations").enumerated() {
                let path = { "tools[\(index)].function_declarations[\(position)]" }
                let function = try WireDecoding.object(declaration, path())
                let name = try WireDecoding.string(function["name"], "\(path()).name")
                guard !name.isEmpty else { throw .invalid("* GenerateContentRequest.\(path()).name: Function name cannot be empty.") }
                let description = try WireDecoding.optionalString(function["description"], "\(path()).description") ?? ""
                let schema = WireDecoding.member(function, "parameters", "parametersJsonSchema", "parameters_json_schema")
                specs.append(WireDecoding.toolSpec(name: name, description: description, schema: schema))
            }
        }
        return specs
    }

    // MARK: Responses

    static func encode(_ response: ModelResponse, for request: DecodedWireRequest, responseNumber: Int) -> [UInt8] {
        let turn = response.turn
        var writer = JSONWriter(capacity: 512 + turn.text.utf8.count + (turn.reasoning?.utf8.count ?? 0))
        writer.object { root in
            root.arrayField("candidates") { candidates in
                candidates.objectElement { candidate in
                    candidate.objectField("content") { content in
                        content.arrayField("parts") { parts in
                            if request.includesReasoning, let reasoning = turn.reasoning, !reasoning.isEmpty {
                                parts.objectElement { part in
                                    part.field("text", reasoning)
                                    part.field("thought", true)
                                }
                            }
                            if !turn.text.isEmpty {
                                parts.objectElement { part in part.field("text", turn.text) }
                            }
                            for (position, call) in turn.toolCalls.enumerated() {
                                parts.objectElement { part in
                                    part.objectField("functionCall") { function in
                                        function.field("name", call.name)
                                        if let malformed = call.malformedArguments {
                                            function.field("args", malformed)
                                        } else {
                                            function.field("args", call.arguments)
                                        }
                                    }
                                    // Gemini signs the first function call of a turn; clients must send it back.
                                    if position == 0 {
                                        part.field("thoughtSignature", WireEncoding.reasoningSignature(turn.reasoning ?? call.name))
                                    }
                                }
                            }
                        }
                        content.field("role", "model")
                    }
                    let finish: String =
                        switch WireEncoding.stopKind(response) {
                        case .toolUse, .endTurn: "STOP"
                        case .maxTokens: "MAX_TOKENS"
                        }
                    candidate.field("finishReason", finish)
                    candidate.field("index", 0)
                }
            }
            root.objectField("usageMetadata") { usage in
                usage.field("promptTokenCount", response.usage.inputTokens)
                usage.field("candidatesTokenCount", response.usage.outputTokens)
                usage.field("totalTokenCount", response.usage.total)
            }
            root.field("modelVersion", request.model)
            root.field("responseId", "fake\(responseNumber)")
        }
        return writer.bytes
    }

    /// `{"error": {"code", "message", "status"}}`, Google's error shape.
    static func encodeError(_ error: WireError) -> [UInt8] {
        let status: String =
            switch error.category {
            case .invalidRequest: "INVALID_ARGUMENT"
            case .authentication: "UNAUTHENTICATED"
            case .notFound: "NOT_FOUND"
            case .rateLimited: "RESOURCE_EXHAUSTED"
            case .internalError: "INTERNAL"
            case .unavailable, .overloaded: "UNAVAILABLE"
            }
        var writer = JSONWriter(capacity: 256)
        writer.object { root in
            root.objectField("error") { body in
                body.field("code", error.status)
                body.field("message", error.message)
                body.field("status", status)
            }
        }
        return writer.bytes
    }
}
