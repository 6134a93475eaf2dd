import HTTPTypes
import Hummingbird
import NIOCore
import PeerPreserveCore

/// Answers every request to the fake provider: routes by path, checks the key, decodes and
/// validates the body, applies the fault plan, asks the brain and encodes its turn.
///
/// A plain responder rather than a router: there are three fixed endpoints, and one Gemini path
/// segment (`{model}:generateContent`) mixes a parameter with a verb, which is simpler to split
/// by hand than to express as a route.
struct FakeProviderResponder: HTTPResponder {
    typealias Context = FakeProviderRequestContext

    let configuration: FakeProviderServer.Configuration
    let recorder: FakeProviderRecorder

    private enum Route {
        case openAICompatible
        case anthropic
        case gemini(model: String)

        var format: WireProtocol {
            switch self {
            case .openAICompatible: .openAICompatible
            case .anthropic: .anthropic
            case .gemini: .gemini
            }
        }

        init?(path: String) {
            switch path {
            case "/v1/chat/completions": self = .openAICompatible
            case "/v1/messages": self = .anthropic
            default:
                let prefix = "/v1beta/models/"
                let suffix = ":generateContent"
                guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.utf8.count > prefix.utf8.count + suffix.utf8.count else {
                    return nil
                }
                self = .gemini(model: String(path.dropFirst(prefix.count).dropLast(suffix.count)))
            }
        }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard let route = Route(path: request.uri.path) else {
            return Self.errorResponse(
                .openAICompatible, WireError(.notFound, "Invalid URL (\(request.method) \(request.uri.path))"), requestID: "req_fake0")
        }
        guard request.method == .post else {
            return Self.errorResponse(
                route.format, WireError(.notFound, "Invalid method \(request.method) for \(request.uri.path); use POST."),
                requestID: "req_fake0")
        }
        let format = route.format
        let sequenceNumber = recorder.arrive(format)
        defer { recorder.depart() }
        let requestID = "req_fake\(sequenceNumber)"

        if let expected = configuration.apiKey, let failure = Self.authenticationFailure(request, format: format, expected: expected) {
            recorder.record(.unauthorized)
            return Self.errorResponse(format, failure, requestID: requestID)
        }
        if format == .anthropic, request.headers[Self.anthropicVersion] == nil {
            recorder.record(.rejected)
            return Self.errorResponse(format, .invalid("anthropic-version: header is required"), requestID: requestID)
        }

        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maximumBodySize)
        } catch is NIOTooManyBytesError {
            recorder.record(.rejected)
            let error = WireError(
                .invalidRequest, "Request exceeds the maximum size of \(configuration.maximumBodySize) bytes", status: 413)
            return Self.errorResponse(format, error, requestID: requestID)
        }

        let decoded: DecodedWireRequest
        do {
            decoded = try Self.decode(body, route: route, alwaysIncludeReasoning: configuration.alwaysIncludeReasoning)
        } catch {
            recorder.record(.rejected)
            return Self.errorResponse(format, error, requestID: requestID)
        }

        var fault: Fault?
        if !configuration.faultPlan.injectsNothing {
            let bodyHash = body.withUnsafeReadableBytes { StableHash.fnv1a($0) }
            let attempt = configuration.faultPlan.tracksAttempts ? recorder.attempt(bodyHash: bodyHash) : 1
            fault = configuration.faultPlan.fault(
                for: FaultPlan.Request(sequenceNumber: sequenceNumber, attempt: attempt, bodyHash: bodyHash, format: format))
        }
        if let fault { recorder.record(.injected(fault.kind)) }

        switch fault {
        case .rateLimited(let seconds):
            var response = Self.errorResponse(
                format, WireError(.rateLimited, "Rate limit reached; retry after \(seconds) s."), requestID: requestID)
            response.headers[.retryAfter] = String(seconds)
            return response
        case .internalError:
            return Self.errorResponse(format, WireError(.internalError, "Internal server error (injected)."), requestID: requestID)
        case .unavailable:
            return Self.errorResponse(
                format, WireError(.unavailable, "The service is temporarily unavailable (injected)."), requestID: requestID)
        case .overloaded:
            return Self.errorResponse(format, WireError(.overloaded, "Overloaded"), requestID: requestID)
        case .dropConnection:
            // Closing the channel here, before anything is written, makes the client see the
            // connection end with no response. Hummingbird's attempt to write the response we
            // return then fails on the closed channel, which ends that connection's loop quietly.
            try? await context.channel.close()
            return Response(status: .internalServerError)
        case .slow(let delay):
            try await Task.sleep(for: delay)
        case .holdUntilInFlight(let count, let timeout):
            // A check every few milliseconds is enough: the barrier only has to open, not open at
            // the instant the last request arrives.
            let deadline = ContinuousClock.now + timeout
            while recorder.snapshot.peakInFlight < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
        case .malformedBody, .invalidToolArguments, nil:
            break
        }

        var modelResponse: ModelResponse
        do {
            modelResponse = try await configuration.brain.respond(to: decoded.request)
        } catch {
            recorder.record(.brainFailure)
            return Self.errorResponse(format, Self.brainError(error), requestID: requestID)
        }
        if fault == .invalidToolArguments { Self.breakToolArguments(of: &modelResponse, offered: decoded.request.tools) }

        var bytes: [UInt8] =
            switch format {
            case .openAICompatible: OpenAICodec.encode(modelResponse, for: decoded, responseNumber: sequenceNumber)
            case .anthropic: AnthropicCodec.encode(modelResponse, for: decoded, responseNumber: sequenceNumber)
            case .gemini: GeminiCodec.encode(modelResponse, for: decoded, responseNumber: sequenceNumber)
            }
        if fault == .malformedBody { bytes.removeLast(bytes.count / 2) }
        recorder.record(.answered)
        return Self.jsonResponse(.ok, bytes, format: format, requestID: requestID)
    }

    // MARK: Steps

    private static func decode(_ body: ByteBuffer, route: Route, alwaysIncludeReasoning: Bool) throws(WireError) -> DecodedWireRequest {
        let json: JSONValue
        do {
            json = try body.withUnsafeReadableBytes { bytes throws(JSONParser.Failure) in try JSONParser.parse(bytes) }
        } catch {
            let message =
                switch route.format {
                case .openAICompatible:
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. "
                        + "The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
                case .anthropic: "There was an error parsing the body: \(error.reason) at byte \(error.offset)"
                case .gemini: "Invalid JSON payload received. \(error.reason) at byte \(error.offset)."
                }
            throw .invalid(message)
        }
        var decoded: DecodedWireRequest =
            switch route {
            case .openAICompatible: try OpenAICodec.decode(json)
            case .anthropic: try AnthropicCodec.decode(json)
            case .gemini(let model): try GeminiCodec.decode(json, model: model)
            }
        if alwaysIncludeReasoning { decoded.includesReasoning = true }
        return decoded
    }

    /// Nil when the request carries the expected key in its format's header.
    private static func authenticationFailure(_ request: Request, format: WireProtocol, expected: String) -> WireError? {
        switch format {
        case .openAICompatible:
            guard let header = request.headers[.authorization] else {
                return WireError(
                    .authentication,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.")
            }
            return header == "Bearer \(expected)" ? nil : WireError(.authentication, "Incorrect API key provided.")
        case .anthropic:
            guard let key = request.headers[apiKey] else { return WireError(.authentication, "x-api-key header is required") }
            return key == expected ? nil : WireError(.authentication, "invalid x-api-key")
        case .gemini:
            let key = request.headers[googleAPIKey] ?? request.uri.queryParameters.get("key")
            guard let key else {
                return WireError(.authentication, "Method doesn't allow unregistered callers. Please use an API key.")
            }
            return key == expected ? nil : WireError(.authentication, "API key not valid. Please pass a valid API key.")
        }
    }

    /// A brain's failure as the provider would report it: a ``ProviderFailure`` with a status
    /// keeps it (so a brain can play a provider error), anything else is a 500.
    private static func brainError(_ error: any Error) -> WireError {
        guard let failure = error as? ProviderFailure, let status = failure.statusCode else {
            return WireError(.internalError, "The model failed: \(error)")
        }
        let category: WireError.Category =
            switch status {
            case 401, 403: .authentication
            case 404: .notFound
            case 429: .rateLimited
            case 503: .unavailable
            case 529: .overloaded
            case 400..<500: .invalidRequest
            default: .internalError
            }
        return WireError(category, failure.message, status: status)
    }

    /// Replaces every tool call's arguments with JSON cut short; a turn without calls gets one,
    /// to the first offered tool, so the fault always shows.
    private static func breakToolArguments(of response: inout ModelResponse, offered tools: [ToolSpec]) {
        if response.turn.toolCalls.isEmpty {
            response.turn.toolCalls = [ToolCall(id: "", name: tools.first?.name ?? "unknown_tool")]
        }
        for index in response.turn.toolCalls.indices {
            let text = response.turn.toolCalls[index].arguments.canonicalText
            response.turn.toolCalls[index].malformedArguments = String(text.dropLast())
        }
    }

    // MARK: Responses

    private static let anthropicVersion = HTTPField.Name("anthropic-version")!
    private static let apiKey = HTTPField.Name("x-api-key")!
    private static let googleAPIKey = HTTPField.Name("x-goog-api-key")!
    private static let openAIRequestID = HTTPField.Name("x-request-id")!
    private static let anthropicRequestID = HTTPField.Name("request-id")!

    static func jsonResponse(_ status: HTTPResponse.Status, _ bytes: [UInt8], format: WireProtocol, requestID: String) -> Response {
        var headers = HTTPFields()
        headers.reserveCapacity(3)
        headers[.contentType] = "application/json"
        switch format {
        case .openAICompatible: headers[openAIRequestID] = requestID
        case .anthropic: headers[anthropicRequestID] = requestID
        case .gemini: break
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func errorResponse(_ format: WireProtocol, _ error: WireError, requestID: String) -> Response {
        let bytes =
            switch format {
            case .openAICompatible: OpenAICodec.encodeError(error)
            case .anthropic: AnthropicCodec.encodeError(error, requestID: requestID)
            case .gemini: GeminiCodec.encodeError(error)
            }
        return jsonResponse(HTTPResponse.Status(code: error.status), bytes, format: format, requestID: requestID)
    }
}
