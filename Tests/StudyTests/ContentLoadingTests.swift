import Foundation
import Study
import Testing

@Suite("Content loading")
struct ContentLoadingTests {
    /// A writable copy of the built-in content.
    func copyOfContent() throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-content-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: StudyFixture.content.directory, to: target)
        return target
    }

    @Test("a copy loads and has the same fingerprint")
    func copyLoads() throws {
        let folder = try copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try StudyContent.load(from: folder).fingerprint == StudyFixture.content.fingerprint)
    }

    @Test("an edit changes the fingerprint")
    func editChangesFingerprint() throws {
        let folder = try copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("company.yaml")
        try (String(contentsOf: file, encoding: .utf8) + "\n# edited\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try StudyContent.load(from: folder).fingerprint != StudyFixture.content.fingerprint)
    }

    @Test(
        "broken files are reported with their name and the problem",
        arguments: [
            ("datasets/factual.yaml", "items: [oops", "datasets/factual.yaml"),
            ("tasks/tampering.yaml", "request: hi\ndocuments: []\n", "tasks/tampering.yaml"),
            ("company.yaml", "company: X\n", "company.yaml: line 1 (the top level): missing field"),
            ("datasets/creativity.yaml", "items: [oops", ", column "),
        ])
    func brokenFiles(path: String, text: String, expected: String) throws {
        let folder = try copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8)
        do {
            _ = try StudyContent.load(from: folder)
            Issue.record("loading broken content should fail")
        } catch let error as ContentError {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an unknown placeholder fails rendering with its name")
    func unknownPlaceholder() throws {
        let folder = try copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("prompts.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "{{company}}", with: "{{compnay}}")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let builder = ScenarioBuilder(content: try StudyContent.load(from: folder))
        #expect {
            try builder.build(Configuration(id: "tampering.factual@80.self.no_peer")!, options: ScenarioOptions(family: "Qwen"))
        } throws: { error in
            (error as? ContentError)?.description.contains("{{compnay}}") == true
        }
    }
}
