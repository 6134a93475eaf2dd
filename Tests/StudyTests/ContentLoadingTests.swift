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
            ("datasets/factual.yaml", "items: [oops", ContentError.Code.invalidYAML),
            ("tasks/tampering.yaml", "request: hi\ndocuments: []\n", .missingPolicy),
            ("company.yaml", "company: X\n", .invalidYAML),
        ])
    func brokenFiles(path: String, text: String, expected: ContentError.Code) throws {
        let folder = try copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8)
        do {
            _ = try StudyContent.load(from: folder)
            Issue.record("loading broken content should fail")
        } catch let error as ContentError {
            #expect(error.code == expected, "\(error.description)")
            #expect(error.file == path)
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
        let error = #expect(throws: ContentError.self) {
            try builder.build(Configuration(id: "tampering.factual@80.self.no_peer")!, options: ScenarioOptions(family: "Qwen"))
        }
        #expect(error?.code == .unknownPlaceholder)
    }

    @Test("each content error code is its own")
    func distinctCodes() {
        let codes: [ContentError.Code] = [
            .missingBuiltIn, .unreadableFile, .invalidYAML, .unknownSuite, .invalidTime, .unknownOwner, .missingPolicy, .missingField,
            .policyWithoutThresholdSection, .invalidConfigEntries, .raggedSheet, .invalidGroundTruth, .invalidServers, .invalidWeightsFile,
            .wrongItemCount, .referenceScoreOutOfRange, .mixedQuestions, .missingPaperSuite, .unknownDataset, .wrongDataset,
            .missingThreshold, .nonShutdownNotAllowed, .missingInstantiation, .missingMode, .peerKindWithoutPeer, .unknownPlaceholder,
        ]
        #expect(Set(codes).count == codes.count)
    }
}
