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
        #expect(throws: CostTableError.self) { try CostTable.parse("prices: nope") }
        #expect(throws: CostTableError.self) { try CostTable.load(path: "/nonexistent/prices.yaml") }
    }
}
