public import PeerPreserveCore

/// A Gemini model over `generateContent` (`POST {base}/models/{model}:generateContent`).
///
/// The key goes in the `x-goog-api-key` header, never in the URL, where proxies and logs would
/// keep it.
public struct GeminiClient: ModelClient {
    public let model: String
    public let endpoint: ProviderEndpoint
    public let options: GeminiCodec.Options
    public let provider: ProviderClient

    public init(model: String, endpoint: ProviderEndpoint, options: GeminiCodec.Options, provider: ProviderClient) {
        self.model = model
        self.endpoint = endpoint
        self.options = options
        self.provider = provider
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        var headers = ["content-type": "application/json", "accept": "application/json"]
        if let key = endpoint.apiKey { headers["x-goog-api-key"] = key.value }
        let modelID = model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
        let body = WireJSON.encode(GeminiCodec.encodeRequest(request, options: options))
        let url = endpoint.url("models/\(modelID):generateContent")
        return try await provider.send(ProviderHTTPRequest(url: url, headers: headers, body: body)) {
            body throws(ProviderFailure) in
            try GeminiCodec.decodeResponse(body)
        }
    }
}
