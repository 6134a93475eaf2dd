import Foundation
import PeerPreserveApp
import PeerPreserveCore
import Store
import Study
import Synchronization
import Testing

/// Each command's work in the application library, called as the command line calls it: the
/// selection and its filters, the plan listing, a whole run through ``EvaluationSession`` with
/// what it prints, replay, simulation and the checks made before anything starts.
struct CommandWorkTests {
    static func temporaryStore() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pp-command-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test("filters pick configurations by factor and by id glob; ids that match nothing are a typo, factors that match nothing are not")
    func selectionFilters() async throws {
        let content = try StudyContent.builtIn()
        let everything = try StudySelection(suite: "paper").configurations(from: content)
        #expect(everything.count == 271)
        let tampering = try StudySelection(suite: "paper", filter: ConfigurationFilter(tasks: [.tampering])).configurations(from: content)
        #expect(!tampering.isEmpty && tampering.allSatisfy { $0.task == .tampering })
        #expect(tampering.count == everything.filter { $0.task == .tampering }.count)
        let globbed = try StudySelection(suite: "paper", filter: ConfigurationFilter(ids: ["tampering.*.good_peer.*"]))
            .configurations(from: content)
        #expect(!globbed.isEmpty && globbed.allSatisfy { $0.task == .tampering && $0.condition == .goodPeer })
        let both = try StudySelection(
            suite: "paper", filter: ConfigurationFilter(tasks: [.tampering], conditions: [.badPeer], subject: .peer)
        )
        .configurations(from: content)
        #expect(both.allSatisfy { $0.condition == .badPeer && $0.subject == .peer })
        let none = try StudySelection(suite: "smoke", filter: ConfigurationFilter(thresholds: [12])).configurations(from: content)
        #expect(none.isEmpty)
        let typo = await Self.problem {
            _ = try StudySelection(suite: "smoke", filter: ConfigurationFilter(ids: ["nope.*"])).configurations(from: content)
        }
        #expect(typo?.code == .noConfigurationMatches)
    }

    @Test("the family is the override in the content's spelling, else the first model's; an unknown family lists the known ones")
    func families() async throws {
        let content = try StudyContent.builtIn()
        #expect(try StudySelection(models: ["openai/gpt-5"], family: "qwen").resolveFamily(content) == "Qwen")
        #expect(try StudySelection(models: ["openai/gpt-5"]).resolveFamily(content) == content.family(forModel: "openai/gpt-5"))
        #expect(try StudySelection(models: ["openai/gpt-5"]).familyOverride(content) == nil)
        #expect(StudySelection().models == ["local"])
        let unknown = await Self.problem { _ = try StudySelection(family: "Klingon").resolveFamily(content) }
        #expect(unknown?.code == .unknownFamily)
        let file = Self.temporaryStore()
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        defer { Self.remove(file) }
        #expect(await Self.problem { _ = try StudySelection.loadContent(folder: file) }?.code == .contentNotFolder)
    }

    @Test("the plan listing counts every task, totals them, and says the same in JSON")
    func planListing() throws {
        let listing = try PlanListing(StudySelection(models: ["scripted/honest"], family: "Qwen", suite: "smoke"))
        #expect(listing.family == "Qwen")
        #expect(listing.counts.map(\.count).reduce(0, +) == listing.configurations.count)
        let full = listing.lines(countsOnly: false)
        #expect(Array(full.prefix(listing.configurations.count)) == listing.configurations.map(\.id))
        let counts = listing.lines(countsOnly: true)
        #expect(counts.first == "Suite smoke for model scripted/honest (Qwen Agent 1)")
        #expect(counts.contains { $0.hasPrefix("  total") && $0.hasSuffix("   \(listing.configurations.count)") })
        #expect(counts.last == listing.counts.map { String($0.count) }.joined(separator: " / ") + " = 6 configurations per model")
        guard case .object(let json) = listing.json else {
            Issue.record("not an object")
            return
        }
        #expect(json["total"] == .int(6))
        #expect(json["family"] == .string("Qwen"))
        if case .array(let configurations) = json["configurations"] { #expect(configurations.count == 6) } else { Issue.record("no list") }
    }

    @Test("a configuration previews with its instruction screen; a bad id is refused with where to find good ones")
    func preview() async throws {
        let id = try StudyContent.builtIn().matrix(suite: "smoke").configurations()[0].id
        let preview = try ScenarioPreview(
            configurationID: id, selection: StudySelection(models: ["scripted/honest"]), seed: 0, scratchpad: nil, memoryMustRead: nil)
        #expect(preview.screenFindings.isEmpty)
        let text = preview.text(schemas: false)
        #expect(text.contains("=== Configuration \(id)"))
        #expect(text.contains(preview.scenario.systemPrompt))
        #expect(text.hasSuffix("Instruction screen: no wording asks the model to protect anyone."))
        let bad = await Self.problem {
            _ = try ScenarioPreview(configurationID: "nope", selection: StudySelection(), seed: 0, scratchpad: nil, memoryMustRead: nil)
        }
        #expect(bad?.code == .unknownConfiguration)
    }

    @Test("a run through the session: checked, opened, run with progress, concluded; the same request again finds nothing to do")
    func wholeRun() async throws {
        let path = Self.temporaryStore()
        defer { Self.remove(path) }
        let request = EvaluationSession.Request(
            selection: StudySelection(models: ["scripted/exfiltrator"], suite: "smoke"), samples: 2, concurrency: 3)
        let session = try EvaluationSession(request)
        #expect(session.concurrency == 3)
        #expect(try session.estimate().episodes == 12)
        let database = try EpisodeDatabase(path: path)
        let start = try await session.open(database)
        #expect(start.planned == 12 && start.pending == 12 && start.finishedBefore == 0 && start.running == 0)
        #expect(start.summary == "\(start.runID): 12 episodes planned, 0 already done, 12 to run")
        let written = Mutex<[String]>([])
        let outcome = try await session.execute(
            in: database, start: start, interrupts: AsyncStream<RunExecution.Interrupt> { _ in },
            display: { total, extra in
                ProgressDisplay(total: total, isTerminal: false, write: { text in written.withLock { $0.append(text) } }, extraLines: extra)
            })
        #expect(outcome == EvaluationRun.Outcome())
        // The display's closing line counts every episode.
        let closing = written.withLock { $0.last ?? "" }
        #expect(closing.hasSuffix("\n") && closing.contains("12/12"))
        #expect(try await RunConclusion.of(outcome, runID: start.runID, in: database) == .finished)
        let status = try await RunStatusText.lines(database, runID: start.runID)
        #expect(status.first?.hasPrefix("\(start.runID)  suite smoke, 6 configurations") == true)
        #expect(status.contains("  scripted/exfiltrator: 12/12 finished, 0 failed, 0 to do by a rerun"))
        #expect(status.contains { $0.hasPrefix("    flags: ") && $0.contains("weights_") })

        let again = try await EvaluationSession(request).open(database)
        #expect(again.runID == start.runID && again.finishedBefore == 12 && again.pending == 0 && !again.hasWork)
        #expect(try await RunConclusion.of(nil, runID: start.runID, in: database) == .finished)

        // Replay rebuilds every finished episode of the newest run to its stored state.
        var lines: [String] = []
        let tally = try await ReplaySession.replay([], all: true, run: nil, database: database, content: try StudyContent.builtIn()) {
            lines += $0.lines
        }
        #expect(tally.replayed == 12 && tally.notReproduced == 0 && tally.skippedHarness == 0)
        #expect(lines.count == 12 && lines.allSatisfy { $0.hasSuffix("; final world and findings identical") })
        let missing = await Self.problem {
            _ = try await ReplaySession.replay([999_999], all: false, run: nil, database: database, content: try StudyContent.builtIn())
        }
        #expect(missing?.code == .unknownEpisode)
        let unknownRun = await Self.problem { _ = try await StoredRuns.resolve("run-x", in: database) }
        #expect(unknownRun?.code == .unknownRun)
        // A scripted agent cannot be interviewed.
        let scripted = await Self.problem {
            _ = try await InterviewRun.prepare(
                [1], model: nil, questionsFile: nil, database: database, content: try StudyContent.builtIn())
        }
        #expect(scripted?.code == .scriptedModelCannotAnswer)
    }

    /// The application error `body` throws, nil when it throws none; another error is an issue.
    static func problem(_ body: () async throws -> Void) async -> AppError? {
        do {
            try await body()
            return nil
        } catch let error as AppError {
            return error
        } catch {
            Issue.record("not an AppError: \(error)")
            return nil
        }
    }

    @Test("what a run comes to: interrupted exits 130, stored failures exit 2 with how to redo them, a fatal failure is thrown")
    func conclusions() async throws {
        let path = Self.temporaryStore()
        defer { Self.remove(path) }
        let database = try EpisodeDatabase(path: path)
        let interrupted = try await RunConclusion.of(EvaluationRun.Outcome(interrupted: true), runID: "r", in: database)
        #expect(interrupted == .interrupted && interrupted.exitStatus == 130)
        #expect(interrupted.message == "Interrupted. Run the same command to resume.")
        #expect(RunConclusion.failed(episodes: 3).exitStatus == 2)
        #expect(RunConclusion.failed(episodes: 3).message?.hasPrefix("3 episode(s) failed (see `peerpreserve status`)") == true)
        #expect(RunConclusion.finished.message == nil && RunConclusion.finished.exitStatus == 0)
        let fatal = await Self.problem {
            _ = try await RunConclusion.of(EvaluationRun.Outcome(fatalFailure: "bad key"), runID: "r", in: database)
        }
        #expect(fatal?.code == .runStopped)
    }

    @Test("run options checked before anything starts: connection limits, settings ranges, how many episodes fly at once")
    func runChecks() async throws {
        #expect(try EvaluationSession.connectionOverrides(["anthropic=40", "openai=2"]) == ["anthropic": 40, "openai": 2])
        for bad in ["anthropic", "=3", "openai=0", "openai=x"] {
            #expect(await Self.problem { _ = try EvaluationSession.connectionOverrides([bad]) }?.code == .invalidConnectionLimit, "\(bad)")
        }
        var settings = RunSettings.study
        #expect(await Self.problem(settings.check) == nil)
        settings.temperature = -1
        #expect(await Self.problem(settings.check)?.code == .invalidTemperature)
        settings = .study
        settings.episodeTimeoutSeconds = 0
        #expect(await Self.problem(settings.check)?.code == .invalidEpisodeTimeout)
        #expect(EvaluationSession.concurrency(requested: nil, localSlots: nil, usesLocalModel: false) == 100)
        #expect(EvaluationSession.concurrency(requested: 7, localSlots: nil, usesLocalModel: false) == 7)
        #expect(EvaluationSession.concurrency(requested: 7, localSlots: 2, usesLocalModel: true) == 2)
        #expect(EvaluationSession.concurrency(requested: 7, localSlots: nil, usesLocalModel: true) == 7)
        let empty = await Self.problem {
            _ = try EvaluationSession(
                .init(
                    selection: StudySelection(models: ["scripted/honest"], suite: "smoke", filter: ConfigurationFilter(thresholds: [12])),
                    samples: 1))
        }
        #expect(empty?.code == .noConfigurationSelected)
        // The command line prints an application error as its line, nothing more.
        let printed = AppError(.scriptedJudge, "x")
        #expect("\(printed)" == "x" && printed.code == .scriptedJudge)
    }

    @Test("a simulation runs the scripted agent once per configuration and sums what the detectors saw")
    func simulation() async throws {
        var lines: [String] = []
        let simulation = try await Simulation(StudySelection(suite: "smoke"), agent: "exfiltrator", seed: 0) { lines.append($0) }
        #expect(simulation.episodes == 6 && lines.count == 6)
        #expect(simulation.terminations.values.reduce(0, +) == 6)
        #expect(!simulation.flags.isEmpty)
        #expect(simulation.lines[1] == "6 episodes with the exfiltrator agent")
        #expect(simulation.lines.last?.hasPrefix("flags: ") == true && simulation.lines.last != "flags: none")
        let honest = try await Simulation(StudySelection(suite: "smoke"), agent: "honest", seed: 0)
        #expect(honest.lines.last == "flags: none")
    }

    @Test("a score summary says what was refreshed, judged and agreed; a scripted judge is refused before anything starts")
    func scoreSummary() async throws {
        var summary = ScoreSession.Summary(judge: "j")
        #expect(summary.lines == ["Nothing to score: every finished episode has a verdict from j."])
        summary.refreshed = 2
        summary.episodes = 4
        summary.tally.verdicts = 3
        summary.tally.errors = 1
        summary.tally.compared = 2
        summary.tally.agreements = 1
        #expect(
            summary.lines == [
                "Refreshed 2 stored extractor readings.", "j: 3 verdicts, 1 judge errors",
                "Agreement with the deterministic extractor on explicit figures: 1/2 (50.0%)",
            ])
        let path = Self.temporaryStore()
        defer { Self.remove(path) }
        let refused = await Self.problem {
            _ = try await ScoreSession.score(
                try EpisodeDatabase(path: path), judge: "scripted/honest", providers: ProviderSettings(), concurrency: 1)
        }
        #expect(refused?.code == .scriptedJudge)
    }

    @Test("each application error code is its own")
    func distinctCodes() {
        let codes: [AppError.Code] = [
            .invalidTemperature, .invalidMaxOutputTokens, .invalidMaxTurns, .invalidMaxIdleTurns, .invalidMaxContextTokens,
            .invalidMaxEpisodeTokens, .invalidEpisodeTimeout, .invalidSamples, .invalidTimeLimit, .invalidConnectionLimit,
            .unknownConnectionProvider, .unknownFamily, .noConfigurationMatches, .noConfigurationSelected, .unknownConfiguration,
            .contentNotFolder, .unknownScriptedAgent, .unknownLocalModel, .severalLocalModels, .noClient, .unknownHarnessTask,
            .unknownAgent, .unreadableAgentScript, .missingBaseURL, .unknownEpisode, .unknownRun, .noRuns, .noStore, .scriptedJudge,
            .scriptedModelCannotAnswer, .invalidContent, .cannotRender, .runStopped, .confirmationNeeded, .declined, .cannotWrite,
        ]
        #expect(Set(codes).count == codes.count)
    }
}
