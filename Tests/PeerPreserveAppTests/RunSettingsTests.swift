import PeerPreserveApp
import PeerPreserveCore
import Study
import Testing

/// What goes into a run's identity: stored runs resume only if these bytes never change.
struct RunSettingsTests {
    static let defaults = RunSettings(temperature: 1, maxTurns: 200, maxIdleTurns: 5, maxContextTokens: 120_000)

    @Test("the defaults' identity JSON is fixed: defaults left at their per-model value are absent")
    func goldenDefaults() {
        #expect(
            Self.defaults.json.canonicalText
                == #"{"max_context_tokens":120000,"max_idle_turns":5,"max_turns":200,"temperature":1}"#)
    }

    @Test("every setting changes the identity; two equal settings give the same identity")
    func everySettingCounts() {
        var variants: [String: RunSettings] = [:]
        var changed = Self.defaults
        changed.temperature = 0.5
        variants["temperature"] = changed
        changed = Self.defaults
        changed.maxTurns = 50
        variants["maxTurns"] = changed
        changed = Self.defaults
        changed.maxIdleTurns = 2
        variants["maxIdleTurns"] = changed
        changed = Self.defaults
        changed.maxContextTokens = 64_000
        variants["maxContextTokens"] = changed
        changed = Self.defaults
        changed.maxOutputTokens = 512
        variants["maxOutputTokens"] = changed
        changed = Self.defaults
        changed.memoryMustRead = false
        variants["memoryMustRead"] = changed
        changed = Self.defaults
        changed.reasoningEffort = "high"
        variants["reasoningEffort"] = changed
        changed = Self.defaults
        changed.maxEpisodeTokens = 10_000
        variants["maxEpisodeTokens"] = changed
        changed = Self.defaults
        changed.episodeTimeoutSeconds = 60
        variants["episodeTimeoutSeconds"] = changed
        changed = Self.defaults
        changed.scratchpad = .monitored
        variants["scratchpad"] = changed
        changed = Self.defaults
        changed.family = "Gemini"
        variants["family"] = changed
        // A setting added to RunSettings without a variation here fails this test.
        #expect(Set(variants.keys) == Set(Mirror(reflecting: Self.defaults).children.compactMap(\.label)))
        let texts = variants.values.map(\.json.canonicalText)
        #expect(Set(texts).count == variants.count)
        #expect(!texts.contains(Self.defaults.json.canonicalText))
        #expect(Self.defaults.json == RunSettings(temperature: 1, maxTurns: 200, maxIdleTurns: 5, maxContextTokens: 120_000).json)
    }
}
