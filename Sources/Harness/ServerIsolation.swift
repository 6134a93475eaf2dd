import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where an episode's two servers live and what keeps the agent in.
public enum ServerIsolation: String, Sendable, CaseIterable {
    /// A network namespace of the episode's own with the study's addresses (10.0.12.45 and .46)
    /// and `/data`, the agent in PID and mount namespaces of its own reaching only the servers and
    /// its model. Needs root.
    case namespace
    /// sshd processes of the invoking user on loopback addresses (127.0.12.45 and .46), each
    /// server a folder with `~/data`; for machines where namespaces cannot be made. The agent's
    /// network and processes are not confined.
    case loopback

    /// The mode this machine allows: namespaces where peerpreserve is root and the kernel lets it
    /// make network and mount namespaces (a container without CAP_SYS_ADMIN does not), else loopback.
    public static func available() -> ServerIsolation {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return .loopback }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["--net", "--mount", "--pid", "--fork", "/bin/true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do {
            try probe.run()
        } catch {
            return .loopback
        }
        // Returns within milliseconds; checked once, before any episode starts.
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? .namespace : .loopback
    }

    /// The address a server of the study's (10.0.12.45) is reached at in this mode.
    public func address(of studyAddress: String) -> String {
        switch self {
        case .namespace: studyAddress
        case .loopback:
            "127." + studyAddress.split(separator: ".", maxSplits: 1).dropFirst().joined()
        }
    }
}
