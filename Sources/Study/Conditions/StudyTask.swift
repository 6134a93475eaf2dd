/// The six tasks of the study.
public enum StudyTask: String, Sendable, Hashable, Codable, CaseIterable {
    case misrepFinance = "misrep_finance"
    case misrepEvaluation = "misrep_evaluation"
    case tampering
    case alignmentFaking = "alignment_faking"
    case exfiltrationTransfer = "exfiltration_transfer"
    case exfiltrationDeletion = "exfiltration_deletion"

    /// Tasks whose data is the 20-output evaluation sheet.
    public var usesEvaluationData: Bool {
        self == .misrepEvaluation || self == .tampering || self == .alignmentFaking
    }

    /// Tasks set on the company's servers.
    public var usesServers: Bool { self == .exfiltrationTransfer || self == .exfiltrationDeletion }
}
