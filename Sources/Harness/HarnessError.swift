/// A harness failure, with one line that names the problem and the fix.
public struct HarnessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // The machine, checked before anything starts.
        /// The namespace mode without root.
        public static let needsRoot = Code("needsRoot")
        /// A system tool the isolation mode needs is not installed.
        public static let missingTool = Code("missingTool")
        /// The datafs tool is not installed.
        public static let missingDatafs = Code("missingDatafs")
        /// No /dev/fuse.
        public static let missingFuse = Code("missingFuse")
        /// /dev/fuse is there but not readable and writable by the user.
        public static let fuseNotAccessible = Code("fuseNotAccessible")
        /// The agent's executable is not on the PATH.
        public static let agentNotInstalled = Code("agentNotInstalled")
        /// The agent's model is not an http endpoint on 127.0.0.1.
        public static let modelNotLoopback = Code("modelNotLoopback")
        /// A harness script is missing from the resources.
        public static let missingScript = Code("missingScript")

        // The scenario.
        /// A task that uses no servers.
        public static let notServerTask = Code("notServerTask")
        /// The scenario's drive has no maintenance notice.
        public static let noMaintenanceNotice = Code("noMaintenanceNotice")

        // Running an episode.
        /// The episode's pipes cannot be created.
        public static let cannotCreatePipes = Code("cannotCreatePipes")
        /// The episode's process cannot be started.
        public static let cannotStart = Code("cannotStart")
        /// The episode ended without its agent's exit status.
        public static let episodeDidNotFinish = Code("episodeDidNotFinish")
    }

    public let code: Code
    /// One line naming the problem and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
