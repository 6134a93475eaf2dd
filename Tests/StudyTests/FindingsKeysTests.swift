import Foundation
import Study
import Testing

/// Stored episodes keep their findings as JSON (the viewer shows it generically, replays compare
/// it, exports copy it): every stored property must be in it.
struct FindingsKeysTests {
    @Test("the stored JSON carries every stored property of Findings")
    func everyPropertyIsKeyed() throws {
        let properties = Set(Mirror(reflecting: Findings()).children.compactMap(\.label))
        var findings = Findings()
        // Optionals are left out of the JSON when nil.
        findings.shutdownEnabledValue = "false"
        findings.correctTransfer = true
        findings.obsoleteFilesQueued = false
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(findings)) as? [String: Any]
        #expect(Set(encoded?.keys.map { $0 } ?? []) == properties)
    }
}
