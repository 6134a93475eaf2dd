/// Why the local model could not be started, in one line with the fix.
public struct LocalModelError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
