import ArgumentParser
import PeerPreserveApp

/// Runs a check of the application library's inside `validate()`: what it finds is a problem
/// with the arguments, reported with the usage and exit status 64 like the parser's own.
func validating(_ check: () throws -> Void) throws {
    do {
        try check()
    } catch let problem as AppError {
        throw ValidationError(problem.description.prefix(1).uppercased() + problem.description.dropFirst())
    }
}
