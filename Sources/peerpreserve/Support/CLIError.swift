/// A failure at run time (not a mistake in the arguments): printed as one line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
