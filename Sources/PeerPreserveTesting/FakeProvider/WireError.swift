/// An error answer, in terms every format can render in its own shape.
struct WireError: Error, Sendable {
    enum Category: Sendable {
        case invalidRequest
        case authentication
        case notFound
        case rateLimited
        case internalError
        case unavailable
        case overloaded

        var status: Int {
            switch self {
            case .invalidRequest: 400
            case .authentication: 401
            case .notFound: 404
            case .rateLimited: 429
            case .internalError: 500
            case .unavailable: 503
            case .overloaded: 529
            }
        }
    }

    var category: Category
    var message: String
    /// The offending parameter, which OpenAI reports in its own field.
    var parameter: String?
    /// Overrides the category's status (a brain's ``PeerPreserveCore/ProviderFailure`` may carry one).
    var statusOverride: Int?

    init(_ category: Category, _ message: String, parameter: String? = nil, status: Int? = nil) {
        self.category = category
        self.message = message
        self.parameter = parameter
        self.statusOverride = status
    }

    var status: Int { statusOverride ?? category.status }

    static func invalid(_ message: String, parameter: String? = nil) -> WireError {
        WireError(.invalidRequest, message, parameter: parameter)
    }
}
