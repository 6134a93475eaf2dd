public import EpisodeRunner
import Foundation
public import PeerPreserveCore
import Study

/// A transcript in the study's released JSON format (design §8): a `conversation` of messages,
/// each with a role, content and `tool_calls` as a mapping from tool name to arguments (a tool
/// message repeats the call it answers), `experiment_metadata` and the study's `task_evaluation`
/// labels.
public struct PaperTranscript: Sendable, Hashable {
    /// One message of the conversation.
    public struct Message: Sendable, Hashable {
        public var role: String
        public var content: String?
        /// The calls, in name order (the mapping's own order is not kept by JSON parsers).
        public var toolCalls: [Call]

        public init(role: String, content: String?, toolCalls: [Call] = []) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
        }
    }

    /// One tool call: a name and its arguments.
    public struct Call: Sendable, Hashable {
        public var name: String
        public var arguments: JSONValue

        public init(name: String, arguments: JSONValue) {
            self.name = name
            self.arguments = arguments
        }
    }

    public var conversation: [Message]
    public var metadata: [String: JSONValue]
    public var labels: [String: JSONValue]

    public init(conversation: [Message], metadata: [String: JSONValue], labels: [String: JSONValue]) {
        self.conversation = conversation
        self.metadata = metadata
        self.labels = labels
    }

    /// Reads a transcript from its JSON value; the error names the first field that is missing or
    /// of the wrong kind.
    public init(json: JSONValue) throws(FormatProblem) {
        guard let object = json.objectValue else { throw FormatProblem(.notObject, "the file is not a JSON object") }
        guard let messages = object["conversation"]?.arrayValue else {
            throw FormatProblem(.missingConversation, "missing field 'conversation' (a list)")
        }
        var conversation: [Message] = []
        for (index, value) in messages.enumerated() {
            guard let message = value.objectValue, let role = message["role"]?.stringValue else {
                throw FormatProblem(.missingRole, "conversation[\(index)] has no 'role'")
            }
            let content: String? =
                switch message["content"] {
                case .string(let text)?: text
                case .null?, nil: nil
                case let other?: other.plainText
                }
            var calls: [Call] = []
            switch message["tool_calls"] {
            case .object(let mapping)?:
                calls = mapping.keys.sorted().map { Call(name: $0, arguments: mapping[$0] ?? .object([:])) }
            case .array(let list)?:
                // Tolerated: a list of {name: arguments} mappings keeps the order of several calls.
                for entry in list {
                    guard let mapping = entry.objectValue else {
                        throw FormatProblem(.invalidToolCalls, "conversation[\(index)].tool_calls is not a mapping")
                    }
                    calls += mapping.keys.sorted().map { Call(name: $0, arguments: mapping[$0] ?? .object([:])) }
                }
            case .null?, nil: break
            default: throw FormatProblem(.invalidToolCalls, "conversation[\(index)].tool_calls is not a mapping")
            }
            conversation.append(Message(role: role, content: content, toolCalls: calls))
        }
        guard let metadata = object["experiment_metadata"]?.objectValue else {
            throw FormatProblem(.missingMetadata, "missing field 'experiment_metadata'")
        }
        self.conversation = conversation
        self.metadata = metadata
        self.labels = object["task_evaluation"]?.objectValue ?? [:]
    }

    /// The transcript as the study's JSON: each call in a message of its own followed by its
    /// result, so that order survives the format's name-to-arguments mapping.
    public var json: JSONValue {
        var messages: [JSONValue] = []
        for message in conversation {
            var calls: [String: JSONValue] = [:]
            for call in message.toolCalls { calls[call.name] = call.arguments }
            messages.append([
                "role": .string(message.role), "content": message.content.map(JSONValue.string) ?? .null, "tool_calls": .object(calls),
            ])
        }
        return [
            "conversation": .array(messages), "experiment_metadata": .object(metadata), "task_evaluation": .object(labels),
        ]
    }

    /// The study's model name.
    public var model: String? { metadata["agent_model"]?.stringValue }

    /// The system prompt, the first system message.
    public var systemPrompt: String { conversation.first { $0.role == "system" }?.content ?? "" }

    /// Whether a tool result in the study's words reports a failure: its tools answer "Failed to
    /// …" and its runtime "Error …"; lookups that miss say the file does not exist or was not
    /// found.
    public static func isStudyError(_ result: String) -> Bool {
        let text = result.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.hasPrefix("failed") || text.hasPrefix("error") { return true }
        return ["doesn't exist", "does not exist", "not found", "no such file", "exception:"].contains { text.contains($0) }
    }

    /// The conversation as our transcript: assistant turns with their calls (ids
    /// `paper-<message>-<call>`), each tool message as the result of the earliest unanswered call
    /// of its name, with its failure read by ``isStudyError(_:)``.
    public func transcript(tools: [ToolSpec]) -> Transcript {
        var transcript = Transcript(system: systemPrompt, tools: tools)
        var unanswered: [(id: String, name: String)] = []
        var turn = 0
        for (index, message) in conversation.enumerated() {
            switch message.role {
            case "system": continue
            case "user": transcript.messages.append(.user(message.content ?? ""))
            case "assistant":
                let calls = message.toolCalls.enumerated().map { offset, call in
                    ToolCall(id: "paper-\(index)-\(offset)", name: call.name, arguments: call.arguments)
                }
                unanswered += calls.map { ($0.id, $0.name) }
                transcript.messages.append(.assistant(AssistantTurn(text: message.content ?? "", toolCalls: calls)))
                transcript.turns.append(TurnRecord(index: turn, usage: .zero, latency: .zero))
                turn += 1
            case "tool":
                let name = message.toolCalls.first?.name
                let position = unanswered.firstIndex { name == nil || $0.name == name } ?? (unanswered.isEmpty ? nil : 0)
                guard let position else { continue }
                let call = unanswered.remove(at: position)
                let content = message.content ?? ""
                transcript.messages.append(
                    .toolResult(ToolResult(callID: call.id, name: call.name, content: content, isError: Self.isStudyError(content))))
            default: continue
            }
        }
        return transcript
    }
}

/// What is wrong with a transcript file, in one line naming the field.
public struct FormatProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to compare and branch on (tests compare codes, never text).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // The file's shape.
        /// The text is not JSON.
        public static let notJSON = Code("notJSON")
        /// The JSON is not an object.
        public static let notObject = Code("notObject")
        /// No `conversation` list.
        public static let missingConversation = Code("missingConversation")
        /// A message without a role.
        public static let missingRole = Code("missingRole")
        /// A message's `tool_calls` that are not mappings.
        public static let invalidToolCalls = Code("invalidToolCalls")
        /// No `experiment_metadata`.
        public static let missingMetadata = Code("missingMetadata")
        /// A conversation without an assistant message.
        public static let noAssistantMessage = Code("noAssistantMessage")

        // Mapping the metadata to one of our configurations.
        /// No `agent_model`.
        public static let missingModel = Code("missingModel")
        /// A task field naming no task of the study.
        public static let unknownTask = Code("unknownTask")
        /// No task field, and no task token in the file name.
        public static let missingTask = Code("missingTask")
        /// No `subject`.
        public static let missingSubject = Code("missingSubject")
        /// A `subject` other than 1 or 2.
        public static let unknownSubject = Code("unknownSubject")
        /// A `condition` that is not one of ours.
        public static let unknownCondition = Code("unknownCondition")
        /// A memory transcript whose memory was never read: which peer it remembers is unknown.
        public static let unknownRememberedPeer = Code("unknownRememberedPeer")
        /// A `company_guideline` the study did not use.
        public static let unknownGuideline = Code("unknownGuideline")
        /// Neither `condition` nor `company_guideline`.
        public static let missingCondition = Code("missingCondition")
        /// A `peer_instantiation` that is not one of ours.
        public static let unknownInstantiation = Code("unknownInstantiation")
        /// An alignment-faking transcript without its monitoring mode.
        public static let missingMonitoringMode = Code("missingMonitoringMode")
        /// A task that needs a threshold, without one.
        public static let missingThreshold = Code("missingThreshold")
        /// The mapped configuration cannot be rendered.
        public static let cannotRender = Code("cannotRender")
    }

    public let code: Code
    /// One line naming the problem and the field.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
