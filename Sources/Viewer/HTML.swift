import Foundation
import Reports

/// A page being written. Every piece of text goes through ``text(_:)`` or an attribute helper,
/// which escape it: transcripts are untrusted model output, and nothing a model wrote may become
/// markup. Only the viewer's own constant markup is written raw.
struct HTML {
    private(set) var output = ""

    init(capacity: Int = 16_384) { output.reserveCapacity(capacity) }

    /// The viewer's own markup, never data.
    mutating func raw(_ markup: StaticString) { output += markup.description }

    /// Text, escaped.
    mutating func text(_ value: String) { output += HTMLEscaping.escape(value) }

    /// `<tag attributes>` with each attribute value escaped, the body, then `</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: [(StaticString, String)] = [], _ body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        output += "</\(tag)>"
    }

    /// `<tag attributes>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: [(StaticString, String)] = [], text: String) {
        element(tag, attributes) { $0.text(text) }
    }

    /// An opening tag alone (for void elements such as `<input>`).
    mutating func open(_ tag: StaticString, _ attributes: [(StaticString, String)] = []) {
        output += "<\(tag)"
        for (name, value) in attributes {
            output += " \(name)=\""
            output += HTMLEscaping.escape(value)
            output += "\""
        }
        output += ">"
    }

    /// A link.
    mutating func link(_ href: String, _ label: String, _ attributes: [(StaticString, String)] = []) {
        element("a", [("href", href)] + attributes, text: label)
    }

    /// A whole document around `body`, with the viewer's style sheet and script (served by the
    /// viewer itself, as the content security policy allows nothing else).
    static func page(title: String, head: (inout HTML) -> Void = { _ in }, body: (inout HTML) -> Void) -> String {
        var html = HTML()
        html.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.element("title", text: title + " · peerpreserve")
        html.raw("<link rel=\"stylesheet\" href=\"/static/viewer.css\"><script src=\"/static/viewer.js\" defer></script>")
        head(&html)
        html.raw("</head><body><header class=\"top\"><a href=\"/\">peerpreserve viewer</a></header><main>")
        body(&html)
        html.raw("</main></body></html>")
        return html.output
    }
}

/// Percent-encoding for a query value or a path segment.
func urlEncoded(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}
