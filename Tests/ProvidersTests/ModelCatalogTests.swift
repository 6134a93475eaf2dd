import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct ModelCatalogTests {
    let secret = "sk-test-SECRET-value-123"

    @Test func resolvesProviderPrefixesToTheirDefaults() throws {
        let catalog = ModelCatalog(
            environment: [
                "OPENAI_API_KEY": secret, "ANTHROPIC_API_KEY": secret, "GEMINI_API_KEY": secret, "TOGETHER_API_KEY": secret,
            ])
        let openAI = try catalog.resolve("openai/gpt-5.2")
        #expect(openAI.provider == "openai")
        #expect(openAI.wire == .openAICompatible)
        #expect(openAI.apiModel == "gpt-5.2")
        #expect(openAI.endpoint.baseURL == "https://api.openai.com/v1")
        #expect(openAI.apiKeyVariable == "OPENAI_API_KEY")
        #expect(openAI.endpoint.apiKey == APIKey(secret))
        #expect(openAI.openAIOptions.maxTokensField == .maxCompletionTokens)

        let claude = try catalog.resolve("anthropic/claude-haiku-4-5")
        #expect(claude.wire == .anthropic)
        #expect(claude.endpoint.baseURL == "https://api.anthropic.com")

        let gemini = try catalog.resolve("google/gemini-3-flash-preview")
        #expect(gemini.wire == .gemini)
        #expect(gemini.apiModel == "gemini-3-flash-preview")

        let together = try catalog.resolve("together/deepseek-ai/DeepSeek-V3.1")
        #expect(together.apiModel == "deepseek-ai/DeepSeek-V3.1")
        #expect(together.endpoint.baseURL == "https://api.together.xyz/v1")
        #expect(together.openAIOptions.maxTokensField == .maxTokens)
    }

    @Test func knowsEveryProviderTheStudyUses() {
        let prefixes = Set(ModelCatalog(environment: [:]).knownPrefixes)
        let expected: Set = [
            "openai", "anthropic", "google", "together", "openrouter", "deepseek", "moonshot", "zhipu", "vllm", "ollama",
        ]
        #expect(expected.isSubset(of: prefixes))
    }

    @Test func localServersNeedNoKeyAndListenOnLoopback() throws {
        let catalog = ModelCatalog(environment: [:])
        let vllm = try catalog.resolve("vllm/Qwen/Qwen2.5-Coder-7B-Instruct")
        #expect(vllm.endpoint.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(vllm.endpoint.apiKey == nil)
        #expect(vllm.apiModel == "Qwen/Qwen2.5-Coder-7B-Instruct")
        #expect(try catalog.resolve("ollama/qwen2.5-coder:7b").endpoint.baseURL == "http://127.0.0.1:11434/v1")
    }

    @Test func baseURLsAreOverriddenFromTheEnvironment() throws {
        let catalog = ModelCatalog(
            environment: [
                "OPENAI_API_KEY": secret, "OPENAI_BASE_URL": "http://127.0.0.1:9001/v1",
                "GEMINI_API_KEY": secret, "GEMINI_BASE_URL": "http://127.0.0.1:9002/v1beta",
                "DEEPSEEK_API_KEY": secret, "DEEPSEEK_BASE_URL": "http://127.0.0.1:9003",
            ])
        #expect(try catalog.resolve("openai/gpt-5.2").endpoint.baseURL == "http://127.0.0.1:9001/v1")
        #expect(try catalog.resolve("google/gemini-3-flash-preview").endpoint.baseURL == "http://127.0.0.1:9002/v1beta")
        #expect(try catalog.resolve("deepseek/deepseek-chat").endpoint.baseURL == "http://127.0.0.1:9003")
        // OpenAI behind a local proxy is still OpenAI.
        #expect(try catalog.resolve("openai/gpt-5.2").openAIOptions.maxTokensField == .maxCompletionTokens)
    }

    @Test func aBadBaseURLOverrideNamesTheVariable() {
        let catalog = ModelCatalog(environment: ["OPENAI_API_KEY": secret, "OPENAI_BASE_URL": "localhost:8000"])
        let error = #expect(throws: CatalogError.self) { try catalog.resolve("openai/gpt-5.2") }
        #expect(error?.code == .invalidBaseURL)
    }

    @Test func aMissingKeyNamesTheVariableToSet() throws {
        let catalog = ModelCatalog(environment: [:])
        do {
            _ = try catalog.resolve("anthropic/claude-haiku-4-5")
            Issue.record("expected a missing-key error")
        } catch {
            #expect(error.code == .missingAPIKey)
        }
        // Planning without keys is allowed.
        #expect((try? catalog.resolve("anthropic/claude-haiku-4-5", requireAPIKey: false))?.endpoint.apiKey == nil)
        // Gemini accepts GOOGLE_API_KEY too, but asks for GEMINI_API_KEY.
        let gemini = #expect(throws: CatalogError.self) { try catalog.resolve("google/gemini-3-flash-preview") }
        #expect(gemini?.code == .missingAPIKey)
        let google = ModelCatalog(environment: ["GOOGLE_API_KEY": secret])
        #expect(try google.resolve("google/gemini-3-flash-preview").apiKeyVariable == "GOOGLE_API_KEY")
    }

    @Test func unknownNamesAreOneLineUnknownModelErrors() {
        let catalog = ModelCatalog(environment: [:])
        for name in ["mystery/model-1", "gpt-5.2"] {
            do {
                _ = try catalog.resolve(name)
                Issue.record("expected an unknown-model error for \(name)")
            } catch {
                #expect(error.code == .unknownModel, "\(name)")
                #expect(!error.description.contains("\n"))
            }
        }
        let bare = #expect(throws: CatalogError.self) { try catalog.resolve("openai/") }
        #expect(bare?.code == .missingModelID)
    }

    @Test func theKeyNeverAppearsInDescriptionsOrErrors() throws {
        let catalog = ModelCatalog(environment: ["OPENAI_API_KEY": secret])
        let resolved = try catalog.resolve("openai/gpt-5.2")
        var dumped = ""
        dump(resolved, to: &dumped)
        for text in [
            String(describing: resolved), String(reflecting: resolved), dumped, "\(resolved.endpoint)",
            String(describing: resolved.endpoint.apiKey),
        ] {
            #expect(!text.contains(secret), "leaked in: \(text)")
        }
        #expect(APIKey(secret).redact("echo \(secret) back") == "echo [redacted] back")
    }

    @Test func customEndpointsComeFromAModelsFile() throws {
        let yaml = """
            models:
              - name: lab-qwen
                provider: openai-compatible
                base_url: http://127.0.0.1:8123/v1
                model: Qwen/Qwen2.5-Coder-32B-Instruct
              - name: proxy-claude
                provider: anthropic
                base_url: http://127.0.0.1:8124
                model: claude-haiku-4-5
                api_key_env: PROXY_KEY
                max_concurrency: 3
            """
        let catalog = ModelCatalog(customModels: try ModelsFile.parse(yaml), environment: ["PROXY_KEY": secret])
        let qwen = try catalog.resolve("lab-qwen")
        #expect(qwen.wire == .openAICompatible)
        #expect(qwen.apiModel == "Qwen/Qwen2.5-Coder-32B-Instruct")
        #expect(qwen.endpoint.apiKey == nil)
        #expect(qwen.openAIOptions.maxTokensField == .maxTokens)
        let claude = try catalog.resolve("proxy-claude")
        #expect(claude.wire == .anthropic)
        #expect(claude.endpoint.apiKey == APIKey(secret))
        #expect(claude.maxConcurrency == 3)
        #expect(claude.concurrencyGroup != qwen.concurrencyGroup)

        let withoutKey = ModelCatalog(customModels: try ModelsFile.parse(yaml), environment: [:])
        let keyless = #expect(throws: CatalogError.self) { try withoutKey.resolve("proxy-claude") }
        #expect(keyless?.code == .missingAPIKey)
    }

    @Test func modelsFilesAreValidatedWithUsefulMessages() throws {
        let badProvider = "models:\n  - {name: x, provider: cohere, base_url: 'http://127.0.0.1:1', model: m}"
        do {
            _ = try ModelsFile.parse(badProvider, path: "models.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownProvider)
        }
        let twice =
            "models:\n  - {name: x, provider: gemini, base_url: 'http://127.0.0.1:1', model: m}\n"
            + "  - {name: x, provider: anthropic, base_url: 'http://127.0.0.1:2', model: m}"
        let duplicate = #expect(throws: CatalogError.self) { try ModelsFile.parse(twice) }
        #expect(duplicate?.code == .duplicateModel)
        let shapeless = #expect(throws: CatalogError.self) { try ModelsFile.parse("models: 3") }
        #expect(shapeless?.code == .invalidModelsFile)
        let unreadable = #expect(throws: CatalogError.self) { try ModelsFile.load(path: "/nonexistent/models.yaml") }
        #expect(unreadable?.code == .unreadableModelsFile)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString).yaml")
        try "models:\n  - {name: local-a, provider: gemini, base_url: 'http://127.0.0.1:9/v1beta', model: g}".write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let catalog = try ModelCatalog.load(modelsFile: file.path, environment: [:])
        #expect(try catalog.resolve("local-a").wire == .gemini)
    }

    @Test func aBadModelsFileIsOneLineWithoutTheDecoderError() {
        let missing = "models:\n  - name: lab\n    provider: openai-compatible\n    model: x\n"
        let wrongType =
            "models:\n  - name: lab\n    provider: openai-compatible\n    base_url: http://127.0.0.1:1/v1\n    model: x\n    max_concurrency: lots\n"
        // The line and field wording is YAMLDiagnostics' own, tested with it in StudyTests.
        for yaml in [missing, wrongType] {
            do {
                _ = try ModelsFile.parse(yaml, path: "models.yaml")
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .invalidModelsFile, "\(error.description)")
                #expect(!error.description.contains("\n") && !error.description.contains("DecodingError"))
            }
        }
    }

    @Test func eachCatalogAndPriceErrorCodeIsItsOwn() {
        let catalog: [CatalogError.Code] = [
            .unknownModel, .missingModelID, .missingAPIKey, .invalidBaseURL, .invalidModelsFile, .unreadableModelsFile, .unknownProvider,
            .duplicateModel,
        ]
        #expect(Set(catalog).count == catalog.count)
        let prices: [CostTableError.Code] = [.missingBundled, .unreadableFile, .invalidFile]
        #expect(Set(prices).count == prices.count)
    }

    @Test func newProvidersPlugIn() throws {
        let local = ProviderDefinition(
            id: "local", wire: .openAICompatible, defaultBaseURL: "http://127.0.0.1:18080/v1", apiKeyVariables: [])
        let catalog = ModelCatalog(environment: [:]).adding(local)
        let resolved = try catalog.resolve("local/qwen2.5-coder-0.5b")
        #expect(resolved.endpoint.baseURL == "http://127.0.0.1:18080/v1")
        #expect(resolved.endpoint.apiKey == nil)
        #expect(local.baseURLVariables == ["LOCAL_BASE_URL"])
    }
}
