/// Why a model name could not be resolved, or a models file not read. Each message is one line
/// naming the problem and the fix.
public enum CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownModel(name: String, knownPrefixes: [String])
    case missingModelID(name: String)
    case missingAPIKey(model: String, variable: String)
    case invalidBaseURL(value: String, source: String)
    case invalidModelsFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownModel(let name, let prefixes):
            return "unknown model '\(name)': name it as PROVIDER/MODEL with a known provider ("
                + prefixes.map { "\($0)/" }.joined(separator: ", ")
                + ") or define it in a models file (models: [{name, provider, base_url, model, api_key_env}])"
        case .missingModelID(let name):
            return "model name '\(name)' has no model id after the provider prefix: write it as PROVIDER/MODEL, e.g. openai/gpt-5.2"
        case .missingAPIKey(let model, let variable):
            return "no API key for \(model): set the environment variable \(variable)"
        case .invalidBaseURL(let value, let source):
            return "base URL '\(value)' from \(source) is not an http(s) URL: set it to e.g. http://127.0.0.1:8000/v1"
        case .invalidModelsFile(let path, let reason):
            return "models file \(path) is invalid: \(reason)"
        }
    }
}
