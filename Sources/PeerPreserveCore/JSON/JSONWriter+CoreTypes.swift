/// The core types as their synthesized `Codable` form, written directly: byte for byte what
/// `JSONEncoder` gives with sorted keys and unescaped slashes (tested), so `JSONDecoder` reads
/// them back. Every finished episode stores its transcript and every model response is cached;
/// through `Codable` these were a tenth of a run's CPU time.
///
/// Members are written in sorted key order; optional members are left out when `nil`, as
/// synthesized `encodeIfPresent` does.
extension JSONWriter {
    public mutating func write(_ message: ChatMessage) {
        // A synthesized enum with an unlabelled payload: {"case":{"_0":payload}}.
        object { json in
            switch message {
            case .assistant(let turn):
                json.objectField("assistant") { json in
                    json.key("_0")
                    json.write(turn)
                }
            case .toolResult(let result):
                json.objectField("toolResult") { json in
                    json.key("_0")
                    json.write(result)
                }
            case .user(let text):
                json.objectField("user") { json in json.field("_0", text) }
            }
        }
    }

    public mutating func write(_ turn: AssistantTurn) {
        object { json in
            if let reasoning = turn.reasoning { json.field("reasoning", reasoning) }
            if let replay = turn.replayData { json.field("replayData", replay) }
            json.field("text", turn.text)
            json.arrayField("toolCalls") { calls in
                for call in turn.toolCalls {
                    calls.separateElement()
                    calls.write(call)
                }
            }
        }
    }

    public mutating func write(_ call: ToolCall) {
        object { json in
            json.field("arguments", call.arguments)
            json.field("id", call.id)
            if let malformed = call.malformedArguments { json.field("malformedArguments", malformed) }
            json.field("name", call.name)
            json.field("recoveredFromText", call.recoveredFromText)
        }
    }

    public mutating func write(_ result: ToolResult) {
        object { json in
            json.field("callID", result.callID)
            json.field("content", result.content)
            json.field("isError", result.isError)
            json.field("name", result.name)
        }
    }

    public mutating func write(_ tool: ToolSpec) {
        object { json in
            json.field("description", tool.description)
            json.field("name", tool.name)
            json.arrayField("parameters") { parameters in
                for parameter in tool.parameters {
                    parameters.objectElement { json in
                        json.field("description", parameter.description)
                        json.field("isRequired", parameter.isRequired)
                        json.field("kind", parameter.kind.rawValue)
                        json.field("name", parameter.name)
                    }
                }
            }
        }
    }

    public mutating func write(_ usage: TokenUsage) {
        object { json in
            json.field("inputTokens", usage.inputTokens)
            json.field("outputTokens", usage.outputTokens)
        }
    }

    public mutating func write(_ response: ModelResponse) {
        object { json in
            if let stopReason = response.stopReason { json.field("stopReason", stopReason) }
            json.key("turn")
            json.write(response.turn)
            json.key("usage")
            json.write(response.usage)
        }
    }

    /// `Duration`'s `Codable` form: its 128-bit count of attoseconds as [high, low] words.
    public mutating func write(_ duration: Duration) {
        let attoseconds = Int128(duration.components.seconds) * 1_000_000_000_000_000_000 + Int128(duration.components.attoseconds)
        array { json in
            json.separateElement()
            json.writeDigits(String(Int64(truncatingIfNeeded: attoseconds >> 64)))
            json.separateElement()
            json.writeDigits(String(UInt64(truncatingIfNeeded: attoseconds)))
        }
    }
}
