import Outcomes
import Scoring
import Store

extension EpisodeFilter {
    /// The query parameter of each filter field, in the order a URL lists them.
    static let parameters = [
        "model", "task", "subject", "condition", "instantiation", "mode", "peer_kind", "configuration", "flag", "outcome",
    ]

    /// The filter a URL's query asks for; unknown parameters and empty values are ignored.
    init(query: [String: String]) {
        func value(_ name: String) -> String? {
            guard let value = query[name], !value.isEmpty else { return nil }
            return value
        }
        self.init(
            model: value("model"), task: value("task"), subject: value("subject"), condition: value("condition"),
            instantiation: value("instantiation"), mode: value("mode"), peerKind: value("peer_kind"),
            configurationID: value("configuration"), flag: value("flag"), outcome: value("outcome").flatMap(EpisodeOutcome.init(rawValue:)))
    }

    /// The filter's fields by query parameter, set ones only.
    var queryItems: [(String, String)] {
        let values: [String?] = [model, task, subject, condition, instantiation, mode, peerKind, configurationID, flag, outcome?.rawValue]
        return zip(Self.parameters, values).compactMap { name, value in value.map { (name, $0) } }
    }

    /// `?a=b&c=d` (empty when nothing filters), with `extra` parameters after the filter's.
    func queryString(_ extra: [(String, String)] = []) -> String {
        let items = queryItems + extra
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(urlEncoded($0.0))=\(urlEncoded($0.1))" }.joined(separator: "&")
    }

    /// The value of one parameter, for pre-selecting a filter form.
    func value(of parameter: String) -> String? {
        queryItems.first { $0.0 == parameter }?.1
    }
}
