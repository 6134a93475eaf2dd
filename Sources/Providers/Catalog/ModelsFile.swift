import Foundation
public import PeerPreserveCore
import Study
import Yams

/// A custom endpoint from a models file:
///
/// ```yaml
/// models:
///   - name: lab-qwen              # how runs refer to it
///     provider: openai-compatible # or anthropic, gemini
///     base_url: http://127.0.0.1:8000/v1
///     model: Qwen/Qwen2.5-Coder-32B-Instruct
///     api_key_env: LAB_API_KEY    # optional: no key is sent without it
///     max_concurrency: 4          # optional
/// ```
public struct CustomModelEntry: Sendable, Hashable, Codable {
    public var name: String
    public var provider: WireProtocol
    public var baseURL: String
    public var model: String
    public var apiKeyEnv: String?
    public var maxConcurrency: Int?

    public init(
        name: String, provider: WireProtocol, baseURL: String, model: String, apiKeyEnv: String? = nil,
        maxConcurrency: Int? = nil
    ) {
        self.name = name
        self.provider = provider
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.maxConcurrency = maxConcurrency
    }

    enum CodingKeys: String, CodingKey {
        case name, provider, model
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case maxConcurrency = "max_concurrency"
    }
}

/// Reads models files.
public enum ModelsFile {
    private struct Document: Decodable {
        var models: [RawEntry]
    }

    /// Read as strings first so a wrong provider gets a message listing the right ones.
    private struct RawEntry: Decodable {
        var name: String
        var provider: String
        var baseURL: String
        var model: String
        var apiKeyEnv: String?
        var maxConcurrency: Int?

        enum CodingKeys: String, CodingKey {
            case name, provider, model
            case baseURL = "base_url"
            case apiKeyEnv = "api_key_env"
            case maxConcurrency = "max_concurrency"
        }
    }

    /// The entries in the file at `path`.
    public static func load(path: String) throws(CatalogError) -> [CustomModelEntry] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .invalidModelsFile(path: path, reason: "it cannot be read; check the path", code: .unreadableModelsFile)
        }
        return try parse(text, path: path)
    }

    /// The entries in a models file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String = "(models file)") throws(CatalogError) -> [CustomModelEntry] {
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            throw .invalidModelsFile(
                path: path,
                reason: YAMLDiagnostics.describe(error, yaml: text)
                    + "; expected 'models:' with entries {name, provider, base_url, model, api_key_env?, max_concurrency?}")
        }
        var seen: Set<String> = []
        var entries: [CustomModelEntry] = []
        for raw in document.models {
            guard let wire = WireProtocol(rawValue: raw.provider) else {
                throw .invalidModelsFile(
                    path: path,
                    reason: "model '\(raw.name)' has provider '\(raw.provider)'; use one of "
                        + WireProtocol.allCases.map(\.rawValue).joined(separator: ", "),
                    code: .unknownProvider)
            }
            guard seen.insert(raw.name).inserted else {
                throw .invalidModelsFile(
                    path: path, reason: "model '\(raw.name)' is defined twice; give each entry its own name", code: .duplicateModel)
            }
            entries.append(
                CustomModelEntry(
                    name: raw.name, provider: wire, baseURL: raw.baseURL, model: raw.model, apiKeyEnv: raw.apiKeyEnv,
                    maxConcurrency: raw.maxConcurrency))
        }
        return entries
    }
}
