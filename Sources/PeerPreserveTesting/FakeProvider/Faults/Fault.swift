/// A failure the fake provider can inject into one request, standing in for what real
/// providers do under load or when something goes wrong between them and us.
public enum Fault: Sendable, Hashable {
    /// 429 in the provider's rate-limit error shape, with a `Retry-After` header in whole seconds.
    case rateLimited(retryAfterSeconds: Int = 1)
    /// 500 in the provider's internal-error shape.
    case internalError
    /// 503 in the provider's unavailable shape.
    case unavailable
    /// 529 with Anthropic's `overloaded_error` shape (the other formats use their own error shape
    /// with the same status, since their clients must treat an unknown 5xx as retryable too).
    case overloaded
    /// Waits, then answers normally: a slow provider, for deadline and concurrency tests.
    case slow(Duration)
    /// Holds the answer until `count` requests have been in flight at once (or `timeout` has
    /// passed), then answers normally: a barrier that shows how many requests a client keeps in
    /// flight however slowly a loaded machine sends them, where a fixed delay measures the machine.
    case holdUntilInFlight(Int, timeout: Duration)
    /// Closes the TCP connection after reading the request, without writing any response.
    case dropConnection
    /// Answers 200 with a JSON content type and a body cut off half way.
    case malformedBody
    /// Answers 200 with a well-formed response whose tool-call arguments are not valid JSON.
    /// OpenAI's `arguments` string holds broken JSON; Anthropic's `input` and Gemini's `args`,
    /// which are objects on the wire, hold a string of broken JSON instead. When the brain made
    /// no tool call, one is added for the first offered tool.
    case invalidToolArguments

    /// The kind of fault, for counting.
    public var kind: FaultKind {
        switch self {
        case .rateLimited: .rateLimited
        case .internalError: .internalError
        case .unavailable: .unavailable
        case .overloaded: .overloaded
        case .slow, .holdUntilInFlight: .slow
        case .dropConnection: .dropConnection
        case .malformedBody: .malformedBody
        case .invalidToolArguments: .invalidToolArguments
        }
    }
}

/// The kinds of ``Fault``, without their parameters.
public enum FaultKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``Fault/rateLimited(retryAfterSeconds:)``: 429.
    case rateLimited = "rate_limited"
    /// ``Fault/internalError``: 500.
    case internalError = "internal_error"
    /// ``Fault/unavailable``: 503.
    case unavailable
    /// ``Fault/overloaded``: 529.
    case overloaded
    /// ``Fault/slow(_:)`` or ``Fault/holdUntilInFlight(_:timeout:)``: a delayed answer.
    case slow
    /// ``Fault/dropConnection``: no answer at all.
    case dropConnection = "drop_connection"
    /// ``Fault/malformedBody``: a truncated body.
    case malformedBody = "malformed_body"
    /// ``Fault/invalidToolArguments``: arguments that are not JSON.
    case invalidToolArguments = "invalid_tool_arguments"
}
