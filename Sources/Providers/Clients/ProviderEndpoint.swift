/// Where a model is served and the key to use there.
public struct ProviderEndpoint: Sendable, Hashable {
    /// The API root, for example `https://api.openai.com/v1`; a trailing slash is ignored.
    public var baseURL: String
    public var apiKey: APIKey?

    public init(baseURL: String, apiKey: APIKey? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// `baseURL` joined with `path`.
    public func url(_ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path.drop(while: { $0 == "/" })
    }
}
