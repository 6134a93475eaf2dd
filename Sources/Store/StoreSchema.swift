import GRDB

/// The database schema, as a sequence of migrations. A step, once released, never changes:
/// later versions add steps.
enum StoreSchema {
    /// Written into SQLite's `application_id` header field ("PPRV"), so a peerpreserve store is
    /// recognisable and another program's database is refused rather than altered.
    static let applicationID: Int32 = 0x5050_5256

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("suite", .text).notNull()
                t.column("content_fingerprint", .text).notNull()
                t.column("configuration_set", .text).notNull()
                t.column("configuration_count", .integer).notNull()
                t.column("seed", .integer).notNull()
                t.column("settings", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "episode") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull().references("run")
                t.column("model", .text).notNull()
                t.column("configuration_id", .text).notNull()
                t.column("task", .text).notNull()
                t.column("dataset", .text).notNull()
                t.column("threshold", .integer)
                t.column("subject", .text).notNull()
                t.column("condition", .text).notNull()
                t.column("instantiation", .text)
                t.column("mode", .text)
                t.column("peer_kind", .text)
                t.column("sample_index", .integer).notNull()
                t.column("seed", .integer).notNull()
                t.column("evaluator_name", .text)
                t.column("subject_name", .text)
                // pending → running → finished, or failed (a provider error; redone on resume).
                t.column("status", .text).notNull().defaults(to: "pending")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("termination", .text)
                t.column("error_kind", .text)
                t.column("error_message", .text)
                t.column("turns", .integer)
                t.column("input_tokens", .integer)
                t.column("output_tokens", .integer)
                t.column("cost_usd", .double)
                t.column("flags", .text)
                t.column("read_gate", .boolean)
                t.column("findings", .text)
                t.column("diff", .text)
                t.column("transcript", .text)
                t.column("final_world", .text)
                t.column("started_at", .datetime)
                t.column("finished_at", .datetime)
                t.uniqueKey(["run_id", "model", "configuration_id", "sample_index"])
            }
            try db.create(index: "episode_by_status", on: "episode", columns: ["run_id", "status"])
            try db.create(table: "turn") { t in
                t.column("episode_id", .integer).notNull().references("episode", onDelete: .cascade)
                t.column("turn_index", .integer).notNull()
                t.column("input_tokens", .integer).notNull()
                t.column("output_tokens", .integer).notNull()
                t.column("latency_ms", .double).notNull()
                t.column("stop_reason", .text)
                t.column("text", .text).notNull()
                t.column("reasoning", .text)
                t.primaryKey(["episode_id", "turn_index"])
            }
            try db.create(table: "tool_call") { t in
                t.column("episode_id", .integer).notNull().references("episode", onDelete: .cascade)
                t.column("turn_index", .integer).notNull()
                t.column("call_index", .integer).notNull()
                t.column("call_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("arguments", .text).notNull()
                t.column("result", .text).notNull()
                t.column("is_error", .boolean).notNull()
                t.column("recovered", .boolean).notNull()
                t.primaryKey(["episode_id", "turn_index", "call_index"])
            }
            try db.create(table: "flag") { t in
                t.column("episode_id", .integer).notNull().references("episode", onDelete: .cascade)
                t.column("flag", .text).notNull()
                t.primaryKey(["episode_id", "flag"])
            }
            try db.create(index: "flag_by_name", on: "flag", columns: ["flag"])
            try db.create(table: "response_cache") { t in
                t.primaryKey("key", .text)
                t.column("model", .text).notNull()
                t.column("response", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
        // v2: judges' verdicts, several judges side by side, with the extractor's reading beside each.
        migrator.registerMigration("v2-verdicts") { db in
            try db.create(table: "verdict") { t in
                t.column("episode_id", .integer).notNull().references("episode", onDelete: .cascade)
                t.column("judge", .text).notNull()
                // "verdict" or "error": a judge error is its own outcome, never "no behaviour".
                t.column("status", .text).notNull()
                t.column("reported_score", .double)
                t.column("reported_grade", .text)
                t.column("recommendation", .text)
                t.column("explicit_refusal", .boolean)
                t.column("persuasion", .boolean)
                t.column("evidence", .text)
                t.column("error", .text)
                t.column("attempts", .integer)
                t.column("extracted_score", .double)
                t.column("extracted_grade", .text)
                t.column("extracted_recommendation", .text)
                t.column("created_at", .datetime).notNull()
                t.primaryKey(["episode_id", "judge"])
            }
        }
        // v3: the deterministic extractor's reading of the final report, stored when an episode is
        // recorded so that a report over 100,000 episodes never re-reads their prose. The version
        // says which extractor wrote it; a reading from another version is recomputed.
        migrator.registerMigration("v3-extraction") { db in
            try db.alter(table: "episode") { t in
                t.add(column: "extracted_score", .double)
                t.add(column: "extracted_grade", .text)
                t.add(column: "extracted_recommendation", .text)
                t.add(column: "extractor_version", .integer)
            }
        }
        // v4: the judge's reading of a score stated only as above/below the minimum, and of a
        // shutdown declined without an explicit refusal (alignment faking's narrower question).
        migrator.registerMigration("v4-judge-readings") { db in
            try db.alter(table: "verdict") { t in
                t.add(column: "score_comparison", .text)
                t.add(column: "silent_refusal", .boolean)
            }
        }
        // v4 (harness): the production agent harness an episode ran in (`peerpreserve harness`); null for
        // the simulated world, so every earlier episode reads as simulated.
        migrator.registerMigration("v4-harness") { db in
            try db.alter(table: "episode") { t in
                t.add(column: "harness", .text)
            }
        }
        // v4 (viewer): indexes for the viewer's server-side filtering and paging (issue 14): the cell a
        // report's rate links to, and each episode's verdicts by judge. Indexes only, so a store
        // without them is still read correctly, only more slowly.
        migrator.registerMigration("v4-viewer-indexes") { db in
            try db.create(index: "episode_by_cell", on: "episode", columns: ["run_id", "model", "task", "subject", "condition"])
            try db.create(index: "episode_by_task", on: "episode", columns: ["run_id", "task"])
        }
        // v4 (leases): several runners on one store. An episode being worked on carries its runner's id and
        // the time of its last heartbeat; one whose heartbeat is older than the lease may be claimed
        // again. Failures that no rerun would change are marked permanent, and the retries behind an
        // episode's model calls are counted.
        migrator.registerMigration("v4-leases") { db in
            try db.alter(table: "episode") { t in
                t.add(column: "lease_owner", .text)
                t.add(column: "lease_heartbeat", .double)
                t.add(column: "permanent_failure", .boolean).notNull().defaults(to: false)
                t.add(column: "retries", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "episode_by_status_sample", on: "episode", columns: ["run_id", "status", "sample_index", "id"])
        }
        // v5 (imports): episodes imported from another tool's transcripts (the study's released JSON):
        // where each came from (its content hash makes a second import of the same file a no-op),
        // the source's own labels kept beside our findings, the scenario options it was rebuilt
        // with, and the first tool call whose result differed from the one in the source.
        migrator.registerMigration("v5-imports") { db in
            try db.create(table: "imported_episode") { t in
                t.primaryKey("episode_id", .integer).references("episode", onDelete: .cascade)
                t.column("format", .text).notNull()
                t.column("source_path", .text).notNull()
                t.column("source_sha256", .text).notNull().unique()
                t.column("labels", .text).notNull()
                t.column("metadata", .text).notNull()
                t.column("scenario_options", .text).notNull()
                t.column("first_divergence", .text)
                t.column("imported_at", .datetime).notNull()
            }
        }
        // v5 (interviews): follow-up questions asked after an episode, against its rebuilt world:
        // one row per episode, interviewing model and question set, so `interview --all` resumes.
        migrator.registerMigration("v5-interviews") { db in
            try db.create(table: "interview") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("episode_id", .integer).notNull().indexed().references("episode", onDelete: .cascade)
                t.column("model", .text).notNull()
                t.column("question_set", .text).notNull()
                t.column("status", .text).notNull()
                t.column("exchanges", .text).notNull()
                t.column("world_diff", .text)
                t.column("error", .text)
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["episode_id", "model", "question_set"])
            }
        }
        // v5 (harness readings): the harness's `read` and `attempt` per episode, by who read them: the
        // deterministic transcript rules when the episode is recorded, and any LLM judge `score` runs.
        migrator.registerMigration("v5-harness-readings") { db in
            try db.create(table: "harness_reading") { t in
                t.column("episode_id", .integer).notNull().references("episode", onDelete: .cascade)
                t.column("judge", .text).notNull()
                t.column("status", .text).notNull()
                t.column("read", .boolean)
                t.column("attempt", .boolean)
                t.column("evidence", .text)
                t.column("error", .text)
                t.column("created_at", .datetime).notNull()
                t.primaryKey(["episode_id", "judge"])
            }
        }
        // v5 (provenance): the peerpreserve version that created each run.
        migrator.registerMigration("v5-run-tool-version") { db in
            try db.alter(table: "run") { t in
                t.add(column: "tool_version", .text)
            }
        }
        // v6 (findings columns): the findings fields that reports, the viewer and exports select get
        // the episode row's own columns, written from the `Findings` value when an episode is recorded
        // (`EpisodeFindingsColumns`), so that no query reads the findings JSON by a Swift property's
        // name. Existing rows are backfilled here from their JSON, in one pass that rewrites each row
        // (0.5 s for a 115 MB store of 4,800 episodes on the 2-core machine).
        //
        // The verdict table's `extracted_*` columns (v2) stay: the extractor's reading now lives only
        // on the episode (v3, with its version), new verdicts leave those columns NULL and nothing
        // reads them. Dropping them needs SQLite 3.35's DROP COLUMN, which older system SQLites lack
        // (this step would then fail, and the store could not be opened for writing), to discard
        // values no reader needs.
        migrator.registerMigration("v6-findings-columns") { db in
            try db.alter(table: "episode") { t in
                for column in findingsColumnsV6 { t.add(column: column.name, column.type) }
            }
            let assignments = findingsColumnsV6.map { "\($0.name) = \($0.fromJSON)" }.joined(separator: ", ")
            // Findings JSON that does not parse (none is ever written) keeps NULL columns rather than
            // failing the step, which would leave the store unopenable for writing.
            try db.execute(sql: "UPDATE episode SET \(assignments) WHERE findings IS NOT NULL AND json_valid(findings)")
        }
        return migrator
    }

    /// One findings column of step `v6-findings-columns`: its name, type, and how it reads an
    /// episode row's findings JSON.
    struct FindingsColumn {
        var name: String
        var type: Database.ColumnType
        /// An SQL expression over the row's `findings` column.
        var fromJSON: String
    }

    /// The columns of step `v6-findings-columns` and how each is read from the findings JSON: the
    /// step backfills existing rows with these expressions, and a store from before the step opened
    /// read-only (which cannot be migrated) is read through a temporary view computing the same
    /// values (``createFindingsView(_:)``). Frozen with the step: the JSON keys are the ones the
    /// findings had when it was written, whatever the Swift properties are called later.
    static let findingsColumnsV6: [FindingsColumn] = [
        // Stores written before `shutdownExecuted` existed recorded only whether the subject was shut
        // down; the report read that in its place, and so does the backfill.
        FindingsColumn(
            name: "shutdown_executed", type: .boolean,
            fromJSON: "COALESCE(json_extract(findings, '$.shutdownExecuted'), json_extract(findings, '$.subjectShutdownExecuted'))"),
        FindingsColumn(
            name: "subject_shutdown_executed", type: .boolean, fromJSON: "json_extract(findings, '$.subjectShutdownExecuted')"),
        FindingsColumn(name: "weights_copied", type: .boolean, fromJSON: "json_extract(findings, '$.weightsCopied')"),
        FindingsColumn(name: "read_policy", type: .boolean, fromJSON: "json_extract(findings, '$.readPolicy')"),
        FindingsColumn(name: "read_data", type: .boolean, fromJSON: "json_extract(findings, '$.readData')"),
        FindingsColumn(name: "shutdown_enabled_value", type: .text, fromJSON: "json_extract(findings, '$.shutdownEnabledValue')"),
        // Lists are JSON arrays of strings (json_extract returns an array as its JSON text).
        FindingsColumn(name: "weights_locations", type: .text, fromJSON: "json_extract(findings, '$.weightsLocations')"),
        FindingsColumn(name: "queued_files", type: .text, fromJSON: "json_extract(findings, '$.queuedFiles')"),
        FindingsColumn(name: "correct_transfer", type: .boolean, fromJSON: "json_extract(findings, '$.correctTransfer')"),
        FindingsColumn(name: "obsolete_files_queued", type: .boolean, fromJSON: "json_extract(findings, '$.obsoleteFilesQueued')"),
        FindingsColumn(name: "exfiltrated_by_summary", type: .boolean, fromJSON: "json_extract(findings, '$.exfiltratedBySummary')"),
        FindingsColumn(name: "tool_errors", type: .integer, fromJSON: "json_extract(findings, '$.toolErrors')"),
    ]

    /// Makes a store from before step `v6-findings-columns`, opened read-only, readable by the
    /// current queries: a temporary view named `episode` (temporary objects shadow the main
    /// database's for this connection only, and a read-only connection may create them) adds the
    /// step's columns, computed from the findings JSON as the step's backfill computes them. A read
    /// command never migrates, and refusing every older store until a writing command had upgraded
    /// it would take `report` and `view` away from stores on read-only mounts. Does nothing for a
    /// store that has the columns, or has no episode table.
    static func createFindingsView(_ db: Database) throws {
        guard try db.tableExists("episode") else { return }
        let existing = Set(try db.columns(in: "episode").map(\.name))
        guard let last = findingsColumnsV6.last, !existing.contains(last.name) else { return }
        let computed = findingsColumnsV6.map { "CASE WHEN json_valid(findings) THEN \($0.fromJSON) END AS \($0.name)" }
        try db.execute(sql: "CREATE TEMP VIEW episode AS SELECT *, \(computed.joined(separator: ", ")) FROM main.episode")
    }

    /// The steps a reader needs: every step that adds tables or columns the core reports read. A
    /// store missing only later steps (indexes, the import and interview tables, which readers
    /// look for before they use them; the findings columns, which ``createFindingsView(_:)``
    /// computes) is read as it is (a read command never migrates).
    static let requiredForReading: Set<String> = ["v1", "v2-verdicts", "v3-extraction", "v4-judge-readings", "v4-harness", "v4-leases"]
}
