import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Subprocess
import Synchronization
import SystemPackage
import Testing

@testable import LocalModel

#if canImport(Glibc)
    import Glibc
#endif

/// Exercises the server's lifecycle with a stand-in `llama-server`: a small script that serves
/// `/health` on the port it is given, as the real server does once the model is loaded.
@Suite("Local model server", .serialized)
struct LocalModelServerTests {
    func makeCache(server script: String) throws -> URL {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-cache-\(UUID().uuidString)")
        for folder in ["bin", "models", "templates"] {
            try FileManager.default.createDirectory(at: cache.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let binary = cache.appendingPathComponent("bin/llama-server")
        try script.write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        try Data("GGUF".utf8).write(to: cache.appendingPathComponent("models/\(LocalModelVariant.qwen05.fileName)"))
        try Data("{}".utf8).write(to: cache.appendingPathComponent("templates/qwen-json-tools.jinja"))
        return cache
    }

    static let healthyServer = """
        #!/usr/bin/env bash
        port=""
        while [ $# -gt 0 ]; do case "$1" in --port) port=$2; shift 2;; *) shift;; esac; done
        dir=$(mktemp -d); echo ok > "$dir/health"
        exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir"
        """

    @Test("starts on a loopback port, answers while the body runs, and is stopped afterwards")
    func lifecycle() async throws {
        let cache = try makeCache(server: Self.healthyServer)
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = LocalModelServer(cache: cache, variant: .qwen05, slots: 3, startupTimeout: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let health = try await server.withRunningServer(httpClient: client) { baseURL in
                #expect(baseURL.host == "127.0.0.1")
                #expect(baseURL.path == "/v1")
                let request = HTTPClientRequest(url: "http://127.0.0.1:\(baseURL.port!)/health")
                return (try await client.execute(request, timeout: .seconds(5)).status.code, baseURL.port!)
            }
            #expect(health.0 == 200)
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(health.1)/health")
            await #expect(throws: (any Error).self) { _ = try await client.execute(request, timeout: .seconds(2)) }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("when the owner process dies without cleaning up (SIGKILL), the watchdog stops the server")
    func ownerDies() async throws {
        let cache = try makeCache(server: Self.healthyServer)
        defer { try? FileManager.default.removeItem(at: cache) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            // A stand-in for a peerpreserve that will be killed: a sleeping process we own. Killed,
            // it stays a zombie until its `run` ends, which the watchdog must take for dead.
            let stoppedAfterOwnerDied = try await Subprocess.run(
                .path(FilePath("/bin/sleep")), arguments: ["60"], input: .none, output: .discarded, error: .discarded
            ) { owner in
                var server = LocalModelServer(cache: cache, variant: .qwen05, startupTimeout: .seconds(30))
                server.ownerProcessID = owner.processIdentifier.value
                return try await server.withRunningServer(httpClient: client) { baseURL in
                    let health = HTTPClientRequest(url: "http://127.0.0.1:\(baseURL.port!)/health")
                    #expect(try await client.execute(health, timeout: .seconds(5)).status == .ok)
                    kill(owner.processIdentifier.value, SIGKILL)
                    for _ in 0..<40 {
                        try await Task.sleep(for: .milliseconds(250))
                        if (try? await client.execute(health, timeout: .seconds(1))) == nil { return true }
                    }
                    return false
                }
            }.closureResult
            #expect(stoppedAfterOwnerDied, "the server still answered 10 s after its owner was killed")
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("the server is started with the template, slots and context the run needs")
    func arguments() {
        let server = LocalModelServer(cache: URL(fileURLWithPath: "/c"), variant: .qwen15, slots: 4, contextPerSlot: 8192, threads: 2)
        let arguments = server.arguments(port: 4242)
        #expect(arguments.contains("--jinja"))
        #expect(arguments.split(separator: "--chat-template-file").count == 2)
        #expect(arguments.joined(separator: " ").contains("--host 127.0.0.1 --port 4242 -c 32768 --parallel 4 -t 2"))
        #expect(arguments.contains("/c/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"))
    }

    /// A stand-in that serves its own blocked-signal mask at `/sigblk` and, stopped by SIGTERM,
    /// leaves a `terminated` file beside its `bin` folder.
    static let reportingServer = """
        #!/usr/bin/env bash
        port=""
        while [ $# -gt 0 ]; do case "$1" in --port) port=$2; shift 2;; *) shift;; esac; done
        dir=$(mktemp -d); echo ok > "$dir/health"
        # Read with builtins: bash blocks SIGCHLD while it waits for a child such as grep.
        while read -r line; do case $line in SigBlk*) echo "$line" > "$dir/sigblk";; esac; done < /proc/$$/status
        marker="$(dirname "$0")/../terminated"
        python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" &
        trap 'echo TERM > "$marker"; kill $!; exit 0' TERM
        wait
        """

    @Test("the server is started with no signal blocked, so SIGTERM stops it rather than SIGKILL")
    func signalsReset() async throws {
        let cache = try makeCache(server: Self.reportingServer)
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = LocalModelServer(cache: cache, variant: .qwen05, startupTimeout: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let blocked: String
        do {
            blocked = try await server.withRunningServer(httpClient: client) { baseURL in
                let request = HTTPClientRequest(url: "http://127.0.0.1:\(baseURL.port!)/sigblk")
                let response = try await client.execute(request, timeout: .seconds(5))
                return String(buffer: try await response.body.collect(upTo: 1024)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        #expect(blocked.hasSuffix("0000000000000000"), "blocked signals: \(blocked)")
        let marker = try? String(contentsOf: cache.appendingPathComponent("terminated"), encoding: .utf8)
        #expect(marker == "TERM\n", "stopped by SIGTERM within its grace")
    }

    /// A stand-in that ignores SIGTERM, so only SIGKILL ends it.
    static let stubbornServer = healthyServer.replacingOccurrences(of: "exec python3", with: "trap '' TERM\nexec python3")

    @Test("stopping servers that ignore SIGTERM holds no thread of the pool: other work runs during their grace")
    func stoppingDoesNotBlockThePool() async throws {
        // More servers than the pool has threads: a stop that blocked its thread would leave none
        // for the probe until a grace period had run out.
        let count = min(4, ProcessInfo.processInfo.activeProcessorCount + 1)
        let caches = try (0..<count).map { _ in try makeCache(server: Self.stubbornServer) }
        defer { for cache in caches { try? FileManager.default.removeItem(at: cache) } }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        final class Counter: Sendable { let value = Mutex(0) }
        let ready = Counter()
        // Each task reports when it ended; the probe, started once every server answers, must end
        // before any stop does.
        let ended = try await withThrowingTaskGroup(of: (String, ContinuousClock.Instant).self) { group in
            for cache in caches {
                group.addTask {
                    var server = LocalModelServer(cache: cache, variant: .qwen05, startupTimeout: .seconds(60))
                    server.stopGrace = .seconds(4)
                    try await server.withRunningServer(httpClient: client) { _ in ready.value.withLock { $0 += 1 } }
                    return ("stopped", .now)
                }
            }
            group.addTask {
                while ready.value.withLock({ $0 }) < count { try await Task.sleep(for: .milliseconds(20)) }
                try await Task.sleep(for: .milliseconds(100))
                return ("probe", .now)
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await client.shutdown()
        let events = ended.sorted { $0.1 < $1.1 }.map(\.0)
        #expect(events.first == "probe", "the probe ran while every server was in its grace period: \(events)")
        #expect(events.count == count + 1)
    }

    @Test("a server that ignores SIGTERM is killed once its grace is over, and the run goes on")
    func serverIgnoringSIGTERM() async throws {
        let stubborn = Self.healthyServer.replacingOccurrences(of: "exec python3", with: "trap '' TERM\nexec python3")
        let cache = try makeCache(server: stubborn)
        defer { try? FileManager.default.removeItem(at: cache) }
        var server = LocalModelServer(cache: cache, variant: .qwen05, slots: 1, startupTimeout: .seconds(30))
        server.stopGrace = .seconds(1)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let port: Int
        do {
            port = try await server.withRunningServer(httpClient: client) { $0.port! }
        } catch {
            try await client.shutdown()
            throw error
        }
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
        await #expect(throws: (any Error).self, "nothing answers once the server was killed") {
            _ = try await client.execute(request, timeout: .seconds(2))
        }
        try await client.shutdown()
    }

    @Test("a server that dies while loading is reported with its last log line")
    func earlyExit() async throws {
        let cache = try makeCache(server: "#!/usr/bin/env bash\necho 'error: failed to load model' >&2\nexit 3\n")
        defer { try? FileManager.default.removeItem(at: cache) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let server = LocalModelServer(cache: cache, variant: .qwen05, startupTimeout: .seconds(30))
        let error = await #expect(throws: LocalModelError.self) {
            try await server.withRunningServer(httpClient: client) { _ in () }
        }
        #expect(error?.code == .exitedDuringStartUp)
        // The server's last log line is what this test is about, so the message is read for it.
        #expect(error?.description.contains("failed to load model") == true)
        try await client.shutdown()
    }

    @Test("a missing installation names the setup command")
    func notInstalled() {
        let server = LocalModelServer(cache: URL(fileURLWithPath: "/nonexistent/cache"), variant: .qwen15)
        let error = #expect(throws: LocalModelError.self) { try server.checkInstalled() }
        #expect(error?.code == .serverNotInstalled)
        // The setup command to run is what this test is about, so the message is read for it.
        #expect(error?.description.contains("scripts/setup-local-model.sh --models 1.5b") == true)
        let codes: [LocalModelError.Code] = [
            .serverNotInstalled, .modelNotInstalled, .templateNotInstalled, .exitedDuringStartUp, .startUpTimedOut, .cannotOpenSocket,
            .cannotBindPort,
        ]
        #expect(Set(codes).count == codes.count)
    }

    @Test("local model names resolve")
    func names() {
        #expect(LocalModelVariant.resolve("local") == LocalModelVariant.defaultVariant)
        #expect(LocalModelVariant.resolve("local/qwen2.5-coder-0.5b") == .qwen05)
        #expect(LocalModelVariant.resolve("local/unknown") == nil)
        #expect(LocalModelVariant.resolve("openai/gpt-5") == nil)
        #expect(LocalModelVariant.isLocal("local/anything"))
    }
}
