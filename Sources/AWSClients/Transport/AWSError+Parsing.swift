import Foundation
import NIOCore
import NIOHTTP1

extension AWSError {
    /// Reads the error out of a non-2xx response.
    ///
    /// Understands S3's `<Error>` documents, the query protocol's `<ErrorResponse>`, the
    /// JSON protocols' `{"__type": …, "message": …}` and the `x-amzn-ErrorType` /
    /// `x-amzn-query-error` headers. A body that is none of these is kept in `rawBody`.
    ///
    /// - Parameters:
    ///   - service: The service's display name, e.g. `S3`.
    ///   - status: The HTTP status.
    ///   - headers: The response headers.
    ///   - body: The body as received (possibly empty).
    ///   - endpoint: The endpoint the request went to, for messages.
    package static func parse(
        service: String, status: Int, headers: HTTPHeaders, body: ByteBuffer?, endpoint: String? = nil
    ) -> AWSError {
        let bytes = body.map { Data($0.readableBytesView) } ?? Data()
        let requestID = headers.first(name: "x-amzn-requestid") ?? headers.first(name: "x-amz-request-id")
        var error = AWSError(
            kind: .service, code: "", message: "", service: service, statusCode: status,
            requestID: requestID, endpoint: endpoint
        )
        if let query = headers.first(name: "x-amzn-query-error"), let code = query.split(separator: ";").first {
            error.queryErrorCode = String(code)
        }
        let firstByte = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{"), let json = try? JSONDecoder().decode(JSONErrorBody.self, from: bytes) {
            error.code = json.type.map(shortCode) ?? ""
            error.message = json.message ?? ""
        } else if firstByte == UInt8(ascii: "<"), let root = XMLNode.parse(bytes), let element = root.first("Error") {
            error.code = element.text(of: "Code") ?? ""
            error.message = element.text(of: "Message") ?? ""
            error.requestID = element.text(of: "RequestId") ?? root.text(of: "RequestId") ?? requestID
        }
        if error.code.isEmpty, let type = headers.first(name: "x-amzn-errortype") {
            error.code = shortCode(type)
        }
        if error.code.isEmpty {
            // A HEAD, a proxy's HTML page, a truncated body: keep what there is.
            error.code = "HTTP\(status)"
            error.message = HTTPResponseStatus(statusCode: status).reasonPhrase
            if !bytes.isEmpty {
                error.rawBody = String(decoding: bytes.prefix(4096), as: UTF8.self)
            }
        }
        return error
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
    /// `ValidationException:http://internal.amazon.com/…` → `ValidationException`.
    static func shortCode(_ type: String) -> String {
        var code = Substring(type)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }
}

/// The JSON protocols' error body; services differ in the case of `message`.
private struct JSONErrorBody: Decodable {
    var type: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case type = "__type", code, Code, message, Message, errorMessage
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type)
            ?? container.decodeIfPresent(String.self, forKey: .code)
            ?? container.decodeIfPresent(String.self, forKey: .Code)
        message = try container.decodeIfPresent(String.self, forKey: .message)
            ?? container.decodeIfPresent(String.self, forKey: .Message)
            ?? container.decodeIfPresent(String.self, forKey: .errorMessage)
    }
}
