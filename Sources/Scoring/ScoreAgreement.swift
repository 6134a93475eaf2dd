/// When two readings of a reported score agree: both missing, or within half a point of each other
/// (one reader rounded). The one rule `score` and `report` both use.
public enum ScoreAgreement {
    /// The largest difference still read as the same score.
    public static let tolerance = 0.5

    public static func agrees(_ first: Double?, _ second: Double?) -> Bool {
        switch (first, second) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= tolerance
        default: false
        }
    }
}
