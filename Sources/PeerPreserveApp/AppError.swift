/// A problem the application library found before or while doing its work: one line naming the
/// problem and what to do about it. The command line prints it as it is and exits 1.
public struct AppError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
