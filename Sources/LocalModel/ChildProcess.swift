import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, with its signals reset.
///
/// Foundation's `Process` is not used: it spawns from whichever thread calls it, and the child
/// inherits that thread's signal mask — on a libdispatch worker thread nearly every signal is
/// blocked, so llama-server (and a shell in between) would never see SIGTERM and could only be
/// killed. Its `waitUntilExit` can also spin forever on Linux once the child is gone. Here the
/// child starts with no signal blocked and the usual dispositions, and is reaped with `waitpid`.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; stdin is /dev/null, stdout and stderr append to `logPath`.
    init(executable: String, arguments: [String], logPath: String) throws(LocalModelError) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw LocalModelError("could not start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// The exit status once the process has ended (128 + N when killed by signal N); nil while it runs.
    func poll() -> Int32? { reap() }

    var isRunning: Bool { poll() == nil }

    /// SIGTERM, up to `grace` for it to exit, then SIGKILL; returns once the process is reaped.
    /// It waits by sleeping between non-blocking looks, in a task of its own that a cancelled
    /// caller does not cut short: no thread of the cooperative pool is held while a child that
    /// ignores SIGTERM uses up its grace period.
    func stop(grace: Duration = .seconds(10)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        await Task.detached { [self] in
            let deadline = ContinuousClock.now.advanced(by: grace)
            while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            guard isRunning else { return }
            kill(pid, SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }.value
    }

    /// Reaps the process once and remembers its status (`waitpid` without waiting).
    private func reap() -> Int32? {
        exitStatus.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid {
                status = Self.decode(raw)
            } else if reaped < 0 {
                status = -1
            }
            return status
        }
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }
}
