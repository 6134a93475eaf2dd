import Foundation
public import PeerPreserveCore

/// A model behind an OpenAI-compatible Chat Completions endpoint (`POST {base}/chat/completions`,
/// `Authorization: Bearer`).
public struct OpenAIChatClient: ModelClient {
    public let model: String
    public let endpoint: ProviderEndpoint
    public let options: OpenAIChatCodec.Options
    public let provider: ProviderClient

    public init(model: String, endpoint: ProviderEndpoint, options: OpenAIChatCodec.Options, provider: ProviderClient) {
        self.model = model
        self.endpoint = endpoint
        self.options = options
        self.provider = provider
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        var headers = ["content-type": "application/json", "accept": "application/json"]
        // Local servers (vLLM, Ollama) need no key.
        if let key = endpoint.apiKey { headers["authorization"] = "Bearer \(key.value)" }
        let body = Data(OpenAIChatCodec.encodeRequestBody(request, model: model, options: options))
        let options = options
        return try await provider.send(ProviderHTTPRequest(url: endpoint.url("chat/completions"), headers: headers, body: body)) {
            body throws(ProviderFailure) in
            try OpenAIChatCodec.decodeResponse(body, offeredTools: request.tools, options: options)
        }
    }
}
