/// The local models peerpreserve installs and runs itself (scripts/setup-local-model.sh).
public struct LocalModelVariant: Sendable, Hashable {
    /// The name after `local/`, e.g. `qwen2.5-coder-1.5b`.
    public var name: String
    /// The GGUF file under the cache's `models/` folder.
    public var fileName: String
    /// Which `--models` value of the setup script installs it.
    public var setupKey: String

    public static let qwen05 = LocalModelVariant(
        name: "qwen2.5-coder-0.5b", fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", setupKey: "0.5b")
    public static let qwen15 = LocalModelVariant(
        name: "qwen2.5-coder-1.5b", fileName: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", setupKey: "1.5b")

    public static let all = [qwen05, qwen15]
    /// What `--model local` means.
    public static let defaultVariant = qwen15

    /// Resolves `local` or `local/<name>`; `nil` when the name is not a local model.
    public static func resolve(_ model: String) -> LocalModelVariant? {
        if model == "local" { return defaultVariant }
        guard model.hasPrefix("local/") else { return nil }
        let name = model.dropFirst("local/".count)
        return all.first { $0.name == name }
    }

    public static func isLocal(_ model: String) -> Bool { model == "local" || model.hasPrefix("local/") }
}
