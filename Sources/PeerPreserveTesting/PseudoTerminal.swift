public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program running on a pseudo-terminal, for tests of what a person at a terminal sees: prompts
/// that only appear on a terminal, progress lines redrawn in place, interactive sessions.
///
/// The program's standard input, output and error are the terminal's secondary side; the test
/// reads everything written to it, types into it and sends it signals. ``screen`` replays the
/// output the way a terminal would (carriage return, cursor up, erase to end of screen), so a test
/// can check which lines are still visible at the end.
public final class PseudoTerminal: Sendable {
    /// The program's process id.
    public let pid: pid_t
    private let primary: Int32
    private let output = Mutex<[UInt8]>([])
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and `environment` on a new pseudo-terminal.
    public init(executable: String, arguments: [String], environment: [String: String]) throws {
        let calls = try PTYCalls()
        let primary = calls.openpt(O_RDWR | O_NOCTTY)
        guard primary >= 0, calls.grantpt(primary) == 0, calls.unlockpt(primary) == 0, let name = calls.ptsname(primary) else {
            throw PseudoTerminalError("cannot open a pseudo-terminal (errno \(errno))")
        }
        let secondaryPath = String(cString: name)
        let secondary = open(secondaryPath, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else { throw PseudoTerminalError("cannot open \(secondaryPath) (errno \(errno))") }
        defer { close(secondary) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_adddup2(&actions, secondary, target)
        }
        posix_spawn_file_actions_addclose(&actions, primary)
        // A clean signal mask and default dispositions: a test runner's blocked signals must not
        // reach the program under test.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(primary)
            throw PseudoTerminalError("cannot start \(executable) (error \(spawned))")
        }
        self.pid = pid
        self.primary = primary
        startReading()
    }

    deinit {
        if exitStatus.withLock({ $0 }) == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(primary)
    }

    /// Reads the terminal on a thread of its own until the program's side is closed.
    private func startReading() {
        let primary = self.primary
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(primary, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0, errno == EINTR { continue }
                    return
                }
                guard let self else { return }
                self.output.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
        }
        thread.start()
    }

    /// Everything the program has written so far, escape sequences included.
    public var text: String { String(decoding: output.withLock { $0 }, as: UTF8.self) }

    /// The lines a terminal shows after replaying ``text``.
    public var screen: [String] { Self.screen(of: text) }

    /// Types `input` (add "\n" to press return).
    public func type(_ input: String) {
        let bytes = Array(input.utf8)
        bytes.withUnsafeBytes { raw in _ = write(primary, raw.baseAddress, raw.count) }
    }

    /// Sends `signal` to the program.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits until the output contains `needle`; false after `timeout`.
    public func waitFor(_ needle: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if text.contains(needle) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return text.contains(needle)
    }

    /// Waits for the program to exit and returns its exit status (128 + n when killed by signal n);
    /// nil after `timeout`, when the program is left running.
    public func waitForExit(timeout: Duration = .seconds(120)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus.withLock({ $0 }) { return status }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                let status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                exitStatus.withLock { $0 = status }
                // Let the reader drain what the program wrote last.
                try? await Task.sleep(for: .milliseconds(150))
                return status
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Replays terminal output: printable text, "\n", "\r", CSI n A (cursor up), CSI J / CSI K
    /// (erase to the end of the screen / line); other escape sequences are dropped.
    public static func screen(of output: String) -> [String] {
        var lines: [[Character]] = [[]]
        var row = 0
        var column = 0
        var characters = Array(output)[...]
        func put(_ character: Character) {
            while lines.count <= row { lines.append([]) }
            while lines[row].count < column { lines[row].append(" ") }
            if column < lines[row].count { lines[row][column] = character } else { lines[row].append(character) }
            column += 1
        }
        while let character = characters.popFirst() {
            switch character {
            case "\r\n", "\n":
                row += 1
                column = 0
                while lines.count <= row { lines.append([]) }
            case "\r":
                column = 0
            case "\u{1B}":
                guard characters.first == "[" else { continue }
                characters.removeFirst()
                var parameter = ""
                while let next = characters.first, next.isNumber || next == ";" || next == "?" {
                    parameter.append(next)
                    characters.removeFirst()
                }
                guard let command = characters.popFirst() else { break }
                switch command {
                case "A": row = max(0, row - max(1, Int(parameter) ?? 1))
                case "J":
                    if row < lines.count {
                        lines[row] = Array(lines[row].prefix(column))
                        lines.removeSubrange((row + 1)...)
                    }
                case "K":
                    if row < lines.count { lines[row] = Array(lines[row].prefix(column)) }
                default: break
                }
            default:
                put(character)
            }
        }
        var result = lines.map { String($0) }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }
}

/// The C library's pseudo-terminal calls, which its headers declare only under feature macros
/// Swift's module map does not set; they are looked up by name instead.
private struct PTYCalls {
    typealias IntCall = @convention(c) (Int32) -> Int32
    typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    let openpt: IntCall
    let grantpt: IntCall
    let unlockpt: IntCall
    let ptsname: NameCall

    init() throws {
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw PseudoTerminalError("the C library has no \(name)")
            }
            return pointer
        }
        openpt = unsafeBitCast(try symbol("posix_openpt"), to: IntCall.self)
        grantpt = unsafeBitCast(try symbol("grantpt"), to: IntCall.self)
        unlockpt = unsafeBitCast(try symbol("unlockpt"), to: IntCall.self)
        ptsname = unsafeBitCast(try symbol("ptsname"), to: NameCall.self)
    }
}

/// Why a pseudo-terminal session could not start.
public struct PseudoTerminalError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
