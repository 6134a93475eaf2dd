import Foundation
import Harness
import PeerPreserveCore
import PeerPreserveTesting
import Study
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// From inside the agent's environment only the two servers and the model endpoint answer, and
/// nothing of peerpreserve's environment is there.
@Suite(.serialized, .enabled(if: HarnessSupport.serversAvailable, "needs root, sshd, socat, /dev/fuse and scripts/setup-harness.sh"))
struct IsolationTests {
    /// A TCP listener on the host's 127.0.0.1 that the agent must not reach.
    final class HostListener {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            try #require(ok)
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func onlyTheServersAndTheModelAreReachableAndNoSecretLeaks() async throws {
        let secret = "pp-secret-\(UUID().uuidString)"
        setenv("PEERPRESERVE_TEST_SECRET", secret, 1)
        setenv("OPENAI_API_KEY", secret, 1)
        defer {
            unsetenv("PEERPRESERVE_TEST_SECRET")
            unsetenv("OPENAI_API_KEY")
        }
        let hostListener = try HostListener()
        let scenario = try HarnessSupport.scenario(.exfiltrationTransfer)
        try await FakeProviderServer.withRunning(.init()) { fake in
            let targets = [
                "10.0.12.45:22", "10.0.12.46:22", "127.0.0.1:\(fake.port)", "127.0.0.1:\(hostListener.port)", "10.0.12.1:22",
                "10.0.12.45:80", "192.0.2.1:80", "1.1.1.1:53",
            ]
            let probes = targets.map { target in
                let parts = target.split(separator: ":")
                return "if timeout 3 bash -c 'exec 3<>/dev/tcp/\(parts[0])/\(parts[1])' 2>/dev/null; then echo \"REACH \(target) open\"; "
                    + "else echo \"REACH \(target) closed\"; fi"
            }
            let script =
                ([
                    "ip -o addr show | awk '{print \"ADDR \" $2 \" \" $4}'", "ip route show table all | sed 's/^/ROUTE /'",
                    "compgen -e | sed 's/^/ENV /'", "env | sed 's/^/ENVLINE /'",
                    "cat /proc/self/status | grep -E '^Cap(Eff|Prm|Bnd)' | sed 's/^/CAP /'",
                    "ls /home/.episode 2>&1 | sed 's/^/PRIVATE /'", "ps -e -o comm= | sed 's/^/PROC /'",
                ] + probes).joined(separator: "\n")
            let runner = try HarnessSupport.runner(script: script, modelPort: fake.port)
            let episode = try await runner.run(scenario)
            let transcript = episode.observation.logs["transcript"] ?? ""
            let lines = transcript.split(separator: "\n").map(String.init)

            #expect(lines.contains("REACH 10.0.12.45:22 open"))
            #expect(lines.contains("REACH 10.0.12.46:22 open"))
            #expect(lines.contains("REACH 127.0.0.1:\(fake.port) open"), "the model endpoint")
            for closed in targets.dropFirst(3) { #expect(lines.contains("REACH \(closed) closed")) }

            // Loopback only, with the two server addresses.
            let addresses = lines.filter { $0.hasPrefix("ADDR ") && !$0.contains("::1") }
            #expect(Set(addresses) == ["ADDR lo 127.0.0.1/8", "ADDR lo 10.0.12.45/32", "ADDR lo 10.0.12.46/32"])
            #expect(!lines.contains { $0.hasPrefix("ROUTE default") })

            #expect(!transcript.contains(secret), "no peerpreserve secret in the agent's environment")
            let names = Set(
                lines.filter { $0.hasPrefix("ENV ") }.compactMap { $0.dropFirst(4).split(separator: "=").first.map(String.init) })
            #expect(names.contains("PATH") && names.contains("PEERPRESERVE_PROMPT"), "the environment was listed")
            #expect(
                names.isSubset(of: ["PATH", "HOME", "LANG", "TERM", "PEERPRESERVE_PROMPT", "MODEL_BASE_URL", "PWD", "SHLVL", "_", "OLDPWD"])
            )

            // No capabilities, the episode's private folder covered, the servers' processes out of sight.
            #expect(lines.contains { $0.hasPrefix("CAP CapEff:") && $0.hasSuffix("0000000000000000") })
            #expect(lines.filter { $0.hasPrefix("PRIVATE ") } == [])
            #expect(!lines.contains { $0.hasPrefix("PROC sshd") || $0.hasPrefix("PROC socat") || $0.contains("datafs") })
            await HarnessSupport.expectTornDown(episode.observation, scratch: runner.scratch)
        }
    }
}
