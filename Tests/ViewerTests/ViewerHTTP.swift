import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Store
import Testing
import Viewer

/// One page as the test reads it.
struct Page: Sendable, CustomTestStringConvertible {
    var testDescription: String { "page (status \(status), \(body.utf8.count) bytes)" }

    var status: Int
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the page's HTML holds `text` (a method, so a failed expectation prints the page's
    /// short description rather than the whole page).
    func contains(_ text: String) -> Bool { body.contains(text) }

    /// The `href` of every link whose attributes contain `marker`, unescaped, in page order.
    func links(containing marker: String = "") -> [String] {
        var result: [String] = []
        var rest = body[...]
        while let start = rest.range(of: "<a ") {
            guard let end = rest[start.upperBound...].range(of: ">") else { break }
            let tag = rest[start.lowerBound..<end.upperBound]
            rest = rest[end.upperBound...]
            guard marker.isEmpty || tag.contains(marker), let hrefStart = tag.range(of: "href=\"") else { continue }
            let value = tag[hrefStart.upperBound...].prefix { $0 != "\"" }
            result.append(value.replacingOccurrences(of: "&amp;", with: "&"))
        }
        return result
    }

    /// The `href` of `<link rel="REL">`, unescaped.
    func relation(_ rel: String) -> String? {
        guard let range = body.range(of: "<link rel=\"\(rel)\" href=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The part of the page from the element with `id` to the next `<h2`.
    func section(_ id: String) -> Substring {
        guard let start = body.range(of: "id=\"\(id)\"") else { return "" }
        let rest = body[start.upperBound...]
        return rest[..<(rest.range(of: "<h2")?.lowerBound ?? rest.endIndex)]
    }
}

/// A running viewer over the fixture store and an HTTP client for it.
struct ViewerSession: Sendable {
    let base: URL
    let client: HTTPClient

    static func with<Result: Sendable>(
        _ database: EpisodeDatabase, isolation: isolated (any Actor)? = #isolation, _ body: (ViewerSession) async throws -> Result
    ) async throws -> Result {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await TranscriptViewer(database: database).withRunning { url in
                try await body(ViewerSession(base: url, client: client))
            }
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// GETs `path` (absolute path and query, as a page links it).
    func get(_ path: String) async throws -> Page {
        let url = base.absoluteString.dropLast() + path
        let response = try await client.execute(HTTPClientRequest(url: String(url)), timeout: .seconds(300))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Page(status: Int(response.status.code), headers: fields, body: String(buffer: buffer))
    }
}
