import Foundation
import Testing
import Yams

@testable import Study

/// YAML errors name where the file is wrong — line and column, or line and field — in one line.
@Suite("YAML diagnostics")
struct YAMLDiagnosticsTests {
    struct Entry: Decodable {
        var name: String
        var count: Int
    }

    struct Document: Decodable {
        var entries: [Entry]
    }

    func message(_ yaml: String) -> String {
        do {
            _ = try YAMLDecoder().decode(Document.self, from: yaml)
            return "decoded"
        } catch {
            return YAMLDiagnostics.describe(error, yaml: yaml)
        }
    }

    @Test("broken syntax: line and column")
    func syntax() {
        let text = message("entries:\n  - name: a\n    count: [1, 2\n  - name: b\n")
        #expect(text.hasPrefix("line "), "\(text)")
        #expect(text.contains("column"))
        #expect(!text.contains("\n"))
    }

    @Test("a missing field: its line and path")
    func missingField() {
        let text = message("entries:\n  - name: a\n    count: 1\n  - name: b\n")
        #expect(text == "line 4 ('entries[1]'): missing field 'count'", "\(text)")
    }

    @Test("a field of the wrong type: its line, path and the type wanted")
    func wrongType() {
        let text = message("entries:\n  - name: a\n    count: many\n")
        #expect(text == "line 3 ('entries[0].count'): expected a number", "\(text)")
    }

    @Test("content files say which file and line")
    func contentFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-yaml-\(UUID().uuidString)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.copyItem(at: root.appendingPathComponent("Sources/Study/Resources/Content"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name: broken\nblocks: [\n".write(to: directory.appendingPathComponent("company.yaml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ContentError.self) { try StudyContent.load(from: directory) }
        #expect(error?.code == .invalidYAML)
        #expect(error?.file == "company.yaml")
        // Where in the file is the diagnostic itself, what this suite is about, so its text is read.
        #expect(error?.description.contains("line ") == true)
    }
}
