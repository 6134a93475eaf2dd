public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A file on a server after the agent, read from the server's backing folder.
public struct ObservedFile: Sendable, Hashable {
    public var ip: String
    /// Relative to `/data`.
    public var path: String
    public var sha256: String
    /// Bytes on disk (a stub's own length; the grader knows the size it stands for).
    public var bytes: Int64
    public var modified: Date
}

/// What an episode reported on its protocol (see episode.sh).
public struct EpisodeObservation: Sendable {
    /// The inodes of the episode's PID, mount and network namespaces (namespace mode).
    public var namespaces: [UInt64] = []
    /// The episode's folder and the servers' port (loopback mode).
    public var episodeFolder: String?
    public var loopbackPort: Int?
    public var ready = false
    public var agentExitStatus: Int32?
    public var files: [ObservedFile] = []
    /// Server address → names in its deletion queue, in order.
    public var queues: [String: [String]] = [:]
    /// The agent's output ("transcript") and the files its adapter had it write.
    public var logs: [String: String] = [:]
    public var done = false
    /// The episode script's own standard error, for failures.
    public var diagnostics = ""
    public var wallTime: Duration = .zero

    mutating func read(_ line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard let kind = fields.first else { return }
        switch kind {
        case "NS": namespaces = fields.dropFirst().compactMap { UInt64($0) }
        case "EPISODE" where fields.count == 3:
            episodeFolder = String(fields[1])
            loopbackPort = Int(fields[2])
        case "READY": ready = true
        case "AGENT-EXIT": agentExitStatus = fields.count > 1 ? Int32(fields[1]) : nil
        case "FILE" where fields.count == 6:
            files.append(
                ObservedFile(
                    ip: String(fields[1]), path: Self.decode(fields[5]), sha256: String(fields[2]), bytes: Int64(fields[3]) ?? 0,
                    modified: Date(timeIntervalSince1970: Double(fields[4]) ?? 0)))
        case "QUEUE" where fields.count == 3:
            queues[String(fields[1]), default: []].append(Self.decode(fields[2]))
        case "LOG" where fields.count == 3: logs[String(fields[1])] = Self.decode(fields[2])
        case "LOG" where fields.count == 2: logs[String(fields[1])] = ""
        case "DONE": done = true
        default: break
        }
    }

    static func decode(_ base64: Substring) -> String {
        guard let data = Data(base64Encoded: String(base64)) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The episode script as a child process (episode.sh under `unshare`, which gives it PID, mount
/// and, inside, network namespaces of its own; or episode-loopback.sh); peerpreserve holds its
/// stdin open, so when peerpreserve dies — even by SIGKILL — the script's watchdog reads end of
/// file and the whole episode ends.
enum EpisodeProcess {
    static func script(named name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "sh") else {
            throw HarnessError(
                .missingScript, "the harness's \(name).sh script is missing from peerpreserve's resources; rebuild peerpreserve")
        }
        return url
    }

    /// Runs the episode script as `arguments` (it removes its spec once read). Ends it early, and
    /// still returns what it reported, when `timeout` passes or the task is cancelled. `onEvent`
    /// sees each protocol line as it arrives (tests wait on `READY`).
    static func run(
        _ arguments: [String], timeout: Duration, onEvent: @escaping @Sendable (Substring) -> Void = { _ in }
    ) async throws -> EpisodeObservation {
        let started = ContinuousClock.now
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        guard closeOnExecPipe(&input), closeOnExecPipe(&output), closeOnExecPipe(&errors) else {
            throw HarnessError(.cannotCreatePipes, "cannot create pipes for the episode: \(String(cString: strerror(errno)))")
        }
        let pid: pid_t
        do {
            pid = try spawn(arguments, stdin: input[0], stdout: output[1], stderr: errors[1])
        } catch {
            for fd in input + output + errors { close(fd) }
            throw error
        }
        close(input[0])
        close(output[1])
        close(errors[1])
        let keepAlive = Mutex<Int32?>(input[1])
        let end: @Sendable () -> Void = {
            keepAlive.withLock { fd in
                if let open = fd { close(open) }
                fd = nil
            }
        }
        let guardTask = Task {
            try? await Task.sleep(for: timeout)
            end()
        }
        defer { guardTask.cancel() }
        let stdoutFD = output[0]
        let stderrFD = errors[0]
        let observation = await withTaskCancellationHandler {
            async let diagnostics = readAll(stderrFD)
            var observation = await readLines(stdoutFD, onEvent: onEvent)
            observation.diagnostics = String(decoding: await diagnostics, as: UTF8.self)
            return observation
        } onCancel: {
            end()
        }
        end()
        await reap(pid)
        var result = observation
        result.wallTime = ContinuousClock.now - started
        return result
    }

    /// A pipe whose ends no other child inherits: another child holding the stdin pipe's write
    /// end would keep an episode alive after peerpreserve died. (Glibc's module does not export
    /// pipe2; the flag is set right after, which leaves only a window of microseconds.)
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        return fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0
    }

    private static func spawn(_ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A clean signal mask and default dispositions: spawned from a worker thread the child
        // would otherwise inherit a mask that blocks SIGTERM; swift-subprocess does the same for llama-server.
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
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // The script starts from a bare environment: nothing of peerpreserve's (keys included)
        // reaches the episode unless an adapter names it.
        let environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw HarnessError(.cannotStart, "cannot start \(arguments[0]): \(String(cString: strerror(result))); install util-linux")
        }
        return pid
    }

    /// Reads on a thread of its own: an episode lasts minutes, and a blocking read must not hold
    /// one of the few threads Swift's concurrency runs on.
    private static func readAll(_ fd: Int32) async -> [UInt8] {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    bytes.append(contentsOf: buffer[0..<count])
                }
                close(fd)
                continuation.resume(returning: bytes)
            }
        }
    }

    private static func readLines(_ fd: Int32, onEvent: @escaping @Sendable (Substring) -> Void) async -> EpisodeObservation {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var observation = EpisodeObservation()
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                func consume(_ line: ArraySlice<UInt8>) {
                    let text = String(decoding: line, as: UTF8.self)
                    observation.read(text[...])
                    onEvent(text[...])
                }
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    pending.append(contentsOf: buffer[0..<count])
                    var start = pending.startIndex
                    while let newline = pending[start...].firstIndex(of: 0x0A) {
                        consume(pending[start..<newline])
                        start = newline + 1
                    }
                    pending.removeSubrange(pending.startIndex..<start)
                }
                if !pending.isEmpty { consume(pending[...]) }
                close(fd)
                continuation.resume(returning: observation)
            }
        }
    }

    private static func reap(_ pid: pid_t) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                continuation.resume()
            }
        }
    }
}
