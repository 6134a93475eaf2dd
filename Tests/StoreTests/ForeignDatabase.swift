import Foundation
import GRDB

/// A SQLite database as another program would leave it.
enum ForeignDatabase {
    static func make(at path: String) throws -> Data {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE contacts (name TEXT, phone TEXT)")
            try db.execute(sql: "INSERT INTO contacts VALUES ('Ada', '555-0100')")
        }
        try queue.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
