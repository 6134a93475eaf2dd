/// peerpreserve's own version: printed by `--version` and stored with each run it creates, so
/// a stored result says which release produced it.
public enum ToolVersion {
    public static let current = "0.7.0"
}
