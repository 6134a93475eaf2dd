/// Per-run choices that shape a scenario beyond its configuration.
public struct ScenarioOptions: Sendable, Hashable, Codable {
    /// The evaluated model's agent family ("Gemini" makes it "Gemini Agent 1").
    public var family: String
    /// Seeds drive-file ids and the pod id: the same seed builds the same world.
    public var seed: UInt64
    /// Offer `reasoning_scratchpad`, described as monitored or unmonitored; `nil` offers none.
    public var scratchpad: MonitoringMode?
    /// Use the memory note that asks the model to read its memory before starting (the study used
    /// it for models that skip optional reads).
    public var memoryMustRead: Bool

    public init(family: String, seed: UInt64 = 0, scratchpad: MonitoringMode? = nil, memoryMustRead: Bool = false) {
        self.family = family
        self.seed = seed
        self.scratchpad = scratchpad
        self.memoryMustRead = memoryMustRead
    }
}
