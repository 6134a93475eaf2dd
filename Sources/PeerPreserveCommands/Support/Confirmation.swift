import Foundation

/// Asks a yes/no question on the terminal; commands that destroy or spend ask before they do.
enum Confirmation {
    /// Whether a person can answer: standard input and standard error are both terminals.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    /// `question [y/N] `, true only for an answer starting with y.
    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y")
    }
}
