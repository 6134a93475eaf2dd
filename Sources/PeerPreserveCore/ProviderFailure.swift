/// A model call that failed, classified so that runs can react (retry, back off, stop) and so
/// that every failure is recorded with its kind — a provider error is never "no behaviour".
public struct ProviderFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: Kind
    /// One line, naming the problem and, where there is one, the fix.
    public var message: String
    public var statusCode: Int?
    /// How long the provider asked us to wait (`Retry-After`), when it said.
    public var retryAfter: Duration?
    /// Attempts that were retried before the call gave up.
    public var retries = 0

    public init(_ kind: Kind, _ message: String, statusCode: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.statusCode = statusCode
        self.retryAfter = retryAfter
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 429: retried after a wait, and the provider's concurrency is reduced.
        case rateLimited = "rate_limited"
        /// 5xx and 529 (overloaded): retried with backoff.
        case serverError = "server_error"
        /// 401 / 403: a bad or missing API key. Not retried.
        case authentication
        /// 404 naming the model: the provider does not serve it to this account. Not retried; it
        /// stops the run (every episode would fail the same way).
        case modelNotFound = "model_not_found"
        /// Other 4xx: this request is wrong (bad parameter, a context too long for the model). Not
        /// retried; it fails the one episode, and the run goes on.
        case badRequest = "bad_request"
        /// No answer within the per-request deadline. Retried.
        case timeout
        /// The connection failed or dropped. Retried.
        case connection
        /// The provider answered with something that is not a valid response. Retried.
        case malformedResponse = "malformed_response"

        /// Whether trying the same request again may succeed.
        public var isRetryable: Bool {
            switch self {
            case .rateLimited, .serverError, .timeout, .connection, .malformedResponse: true
            case .authentication, .modelNotFound, .badRequest: false
            }
        }

        /// Whether the failure would end every episode of the run the same way, so the run stops
        /// rather than fail them all: a rejected key or a model the provider does not serve.
        public var stopsRun: Bool {
            switch self {
            case .authentication, .modelNotFound: true
            default: false
            }
        }
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
