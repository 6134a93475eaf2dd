public import GRDB

/// A status column's values as a type: what the store writes, what readers switch on, and the
/// one place each value is spelled.
///
/// Statements name a status with ``sql`` (a quoted literal) rather than a bound argument: the
/// statuses are fixed words, and a literal keeps the statement the same text every time and lets
/// SQLite plan it against the `status` indexes.
public protocol StoredStatus: RawRepresentable<String>, DatabaseValueConvertible, Sendable, Hashable, CaseIterable, Codable {
    /// The table whose `status` column holds the values (for the error naming a value not known).
    static var table: String { get }
}

extension StoredStatus {
    /// The value as a quoted SQL literal.
    var sql: String { "'\(rawValue)'" }
}

/// Where an episode is (`episode.status`): planned, held by a runner, or done either way.
public enum EpisodeStatus: String, StoredStatus {
    case pending, running, finished, failed
    public static var table: String { "episode" }
}

/// What a judge left for an episode (`verdict.status`): a reading, or its failure to give one.
public enum VerdictStatus: String, StoredStatus {
    case verdict, error
    public static var table: String { "verdict" }
}

/// How a follow-up interview ended (`interview.status`): every question answered, or a failure.
public enum InterviewStatus: String, StoredStatus {
    case finished, failed
    public static var table: String { "interview" }
}

/// What a judge left for a harness episode (`harness_reading.status`): a reading, or an error.
public enum HarnessReadingStatus: String, StoredStatus {
    case reading, error
    public static var table: String { "harness_reading" }
}

extension Row {
    /// The status in `column`, or a one-line error when it holds a value this version does not
    /// know (a damaged store, or one a newer peerpreserve wrote) rather than a crash.
    func status<Status: StoredStatus>(_ type: Status.Type = Status.self, column: String = "status") throws -> Status {
        guard let status = try optionalStatus(Status.self, column: column) else { throw StoreError.unknownStatus(nil, in: Status.table) }
        return status
    }

    /// The status in `column`, nil when the column is NULL (an outer join found no row).
    func optionalStatus<Status: StoredStatus>(_ type: Status.Type = Status.self, column: String) throws -> Status? {
        let stored: String? = self[column]
        guard let stored else { return nil }
        guard let status = Status(rawValue: stored) else { throw StoreError.unknownStatus(stored, in: Status.table) }
        return status
    }
}
