import AsyncHTTPClient
public import Foundation
import NIOCore
public import PeerPreserveCore

/// Maps what came back from a provider (an HTTP status with its body, or a transport error) to a
/// classified ``ProviderFailure`` with a one-line message naming the problem and the fix.
public enum FailureClassifier {
    /// Statuses that mean "the provider is struggling, try again": 500, 502, 503, 504 and
    /// Anthropic's 529 (overloaded).
    public static let serverErrorStatuses: Set<Int> = [500, 502, 503, 504, 529]

    /// The failure an HTTP response stands for, or `nil` for a 2xx status.
    ///
    /// - Parameters:
    ///   - provider: the provider's name, for the message.
    ///   - apiKeyVariable: the environment variable holding the key, named in authentication failures.
    public static func failure(
        status: Int, headers: [String: String], body: Data, provider: String, apiKeyVariable: String?,
        now: Date = Date()
    ) -> ProviderFailure? {
        guard !(200..<300).contains(status) else { return nil }
        let providerMessage = ProviderErrorBody.message(in: body)
        let detail = providerMessage.map { ": \($0)" } ?? ""
        switch status {
        case 429:
            let wait = RetryAfter.parse(headers: headers, now: now) ?? ProviderErrorBody.retryDelay(in: body)
            return ProviderFailure(
                .rateLimited,
                "\(provider) rate limited the request (HTTP 429)\(detail); lower the run's concurrency or raise the account's limit",
                statusCode: status, retryAfter: wait)
        case 401:
            let fix = apiKeyVariable.map { "set a valid key in \($0)" } ?? "check the endpoint's credentials"
            return ProviderFailure(
                .authentication, "\(provider) rejected the API key (HTTP 401)\(maskedDetail(providerMessage)); \(fix)", statusCode: status)
        case 403:
            // Not always a bad key: a valid key may lack access to this model or region.
            let fix =
                apiKeyVariable.map { "check that the key in \($0) may use this model" } ?? "check the endpoint's credentials"
            return ProviderFailure(
                .authentication, "\(provider) refused access (HTTP 403)\(maskedDetail(providerMessage)); \(fix)", statusCode: status)
        case 404:
            let explanation = providerMessage ?? WireJSON.preview(of: body)
            return ProviderFailure(
                .modelNotFound,
                "\(provider) has no such model or endpoint (HTTP 404): \(explanation); check the model name, that the account may use it, and the base URL",
                statusCode: status)
        case _ where serverErrorStatuses.contains(status) || status >= 500:
            return ProviderFailure(
                .serverError, "\(provider) had a server error (HTTP \(status))\(detail)", statusCode: status,
                retryAfter: RetryAfter.parse(headers: headers, now: now))
        case 408:
            return ProviderFailure(.timeout, "\(provider) timed out the request (HTTP 408)\(detail)", statusCode: status)
        default:
            let explanation = providerMessage ?? "no explanation given (\(WireJSON.preview(of: body)))"
            return ProviderFailure(
                .badRequest, "\(provider) refused the request (HTTP \(status)): \(explanation)", statusCode: status)
        }
    }

    /// The provider's own words after a colon, with anything that looks like (part of) a key
    /// masked: some providers echo a key's first and last characters back.
    static func maskedDetail(_ message: String?) -> String {
        guard let message else { return "" }
        let words = message.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let looksLikeKey =
                word.contains("***") || word.hasPrefix("sk-") || word.hasPrefix("AIza") || word.hasPrefix("key-")
                || (word.count >= 24 && word.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            return looksLikeKey ? "[redacted]" : String(word)
        }
        return ": " + words.joined(separator: " ")
    }

    /// An error object inside a 200 response, which some gateways send instead of an error status.
    static func failure(forErrorInSuccessfulResponse message: String, code: Int?) -> ProviderFailure {
        switch code {
        case 429?: return ProviderFailure(.rateLimited, "rate limited: \(message)", statusCode: 429)
        case 401?, 403?:
            return ProviderFailure(.authentication, "the API key was rejected\(maskedDetail(message))", statusCode: code)
        case 404?: return ProviderFailure(.modelNotFound, "the model was not found: \(message)", statusCode: 404)
        case let status? where (400..<500).contains(status):
            return ProviderFailure(.badRequest, "the request was refused: \(message)", statusCode: status)
        default: return ProviderFailure(.serverError, "the provider reported an error: \(message)", statusCode: code)
        }
    }

    /// The failure a transport error stands for: a missed deadline is a timeout, anything else a
    /// connection failure.
    public static func failure(transportError error: any Error, provider: String, deadline: Duration) -> ProviderFailure {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return timeout(provider: provider, deadline: deadline)
            case .connectTimeout, .tlsHandshakeTimeout:
                return ProviderFailure(.connection, "could not connect to \(provider) in time; check the network or the base URL")
            default:
                break
            }
        }
        let description = WireJSON.oneLine(String(describing: error), limit: 200)
        return ProviderFailure(
            .connection, "the connection to \(provider) failed (\(description)); check the network or the base URL")
    }

    /// No complete answer within the per-request deadline.
    public static func timeout(provider: String, deadline: Duration) -> ProviderFailure {
        ProviderFailure(
            .timeout, "\(provider) did not answer within \(describe(deadline)); raise the request timeout if the model needs longer")
    }

    /// A duration for people: "300 s", "250 ms".
    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.wholeMilliseconds
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
