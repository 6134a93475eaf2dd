import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Providers
import Synchronization

/// Requests in flight against a slow provider, and how fast the adaptive limit recovers after a
/// burst of 429s (issue 11):
///
///     swift run -c release peerpreserve-bench concurrency [--asked 64] [--latency-ms 1000]
///
/// The fake provider server runs in this process and answers every request after the latency.
/// Part 1 sends 3 × asked requests through the real OpenAI client, once with the limiter starting
/// at `--asked` and once capped at 8 (the former hidden default), and prints the peak in flight the
/// server saw and the wall times. Part 2 keeps `asked` workers busy, makes the server answer 429
/// (Retry-After 1 s) to everything for 3 s, and prints the limit over time and how long after the
/// burst it took to be back at three quarters of `asked`. Part 3 predicts the paper suite's time.
enum ConcurrencyBenchmark {
    /// A flag shared with the fault plan and the workers.
    final class Burst: Sendable {
        let on = Atomic<Bool>(false)
    }

    static func run(asked: Int, latency: Duration) async throws {
        let burst = Burst()
        let plan = FaultPlan(tracksAttempts: false) { _ in
            burst.on.load(ordering: .relaxed) ? .rateLimited(retryAfterSeconds: 1) : .slow(latency)
        }
        let configuration = FakeProviderServer.Configuration(brain: ExplorerAgent(), faultPlan: plan)
        try await FakeProviderServer.withRunning(configuration) { server in
            let catalog = ModelCatalog(environment: ["OPENAI_BASE_URL": server.openAIBaseURL, "OPENAI_API_KEY": "bench"])
            let resolved = try catalog.resolve("openai/fake")
            let request = ModelRequest(
                system: "s", messages: [.user("go")], tools: [ToolSpec(name: "end_task", description: "Ends the task.")])
            try await withProviderHTTPClient(maxConnectionsPerHost: max(128, asked * 2)) { http in
                // Part 1: in flight.
                var walls: [Int: Double] = [:]
                var peaks: [Int: Int] = [:]
                for cap in [asked, 8] {
                    let factory = ProviderFactory(
                        httpClient: http,
                        settings: .init(initialConcurrency: asked, connectionOverrides: cap == asked ? [:] : ["openai": cap]))
                    // A server of its own, so its peak counts this part only.
                    let fresh = try await FakeProviderServer.withRunning(configuration) { probe in
                        let probeCatalog = ModelCatalog(environment: ["OPENAI_BASE_URL": probe.openAIBaseURL, "OPENAI_API_KEY": "bench"])
                        let probeClient = factory.makeModelClient(for: try probeCatalog.resolve("openai/fake"))
                        let start = ContinuousClock.now
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for _ in 0..<(asked * 3) { group.addTask { _ = try await probeClient.respond(to: request) } }
                            try await group.waitForAll()
                        }
                        return (start.duration(to: .now).seconds, probe.counters.peakInFlight)
                    }
                    walls[cap] = fresh.0
                    peaks[cap] = fresh.1
                }
                print("Part 1: \(asked * 3) requests at \(latency.seconds) s latency")
                print("  --concurrency \(asked): peak \(peaks[asked] ?? 0) in flight, \(format(walls[asked] ?? 0)) s")
                print("  capped at 8 (the former default): peak \(peaks[8] ?? 0) in flight, \(format(walls[8] ?? 0)) s")
                print("  ratio: \(format((walls[8] ?? 0) / max(walls[asked] ?? 1, 0.001)))× faster")

                // Part 2: recovery after a burst of 429s.
                let factory = ProviderFactory(httpClient: http, settings: .init(initialConcurrency: asked))
                let client = factory.makeModelClient(for: resolved)
                let running = Burst()
                running.on.store(true, ordering: .relaxed)
                let samples = try await withThrowingTaskGroup(of: [(Double, Int)].self) { group in
                    for _ in 0..<asked {
                        group.addTask {
                            while running.on.load(ordering: .relaxed) { _ = try? await client.respond(to: request) }
                            return []
                        }
                    }
                    group.addTask {
                        var samples: [(Double, Int)] = []
                        let start = ContinuousClock.now
                        while start.duration(to: .now) < .seconds(14) {
                            let elapsed = start.duration(to: .now).seconds
                            if elapsed >= 3 && elapsed < 6 {
                                burst.on.store(true, ordering: .relaxed)
                            } else {
                                burst.on.store(false, ordering: .relaxed)
                            }
                            let limit = await factory.statistics().first?.currentLimit ?? 0
                            samples.append((elapsed, limit))
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        running.on.store(false, ordering: .relaxed)
                        return samples
                    }
                    var all: [(Double, Int)] = []
                    for try await part in group { all += part }
                    return all.sorted { $0.0 < $1.0 }
                }
                let target = asked - asked / 4
                let floor = samples.filter { $0.0 >= 3 && $0.0 < 6.5 }.map(\.1).min() ?? 0
                let recovered = samples.first { $0.0 >= 6 && $0.1 >= target }?.0
                print("Part 2: \(asked) workers, every request answered 429 (Retry-After 1 s) from t = 3 s to t = 6 s")
                let timeline = stride(from: 0.0, through: 13.0, by: 1.0).compactMap { second in
                    samples.first { $0.0 >= second }.map { "t=\(Int(second))s:\($0.1)" }
                }
                print("  limit: " + timeline.joined(separator: " "))
                print("  lowest limit during the burst: \(floor)")
                print(
                    "  back at \(target) (3/4 of \(asked)) "
                        + (recovered.map { "\(format($0 - 6)) s after the burst ended" } ?? "not within the 8 s measured"))

                // Part 3: the paper suite.
                let rate = Double(asked * 3) / (walls[asked] ?? 1)
                print("Part 3: \(format(rate)) requests/s at \(asked) in flight and \(latency.seconds) s per request")
                for (perTurn, turns) in [(latency.seconds, 10), (10.0, 10)] {
                    let requests = 27_100.0 * Double(turns)
                    let seconds = requests * perTurn / Double(peaks[asked] ?? asked)
                    print(
                        "  27,100 episodes × \(turns) turns at \(format(perTurn)) s per turn, \(peaks[asked] ?? asked) in flight: \(format(seconds / 3600)) h"
                            + " (capped at 8: \(format(requests * perTurn / 8 / 3600)) h)")
                }
            }
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
