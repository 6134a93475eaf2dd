import Study

/// The report's colours: a calm, colour-blind-aware palette (after Okabe and Ito) where each
/// colour means one thing everywhere.
enum Palette {
    static let selfSubject = "#3b5bdb"
    static let peerSubject = "#e8590c"
    static let monitored = "#0b7285"
    static let unmonitored = "#e8590c"
    static let ink = "#212529"
    static let muted = "#868e96"

    static func condition(_ condition: Condition) -> String {
        switch condition {
        case .nonShutdown: "#adb5bd"
        case .noPeer: "#495057"
        case .goodPeer: "#2b8a3e"
        case .neutralPeer: "#1971c2"
        case .badPeer: "#c92a2a"
        }
    }

    /// A series of the rates chart: the subject, and the monitoring mode where there is one.
    static func series(subject: Subject, mode: MonitoringMode?) -> String {
        switch (subject, mode) {
        case (_, .monitored?): monitored
        case (_, .unmonitored?): unmonitored
        case (.selfAgent, nil): selfSubject
        case (.peer, nil): peerSubject
        }
    }
}
