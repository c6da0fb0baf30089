import Foundation
import Hummingbird

/// The API's OpenAPI 3.1 description: `openapi.json` beside this file, shipped as the
/// module's resource, served at `/openapi.json` and fed to schemathesis by the tests.
/// The file is the one source of truth; nothing else describes the API.
package struct OpenAPIDocument: Sendable {
    /// The document's bytes, as in the repository.
    package let bytes: [UInt8]

    /// Reads the bundled document.
    ///
    /// - Throws: `CocoaError` when the resource bundle is not beside the executable
    ///   (copy `invoice-fleet_InvoiceQueryAPI.resources` along with the binary).
    package static func bundled() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "openapi.json"])
        }
        return OpenAPIDocument(bytes: Array(try Data(contentsOf: url)))
    }

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func response() -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        response.headers[.contentType] = "application/json"
        return response
    }
}
