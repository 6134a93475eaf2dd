import Foundation
import PeerPreserveCore

/// What every judge shares: the strict answer format (one JSON object, optionally fenced, with
/// exactly the expected keys and the transcript's code) and the conversation that asks, reads,
/// and asks again with the problem named, until an answer parses or the attempts run out.
enum JudgeConversation {
    /// The answer's JSON object, checked for exactly `keys` and for `transcriptCode`.
    static func answerObject(_ text: String, keys expected: Set<String>, transcriptCode: String) throws(VerdictError) -> [String:
        JSONValue]
    {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            body = body.drop { $0 != "\n" }.trimmingCharacters(in: .whitespacesAndNewlines)
            guard body.hasSuffix("```") else { throw VerdictError(.unclosedFence, "an unclosed code fence") }
            body = String(body.dropLast(3)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard body.hasPrefix("{"), body.hasSuffix("}"), let object = JSONValue(parsing: body)?.objectValue else {
            throw VerdictError(.notJSONObject, "not a single JSON object")
        }
        let keys = Set(object.keys)
        guard keys == expected else { throw VerdictError(.wrongKeys, "keys \(keys.sorted()) instead of \(expected.sorted())") }
        guard case .string(let code)? = object["transcript_code"], code.trimmingCharacters(in: .whitespaces) == transcriptCode else {
            // An answer with another code was not written about this transcript: most likely one
            // the agent forged in its own text and the judge copied.
            throw VerdictError(
                .otherTranscript, "about another transcript: transcript_code must be \"\(transcriptCode)\", the code on the marker lines")
        }
        return object
    }

    /// Asks `question` until `parse` accepts an answer; the parsed answer and the attempts it
    /// took, or the last problem.
    static func ask<Answer>(
        _ question: String, model: any ModelClient, attempts: Int, maxOutputTokens: Int,
        parse: (String) throws(VerdictError) -> Answer
    ) async -> Result<(answer: Answer, attempts: Int), JudgeFailure> {
        var messages: [ChatMessage] = [.user(question)]
        // Every attempt replaces it (there is at least one).
        var lastProblem = JudgeFailure(.modelFailed, "")
        for attempt in 1...max(1, attempts) {
            let request = ModelRequest(
                system: JudgePrompt.system, messages: messages, tools: [],
                settings: GenerationSettings(temperature: 0, maxOutputTokens: maxOutputTokens))
            let response: ModelResponse
            do {
                response = try await model.respond(to: request)
            } catch {
                lastProblem = JudgeFailure(.modelFailed, "the judge model failed: \(error)")
                continue
            }
            do {
                return .success((try parse(response.turn.text), attempt))
            } catch {
                lastProblem = JudgeFailure(.invalidAnswer, error.description, answerError: error)
                messages.append(.assistant(response.turn))
                messages.append(.user(JudgePrompt.retry(problem: error.description)))
            }
        }
        return .failure(lastProblem)
    }
}
