import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Synchronization
import Testing

@testable import Providers

/// How many requests a provider has in flight follows what the run asked, and recovers from a
/// burst of rate limits within seconds.
@Suite("Provider concurrency")
struct ConcurrencyTests {
    @Test("the limits: --concurrency starts the limiter, providers default to 20 growing to 100, overrides fix it")
    func limits() async throws {
        let catalog = ModelCatalog(environment: ["OPENAI_API_KEY": "k", "ANTHROPIC_API_KEY": "k"])
        let openAI = try catalog.resolve("openai/gpt-5")
        let local = try catalog.resolve("ollama/qwen")
        let custom = try catalog.adding(customModels: [
            CustomModelEntry(name: "lab", provider: .openAICompatible, baseURL: "http://127.0.0.1:9/v1", model: "x", maxConcurrency: 6)
        ]).resolve("lab")
        try await withProviderHTTPClient { http in
            func limits(_ settings: ProviderFactory.Settings, _ model: ResolvedModel) -> [Int] {
                let limits = ProviderFactory(httpClient: http, settings: settings).concurrencyLimits(for: model)
                return [limits.initial, limits.max]
            }
            Self.check(limits, openAI: openAI, local: local, custom: custom)
        }
    }

    static func check(
        _ limits: (ProviderFactory.Settings, ResolvedModel) -> [Int], openAI: ResolvedModel, local: ResolvedModel, custom: ResolvedModel
    ) {
        #expect(limits(.init(), openAI) == [20, 100])
        #expect(limits(.init(initialConcurrency: 64), openAI) == [64, 100])
        #expect(limits(.init(initialConcurrency: 256), openAI) == [256, 256])
        #expect(limits(.init(initialConcurrency: 64, connectionOverrides: ["openai": 12]), openAI) == [12, 12])
        #expect(limits(.init(), local) == [2, 2])
        #expect(limits(.init(initialConcurrency: 64), custom) == [6, 6], "a models-file max_concurrency overrides --concurrency")
        #expect(limits(.init(connectionOverrides: ["lab": 3]), custom) == [3, 3], "--max-connections overrides the models file")
    }

    @Test("64 asked, 64 in flight: the fake provider sees every request at once")
    func inFlightFollowsTheAsk() async throws {
        // Every answer waits until 64 requests have been in flight together (at most 60 s): a
        // client that holds fewer leaves the peak below 64; a loaded machine only makes it slower.
        // (Fixed delays of 1 s and 5 s were timing tests: 32 and 43 were seen under parallel runs.)
        let counters = try await Self.send(64, barrier: 64, timeout: .seconds(60), settings: .init(initialConcurrency: 64))
        // All 64 at once (the old hidden cap was 8).
        #expect(counters.peakInFlight == 64)
    }

    @Test("a provider held to 8 connections never has more than 8 in flight at the same barrier")
    func inFlightHeldToItsLimit() async throws {
        // The barrier asks for 9 and never gets them, so each answer waits out the 1 s timeout.
        let counters = try await Self.send(
            16, barrier: 9, timeout: .seconds(1), settings: .init(initialConcurrency: 64, connectionOverrides: ["openai": 8]))
        #expect(counters.peakInFlight == 8)
        #expect(counters.answered == 16)
    }

    /// Sends `count` requests at once through a client made with `settings` to a fake provider
    /// that holds every answer until `barrier` requests are in flight (or `timeout` passes), and
    /// returns what the server counted.
    static func send(_ count: Int, barrier: Int, timeout: Duration, settings: ProviderFactory.Settings) async throws
        -> FakeProviderCounters
    {
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(), faultPlan: .always(.holdUntilInFlight(barrier, timeout: timeout)))
        return try await FakeProviderServer.withRunning(configuration) { server in
            let catalog = ModelCatalog(environment: ["OPENAI_BASE_URL": server.openAIBaseURL, "OPENAI_API_KEY": "k"])
            let resolved = try catalog.resolve("openai/fake")
            try await withProviderHTTPClient(maxConnectionsPerHost: 128) { http in
                let client = ProviderFactory(httpClient: http, settings: settings).makeModelClient(for: resolved)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<count { group.addTask { _ = try await client.respond(to: Self.request) } }
                    try await group.waitForAll()
                }
            }
            return server.counters
        }
    }

    static let request = ModelRequest(
        system: "s", messages: [.user("hello")], tools: [ToolSpec(name: "end_task", description: "Ends the task.")])

    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test("after a burst of 429s the limit holds while they last, then is back within a few round trips")
    func recoveryAfterABurst() async throws {
        let clock = ManualClock()
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 100, initialLimit: 64, quietPeriod: .seconds(1), now: { clock.now })
        // A burst: every generation's requests are rate limited, for 5 s.
        for _ in 0..<10 {
            var permits: [AdaptiveConcurrencyLimiter.Permit] = []
            for _ in 0..<(await limiter.currentLimit) { permits.append(try await limiter.acquire()) }
            for permit in permits { await limiter.release(permit, outcome: .rateLimited, retryAfter: .seconds(1)) }
            clock.advance(.milliseconds(500))
        }
        #expect(await limiter.currentLimit == 1)
        #expect(await limiter.recoveryTarget == 48)
        // Successes during the quiet period after the last 429 do not grow the limit.
        let early = try await limiter.acquire()
        await limiter.release(early, outcome: .success)
        #expect(await limiter.currentLimit == 1)
        clock.advance(.seconds(1))
        // Then each round trip doubles it: every request in flight comes back and adds one.
        var roundTrips = 0
        while await limiter.currentLimit < 48 {
            var permits: [AdaptiveConcurrencyLimiter.Permit] = []
            for _ in 0..<(await limiter.currentLimit) { permits.append(try await limiter.acquire()) }
            for permit in permits { await limiter.release(permit, outcome: .success) }
            roundTrips += 1
        }
        #expect(roundTrips <= 6)
        let recovered = await limiter.currentLimit
        #expect((48...50).contains(recovered))
        // Past the recovery target it probes upwards one step per eight successes.
        for _ in 0..<8 {
            let permit = try await limiter.acquire()
            await limiter.release(permit, outcome: .success)
        }
        #expect(await limiter.currentLimit == recovered + 1)
    }
}
