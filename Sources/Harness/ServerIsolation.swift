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

    /// The mode this machine allows: namespaces where peerpreserve is root with CAP_SYS_ADMIN in
    /// effect (a container without it cannot make network and mount namespaces), else loopback.
    /// Read from `/proc/self/status`, so nothing is started and nothing waits.
    public static func available() -> ServerIsolation {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        else { return .loopback }
        return hasSystemAdministration(status: status) ? .namespace : .loopback
    }

    /// Whether the effective capabilities in a `/proc/PID/status` text include CAP_SYS_ADMIN (bit 21).
    static func hasSystemAdministration(status: String) -> Bool {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 21) != 0
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
