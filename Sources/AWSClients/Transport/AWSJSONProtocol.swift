import Foundation
import NIOCore
import NIOFoundationCompat

/// The `awsJson1_0` protocol shared by DynamoDB and SQS: every operation is a POST of a
/// JSON document to `/`, named by `X-Amz-Target: <prefix>.<Operation>`.
struct AWSJSONProtocol: Sendable {
    let transport: AWSServiceTransport
    let endpoint: URL
    /// `DynamoDB_20120810` or `AmazonSQS`.
    let targetPrefix: String

    /// Calls `operation` with `input` and decodes the answer.
    ///
    /// - Throws: `AWSError` (service, transport, or `invalidResponse` when the answer is
    ///   not the expected JSON); `CancellationError`.
    func call<Output: Decodable>(
        _ operation: String, _ input: some Encodable, as output: Output.Type = Output.self,
        extraTime: TimeAmount = .zero
    ) async throws -> Output {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: ByteBuffer
        do {
            body = try encoder.encodeAsByteBuffer(input, allocator: ByteBufferAllocator())
        } catch {
            throw AWSError.invalidRequest(transport.serviceName, "cannot encode \(operation) input: \(error)")
        }
        return try await call(operation, body: body, as: output, extraTime: extraTime)
    }

    /// Calls `operation` with a JSON body already encoded, and decodes the answer.
    func call<Output: Decodable>(
        _ operation: String, body: ByteBuffer, as output: Output.Type = Output.self, extraTime: TimeAmount = .zero
    ) async throws -> Output {
        let response = try await transport.send(
            method: .POST, url: endpoint,
            headers: [
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ],
            body: body, extraTime: extraTime
        )
        do {
            // Nothing is read from these answers (some have no body, which JSONDecoder
            // rejects): a PutItem per invoice need not pay for decoding `{}`.
            if Output.self == EmptyOutput.self, let empty = EmptyOutput() as? Output { return empty }
            return try JSONDecoder().decode(Output.self, from: response.body)
        } catch {
            throw AWSError(
                kind: .invalidResponse, code: "InvalidResponse",
                message: "cannot decode \(operation) response: \(error)", service: transport.serviceName,
                statusCode: response.status, requestID: response.headers.first(name: "x-amzn-requestid"),
                endpoint: AWSServiceTransport.origin(of: endpoint),
                rawBody: String(decoding: response.body.readableBytesView.prefix(4096), as: UTF8.self)
            )
        }
    }
}

/// The output of operations that answer `{}` (or nothing).
struct EmptyOutput: Codable, Sendable {}
