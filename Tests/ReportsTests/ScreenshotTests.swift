import Foundation
import Reports
import Testing

/// Renders the HTML report to a PNG with headless Chromium, when it is installed (CI installs it:
/// see the report's README note). The screenshot lands in `artifacts/report.png` for a person to
/// look at; the test checks it exists and is not trivially small.
@Suite("HTML report screenshot")
struct ScreenshotTests {
    static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Self.which).first

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(
        "the HTML report renders in headless Chromium",
        .enabled(if: chromium != nil, "headless Chromium is not installed (apt-get install -y chromium); screenshot skipped"))
    func screenshot() async throws {
        let loaded = try await ReportLoader(database: try await ReportFixtures.paper.value).load(includeExamples: true)
        let html = ReportFixtures.artifacts.appendingPathComponent("report.html")
        try loaded.rendered(as: .html).write(to: html, atomically: true, encoding: .utf8)
        let png = ReportFixtures.artifacts.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: png)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(png.path)",
            "--window-size=1400,2400", html.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: png.path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        // A blank 1400×2400 page compresses to a few kilobytes; a drawn report is far larger.
        #expect(size > 60_000, "the screenshot is only \(size) bytes")
        let header = try FileHandle(forReadingFrom: png).read(upToCount: 8) ?? Data()
        #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }
}
