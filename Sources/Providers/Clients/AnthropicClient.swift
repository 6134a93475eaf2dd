public import PeerPreserveCore

/// A Claude model over the Anthropic Messages API (`POST {base}/v1/messages`, `x-api-key`).
public struct AnthropicClient: ModelClient {
    public let model: String
    public let endpoint: ProviderEndpoint
    public let provider: ProviderClient

    public init(model: String, endpoint: ProviderEndpoint, provider: ProviderClient) {
        self.model = model
        self.endpoint = endpoint
        self.provider = provider
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        var headers = [
            "content-type": "application/json", "accept": "application/json",
            "anthropic-version": AnthropicMessagesCodec.apiVersion,
        ]
        if let key = endpoint.apiKey { headers["x-api-key"] = key.value }
        let body = WireJSON.encode(AnthropicMessagesCodec.encodeRequest(request, model: model))
        return try await provider.send(ProviderHTTPRequest(url: endpoint.url("v1/messages"), headers: headers, body: body)) {
            body throws(ProviderFailure) in
            try AnthropicMessagesCodec.decodeResponse(body)
        }
    }
}
