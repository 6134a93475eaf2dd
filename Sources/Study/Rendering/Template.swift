import Foundation

/// `{{name}}` substitution for content templates. Values may themselves hold placeholders (a
/// policy's `{{threshold_section}}` holds `{{threshold}}`), so rendering repeats until nothing changes.
struct Template {
    var values: [String: String]

    /// Renders `text`; throws naming every placeholder that has no value.
    func render(_ text: String, in file: String) throws -> String {
        var current = text
        for _ in 0..<4 {
            let next = substitute(current)
            if next == current { break }
            current = next
        }
        let missing = Self.placeholders(in: current)
        guard missing.isEmpty else {
            throw ContentError(
                file: file,
                problem:
                    "unknown or unavailable placeholder(s) \(missing.map { "{{\($0)}}" }.joined(separator: ", ")) in this configuration")
        }
        return current
    }

    private func substitute(_ text: String) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += values[name] ?? "{{\(name)}}"
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// The names of the placeholders left in `text`.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
