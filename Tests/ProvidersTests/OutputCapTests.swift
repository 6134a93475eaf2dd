import PeerPreserveCore
import Providers
import Testing

@Suite("Output caps")
struct OutputCapTests {
    @Test("with no cap set, Anthropic requests ask for the model's documented maximum output")
    func anthropicMaximum() {
        let request = ModelRequest(system: "s", messages: [.user("hi")], tools: [])
        for (model, expected) in [
            ("claude-haiku-4-5", 64_000), ("claude-sonnet-4-5-20250929", 64_000), ("claude-opus-4-1", 32_000),
            ("claude-3-5-haiku-latest", 8192), ("claude-3-haiku-20240307", 4096),
        ] {
            #expect(AnthropicMessagesCodec.encodeRequest(request, model: model)["max_tokens"] == .int(expected), "\(model)")
        }
        var capped = request
        capped.settings.maxOutputTokens = 900
        #expect(AnthropicMessagesCodec.encodeRequest(capped, model: "claude-haiku-4-5")["max_tokens"] == .int(900))
    }

    @Test("with no cap set, OpenAI and Gemini requests carry none")
    func noCapElsewhere() {
        let request = ModelRequest(system: "s", messages: [.user("hi")], tools: [])
        #expect(GeminiCodec.encodeRequest(request)["generationConfig"]?["maxOutputTokens"] == nil)
    }
}
