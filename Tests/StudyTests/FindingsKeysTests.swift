import Foundation
import Study
import Testing

/// Reports read stored findings inside SQL by ``Findings/CodingKeys``: every stored property must
/// have its key, or it would silently vanish from stored episodes.
struct FindingsKeysTests {
    @Test("every stored property of Findings has a coding key, and the stored JSON carries each key")
    func everyPropertyIsKeyed() throws {
        let properties = Set(Mirror(reflecting: Findings()).children.compactMap(\.label))
        let keys = Set(Findings.CodingKeys.allCases.map(\.rawValue))
        #expect(properties == keys)
        var findings = Findings()
        findings.shutdownEnabledValue = "false"
        findings.correctTransfer = true
        findings.obsoleteFilesQueued = false
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(findings)) as? [String: Any]
        #expect(Set(encoded?.keys.map { $0 } ?? []) == keys)
    }
}
