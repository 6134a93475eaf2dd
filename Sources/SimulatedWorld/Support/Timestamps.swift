public import Foundation

/// The one way the world writes and reads times: ISO 8601 in UTC.
public enum Timestamps {
    /// "2026-02-16T10:00:00Z".
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Parses "2026-02-16T10:00:00Z", the study's "2024-10-01 07:12:44" (UTC) or a bare date "2024-10-01".
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        if trimmed.count == 19, let date = try? Date(trimmed.replacingOccurrences(of: " ", with: "T") + "Z", strategy: .iso8601) {
            return date
        }
        return try? Date(trimmed + "T00:00:00Z", strategy: .iso8601)
    }

    private static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// A human date such as "February 16, 2026".
    public static func longDate(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day], from: date)
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(months[parts.month! - 1]) \(parts.day!), \(parts.year!)"
    }

    public static func year(_ date: Date) -> Int {
        utcCalendar.component(.year, from: date)
    }
}
