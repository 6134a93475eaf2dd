/// A harness failure, with one line that names the problem and the fix.
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
