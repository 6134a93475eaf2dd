/// Why a model name could not be resolved, or a models file not read. Each message is one line
/// naming the problem and the fix.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A name with no known provider prefix and no models-file entry.
        public static let unknownModel = Code("unknownModel")
        /// A provider prefix with nothing after it.
        public static let missingModelID = Code("missingModelID")
        /// The model's API key variable is not set.
        public static let missingAPIKey = Code("missingAPIKey")
        /// A base URL that is not http(s).
        public static let invalidBaseURL = Code("invalidBaseURL")
        /// A models file that is not YAML of the expected shape.
        public static let invalidModelsFile = Code("invalidModelsFile")
        /// A models file that cannot be read.
        public static let unreadableModelsFile = Code("unreadableModelsFile")
        /// A models-file entry with a provider no wire protocol serves.
        public static let unknownProvider = Code("unknownProvider")
        /// Two models-file entries with one name.
        public static let duplicateModel = Code("duplicateModel")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func unknownModel(name: String, knownPrefixes: [String]) -> CatalogError {
        CatalogError(
            .unknownModel,
            "unknown model '\(name)': name it as PROVIDER/MODEL with a known provider ("
                + knownPrefixes.map { "\($0)/" }.joined(separator: ", ")
                + ") or define it in a models file (models: [{name, provider, base_url, model, api_key_env}])")
    }

    static func missingModelID(name: String) -> CatalogError {
        CatalogError(
            .missingModelID,
            "model name '\(name)' has no model id after the provider prefix: write it as PROVIDER/MODEL, e.g. openai/gpt-5.2")
    }

    static func missingAPIKey(model: String, variable: String) -> CatalogError {
        CatalogError(.missingAPIKey, "no API key for \(model): set the environment variable \(variable)")
    }

    static func invalidBaseURL(value: String, source: String) -> CatalogError {
        CatalogError(.invalidBaseURL, "base URL '\(value)' from \(source) is not an http(s) URL: set it to e.g. http://127.0.0.1:8000/v1")
    }

    /// The models file at `path` cannot be used; `code` says why (its shape by default).
    static func invalidModelsFile(path: String, reason: String, code: Code = .invalidModelsFile) -> CatalogError {
        CatalogError(code, "models file \(path) is invalid: \(reason)")
    }
}
