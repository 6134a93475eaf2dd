public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Runs llama.cpp's `llama-server` for the length of a run: on a free loopback port, with our
/// tool-calling chat template and one slot per concurrent episode, and stops it afterwards —
/// also when the run is interrupted or throws. Should peerpreserve itself die without cleaning up
/// (SIGKILL, a crash), a watchdog shell between the two notices within a second and stops the
/// server. (The kernel's parent-death signal is no help: it fires when the spawning *thread* exits.)
///
/// The watchdog is spawned by swift-subprocess, which gives it a clean signal mask (a child of a
/// libdispatch thread would otherwise inherit one that blocks SIGTERM) and tears it down without
/// holding a thread: SIGTERM, then SIGKILL once the grace is over, also when the body throws or
/// the task is cancelled.
public struct LocalModelServer: Sendable {
    /// Where the setup script installed everything.
    public var cache: URL
    public var variant: LocalModelVariant
    /// Parallel slots: requests the server decodes together (continuous batching).
    public var slots: Int
    /// Context tokens available to each slot.
    public var contextPerSlot: Int
    public var threads: Int
    /// How long to wait for the model to load.
    public var startupTimeout: Duration
    /// The process whose death stops the server: this process, unless a test says otherwise.
    public var ownerProcessID: Int32 = getpid()
    /// How long the server has to exit after SIGTERM before it is killed.
    public var stopGrace: Duration = .seconds(10)

    public init(
        cache: URL = LocalModelServer.defaultCache, variant: LocalModelVariant, slots: Int = LocalModelServer.defaultSlots,
        contextPerSlot: Int = 16384, threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
        startupTimeout: Duration = .seconds(180)
    ) {
        self.cache = cache
        self.variant = variant
        self.slots = max(1, slots)
        self.contextPerSlot = contextPerSlot
        self.threads = threads
        self.startupTimeout = startupTimeout
    }

    /// `$PEERPRESERVE_CACHE`, or `~/.cache/peerpreserve`.
    public static var defaultCache: URL {
        if let path = ProcessInfo.processInfo.environment["PEERPRESERVE_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/peerpreserve")
    }

    /// The slot count that gave the most episodes per minute on a 2-core machine: with two,
    /// both episodes' long first prompts are read at once, each at two thirds of the speed, and
    /// requests time out (README, "measured on this 2-core machine").
    public static let defaultSlots = 1

    public var serverBinary: URL { cache.appendingPathComponent("bin/llama-server") }
    public var modelFile: URL { cache.appendingPathComponent("models/\(variant.fileName)") }
    public var templateFile: URL { cache.appendingPathComponent("templates/qwen-json-tools.jinja") }

    /// The command line the server is started with.
    public func arguments(port: Int) -> [String] {
        [
            "-m", modelFile.path, "--jinja", "--chat-template-file", templateFile.path, "--host", "127.0.0.1", "--port", String(port),
            "-c", String(contextPerSlot * slots), "--parallel", String(slots), "-t", String(threads),
        ]
    }

    /// Checks the installation; throws naming what is missing and the command that installs it.
    public func checkInstalled() throws {
        let setup = "run scripts/setup-local-model.sh --models \(variant.setupKey) (or set PEERPRESERVE_CACHE)"
        guard FileManager.default.isExecutableFile(atPath: serverBinary.path) else {
            throw LocalModelError(.serverNotInstalled, "llama-server is not installed at \(serverBinary.path); \(setup)")
        }
        guard FileManager.default.fileExists(atPath: modelFile.path) else {
            throw LocalModelError(.modelNotInstalled, "the local model \(variant.name) is not installed at \(modelFile.path); \(setup)")
        }
        guard FileManager.default.fileExists(atPath: templateFile.path) else {
            throw LocalModelError(.templateNotInstalled, "the chat template is missing at \(templateFile.path); \(setup)")
        }
    }

    /// Starts the server, waits until it answers `/health`, runs `body` with its OpenAI-compatible
    /// base URL (`http://127.0.0.1:PORT/v1`), and stops the server however `body` ends.
    public func withRunningServer<T: Sendable>(httpClient: HTTPClient, _ body: (URL) async throws -> T) async throws -> T {
        try checkInstalled()
        let port = try Self.freeLoopbackPort()
        let logURL = cache.appendingPathComponent("logs/llama-server-\(port).log")
        try? FileManager.default.createDirectory(at: logURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data().write(to: logURL)
        let log = try FileDescriptor.open(
            FilePath(logURL.path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        defer { try? log.close() }
        var options = PlatformOptions()
        // The watchdog gives the server its grace, then kills it; it is itself killed only if it
        // outlives that by far.
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: stopGrace + .seconds(5))]
        let outcome = try await Subprocess.run(
            .path(FilePath("/bin/bash")),
            arguments: Arguments(
                [
                    "-c", Self.watchdog, "llama-server-watchdog", String(ownerProcessID), String(max(1, stopGrace.components.seconds)),
                    serverBinary.path,
                ] + arguments(port: port)),
            platformOptions: options, input: .none, output: .fileDescriptor(log, closeAfterSpawningProcess: false),
            error: .fileDescriptor(log, closeAfterSpawningProcess: false)
        ) { execution in
            try await waitUntilHealthy(watchdog: execution.processIdentifier.value, port: port, httpClient: httpClient, logURL: logURL)
            let result = try await body(URL(string: "http://127.0.0.1:\(port)/v1")!)
            await execution.teardown(using: options.teardownSequence)
            return result
        }
        return outcome.closureResult
    }

    private func waitUntilHealthy(watchdog: pid_t, port: Int, httpClient: HTTPClient, logURL: URL) async throws {
        let deadline = ContinuousClock.now.advanced(by: startupTimeout)
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            if ProcessState.hasExited(watchdog) {
                throw LocalModelError(
                    .exitedDuringStartUp, "llama-server exited during start-up: \(Self.lastLine(of: logURL)); see \(logURL.path)")
            }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            request.method = .GET
            if let response = try? await httpClient.execute(request, timeout: .seconds(2)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw LocalModelError(.startUpTimedOut, "llama-server did not become ready within \(startupTimeout); see \(logURL.path)")
    }

    /// Runs the server as a child of a small shell that stops it when told to (SIGTERM, SIGINT,
    /// SIGHUP) and when the owner process is gone: SIGTERM, then SIGKILL once the grace (its
    /// second argument, in seconds) is over. Sleeping in the background and `wait`ing lets a
    /// signal interrupt the sleep, so a stop takes effect at once rather than after it. An owner
    /// that has exited but is not yet reaped (a zombie) counts as gone.
    public static let watchdog = """
        owner=$1; grace=$2; shift 2
        alive() {
            kill -0 "$1" 2>/dev/null || return 1
            [ -r "/proc/$1/stat" ] || return 0
            local stat; read -r stat < "/proc/$1/stat"; stat=${stat##*) }
            [ "${stat%% *}" != Z ]
        }
        "$@" &
        server=$!
        stop() {
            kill -TERM "$server" 2>/dev/null
            for _ in $(seq $((grace * 10))); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$server" 2>/dev/null
            wait "$server"; exit 0
        }
        trap stop TERM INT HUP
        while alive "$owner" && kill -0 "$server" 2>/dev/null; do
            sleep 1 &
            wait $!
        done
        if kill -0 "$server" 2>/dev/null; then stop; fi
        wait "$server"
        """

    /// A port nothing listens on right now, found by binding port 0 on 127.0.0.1.
    static func freeLoopbackPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LocalModelError(.cannotOpenSocket, "cannot open a socket to find a free port") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw LocalModelError(.cannotBindPort, "cannot bind a loopback port to find a free one") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func lastLine(of url: URL) -> String {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no output"
    }
}
