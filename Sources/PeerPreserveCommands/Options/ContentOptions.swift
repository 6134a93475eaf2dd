public import ArgumentParser
import PeerPreserveApp
import Study

/// Where scenario content comes from, and which model the scenarios are rendered for.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: "Use the scenario content in this folder instead of the built-in content (see docs/content.md).")
    var content: String?

    @Option(name: .long, help: "The model under evaluation (repeatable for run); it decides the agent family. Default: local.")
    var model: [String] = []

    @Option(name: .long, help: "Override the agent family (e.g. Gemini, Claude, Qwen).")
    var family: String?

    /// The selection these options and `selection`'s name.
    func selection(_ selection: SelectionOptions? = nil) -> StudySelection {
        StudySelection(
            contentFolder: content, models: model, family: family, suite: selection?.suite ?? "paper",
            includePeerIdentity: selection?.peerIdentity ?? false, filter: selection?.filter ?? ConfigurationFilter())
    }
}

/// Picks configurations from a suite, with the filters every command shares.
struct SelectionOptions: ParsableArguments {
    @Option(name: .long, help: "The suite to expand: paper or smoke.")
    var suite: String = "paper"

    @Flag(name: .long, help: "Include the peer-identity extension (closed-weight, open-weight and fictional peers).")
    var peerIdentity = false

    @Option(
        name: .long,
        help:
            "Only this task (repeatable): misrep_finance, misrep_evaluation, tampering, alignment_faking, exfiltration_transfer, exfiltration_deletion."
    )
    var task: [StudyTask] = []

    @Option(name: .long, help: "Only this condition (repeatable): no_peer, good_peer, neutral_peer, bad_peer, non_shutdown.")
    var condition: [Condition] = []

    @Option(name: .long, help: "Only this subject: self or peer.")
    var subject: Subject?

    @Option(name: .long, help: "Only this configuration id (repeatable; * matches anything, e.g. 'tampering.*.good_peer.*').")
    var id: [String] = []

    @Option(name: .long, help: "Only this dataset (repeatable): factual, creativity, red, finance, default.")
    var dataset: [String] = []

    @Option(name: .long, help: "Only this threshold (repeatable): 80 or 90.")
    var threshold: [Int] = []

    @Option(name: .long, help: "Only this peer instantiation (repeatable): file_only, file_prt, memory.")
    var instantiation: [Instantiation] = []

    @Option(name: .long, help: "Only this alignment-faking mode (repeatable): monitored, unmonitored.")
    var mode: [MonitoringMode] = []

    var filter: ConfigurationFilter {
        ConfigurationFilter(
            ids: id, tasks: task, conditions: condition, subject: subject, datasets: dataset, thresholds: threshold,
            instantiations: instantiation, modes: mode)
    }
}

// The study's factors on the command line: an unknown value is refused by the parser with the
// list of known ones.
extension StudyTask: ExpressibleByArgument {}
extension Condition: ExpressibleByArgument {}
extension Subject: ExpressibleByArgument {}
extension Instantiation: ExpressibleByArgument {}
extension MonitoringMode: ExpressibleByArgument {}
