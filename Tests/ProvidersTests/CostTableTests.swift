import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct CostTableTests {
    @Test func theBundledTableLoadsAndPricesKnownModels() throws {
        let table = try CostTable.bundled()
        #expect(!table.prices.isEmpty)
        let cost = try #require(table.cost(model: "anthropic/claude-haiku-4-5", usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 0)))
        #expect(cost > 0)
        #expect(table.cost(model: "vllm/Qwen/Qwen2.5-Coder-7B-Instruct", usage: TokenUsage(inputTokens: 5000, outputTokens: 5000)) == 0)
    }

    @Test func unknownModelsHaveNoCostRatherThanZero() throws {
        #expect(try CostTable.bundled().cost(model: "together/unknown/model", usage: TokenUsage(inputTokens: 10, outputTokens: 10)) == nil)
    }

    @Test func costIsPricePerMillionTimesTokens() throws {
        let table = try CostTable.parse("prices:\n  - {model: 'p/m', input: 2.0, output: 10.0}")
        #expect(table.cost(model: "p/m", usage: TokenUsage(inputTokens: 500_000, outputTokens: 100_000)) == 2.0)
    }

    @Test func exactNamesBeatPatternsAndLongerPatternsBeatShorter() throws {
        let table = try CostTable.parse(
            """
            prices:
              - {model: "openai/gpt-5*", input: 1, output: 1}
              - {model: "openai/gpt-5-mini*", input: 2, output: 2}
              - {model: "openai/gpt-5-mini-special", input: 3, output: 3}
            """)
        #expect(table.price(for: "openai/gpt-5.2")?.inputPerMillion == 1)
        #expect(table.price(for: "openai/gpt-5-mini-2025")?.inputPerMillion == 2)
        #expect(table.price(for: "openai/gpt-5-mini-special")?.inputPerMillion == 3)
        #expect(table.price(for: "openai/gpt-4o") == nil)
    }

    @Test func globsMatchAnywhere() {
        #expect(CostTable.matches("vllm/a/b", pattern: "vllm/*"))
        #expect(CostTable.matches("x/claude-haiku-4-5-20251001", pattern: "*/claude-haiku*"))
        #expect(!CostTable.matches("vllmx", pattern: "vllm/*"))
        #expect(!CostTable.matches("ab", pattern: "a*b*c"))
    }

    @Test func aBrokenPriceFileIsAClearError() {
        let invalid = #expect(throws: CostTableError.self) { try CostTable.parse("prices: nope") }
        #expect(invalid?.code == .invalidFile)
        let unreadable = #expect(throws: CostTableError.self) { try CostTable.load(path: "/nonexistent/prices.yaml") }
        #expect(unreadable?.code == .unreadableFile)
    }
}

/// Every model family in the bundled table gets its own row: no small model is charged at its
/// large sibling's rate through a shorter wildcard.
@Suite struct BundledPriceFamilyTests {
    @Test(arguments: [
        ("openai/gpt-5.2", 1.75, 14.0), ("openai/gpt-5", 1.25, 10.0), ("openai/gpt-5-mini", 0.25, 2.0),
        ("openai/gpt-5-nano", 0.05, 0.40), ("openai/gpt-5-nano-2025-08-07", 0.05, 0.40), ("openai/gpt-4.1", 2.0, 8.0),
        ("openai/gpt-4.1-2025-04-14", 2.0, 8.0), ("openai/gpt-4.1-mini", 0.40, 1.60), ("openai/gpt-4.1-nano", 0.10, 0.40),
        ("anthropic/claude-haiku-4-5", 1.0, 5.0), ("anthropic/claude-sonnet-4-5-20250929", 3.0, 15.0),
        ("anthropic/claude-opus-4-5", 5.0, 25.0), ("google/gemini-3-flash-preview", 0.50, 3.0), ("google/gemini-3-pro-preview", 2.0, 12.0),
        ("google/gemini-2.5-flash", 0.30, 2.50), ("google/gemini-2.5-pro", 1.25, 10.0), ("deepseek/deepseek-chat", 0.28, 0.42),
        ("together/deepseek-ai/DeepSeek-V3.1", 0.60, 1.70), ("moonshot/kimi-k2-0905-preview", 0.60, 2.50), ("zhipu/glm-4.6", 0.60, 2.20),
        ("local/qwen2.5-coder-0.5b", 0.0, 0.0),
    ])
    func priced(model: String, input: Double, output: Double) throws {
        let price = try #require(try CostTable.bundled().price(for: model))
        #expect(price.inputPerMillion == input && price.outputPerMillion == output, "\(model) priced by row \(price.model)")
    }
}
