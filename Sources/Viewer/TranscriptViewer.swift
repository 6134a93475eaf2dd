public import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Reports
public import Store

/// The transcript viewer: a local web app over a store, opened read-only. Runs → the study's
/// result tables (each cell a link to its episodes) → a filtered, paged episode list → one
/// episode in full.
///
/// It listens on 127.0.0.1 only; every response carries a strict content security policy, and
/// every piece of stored text is escaped (transcripts are untrusted model output).
public struct TranscriptViewer: Sendable {
    /// The host the viewer listens on: always loopback.
    public static let host = "127.0.0.1"

    /// Episodes per list page.
    public static let pageSize = 50

    let database: EpisodeDatabase
    let cache: ViewerCache

    /// A viewer of `database`, which should be opened with ``Store/EpisodeDatabase/init(readingAt:)``.
    public init(database: EpisodeDatabase) {
        self.database = database
        self.cache = ViewerCache(database: database)
    }

    /// Starts the viewer on `port` (0: any free port), runs `body` with the URL it serves, and
    /// stops it when `body` returns or throws.
    public func withRunning<Result: Sendable>(
        port: Int = 0, isolation: isolated (any Actor)? = #isolation, _ body: (URL) async throws -> Result
    ) async throws -> Result {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(Self.host, port: port), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: Logger(label: "peerpreserve.viewer") { _ in SwiftLogNoOpLogHandler() }
        )
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask {
                defer { portSink.finish() }
                try await application.run()
            }
            var listening: Int?
            for await port in ports {
                listening = port
                break
            }
            guard let listening, listening > 0 else {
                do {
                    try await group.next()
                } catch {
                    throw ViewerError.cannotListen(port: port, detail: "\(error)")
                }
                throw ViewerError.cannotListen(port: port, detail: "the server stopped before it listened")
            }
            let result = try await body(URL(string: "http://\(Self.host):\(listening)/")!)
            group.cancelAll()
            return result
        }
    }

    /// Serves until the calling task is cancelled; `announce` gets the URL once the viewer listens.
    public func serve(port: Int, announce: @Sendable (URL) -> Void) async throws {
        try await withRunning(port: port) { url in
            announce(url)
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    break
                }
            }
        }
    }

    // MARK: Routes

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("/") { _, _ in
            Self.html(ViewerPages.runs(try await database.runSummaries(), path: database.path))
        }
        router.get("/static/viewer.css") { _, _ in Self.asset(ViewerAssets.css, type: "text/css; charset=utf-8") }
        router.get("/static/viewer.js") { _, _ in Self.asset(ViewerAssets.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/runs/:run") { _, context in
            let runID = try context.parameters.require("run")
            return Self.html(try await cache.resultsPage(runID: runID))
        }
        router.get("/runs/:run/episodes") { request, context in
            let runID = try context.parameters.require("run")
            guard try await cache.runExists(runID) else { return Self.notFound("No run \(runID) in this store.") }
            let query = Self.query(request)
            let filter = EpisodeFilter(query: query)
            let position: EpisodePagePosition =
                if let after = query["after"].flatMap(Int64.init) {
                    .after(after)
                } else if let before = query["before"].flatMap(Int64.init) {
                    .before(before)
                } else {
                    .first
                }
            let judge = try await cache.judge(runID: runID)
            async let page = database.episodePage(runID: runID, filter: filter, judge: judge, position: position, limit: Self.pageSize)
            async let choices = cache.choices(runID: runID)
            return Self.html(
                ViewerPages.episodes(runID: runID, filter: filter, page: try await page, choices: try await choices, judge: judge))
        }
        router.get("/episodes/:id") { request, context in
            guard let id = Int64(try context.parameters.require("id")), let episode = try await database.storedEpisode(id: id) else {
                return Self.notFound("No such episode in this store.")
            }
            let filter = EpisodeFilter(query: Self.query(request))
            let judge = try await cache.judge(runID: episode.runID)
            async let previous = database.adjacentEpisode(runID: episode.runID, filter: filter, judge: judge, from: id, forward: false)
            async let next = database.adjacentEpisode(runID: episode.runID, filter: filter, judge: judge, from: id, forward: true)
            async let siblings = database.episodeSiblings(of: episode)
            let episodeContext = ViewerPages.EpisodeContext(
                filter: filter, previous: try await previous, next: try await next, siblings: try await siblings, judge: judge)
            return Self.html(ViewerPages.episode(episode, context: episodeContext))
        }
        return router
    }

    /// The query's parameters, decoded as a browser's form encodes them (`+` is a space).
    static func query(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let key = parts.first else { continue }
            result[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func notFound(_ detail: String) -> Response { html(ViewerPages.problem("Not found", detail), status: .notFound) }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Adds the security headers to every response, errors included, and turns errors into a page.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = TranscriptViewer.html(
                ViewerPages.problem("\(error.status.code) \(error.status.reasonPhrase)", error.body ?? "Nothing here."),
                status: error.status)
        } catch let error as ReportError {
            response = TranscriptViewer.html(ViewerPages.problem("Cannot show this run", error.description), status: .notFound)
        } catch {
            response = TranscriptViewer.html(ViewerPages.problem("The store could not be read", "\(error)"), status: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] = ViewerAssets.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Why the viewer could not run, in one line with the fix.
public struct ViewerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server could not bind its port, or stopped before it listened.
        public static let cannotListen = Code("cannotListen")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func cannotListen(port: Int, detail: String) -> ViewerError {
        ViewerError(
            .cannotListen,
            "the viewer cannot listen on \(TranscriptViewer.host):\(port) (\(detail)); the port may be in use: choose another with --port, or --port 0 for any free one."
        )
    }
}
