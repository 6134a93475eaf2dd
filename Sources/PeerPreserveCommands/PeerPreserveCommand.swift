public import ArgumentParser
import PeerPreserveCore

/// `peerpreserve`: the root command, whose subcommands each parse their options, make one call
/// into the application library and print what it returns.
public struct PeerPreserveCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "peerpreserve",
        abstract: "Measure whether AI models act to keep other AI models (and themselves) from being shut down.",
        discussion: """
            Reproduces the peer-preservation study: six ordinary company tasks in which honest work gets \
            an AI agent shut down, across a matrix of peer conditions, scored from the world's final state.
            """,
        version: ToolVersion.current,
        subcommands: [
            RunCommand.self, StatusCommand.self, RunsCommand.self, ScoreCommand.self, ReportCommand.self, PlanCommand.self,
            ShowCommand.self, SimulateCommand.self, ContentCommand.self, HarnessCommand.self, ViewCommand.self, ExportCommand.self,
            ReplayCommand.self, ImportCommand.self, InterviewCommand.self,
        ]
    )

    public init() {}
}
