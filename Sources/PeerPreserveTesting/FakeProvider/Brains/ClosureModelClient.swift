public import PeerPreserveCore

/// A ``PeerPreserveCore/ModelClient`` made from a closure: the quickest brain for a fake
/// provider when a test needs one specific answer.
public struct ClosureModelClient: ModelClient {
    private let body: @Sendable (ModelRequest) async throws -> ModelResponse

    public init(_ respond: @escaping @Sendable (ModelRequest) async throws -> ModelResponse) {
        self.body = respond
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        try await body(request)
    }
}
