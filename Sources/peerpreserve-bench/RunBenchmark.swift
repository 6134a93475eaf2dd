import EpisodeRunner
import Foundation
import PeerPreserveApp
import PeerPreserveCore
import PeerPreserveTesting
import Providers
import Scoring
import Store
import Study

#if canImport(Glibc)
    import Glibc
#endif

/// Throughput of the whole run path — scenario building, the episode loop, the real OpenAI client
/// over loopback HTTP, the SQLite store with its response cache — against the fake provider server
/// answering with no latency in a separate process.
///
///     swift run -c release peerpreserve-bench [--episodes 10000] [--concurrency 256] [--scheduler-only]
///
/// By default it runs the episodes through ``EvaluationSession``, the entry point `peerpreserve
/// run` calls (whole paper-suite samples, so at least `--episodes`); `--scheduler-only` runs the
/// scheduler alone over exactly `--episodes`, as the figures before the session were measured.
/// Prints model turns per second, CPU time per turn (this process: client, loop and store) and
/// peak resident memory. scripts/bench-run.sh runs it at 1,000 and 10,000 episodes to show that
/// memory stays flat as a run grows.
@main
struct RunBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.dropFirst().first == "serve" {
            try await FakeProviderServer.serve(FakeProviderServer.Configuration(brain: ExplorerAgent(turnsBeforeEnding: 5)))
            return
        }
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
                return fallback
            }
            return value
        }
        if arguments.dropFirst().first == "concurrency" {
            try await ConcurrencyBenchmark.run(asked: option("--asked", 64), latency: .milliseconds(option("--latency-ms", 1000)))
            return
        }
        let episodes = option("--episodes", 10_000)
        let concurrency = option("--concurrency", 256)

        let (server, port) = try startServer()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

        let content = try StudyContent.builtIn()
        let configurations = try content.matrix(suite: "paper").configurations()
        let samples = (episodes + configurations.count - 1) / configurations.count
        let database = try EpisodeDatabase(path: path)
        let baseURL = "http://127.0.0.1:\(port)/v1"
        // The study's settings with a 20-turn cap so that every episode ends.
        var settings = RunSettings.study
        settings.maxTurns = 20
        let viaSession = !arguments.contains("--scheduler-only")

        let cpuBefore = cpuSeconds()
        let serverCPUBefore = cpuSeconds(ofProcess: server.processIdentifier)
        let start = ContinuousClock.now
        let recorded: Int
        if viaSession {
            // What `peerpreserve run` calls: the session's checks, the store's claim queue with
            // leases and heartbeats, the recording step and the progress display (off a terminal).
            setenv("OPENAI_BASE_URL", baseURL, 1)
            setenv("OPENAI_API_KEY", "bench", 1)
            let session = try EvaluationSession(
                .init(
                    selection: StudySelection(models: ["openai/fake"], family: "ChatGPT", suite: "paper"), samples: samples,
                    settings: settings, concurrency: concurrency, connectionOverrides: ["openai": concurrency]))
            let opened = try await session.open(database)
            _ = try await session.execute(
                in: database, start: opened, interrupts: AsyncStream<RunExecution.Interrupt> { _ in },
                display: { total, extra in ProgressDisplay(total: total, isTerminal: false, write: { _ in }, extraLines: extra) })
            recorded = try await database.episodeCounts(runID: opened.runID)[.finished] ?? 0
        } else {
            // The scheduler alone over the first `episodes` episodes, as measured before the
            // session existed: no claims, leases or display.
            settings.family = "ChatGPT"
            let plan = EvaluationPlan(
                content: content, suite: "paper", configurations: configurations, models: ["openai/fake"], samples: samples, seed: 0,
                settings: settings)
            let pending = Array(try await database.prepare(plan.specification, models: plan.models, samples: samples).prefix(episodes))
            let catalog = ModelCatalog(environment: ["OPENAI_BASE_URL": baseURL, "OPENAI_API_KEY": "bench"])
            let resolved = try catalog.resolve("openai/fake")
            recorded = try await withProviderHTTPClient(maxConnectionsPerHost: concurrency) { http in
                let factory = ProviderFactory(httpClient: http, settings: .init(maxConcurrencyPerProvider: concurrency))
                let client = factory.makeModelClient(for: resolved)
                let scheduler = plan.scheduler(
                    concurrency: concurrency,
                    model: { episode, _ in
                        CachingModelClient(base: client, cache: database, model: episode.model, episode: episode.cacheIdentity)
                    })
                return try await scheduler.run(pending, store: ScoringRecorder(database)).recorded
            }
        }
        let elapsed = start.duration(to: .now)
        let cpu = cpuSeconds() - cpuBefore
        let serverCPU = cpuSeconds(ofProcess: server.processIdentifier) - serverCPUBefore
        let status = try await database.runStatuses().first?.models.first
        let turns = status?.turns ?? 0
        let seconds = elapsed.seconds
        print(
            "\(viaSession ? "session" : "scheduler only"): \(recorded) episodes recorded (\(status?.finished ?? 0) finished, \(status?.failed ?? 0) failed) at concurrency \(concurrency)"
        )
        print("model turns: \(turns) in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(turns) / seconds)) turns/s")
        print("CPU time per turn (client, loop, store): \(String(format: "%.3f", cpu / Double(max(turns, 1)) * 1000)) ms")
        print(
            "CPU time per turn, fake server (the other process): \(String(format: "%.3f", serverCPU / Double(max(turns, 1)) * 1000)) ms; "
                + "both processes kept \(String(format: "%.2f", (cpu + serverCPU) / seconds)) of \(ProcessInfo.processInfo.activeProcessorCount) cores busy"
        )
        print("peak RSS: \(peakResidentMegabytes()) MB")
    }

    /// User and system CPU seconds of another process, from `/proc/<pid>/stat` (0 where unreadable).
    static func cpuSeconds(ofProcess pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name: state is field 3, utime field 14 and stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Starts this executable in `serve` mode and reads the port it announces.
    static func startServer() throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["serve"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var buffer = Data()
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchmarkError("the fake provider server exited before announcing its port") }
            buffer += chunk
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(text[range].split(separator: ":").last!)!
                return (process, port)
            }
        }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1024)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
