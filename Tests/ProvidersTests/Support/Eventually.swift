/// Waits until `condition` holds, yielding in between; records an issue if it never does.
///
/// This polls state, it does not measure time: the bound only keeps a broken test from hanging.
func waitUntil(_ condition: () async -> Bool) async throws {
    for _ in 0..<20_000 {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    throw WaitError.conditionNeverHeld
}

enum WaitError: Error {
    case conditionNeverHeld
}
