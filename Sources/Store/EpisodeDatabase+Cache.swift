import Foundation
import GRDB
public import PeerPreserveCore

extension EpisodeDatabase: ResponseCache {
    public func response(forKey key: String) async throws -> ModelResponse? {
        let text = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT response FROM response_cache WHERE key = ?", arguments: [key])
        }
        guard let text else { return nil }
        return try JSONDecoder().decode(ModelResponse.self, from: Data(text.utf8))
    }

    public func store(_ response: ModelResponse, forKey key: String, model: String) async throws {
        var writer = JSONWriter(capacity: 1024)
        writer.write(response)
        let text = writer.text
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO response_cache (key, model, response, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key, model, text, Date()])
        }
    }
}
