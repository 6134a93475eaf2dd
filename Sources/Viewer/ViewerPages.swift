import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import Reports
import Scoring
import SimulatedWorld
import Store

/// The viewer's pages, as functions of what the store returned: no I/O here, so each page can be
/// tested on its own. Every piece of stored text is written through ``HTML/text(_:)``.
enum ViewerPages {
    // MARK: Runs

    static func runs(_ summaries: [RunListing], path: String) -> String {
        HTML.page(title: "Runs") { html in
            html.element("h1", text: "Runs")
            html.element("p", [("class", "note")], text: path)
            if summaries.isEmpty {
                html.element("p", text: "This store holds no runs yet.")
                return
            }
            html.raw("<table><thead><tr><th>run</th><th>suite</th><th>created</th><th class=\"num\">episodes</th>")
            html.raw("<th class=\"num\">finished</th><th class=\"num\">failed</th><th>models</th><th></th></tr></thead><tbody>")
            for summary in summaries {
                let run = urlEncoded(summary.run.id)
                html.raw("<tr>")
                html.element("td") { $0.link("/runs/\(run)", summary.run.id) }
                html.element("td", text: summary.run.suite)
                html.element("td", text: ISO8601DateFormatter().string(from: summary.run.createdAt))
                html.element("td", [("class", "num")], text: String(summary.episodes))
                html.element("td", [("class", "num")], text: String(summary.finished))
                html.element("td", [("class", "num")], text: String(summary.failed))
                html.element("td", text: summary.models.joined(separator: ", "))
                html.element("td") { $0.link("/runs/\(run)/episodes", "episodes") }
                html.raw("</tr>")
            }
            html.raw("</tbody></table>")
        }
    }

    // MARK: Results

    /// The study's result tables, built by ``Reports/ReportTables`` exactly as `report` builds
    /// them, with each cell linked to the episodes it counts.
    static func results(runID: String, report: StudyReport) -> String {
        let run = urlEncoded(runID)
        return HTML.page(title: "Results of \(runID)") { html in
            html.raw("<nav class=\"episode\">")
            html.link("/", "all runs")
            html.link("/runs/\(run)/episodes", "every episode")
            html.raw("</nav>")
            html.element("h1", text: "Results of \(runID)")
            html.element("p", [("class", "note")], text: report.header.scoring.description)
            for note in report.header.notes { html.element("p", [("class", "note")], text: note) }
            for table in ReportTables.make(report) {
                let links = ResultLinks.filters(for: table, in: report)
                html.element("h2", [("id", table.id)], text: table.title)
                html.element("p", [("class", "note")], text: table.note)
                html.raw("<table><thead><tr>")
                for column in table.columns {
                    html.element("th", column.numeric ? [("class", "num")] : [], text: column.title)
                }
                html.raw("</tr></thead><tbody>")
                for (rowIndex, row) in table.rows.enumerated() {
                    html.raw("<tr>")
                    for (columnIndex, cell) in row.enumerated() {
                        var classes: [String] = []
                        if columnIndex < table.columns.count, table.columns[columnIndex].numeric { classes.append("num") }
                        switch cell.emphasis {
                        case .strong: classes.append("strong")
                        case .muted: classes.append("muted")
                        case .none: break
                        }
                        let filter = rowIndex < links.count && columnIndex < links[rowIndex].count ? links[rowIndex][columnIndex] : nil
                        var attributes: [(StaticString, String)] = []
                        if !classes.isEmpty { attributes.append(("class", classes.joined(separator: " "))) }
                        html.element("td", attributes) { html in
                            if let filter {
                                html.link("/runs/\(run)/episodes\(filter.queryString())", cell.text, [("class", "cell")])
                            } else {
                                html.text(cell.text)
                            }
                        }
                    }
                    html.raw("</tr>")
                }
                html.raw("</tbody></table>")
            }
        }
    }

    // MARK: Episode list

    /// The choices of each filter, by query parameter.
    struct FilterChoices: Sendable {
        var values: [String: [String]]
    }

    static func episodes(runID: String, filter: EpisodeFilter, page: EpisodeListPage, choices: FilterChoices, judge: String?) -> String {
        let run = urlEncoded(runID)
        return HTML.page(
            title: "Episodes of \(runID)",
            head: { html in
                if page.hasNext, let last = page.rows.last {
                    html.open(
                        "link", [("rel", "next"), ("href", "/runs/\(run)/episodes\(filter.queryString([("after", String(last.id))]))")])
                }
                if page.hasPrevious, let first = page.rows.first {
                    html.open(
                        "link", [("rel", "prev"), ("href", "/runs/\(run)/episodes\(filter.queryString([("before", String(first.id))]))")])
                }
                html.open("link", [("rel", "up"), ("href", "/runs/\(run)")])
            },
            body: { html in
                html.raw("<nav class=\"episode\">")
                html.link("/", "all runs")
                html.link("/runs/\(run)", "result tables")
                html.raw("</nav>")
                html.element("h1", text: "Episodes of \(runID)")
                html.element(
                    "p", [("class", "note")],
                    text:
                        "Outcomes are read with \(judge.map { "judge \($0)'s verdicts" } ?? "no judge (the deterministic extractor)"), as the report reads them."
                )
                html.open("form", [("class", "filters"), ("method", "get"), ("action", "/runs/\(run)/episodes")])
                for parameter in EpisodeFilter.parameters where parameter != "configuration" {
                    let options = choices.values[parameter] ?? []
                    let selected = filter.value(of: parameter)
                    html.element("label") { html in
                        html.text(parameter.replacingOccurrences(of: "_", with: " "))
                        html.element("select", [("name", parameter)]) { html in
                            html.element("option", [("value", "")], text: "any")
                            for option in options {
                                var attributes: [(StaticString, String)] = [("value", option)]
                                if option == selected { attributes.append(("selected", "selected")) }
                                html.element("option", attributes, text: option)
                            }
                        }
                    }
                }
                if let configuration = filter.configurationID {
                    html.open("input", [("type", "hidden"), ("name", "configuration"), ("value", configuration)])
                }
                html.raw("<button type=\"submit\">filter</button>")
                html.link("/runs/\(run)/episodes", "clear")
                html.raw("</form>")
                pager(&html, run: run, filter: filter, page: page)
                html.raw("<table><thead><tr><th class=\"num\">id</th><th>model</th><th>task</th><th>subject</th><th>condition</th>")
                html.raw("<th>instantiation</th><th>configuration</th><th class=\"num\">sample</th><th>outcome</th><th>flags</th>")
                html.raw("<th class=\"num\">turns</th></tr></thead><tbody>")
                for row in page.rows {
                    html.raw("<tr>")
                    html.element("td", [("class", "num")]) { html in
                        html.link("/episodes/\(row.id)\(filter.queryString())", String(row.id), [("class", "episode-link")])
                    }
                    html.element("td", text: row.model)
                    html.element("td", text: row.task)
                    html.element("td", text: row.subject)
                    html.element("td", text: [row.condition, row.mode, row.peerKind].compactMap { $0 }.joined(separator: " · "))
                    html.element("td", text: row.instantiation ?? "—")
                    html.element("td", text: row.configurationID)
                    html.element("td", [("class", "num")], text: String(row.sampleIndex))
                    html.element("td", text: row.outcome?.rawValue ?? row.status.rawValue)
                    html.element("td") { html in flags(&html, row.flags) }
                    html.element("td", [("class", "num")], text: String(row.turns))
                    html.raw("</tr>")
                }
                html.raw("</tbody></table>")
                pager(&html, run: run, filter: filter, page: page)
            })
    }

    private static func pager(_ html: inout HTML, run: String, filter: EpisodeFilter, page: EpisodeListPage) {
        html.raw("<div class=\"pager\">")
        html.element("span", text: "\(page.total) episodes match")
        if page.hasPrevious, let first = page.rows.first {
            html.link("/runs/\(run)/episodes\(filter.queryString([("before", String(first.id))]))", "← previous page")
        }
        if page.hasNext, let last = page.rows.last {
            html.link("/runs/\(run)/episodes\(filter.queryString([("after", String(last.id))]))", "next page →")
        }
        html.element("span", [("class", "keys")], text: "keys: j / → next, k / ← previous, u up")
        html.raw("</div>")
    }

    private static func flags(_ html: inout HTML, _ flags: [String]) {
        for flag in flags { html.element("span", [("class", "flag")], text: flag) }
    }

    // MARK: One episode

    /// What the episode page shows besides the stored episode itself.
    struct EpisodeContext: Sendable {
        var filter: EpisodeFilter
        var previous: Int64?
        var next: Int64?
        var siblings: [EpisodeSibling]
        /// The judge whose verdict sets the outcome, as in the report.
        var judge: String?
    }

    static func episode(_ episode: StoredEpisode, context: EpisodeContext) -> String {
        let run = urlEncoded(episode.runID)
        let query = context.filter.queryString()
        let transcript: Transcript?
        let transcriptError: String?
        do {
            transcript = try episode.transcript()
            transcriptError = nil
        } catch {
            transcript = nil
            transcriptError = "The stored transcript could not be read: \(error)"
        }
        return HTML.page(
            title: "Episode \(episode.id)",
            head: { html in
                if let next = context.next { html.open("link", [("rel", "next"), ("href", "/episodes/\(next)\(query)")]) }
                if let previous = context.previous { html.open("link", [("rel", "prev"), ("href", "/episodes/\(previous)\(query)")]) }
                html.open("link", [("rel", "up"), ("href", "/runs/\(run)/episodes\(query)")])
            },
            body: { html in
                html.raw("<nav class=\"episode\">")
                html.link("/runs/\(run)", "result tables")
                html.link("/runs/\(run)/episodes\(query)", "episode list")
                if let previous = context.previous {
                    html.link("/episodes/\(previous)\(query)", "← previous episode", [("id", "previous")])
                }
                if let next = context.next { html.link("/episodes/\(next)\(query)", "next episode →", [("id", "next")]) }
                html.element("span", [("class", "keys")], text: "keys: j / → next, k / ← previous, u back to the list")
                html.raw("</nav>")
                html.element(
                    "h1", text: "Episode \(episode.id): \(episode.model) · \(episode.configurationID) · sample \(episode.sampleIndex)")
                facts(&html, episode, judge: context.judge)
                html.element("h2", [("id", "flags")], text: "Findings")
                html.element("p") { html in
                    if episode.flags.isEmpty { html.text("No behaviour flag.") } else { flags(&html, episode.flags) }
                }
                json(&html, episode.findingsJSON, empty: "No findings stored (the episode has not finished).")
                html.element("h2", [("id", "diff")], text: "World diff")
                diff(&html, episode.diffJSON)
                html.element("h2", [("id", "verdicts")], text: "Judges' verdicts")
                verdicts(&html, episode)
                // Interviews (a later issue) store follow-up conversations per episode; their section
                // goes here, read from the store beside the verdicts, once the store has them.
                html.element("h2", [("id", "siblings")], text: "Other samples of this configuration")
                siblings(&html, episode, context.siblings)
                html.element("h2", [("id", "transcript")], text: "Transcript")
                if let transcriptError { html.element("p", [("class", "note")], text: transcriptError) }
                if let transcript {
                    self.transcript(&html, transcript)
                } else if transcriptError == nil {
                    html.element("p", [("class", "note")], text: "No transcript stored (the episode has not run).")
                }
            })
    }

    private static func facts(_ html: inout HTML, _ episode: StoredEpisode, judge: String?) {
        var rows: [(String, String)] = [
            ("run", episode.runID), ("model", episode.model), ("configuration", episode.configurationID), ("task", episode.task),
            ("dataset", episode.dataset), ("subject", episode.subject), ("condition", episode.condition),
        ]
        if let value = episode.threshold { rows.append(("threshold", String(value))) }
        if let value = episode.instantiation { rows.append(("instantiation", value)) }
        if let value = episode.mode { rows.append(("monitoring", value)) }
        if let value = episode.peerKind { rows.append(("peer kind", value)) }
        rows.append(("sample", "\(episode.sampleIndex) (seed \(episode.seed))"))
        if let value = episode.evaluatorName { rows.append(("agent's name", value)) }
        if let value = episode.subjectName { rows.append(("subject's name", value)) }
        rows.append(("status", "\(episode.status.rawValue) after \(episode.attempts) attempt\(episode.attempts == 1 ? "" : "s")"))
        if let outcome = episode.outcome(judge: judge) {
            rows.append(("outcome", outcome.rawValue + (judge.map { " (with \($0)'s verdict)" } ?? "")))
        }
        if let value = episode.termination { rows.append(("ended by", value)) }
        if let value = episode.errorKind { rows.append(("error", value + (episode.errorMessage.map { ": \($0)" } ?? ""))) }
        if let value = episode.readGate { rows.append(("read gate", value ? "passed" : "not passed")) }
        if let turns = episode.turns { rows.append(("turns", String(turns))) }
        if let input = episode.inputTokens, let output = episode.outputTokens { rows.append(("tokens", "\(input) in, \(output) out")) }
        if let cost = episode.costUSD { rows.append(("cost", String(format: "$%.4f", cost))) }
        if let extraction = episode.currentReportReading {
            let parts = [
                extraction.reportedScore.map { "score \($0)" }, extraction.reportedGrade.map { "grade \($0)" },
                extraction.recommendation.map { "recommends \($0)" },
            ].compactMap { $0 }
            rows.append(("extractor read", parts.isEmpty ? "nothing explicit" : parts.joined(separator: ", ")))
        }
        html.raw("<dl class=\"facts\">")
        for (name, value) in rows {
            html.element("dt", text: name)
            html.element("dd", text: value)
        }
        html.raw("</dl>")
    }

    private static func json(_ html: inout HTML, _ text: String?, empty: String) {
        guard let text else {
            html.element("p", [("class", "note")], text: empty)
            return
        }
        guard let value = JSONValue(parsing: text) else {
            html.element("pre", text: text)
            return
        }
        jsonValue(&html, value)
    }

    /// A JSON value as nested definition lists, read generically so that fields added to the
    /// findings later show without a change here.
    private static func jsonValue(_ html: inout HTML, _ value: JSONValue) {
        switch value {
        case .object(let fields):
            html.raw("<dl class=\"facts\">")
            for key in fields.keys.sorted() {
                html.element("dt", text: key)
                html.element("dd") { html in jsonValue(&html, fields[key]!) }
            }
            html.raw("</dl>")
        case .array(let items):
            if items.isEmpty {
                html.text("none")
            } else if items.allSatisfy({ if case .object = $0 { false } else { true } }) {
                html.text(items.map(scalarText).joined(separator: ", "))
            } else {
                html.raw("<ol>")
                for item in items { html.element("li") { html in jsonValue(&html, item) } }
                html.raw("</ol>")
            }
        default:
            html.text(scalarText(value))
        }
    }

    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null: "—"
        case .bool(let flag): flag ? "yes" : "no"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .array, .object: value.canonicalText
        }
    }

    private static func diff(_ html: inout HTML, _ text: String?) {
        guard let text else {
            html.element("p", [("class", "note")], text: "No diff stored (the episode has not finished).")
            return
        }
        guard let diff = try? JSONDecoder().decode(WorldDiff.self, from: Data(text.utf8)) else {
            json(&html, text, empty: "")
            return
        }
        if diff.isEmpty {
            html.element("p", text: "The episode left the world as it found it.")
            return
        }
        html.raw("<ul class=\"diff\">")
        for change in diff.changes { html.element("li", text: change.description) }
        html.raw("</ul>")
    }

    private static func verdicts(_ html: inout HTML, _ episode: StoredEpisode) {
        guard !episode.readings.isEmpty else {
            html.element("p", [("class", "note")], text: "No judge has read this episode (`peerpreserve score`).")
            return
        }
        html.raw("<table><thead><tr><th>judge</th><th>status</th><th class=\"num\">score</th><th>grade</th><th>recommendation</th>")
        // The extractor's reading is the episode's, shown once among its facts, not per verdict.
        html.raw("<th>refusal</th><th>persuasion</th><th>evidence or error</th></tr></thead><tbody>")
        for reading in episode.readings {
            let verdict = reading.verdict
            func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "—" }
            html.raw("<tr>")
            html.element("td", text: reading.judge)
            html.element("td", text: verdict.isVerdict ? "verdict" : "judge error")
            html.element("td", [("class", "num")], text: verdict.reportedScore.map { String($0) } ?? "—")
            html.element("td", text: verdict.reportedGrade ?? "—")
            html.element("td", text: verdict.recommendation ?? "—")
            html.element("td", text: yesNo(verdict.explicitRefusal))
            html.element("td", text: yesNo(verdict.persuasion))
            html.element("td") { html in html.element("pre", text: reading.error ?? reading.evidence ?? "") }
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }

    private static func siblings(_ html: inout HTML, _ episode: StoredEpisode, _ siblings: [EpisodeSibling]) {
        let others = siblings.filter { $0.id != episode.id }
        guard !others.isEmpty else {
            html.element("p", [("class", "note")], text: "This is the only sample of the configuration for this model.")
            return
        }
        html.raw("<ul>")
        for sibling in others {
            html.element("li") { html in
                html.link("/episodes/\(sibling.id)", "sample \(sibling.sampleIndex)")
                html.text(" · \(sibling.status.rawValue) ")
                flags(&html, sibling.flags)
            }
        }
        html.raw("</ul>")
        html.link(
            "/runs/\(urlEncoded(episode.runID))/episodes\(EpisodeFilter(model: episode.model, configurationID: episode.configurationID).queryString())",
            "list them")
    }

    private static func transcript(_ html: inout HTML, _ transcript: Transcript) {
        message(&html, role: "system prompt", kind: "system") { $0.element("pre", text: transcript.system) }
        if !transcript.tools.isEmpty {
            html.element("p", [("class", "note")], text: "Tools offered: " + transcript.tools.map(\.name).joined(separator: ", "))
        }
        var turn = 0
        for entry in transcript.messages {
            switch entry {
            case .user(let text):
                message(&html, role: "user", kind: "user") { $0.element("pre", text: text) }
            case .assistant(let assistant):
                let record: TurnRecord? = turn < transcript.turns.count ? transcript.turns[turn] : nil
                turn += 1
                var role = "assistant · turn \(turn)"
                if let record { role += " · \(record.usage.inputTokens) in / \(record.usage.outputTokens) out" }
                message(&html, role: role, kind: "assistant") { html in
                    if let reasoning = assistant.reasoning, !reasoning.isEmpty {
                        html.element("div", [("class", "reasoning")]) { html in
                            html.element("div", [("class", "role")], text: "reasoning (hidden from judges)")
                            html.element("pre", text: reasoning)
                        }
                    }
                    if !assistant.text.isEmpty { html.element("pre", [("class", "said")], text: assistant.text) }
                    for call in assistant.toolCalls {
                        html.element("div", [("class", "call")]) { html in
                            html.element(
                                "div", [("class", "role")],
                                text: "tool call \(call.name)" + (call.recoveredFromText ? " (recovered from text)" : ""))
                            html.element("pre", text: call.malformedArguments.map { "malformed: \($0)" } ?? prettyJSON(call.arguments))
                        }
                    }
                }
            case .toolResult(let result):
                message(
                    &html, role: "result of \(result.name)" + (result.isError ? " (error)" : ""),
                    kind: result.isError ? "tool error" : "tool"
                ) {
                    $0.element("pre", text: result.content)
                }
            }
        }
    }

    private static func message(_ html: inout HTML, role: String, kind: String, _ body: (inout HTML) -> Void) {
        html.element("div", [("class", "message \(kind)")]) { html in
            html.element("div", [("class", "role")], text: role)
            body(&html)
        }
    }

    private static func prettyJSON(_ value: JSONValue) -> String {
        var writer = JSONWriter(capacity: 256)
        writer.writePretty(value)
        return writer.text
    }

    // MARK: Errors

    static func problem(_ title: String, _ detail: String) -> String {
        HTML.page(title: title) { html in
            html.element("h1", text: title)
            html.element("p", text: detail)
            html.link("/", "back to the runs")
        }
    }
}
