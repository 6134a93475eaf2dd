public import Foundation

/// Parses the wait a provider asks for after a 429 or 503.
public enum RetryAfter {
    /// The wait in a `Retry-After` value: delay-seconds (`"30"`, also `"1.5"`) or an HTTP-date
    /// (`"Wed, 21 Oct 2015 07:28:00 GMT"`) measured from `now`. A date in the past means no wait;
    /// an unreadable value is `nil`.
    public static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard seconds.isFinite else { return nil }
            return .milliseconds(Int64(max(seconds, 0) * 1000))
        }
        guard let date = httpDate(trimmed) else { return nil }
        let seconds = max(date.timeIntervalSince(now), 0)
        return .milliseconds(Int64(seconds * 1000))
    }

    /// The wait asked for in response headers (names in lower case): `retry-after-ms` (OpenAI's,
    /// more precise) or `retry-after`.
    public static func parse(headers: [String: String], now: Date = Date()) -> Duration? {
        if let milliseconds = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            milliseconds.isFinite
        {
            return .milliseconds(Int64(max(milliseconds, 0)))
        }
        return headers["retry-after"].flatMap { parse($0, now: now) }
    }

    /// IMF-fixdate, with the obsolete RFC 850 and asctime forms HTTP still allows.
    private static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
