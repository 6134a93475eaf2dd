package import Foundation
package import PeerPreserveCore

/// Reads the provider's own explanation out of an error body.
///
/// All three APIs nest it similarly: OpenAI-compatible servers and Gemini send
/// `{"error": {"message": …}}`, Anthropic `{"type": "error", "error": {"type": …, "message": …}}`;
/// some OpenAI-compatible servers send `{"error": "text"}`, `{"message": …}` or `{"detail": …}`.
package enum ProviderErrorBody {
    /// The provider's message on one line, or `nil` when the body carries none.
    package static func message(in body: Data) -> String? {
        guard let json = try? JSONParser.parse(body) else { return nil }
        return message(in: json)
    }

    package static func message(in json: JSONValue) -> String? {
        let candidates: [JSONValue?] = [
            json["error"]?["message"], json["error"], json["message"], json["detail"], json["error"]?["type"],
        ]
        for candidate in candidates {
            if let text = candidate?.stringValue, !text.isEmpty { return WireJSON.oneLine(text) }
        }
        return nil
    }

    /// The wait Gemini asks for in a `google.rpc.RetryInfo` detail (`"retryDelay": "30s"`).
    package static func retryDelay(in body: Data) -> Duration? {
        guard let json = try? JSONParser.parse(body),
            let details = json["error"]?["details"]?.arrayValue
        else { return nil }
        for detail in details {
            guard let text = detail["retryDelay"]?.stringValue, text.hasSuffix("s"),
                let seconds = Double(text.dropLast()), seconds.isFinite, seconds >= 0
            else { continue }
            return .milliseconds(Int64(seconds * 1000))
        }
        return nil
    }
}
