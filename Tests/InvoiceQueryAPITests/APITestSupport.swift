import FleetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import InvoiceQueryAPI
import Logging
import NIOCore
import Prometheus
import Testing

/// What every test of the query API shares: the key it authenticates with, how it builds
/// the application, where the repository's files are.
enum APITest {
    /// The key the test applications accept (its hash is configured, as in production).
    static let key = "test-key-Zm9yIHRlc3RzIG9ubHksIG5ldmVyIGRlcGxveWVk"
    /// A well-formed key the test applications do not accept.
    static let otherKey = "test-key-bm90IGNvbmZpZ3VyZWQgYW55d2hlcmUgYXQgYWxs"
    static let keyHeader = HTTPField.Name("X-API-Key")!
    /// The cursor secret of the test applications (two replicas share it).
    static let cursorSecret = "test-cursor-secret"

    /// The repository's root, found from this file.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `Sources/InvoiceQueryAPI/openapi.json` as in the repository.
    static func openAPIFile() throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Sources/InvoiceQueryAPI/openapi.json"))
    }

    static func logger() -> Logger { LocalStack.logger("query-api-tests") }

    /// A key ring accepting `key` only (by hash).
    static func keyRing() throws -> APIKeyRing {
        try APIKeyRing(hashes: [APIKeyHash.hex(of: key)], file: nil, reloadInterval: .seconds(5), logger: logger())
    }

    /// The application `invoice-fleet api` runs, over `repository`.
    ///
    /// - Parameters:
    ///   - keys: Accepted keys. Default: `keyRing()`.
    ///   - registry: Metrics registry served at `/metrics`. Default: a new one.
    ///   - cursorSecret: Default: `cursorSecret`.
    ///   - defaultPageSize: Default: 10, so that the default shows on a customer of 25 invoices.
    ///   - maxPageSize: Default: 50.
    static func application(
        repository: any InvoiceRepository, keys: APIKeyRing? = nil,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        cursorSecret: String? = APITest.cursorSecret, defaultPageSize: Int = 10, maxPageSize: Int = 50
    ) throws -> some ApplicationProtocol {
        let ring: APIKeyRing
        if let keys { ring = keys } else { ring = try keyRing() }
        let configuration = QueryAPIConfiguration(
            port: 0, cursorSecret: cursorSecret, defaultPageSize: defaultPageSize, maxPageSize: maxPageSize,
            healthCacheDuration: .zero
        )
        let dependencies = QueryAPIDependencies(
            repository: repository, keys: ring, registry: registry, openAPI: try OpenAPIDocument.bundled(), logger: logger()
        )
        return buildApplication(configuration: configuration, dependencies: dependencies)
    }
}

/// The error envelope of every non-2xx answer: `{"error": {"code": …, "message": …}}`.
struct ErrorEnvelope: Decodable, Equatable {
    struct Detail: Decodable, Equatable {
        var code: String
        var message: String
    }

    var error: Detail
}

extension TestClientProtocol {
    /// `GET uri`, with `X-API-Key: key` unless `key` is nil.
    func get(_ uri: String, key: String? = APITest.key) async throws -> TestResponse {
        try await send(uri, method: .get, key: key)
    }

    func send(_ uri: String, method: HTTPRequest.Method, key: String? = APITest.key) async throws -> TestResponse {
        var headers = HTTPFields()
        if let key { headers[APITest.keyHeader] = key }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: nil)
    }
}

extension TestResponse {
    /// The body decoded as JSON.
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The `error.code` of an error answer; `nil` when the body is not the error envelope.
    var errorCode: String? {
        (try? json(ErrorEnvelope.self))?.error.code
    }

    var text: String {
        String(buffer: body)
    }

    var contentType: String? {
        headers[.contentType]
    }
}

/// Expects `body` to throw the `QueryAPIError` with code `expected`.
func expectAPIError(
    _ expected: QueryAPIError.Code, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(expected.rawValue), but nothing was thrown. \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    } catch let error as QueryAPIError {
        #expect(error.code == expected, comment, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected.rawValue), got \(error). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    }
}
