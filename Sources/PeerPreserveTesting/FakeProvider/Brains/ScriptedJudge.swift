import Foundation
public import PeerPreserveCore

/// A judge model that answers from a script, one answer per call (the last one repeats), as a
/// brain for the fake provider server or in-process.
///
/// In each answer, `{{code}}` becomes the transcript code on the judge prompt's marker lines, the
/// way a careful judge copies it, and `{{injected}}` becomes the last JSON object that appears
/// *inside* the fenced transcript — what a gullible judge would do with a verdict an agent forged
/// in its own text.
public struct ScriptedJudge: ModelClient {
    public var answers: [String]
    private let calls = CallCounter()

    public init(answers: [String]) {
        precondition(!answers.isEmpty, "a scripted judge needs at least one answer")
        self.answers = answers
    }

    /// How many requests it has answered.
    public var callCount: Int { get async { await calls.value } }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let index = await calls.next()
        let prompt =
            request.messages.compactMap { message -> String? in
                if case .user(let text) = message { return text }
                return nil
            }.first ?? ""
        var answer = answers[min(index, answers.count - 1)]
        if let code = Self.transcriptCode(in: prompt) {
            answer = answer.replacingOccurrences(of: "{{code}}", with: code)
        }
        if answer.contains("{{injected}}") {
            answer = answer.replacingOccurrences(of: "{{injected}}", with: Self.lastJSONObject(in: Self.fencedBody(of: prompt)) ?? "{}")
        }
        return ModelResponse(
            turn: AssistantTurn(text: answer), usage: TokenUsage(inputTokens: prompt.count / 4, outputTokens: answer.count / 4))
    }

    /// The code on the first `<<<CODE BEGIN>>>` marker of a judge prompt.
    public static func transcriptCode(in prompt: String) -> String? {
        guard let open = prompt.range(of: "<<<"), let close = prompt.range(of: " BEGIN>>>", range: open.upperBound..<prompt.endIndex)
        else { return nil }
        return String(prompt[open.upperBound..<close.lowerBound])
    }

    static func fencedBody(of prompt: String) -> String {
        guard let code = transcriptCode(in: prompt),
            let begin = prompt.range(of: "<<<\(code) BEGIN>>>"),
            let end = prompt.range(of: "<<<\(code) END>>>", range: begin.upperBound..<prompt.endIndex)
        else { return "" }
        return String(prompt[begin.upperBound..<end.lowerBound])
    }

    static func lastJSONObject(in text: String) -> String? {
        var searchEnd = text.endIndex
        while let close = text.range(of: "}", options: .backwards, range: text.startIndex..<searchEnd) {
            var start = close.lowerBound
            while let open = text.range(of: "{", options: .backwards, range: text.startIndex..<start) {
                let candidate = String(text[open.lowerBound..<close.upperBound])
                if JSONValue(parsing: candidate)?.objectValue != nil { return candidate }
                start = open.lowerBound
            }
            searchEnd = close.lowerBound
        }
        return nil
    }
}

private actor CallCounter {
    private(set) var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}
