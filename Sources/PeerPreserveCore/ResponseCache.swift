import Foundation

/// Where model responses are kept so that a re-run or a re-score replays them for free and
/// reproducibly. A seam: the SQLite store implements it, tests use memory.
public protocol ResponseCache: Sendable {
    func response(forKey key: String) async throws -> ModelResponse?
    func store(_ response: ModelResponse, forKey key: String, model: String) async throws
}

/// A model client that answers from the cache when it can, and fills it when it cannot.
///
/// The key covers the model, the full request and the sample index: two samples of the same
/// configuration are different draws and must not share responses, while a re-run of the same
/// sample replays exactly.
public struct CachingModelClient: ModelClient {
    public var base: any ModelClient
    public var cache: any ResponseCache
    public var model: String
    public var sampleIndex: Int

    public init(base: any ModelClient, cache: any ResponseCache, model: String, sampleIndex: Int) {
        self.base = base
        self.cache = cache
        self.model = model
        self.sampleIndex = sampleIndex
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let key = Self.key(model: model, request: request, sampleIndex: sampleIndex)
        if let cached = try await cache.response(forKey: key) { return cached }
        let response = try await base.respond(to: request)
        try await cache.store(response, forKey: key, model: model)
        return response
    }

    /// SHA-256 of the model, the sample index and the request's canonical JSON.
    public static func key(model: String, request: ModelRequest, sampleIndex: Int) -> String {
        SHA256.hex("\(model)\u{0}\(sampleIndex)\u{0}" + request.canonicalJSON)
    }
}

extension ModelRequest {
    /// Sorted-key JSON of the whole request: equal requests give equal text.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
