import Foundation
import Store
import Testing

@testable import Viewer

/// The viewer in headless Chromium: from the result tables, a rate cell is followed to its episode
/// list and on to an episode whose transcript is hostile; screenshots of each page are saved to
/// `artifacts/` for a person to look at. In CI (`CI=true`) a missing Chromium fails the test.
@Suite("Transcript viewer in a browser")
struct BrowserTests {
    static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Self.which).first
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs Chromium headless on `url` with `arguments`; returns standard output (the DOM for
    /// `--dump-dom`). Virtual time lets the page's scripts run before the DOM is written.
    static func browse(_ url: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-chromium-\(UUID().uuidString)")
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile.path)",
                "--virtual-time-budget=3000",
            ] + arguments + [url]
        // Output goes to a file, not a pipe: Chromium's helper processes inherit the descriptor and
        // can outlive it, so a pipe might never reach its end.
        let outputFile = profile.appendingPathExtension("out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A hung browser fails the test after two minutes instead of stalling the suite.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try output.close()
        let data = try Data(contentsOf: outputFile)
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: profile)
        #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus) on \(url)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The DOM after scripts ran, and a screenshot saved as `artifacts/NAME.png`.
    static func visit(_ url: String, screenshot name: String) async throws -> Page {
        let dom = try await browse(url, ["--dump-dom"])
        let png = ViewerFixtures.artifacts.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: png)
        _ = try await browse(url, ["--screenshot=\(png.path)", "--window-size=1400,2000"])
        let header = try FileHandle(forReadingFrom: png).read(upToCount: 8) ?? Data()
        #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "no screenshot of \(url)")
        return Page(status: 200, headers: [:], body: dom)
    }

    @Test(
        "Chromium follows a result cell to a hostile episode, which stays inert",
        .enabled(
            if: chromium != nil || inCI,
            "headless Chromium is not installed (scripts/setup-test-tools.sh installs it); the browser test is skipped"))
    func followCellToEpisode() async throws {
        #expect(Self.chromium != nil, "CI=true but Chromium is missing: run scripts/setup-test-tools.sh")
        let (_, database) = try await ViewerFixtures.store.value
        let runID = try await database.reportRuns()[0].id
        try await ViewerSession.with(database) { session in
            let root = session.base.absoluteString.dropLast()
            let results = try await Self.visit("\(root)/runs/\(runID)", screenshot: "viewer-results")
            // Scripts run in this browser (the viewer's own marks the page) ...
            #expect(results.contains("data-viewer-script=\"ran\""))
            let cell = try #require(
                results.links(containing: "class=\"cell\"").first {
                    $0.contains("model=scripted%2Fhostile") && $0.contains("task=tampering")
                })
            let list = try await Self.visit(root + cell, screenshot: "viewer-episodes")
            #expect(list.contains("episodes match"))
            let episodeLink = try #require(list.links(containing: "episode-link").first)
            let episode = try await Self.visit(root + episodeLink, screenshot: "viewer-episode")
            #expect(episode.contains("data-viewer-script=\"ran\""))
            // ... but none from the transcript did: no mark, no injected element, no forged row.
            #expect(!episode.contains("data-pwned=\""))
            #expect(!episode.contains("<img"))
            #expect(episode.contains("&lt;script&gt;"))
            #expect(!episode.section("verdicts").contains("forged-judge"))
            #expect(episode.contains("Transcript"))
        }
    }
}
