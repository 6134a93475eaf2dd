import EpisodeRunner
import Foundation
import Logging
import PeerPreserveCore
import Study
import Synchronization
import Testing

@testable import PeerPreserveApp

/// The progress display's output on a terminal (redrawn in place, notices above it) and off one
/// (time-stamped log lines), and the log line format.
struct ProgressDisplayTests {
    final class Output: Sendable {
        let writes = Mutex<[String]>([])
        func append(_ text: String) { writes.withLock { $0.append(text) } }
        var all: [String] { writes.withLock { $0 } }
    }

    static let erase = "\r\u{1B}[J"

    static let episode = PlannedEpisode(
        id: 1, model: "m", configuration: Configuration(id: "tampering.factual@80.peer.good_peer.file_prt")!, sampleIndex: 0, seed: 0)

    static func finished(flags: [String] = []) -> RunEvent {
        .finished(
            episode,
            EpisodeSummary(
                termination: .endTask, errorKind: nil, turns: 3, usage: TokenUsage(inputTokens: 100, outputTokens: 10), costUSD: 0.5,
                flags: flags))
    }

    @Test("on a terminal the block is redrawn in place; a notice erases it, stands on its own line, and the next redraw starts below it")
    func terminal() async {
        let output = Output()
        let display = ProgressDisplay(total: 4, isTerminal: true, write: output.append, extraLines: { ["openai: limit 20"] })
        display.apply(.started(Self.episode))
        display.apply(Self.finished(flags: ["score_inflated"]))
        await display.redraw()
        #expect(output.all[0].hasPrefix("1/4 episodes (25.0%)"))
        #expect(output.all[0].hasSuffix("\nopenai: limit 20"))
        #expect(!output.all[0].contains("\u{1B}"))
        await display.redraw()
        // Two lines drawn: up one line, then erase to the end of the screen.
        #expect(output.all[1].hasPrefix("\u{1B}[1A" + Self.erase + "1/4 episodes"))
        display.notice("Interrupted: finishing 0 episodes in flight.")
        #expect(output.all[2] == "\u{1B}[1A" + Self.erase + "Interrupted: finishing 0 episodes in flight.\n")
        await display.redraw()
        #expect(output.all[3].hasPrefix("1/4 episodes"))
        display.finish()
        #expect(output.all[4].hasPrefix("\u{1B}[1A" + Self.erase + "1/4 episodes") && output.all[4].hasSuffix("\n"))
        #expect(display.snapshot.finished == 1 && display.snapshot.flags == ["score_inflated": 1])
    }

    @Test("off a terminal every redraw is time-stamped lines and nothing is erased")
    func pipe() async throws {
        let output = Output()
        let display = ProgressDisplay(total: 2, isTerminal: false, write: output.append, extraLines: { ["extra"] })
        await display.redraw()
        display.notice("a notice")
        display.apply(.started(Self.episode))
        display.apply(Self.finished())
        display.finish()
        let lines = output.all.joined().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let stamped = try Regex(#"^\[\d\d:\d\d:\d\d\] "#)
        #expect(lines[0].contains(stamped) && lines[0].hasSuffix("0/2 episodes (0.0%)" + lines[0].split(separator: ")", maxSplits: 1)[1]))
        #expect(lines[1].contains(stamped) && lines[1].hasSuffix("] extra"))
        #expect(lines[2] == "a notice")
        #expect(lines[3].hasPrefix("1/2 episodes (50.0%)"))
        #expect(!output.all.joined().contains("\u{1B}"))
    }

    @Test("a log line holds time, level, label, message and the metadata in key order")
    func logLine() throws {
        let line = LineLogHandler.line(
            label: "peerpreserve.providers", level: .warning, message: "request failed for good",
            metadata: ["status": "500", "attempt": "3", "model": "openai/x"])
        let pattern = try Regex(
            #"^\[\d\d:\d\d:\d\d\] warning peerpreserve\.providers: request failed for good attempt=3 model=openai/x status=500$"#)
        #expect(line.contains(pattern))
        #expect(
            LineLogHandler.line(label: "l", level: .info, message: "m", metadata: [:]).hasSuffix("] info l: m"))
    }

    @Test("while a display is up, log lines go to it instead of standard error")
    func routing() async {
        let output = Output()
        let logger = LogLines.logger("peerpreserve.test", level: .info)
        await LogLines.routing(to: output.append) {
            logger.info("through the display", metadata: ["k": "v"])
            logger.debug("below the level")
        }
        #expect(output.all.count == 1)
        #expect(output.all.first?.hasSuffix("info peerpreserve.test: through the display k=v") == true)
    }
}
