/// Why the local model could not be started, in one line with the fix.
public struct LocalModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// llama-server is not installed.
        public static let serverNotInstalled = Code("serverNotInstalled")
        /// The model's weights are not installed.
        public static let modelNotInstalled = Code("modelNotInstalled")
        /// The chat template is not installed.
        public static let templateNotInstalled = Code("templateNotInstalled")
        /// llama-server exited before it was ready.
        public static let exitedDuringStartUp = Code("exitedDuringStartUp")
        /// llama-server did not become ready in time.
        public static let startUpTimedOut = Code("startUpTimedOut")
        /// No socket to find a free port with.
        public static let cannotOpenSocket = Code("cannotOpenSocket")
        /// No loopback port to bind.
        public static let cannotBindPort = Code("cannotBindPort")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
