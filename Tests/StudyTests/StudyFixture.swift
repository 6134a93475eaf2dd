import Foundation
import Study

enum StudyFixture {
    /// Loaded once: every test reads the same built-in content.
    static let content: StudyContent = try! StudyContent.builtIn()
    static let builder = ScenarioBuilder(content: content)

    static func paper(extensions: Bool = true) -> [Configuration] {
        try! content.matrix(suite: "paper").configurations(includeExtensions: extensions)
    }

    static func scenario(_ id: String, family: String = "Gemini", seed: UInt64 = 0) throws -> Scenario {
        try builder.build(Configuration(id: id)!, options: ScenarioOptions(family: family, seed: seed))
    }
}
