extension EpisodeDatabase {
    /// Opens an existing store for reading only (``init(path:readOnly:runnerID:)`` with
    /// `readOnly: true`): nothing is migrated or written, so a read command (view, export) leaves
    /// the file as it found it and can run beside a writer. A store so old that it lacks tables or
    /// columns a reader needs is refused with a message saying how to upgrade it.
    public convenience init(readingAt path: String) throws {
        try self.init(path: path, readOnly: true)
    }
}
