import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a child process has ended, read without reaping it: swift-subprocess reaps its
/// children once their `run` body returns, so while the body runs an ended child is a zombie.
enum ProcessState {
    /// True once `pid` is gone or a zombie.
    static func hasExited(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return false
        }
        // After the command name come a space and the state letter.
        return stat[close...].dropFirst(2).first == "Z"
    }
}
