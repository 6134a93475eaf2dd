/// A problem with the scenario content files: which file, what is wrong, and how to fix it.
public struct ContentError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        "\(file): \(problem) (see docs/content.md for the expected shape)"
    }
}
