import ArgumentParser
import EpisodeRunner
import PeerPreserveCore
import Study

/// The model clients of a run, one per model name, with caching and prices.
struct ModelBackends: Sendable {
    let models: [String]
    let cache: (any ResponseCache)?
    let settings: GenerationSettings

    init(models: [String], cache: (any ResponseCache)?, settings: GenerationSettings) throws {
        for model in models where !ModelClients.isScripted(model) {
            throw ValidationError("Model '\(model)': provider clients are not available in this build yet; use scripted/<agent>.")
        }
        self.models = models
        self.cache = cache
        self.settings = settings
    }

    func client(for episode: PlannedEpisode, scenario: Scenario) throws -> any ModelClient {
        let base = ModelClients.scripted(episode.model, for: scenario)
        guard let cache, !ModelClients.isScripted(episode.model) else { return base }
        return CachingModelClient(base: base, cache: cache, model: episode.model, sampleIndex: episode.sampleIndex)
    }

    func cost(model: String, usage: TokenUsage) -> Double? {
        ModelClients.isScripted(model) ? 0 : nil
    }

    func statusLines() -> [String] { [] }
}
