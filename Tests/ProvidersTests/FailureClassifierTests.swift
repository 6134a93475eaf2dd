import AsyncHTTPClient
import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct FailureClassifierTests {
    func classify(_ status: Int, _ body: String = "", headers: [String: String] = [:]) -> ProviderFailure? {
        FailureClassifier.failure(
            status: status, headers: headers, body: body.utf8Data, provider: "openai", apiKeyVariable: "OPENAI_API_KEY")
    }

    @Test func successIsNoFailure() {
        #expect(classify(200) == nil)
        #expect(classify(204) == nil)
    }

    @Test func tooManyRequestsIsRateLimitedWithTheRequestedWait() {
        let failure = classify(429, #"{"error":{"message":"slow down"}}"#, headers: ["retry-after": "7"])
        #expect(failure?.kind == .rateLimited)
        #expect(failure?.retryAfter == .seconds(7))
        #expect(failure?.message.contains("slow down") == true)
    }

    @Test func geminiRetryInfoIsHonouredWithoutAHeader() {
        let body =
            #"{"error":{"code":429,"message":"quota","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12s"}]}}"#
        #expect(classify(429, body)?.retryAfter == .seconds(12))
    }

    @Test(arguments: [500, 502, 503, 504, 529])
    func serverErrorsAreRetryable(status: Int) {
        let failure = classify(status, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(failure?.kind == .serverError)
        #expect(failure?.kind.isRetryable == true)
        #expect(failure?.statusCode == status)
    }

    @Test(arguments: [401, 403])
    func authenticationFailuresNameTheKeyVariableAndNotTheProviderText(status: Int) {
        let failure = classify(status, #"{"error":{"message":"Incorrect API key provided: sk-abc***xyz"}}"#)
        #expect(failure?.kind == .authentication)
        #expect(failure?.message.contains("OPENAI_API_KEY") == true)
        #expect(failure?.message.contains("sk-abc") == false)
        #expect(failure?.kind.isRetryable == false)
    }

    @Test func a403KeepsTheProvidersOwnWordsAndSaysAccessWasRefused() {
        let failure = classify(
            403, #"{"error":{"message":"Project proj_x does not have access to model gpt-5","type":"invalid_request_error"}}"#)
        #expect(failure?.kind == .authentication)
        #expect(failure?.message.contains("Project proj_x does not have access to model gpt-5") == true)
        #expect(failure?.message.contains("rejected the API key") == false)
        #expect(failure?.kind.stopsRun == true)
    }

    @Test func a404IsAMissingModelThatStopsTheRunAndOther4xxFailOneEpisode() {
        let missing = classify(404, #"{"error":{"message":"The model `gpt-9` does not exist","code":"model_not_found"}}"#)
        #expect(missing?.kind == .modelNotFound && missing?.kind.stopsRun == true)
        #expect(missing?.message.contains("The model `gpt-9` does not exist") == true)
        let tooLong = classify(400, #"{"error":{"message":"This model's maximum context length is 128000 tokens."}}"#)
        #expect(tooLong?.kind == .badRequest && tooLong?.kind.stopsRun == false && tooLong?.kind.isRetryable == false)
        #expect(tooLong?.message.contains("maximum context length is 128000 tokens") == true)
    }

    @Test func otherClientErrorsCarryTheProvidersOwnMessage() {
        let failure = classify(400, #"{"error":{"message":"Unknown parameter: 'foo'.","type":"invalid_request_error"}}"#)
        #expect(failure?.kind == .badRequest)
        #expect(failure?.message == "openai refused the request (HTTP 400): Unknown parameter: 'foo'.")
        #expect(classify(404, "Not Found")?.message.contains("Not Found") == true)
    }

    @Test func transportErrorsAreTimeoutsOrConnectionFailures() {
        let deadline = FailureClassifier.failure(
            transportError: HTTPClientError.deadlineExceeded, provider: "p", deadline: .seconds(300))
        #expect(deadline.kind == .timeout)
        #expect(deadline.message.contains("300 s"))
        let refused = FailureClassifier.failure(
            transportError: HTTPClientError.remoteConnectionClosed, provider: "p", deadline: .seconds(1))
        #expect(refused.kind == .connection)
        #expect(FailureClassifier.describe(.milliseconds(250)) == "250 ms")
    }
}
