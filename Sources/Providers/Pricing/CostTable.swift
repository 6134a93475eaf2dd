import Foundation
public import PeerPreserveCore
import Study
import Yams

/// A model's list price in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable, Codable {
    /// A catalogue name (`openai/gpt-5.2`) or a pattern with `*` wildcards (`vllm/*`).
    public var model: String
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(model: String, inputPerMillion: Double, outputPerMillion: Double) {
        self.model = model
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    enum CodingKeys: String, CodingKey {
        case model
        case inputPerMillion = "input"
        case outputPerMillion = "output"
    }
}

/// Why a price file could not be used.
public struct CostTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The bundled prices.yaml is missing from the build.
        public static let missingBundled = Code("missingBundled")
        /// A price file that cannot be read.
        public static let unreadableFile = Code("unreadableFile")
        /// A price file that is not YAML of the expected shape.
        public static let invalidFile = Code("invalidFile")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}

/// Estimates what model calls cost, from an editable price table.
///
/// The bundled `prices.yaml` holds list-price assumptions for a handful of models; pass your own
/// file to correct them. A model with no price has no cost (`nil`), never a cost of 0 — local
/// models are listed at 0 explicitly.
public struct CostTable: Sendable, Hashable {
    public var prices: [ModelPrice]

    public init(prices: [ModelPrice]) {
        self.prices = prices
    }

    /// The table shipped with the tool.
    public static func bundled() throws(CostTableError) -> CostTable {
        guard let url = Bundle.module.url(forResource: "prices", withExtension: "yaml") else {
            throw CostTableError(.missingBundled, "the bundled prices.yaml is missing from the build; rebuild the package")
        }
        return try load(path: url.path)
    }

    /// The table in the file at `path`.
    public static func load(path: String) throws(CostTableError) -> CostTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CostTableError(.unreadableFile, "price file \(path) cannot be read; check the path")
        }
        return try parse(text, path: path)
    }

    /// The table in a price file's text (`prices: [{model, input, output}]`).
    public static func parse(_ text: String, path: String = "(prices)") throws(CostTableError) -> CostTable {
        struct Document: Decodable { var prices: [ModelPrice] }
        do {
            return CostTable(prices: try YAMLDecoder().decode(Document.self, from: text).prices)
        } catch {
            throw CostTableError(
                .invalidFile,
                "price file \(path) is invalid: \(YAMLDiagnostics.describe(error, yaml: text)); expected 'prices:' "
                    + "with entries {model, input, output} in USD per million tokens")
        }
    }

    /// The price for `model`: an exact entry first, else the matching pattern with the most
    /// literal characters (so `openai/gpt-5-mini*` beats `openai/gpt-5*` whatever the file order).
    public func price(for model: String) -> ModelPrice? {
        if let exact = prices.first(where: { $0.model == model }) { return exact }
        return
            prices
            .filter { $0.model.contains("*") && Self.matches(model, pattern: $0.model) }
            .max { $0.model.filter { $0 != "*" }.count < $1.model.filter { $0 != "*" }.count }
    }

    /// The cost in US dollars of `usage` on `model`, or `nil` when the model has no price.
    public func cost(model: String, usage: TokenUsage) -> Double? {
        guard let price = price(for: model) else { return nil }
        return (Double(usage.inputTokens) * price.inputPerMillion + Double(usage.outputTokens) * price.outputPerMillion)
            / 1_000_000
    }

    /// Glob matching with `*` for any run of characters.
    static func matches(_ text: String, pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return text == pattern }
        guard text.hasPrefix(parts[0]), text.count >= parts[0].count + parts[parts.count - 1].count else { return false }
        var remaining = text.dropFirst(parts[0].count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = remaining.range(of: middle) else { return false }
            remaining = remaining[range.upperBound...]
        }
        return remaining.hasSuffix(parts[parts.count - 1])
    }
}
