import Synchronization

/// Computes an episode's cache keys turn by turn without re-hashing its conversation: each request
/// of an episode repeats the last one's messages and adds a few, so the hash of the messages so
/// far is kept and extended. The keys are exactly ``CachingModelClient/key(model:request:episode:)``'s;
/// a request that does not extend the last one (another system prompt, an edited message) is
/// hashed from the start.
public final class CacheKeyMemo: Sendable {
    private struct State {
        var prefix: [UInt8]
        var system: String
        var messages: [ChatMessage]
        /// The hash of the prefix, the request's head and `messages`, before the closing bracket.
        var hasher: SHA256.Hasher
        var tools: [ToolSpec]
        var settings: GenerationSettings
        var tail: [UInt8]
    }

    private let state = Mutex<State?>(nil)

    public init() {}

    public func key(model: String, request: ModelRequest, episode: String) -> String {
        let prefix = CachingModelClient.keyPrefix(model: model, episode: episode)
        return state.withLock { saved in
            var current: State
            if let saved, saved.prefix == prefix, saved.system == request.system, saved.messages.count <= request.messages.count,
                request.messages.starts(with: saved.messages)
            {
                current = saved
            } else {
                var hasher = SHA256.Hasher()
                hasher.update(prefix)
                hasher.update(ModelRequest.canonicalHead(system: request.system))
                current = State(
                    prefix: prefix, system: request.system, messages: [], hasher: hasher, tools: request.tools,
                    settings: request.settings, tail: request.canonicalTail)
            }
            for message in request.messages[current.messages.count...] {
                if !current.messages.isEmpty { current.hasher.update([UInt8(ascii: ",")]) }
                current.hasher.update(ModelRequest.canonicalBytes(of: message))
                current.messages.append(message)
            }
            if current.tools != request.tools || current.settings != request.settings {
                current.tools = request.tools
                current.settings = request.settings
                current.tail = request.canonicalTail
            }
            var final = current.hasher
            final.update(current.tail)
            saved = current
            return final.hex()
        }
    }
}
