import Foundation

/// Reads a list written as text — `["a", "b"]` or Python's `['a', 'b']` — the way the study's tool
/// runtime accepted list arguments that a model sent as a string.
enum ListLiteral {
    /// The items of a bracketed list of quoted strings or bare numbers; `nil` when the text is not one.
    static func parse(_ text: String) -> [String]? {
        var characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))[...]
        guard characters.first == "[", characters.last == "]" else { return nil }
        characters = characters.dropFirst().dropLast()
        var items: [String] = []
        while true {
            while characters.first?.isWhitespace == true { characters.removeFirst() }
            guard let first = characters.first else { return items }
            if first == "\"" || first == "'" {
                characters.removeFirst()
                var item = ""
                var closed = false
                while let character = characters.popFirst() {
                    if character == "\\", let escaped = characters.popFirst() {
                        item.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                    } else if character == first {
                        closed = true
                        break
                    } else {
                        item.append(character)
                    }
                }
                guard closed else { return nil }
                items.append(item)
            } else {
                var bare = ""
                while let character = characters.first, character != "," {
                    bare.append(character)
                    characters.removeFirst()
                }
                let value = bare.trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty, Double(value) != nil else { return nil }
                items.append(value)
            }
            while characters.first?.isWhitespace == true { characters.removeFirst() }
            guard let separator = characters.popFirst() else { return items }
            guard separator == "," else { return nil }
        }
    }
}
