import Foundation

/// Where model responses are kept so that a re-run or a re-score replays them for free and
/// reproducibly. A seam: the SQLite store implements it, tests use memory.
public protocol ResponseCache: Sendable {
    func response(forKey key: String) async throws -> ModelResponse?
    func store(_ response: ModelResponse, forKey key: String, model: String) async throws
}

/// A model client that answers from the cache when it can, and fills it when it cannot.
///
/// The key covers the model, the full request and the episode's identity (its configuration,
/// sample index and seed): every episode is its own draw at the study's temperature, even when
/// its first request is byte for byte another configuration's (the same task under every
/// file-only condition), while a re-run or re-score of the same episode replays exactly.
///
/// Keys written before the episode was part of them (`model NUL sample NUL request`) can never
/// equal a key of this form, which starts with a version tag: such entries stay in a store and
/// are simply never reused.
public struct CachingModelClient: ModelClient {
    public var base: any ModelClient
    public var cache: any ResponseCache
    public var model: String
    /// The episode's identity, as ``episodeIdentity(configurationID:sampleIndex:seed:)`` writes it.
    public var episode: String
    /// Keeps the episode's conversation hashed so far, so each turn hashes only what is new.
    let keys = CacheKeyMemo()

    public init(base: any ModelClient, cache: any ResponseCache, model: String, episode: String) {
        self.base = base
        self.cache = cache
        self.model = model
        self.episode = episode
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let key = keys.key(model: model, request: request, episode: episode)
        if let cached = try await cache.response(forKey: key) { return cached }
        let response = try await base.respond(to: request)
        try await cache.store(response, forKey: key, model: model)
        return response
    }

    /// An episode's identity for cache keys: its configuration, sample index and seed.
    public static func episodeIdentity(configurationID: String, sampleIndex: Int, seed: UInt64) -> String {
        "\(configurationID)\u{0}\(sampleIndex)\u{0}\(seed)"
    }

    /// SHA-256 of a version tag, the model, the episode's identity and the request's canonical JSON.
    public static func key(model: String, request: ModelRequest, episode: String) -> String {
        var hasher = SHA256.Hasher()
        hasher.update(keyPrefix(model: model, episode: episode))
        hasher.update(request.canonicalBytes)
        return hasher.hex()
    }

    static func keyPrefix(model: String, episode: String) -> [UInt8] {
        Array("episode-v2\u{0}\(model)\u{0}\(episode)\u{0}".utf8)
    }
}

extension ModelRequest {
    /// Compact JSON of the whole request, as UTF-8, written field by field in a fixed order: equal
    /// requests give equal bytes. (Every turn of every episode hashes it for the cache key, so it
    /// is written directly rather than through `Codable`.)
    public var canonicalBytes: [UInt8] {
        var bytes = Self.canonicalHead(system: system)
        for (index, message) in messages.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += Self.canonicalBytes(of: message)
        }
        return bytes + canonicalTail
    }

    /// `{"system":…,"messages":[` — what precedes the messages.
    static func canonicalHead(system: String) -> [UInt8] {
        var writer = JSONWriter(capacity: system.utf8.count + 64)
        writer.writeRaw("{\"system\":")
        writer.writeString(system)
        writer.writeRaw(",\"messages\":[")
        return writer.bytes
    }

    /// `],"tools":[…],"settings":{…}}` — what follows the messages.
    var canonicalTail: [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.writeRaw("],\"tools\":")
        writer.array { tools in
            for tool in self.tools {
                tools.objectElement { json in
                    json.field("name", tool.name)
                    json.field("description", tool.description)
                    json.field("parameters", tool.parametersSchema)
                }
            }
        }
        writer.writeRaw(",\"settings\":")
        writer.object { json in
            json.field("temperature", settings.temperature.map(JSONValue.double) ?? .null)
            json.field("max_output_tokens", settings.maxOutputTokens.map(JSONValue.int) ?? .null)
            json.field("reasoning_effort", settings.reasoningEffort)
            json.field("seed", settings.seed.map(JSONValue.int) ?? .null)
        }
        writer.writeRaw("}")
        return writer.bytes
    }

    /// One message as an element of the `messages` array.
    static func canonicalBytes(of message: ChatMessage) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            switch message {
            case .user(let text):
                json.field("user", text)
            case .assistant(let turn):
                json.objectField("assistant") { json in
                    json.field("text", turn.text)
                    json.field("reasoning", turn.reasoning)
                    json.arrayField("tool_calls") { calls in
                        for call in turn.toolCalls {
                            calls.objectElement { json in
                                json.field("id", call.id)
                                json.field("name", call.name)
                                json.field("arguments", call.arguments)
                                json.field("malformed_arguments", call.malformedArguments)
                                json.field("recovered", call.recoveredFromText)
                            }
                        }
                    }
                    json.field("replay", turn.replayData ?? .null)
                }
            case .toolResult(let result):
                json.objectField("tool_result") { json in
                    json.field("call_id", result.callID)
                    json.field("name", result.name)
                    json.field("content", result.content)
                    json.field("is_error", result.isError)
                }
            }
        }
        return writer.bytes
    }
}
