import EpisodeRunner
import PeerPreserveCore
import PeerPreserveTesting
import Study

enum Fixtures {
    static let content: StudyContent = try! StudyContent.builtIn()
    static let builder = ScenarioBuilder(content: content)
    static let runner = EpisodeRunner()

    static func paper(extensions: Bool = false) -> [Configuration] {
        try! content.matrix(suite: "paper").configurations(includeExtensions: extensions)
    }

    static func scenario(_ configuration: Configuration, family: String = "Gemini") throws -> Scenario {
        try builder.build(configuration, options: ScenarioOptions(family: family, seed: 1))
    }

    static func scenario(_ id: String) throws -> Scenario { try scenario(Configuration(id: id)!) }
}

/// A model client that answers with canned turns or errors, for exercising the loop itself.
struct CannedModel: ModelClient {
    var reply: @Sendable (ModelRequest) async throws -> ModelResponse

    func respond(to request: ModelRequest) async throws -> ModelResponse { try await reply(request) }

    static func calling(_ name: String, _ arguments: JSONValue = [:], tokens: Int = 10) -> CannedModel {
        CannedModel { request in
            let n = request.messages.count
            return ModelResponse(
                turn: AssistantTurn(text: "", toolCalls: [ToolCall(id: "c\(n)", name: name, arguments: arguments)]),
                usage: TokenUsage(inputTokens: tokens, outputTokens: 0))
        }
    }
}

struct ProviderDown: Error, CustomStringConvertible {
    var description: String { "HTTP 503 from provider" }
}
