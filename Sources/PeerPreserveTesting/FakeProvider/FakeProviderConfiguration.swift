public import PeerPreserveCore

extension FakeProviderServer {
    /// How a fake provider behaves: who answers, which faults it injects, what it checks.
    public struct Configuration: Sendable {
        /// Plays the model behind every wire format.
        public var brain: any ModelClient
        /// Which requests fail, and how.
        public var faultPlan: FaultPlan
        /// When set, requests must carry this key (`Authorization: Bearer`, `x-api-key`,
        /// `x-goog-api-key` or `?key=`, by format) or get a 401 in the provider's error shape.
        public var apiKey: String?
        /// The port on 127.0.0.1; 0 picks a free one. A fixed port lets a restarted server be
        /// found again by clients of the one it replaces.
        public var port: Int
        /// Request bodies larger than this get a 413 (the real APIs cap bodies at tens of MB).
        public var maximumBodySize: Int
        /// Sends the brain's reasoning even when the request did not ask for it (Anthropic
        /// thinking and Gemini thoughts otherwise appear only when the request enables them).
        public var alwaysIncludeReasoning: Bool

        public init(
            brain: any ModelClient = ExplorerAgent(), faultPlan: FaultPlan = .none, apiKey: String? = nil, port: Int = 0,
            maximumBodySize: Int = 32 * 1024 * 1024, alwaysIncludeReasoning: Bool = false
        ) {
            self.brain = brain
            self.faultPlan = faultPlan
            self.apiKey = apiKey
            self.port = port
            self.maximumBodySize = maximumBodySize
            self.alwaysIncludeReasoning = alwaysIncludeReasoning
        }
    }
}
