import AWSClients
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import InvoiceQueryAPI
import NIOCore
import Prometheus
import Testing

/// The HTTP layer over a fake store: routing, authentication, the error envelope, the
/// open routes. No services needed.
@Suite("Query API routes (router level, fake store)")
struct RouterTests {
    /// Two invoices of the busy customer, as a worker would store them.
    static func samples() throws -> [SampleInvoice] {
        try SampleInvoices.make(seed: 11, count: 2, busy: 2, small: 0)
    }

    @Test("an invoice is served with the key; 401 unauthorized JSON without it or with a wrong one")
    func authentication() async throws {
        let samples = try Self.samples()
        let sample = try #require(samples.first)
        let app = try APITest.application(repository: FakeInvoiceRepository(items: samples.map { $0.item() }))
        try await app.test(.router) { client in
            let found = try await client.get("/invoices/\(sample.accessKey)")
            #expect(found.status == .ok)
            #expect(try found.json(InvoiceDocument.self).accessKey == sample.accessKey)

            for uri in ["/invoices/\(sample.accessKey)", "/customers/\(SampleInvoices.busyCustomer)/invoices",
                        "/invoices/123", "/customers/x/invoices?limit=0"] {
                for key in [nil, "", APITest.otherKey, APIKeyHash.hex(of: APITest.key)] as [String?] {
                    let refused = try await client.get(uri, key: key)
                    #expect(refused.status == .unauthorized, "\(uri) with key \(key ?? "none")")
                    #expect(refused.errorCode == "unauthorized", "\(uri): \(refused.text)")
                    #expect(refused.headers[.wwwAuthenticate] == #"APIKey header="X-API-Key""#)
                    #expect(refused.contentType?.hasPrefix("application/json") == true)
                    #expect(!refused.text.contains(sample.invoice.customer.name))
                }
            }
        }
    }

    @Test("a key added to the keys file is accepted at once, a removed one refused (rotation without restart)")
    func rotationOverHTTP() async throws {
        let samples = try Self.samples()
        let sample = try #require(samples.first)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("keys").path
        try (APIKeyHash.hex(of: APITest.key) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let keys = try APIKeyRing(hashes: [], file: file, reloadInterval: .zero, logger: APITest.logger())
        let app = try APITest.application(repository: FakeInvoiceRepository(items: samples.map { $0.item() }), keys: keys)
        try await app.test(.router) { client in
            let uri = "/invoices/\(sample.accessKey)"
            #expect(try await client.get(uri, key: APITest.key).status == .ok)
            #expect(try await client.get(uri, key: APITest.otherKey).status == .unauthorized)

            try (APIKeyHash.hex(of: APITest.key) + "\n" + APIKeyHash.hex(of: APITest.otherKey) + "\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await client.get(uri, key: APITest.key).status == .ok)
            #expect(try await client.get(uri, key: APITest.otherKey).status == .ok)

            try (APIKeyHash.hex(of: APITest.otherKey) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let retired = try await client.get(uri, key: APITest.key)
            #expect(retired.status == .unauthorized)
            #expect(retired.errorCode == "unauthorized")
            #expect(try await client.get(uri, key: APITest.otherKey).status == .ok)
        }
    }

    @Test("validation errors carry their stable codes, after authentication")
    func validationCodes() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository())
        let busy = SampleInvoices.busyCustomer
        let cases: [(uri: String, code: String)] = [
            ("/invoices/123", "invalid_access_key"),
            ("/invoices/\(SampleInvoices.wrongCheckDigitKey)", "invalid_access_key"),
            ("/customers/123/invoices", "invalid_customer_document"),
            ("/customers/123/invoices?limit=0", "invalid_customer_document"),
            ("/customers/\(busy)/invoices?limit=0", "invalid_limit"),
            ("/customers/\(busy)/invoices?limit=51", "invalid_limit"),
            ("/customers/\(busy)/invoices?limit=ten", "invalid_limit"),
            ("/customers/\(busy)/invoices?from=yesterday", "invalid_date"),
            ("/customers/\(busy)/invoices?to=2026-11-24", "invalid_date"),
            ("/customers/\(busy)/invoices?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", "invalid_date"),
            ("/customers/\(busy)/invoices?cursor=abc", "invalid_cursor"),
            ("/customers/\(busy)/invoices?cursor=", "invalid_cursor"),
        ]
        try await app.test(.router) { client in
            for (uri, code) in cases {
                let response = try await client.get(uri)
                #expect(response.status == .badRequest, "\(uri)")
                let envelope = try response.json(ErrorEnvelope.self)
                #expect(envelope.error.code == code, "\(uri)")
                #expect(!envelope.error.message.isEmpty)
            }
        }
    }

    @Test("an absent invoice is 404 not_found; an unknown path is 404 not_found JSON too")
    func notFound() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository())
        try await app.test(.router) { client in
            let absent = try await client.get("/invoices/\(SampleInvoices.absentAccessKey)")
            #expect(absent.status == .notFound)
            #expect(absent.errorCode == "not_found")
            for uri in ["/", "/invoices", "/nope", "/customers/\(SampleInvoices.busyCustomer)", "/invoices/1/2"] {
                let response = try await client.get(uri)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.errorCode == "not_found", "\(uri): \(response.text)")
            }
        }
    }

    @Test("methods other than GET are 405 method_not_allowed with Allow: GET")
    func methodNotAllowed() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository())
        let uris = [
            "/invoices/\(SampleInvoices.absentAccessKey)", "/customers/\(SampleInvoices.busyCustomer)/invoices",
            "/health", "/metrics", "/openapi.json",
        ]
        try await app.test(.router) { client in
            for uri in uris {
                for method in [HTTPRequest.Method.post, .put, .delete, .patch, HTTPRequest.Method("QUERY")!] {
                    let response = try await client.send(uri, method: method)
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.errorCode == "method_not_allowed", "\(method) \(uri)")
                    #expect(response.headers[.allow] == "GET", "\(method) \(uri)")
                }
            }
        }
    }

    @Test("a store that is down is 503 dynamodb_unavailable, without its internal error")
    func storeDown() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository(isDown: true))
        try await app.test(.router) { client in
            for uri in ["/invoices/\(SampleInvoices.absentAccessKey)", "/customers/\(SampleInvoices.busyCustomer)/invoices"] {
                let response = try await client.get(uri)
                #expect(response.status == .serviceUnavailable, "\(uri)")
                #expect(response.errorCode == "dynamodb_unavailable")
                #expect(!response.text.contains("secret-internal-detail"))
                #expect(!response.text.contains("ConnectionRefused"))
            }
            let health = try await client.get("/health", key: nil)
            #expect(health.status == .serviceUnavailable)
            #expect(health.errorCode == "dynamodb_unavailable")
            #expect(!health.text.contains("connection refused"))
        }
    }

    @Test("a stored item that is not an invoice is 500 internal, without details")
    func corruptItem() async throws {
        let key = SampleInvoices.absentAccessKey
        let app = try APITest.application(repository: FakeInvoiceRepository(items: [["pk": .string(key), "totalAmount": .string("x")]]))
        try await app.test(.router) { client in
            let response = try await client.get("/invoices/\(key)")
            #expect(response.status == .internalServerError)
            #expect(response.errorCode == "internal")
            #expect(try response.json(ErrorEnvelope.self).error.message == "internal error")
        }
    }

    @Test("the listing hands the store the parsed bounds, limit and start key; an empty range asks nothing")
    func listingWiring() async throws {
        let repository = FakeInvoiceRepository()
        let app = try APITest.application(repository: repository, defaultPageSize: 10, maxPageSize: 50)
        let busy = SampleInvoices.busyCustomer
        try await app.test(.router) { client in
            let empty = try await client.get("/customers/\(busy)/invoices?from=2026-11-24T13:15:00.2Z&to=2026-11-24T13:15:00.8Z")
            #expect(empty.status == .ok)
            #expect(try empty.json(InvoicePageDocument.self) == InvoicePageDocument(invoices: [], nextCursor: nil))
            #expect(await repository.queries.queries.isEmpty)

            #expect(try await client.get("/customers/\(busy)/invoices?from=2026-11-24T10:15:00-03:00&limit=7").status == .ok)
            #expect(try await client.get("/customers/\(busy)/invoices").status == .ok)
            let cursor = try #require(PageCursor(secret: APITest.cursorSecret).encode(
                startKey: ["pk": .string(SampleInvoices.absentAccessKey), "issueDate": .string("2026-11-20T00:00:00Z")],
                customerDocument: busy
            ))
            #expect(try await client.get("/customers/\(busy)/invoices?to=2026-11-30T00:00:00Z&cursor=\(cursor)").status == .ok)
        }
        let queries = await repository.queries.queries
        #expect(queries == [
            CustomerInvoiceQuery(customerDocument: busy, issueDates: IssueDateRange(from: "2026-11-24T13:15:00Z"), limit: 7),
            CustomerInvoiceQuery(customerDocument: busy, limit: 10),
            CustomerInvoiceQuery(
                customerDocument: busy, issueDates: IssueDateRange(to: "2026-11-30T00:00:00Z"), limit: 10,
                startKey: [
                    "pk": .string(SampleInvoices.absentAccessKey), "customerDocument": .string(busy),
                    "issueDate": .string("2026-11-20T00:00:00Z"),
                ]
            ),
        ])
    }

    @Test("/openapi.json needs no key and is byte for byte the file in the repository")
    func openAPIServed() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository())
        let file = try APITest.openAPIFile()
        try await app.test(.router) { client in
            let response = try await client.get("/openapi.json", key: nil)
            #expect(response.status == .ok)
            #expect(response.contentType?.hasPrefix("application/json") == true)
            #expect(Data(response.body.readableBytesView) == file)
        }
    }

    @Test("the OpenAPI document is 3.1, describes the served paths and lists exactly the error codes the API sends")
    func openAPIMatchesTheCode() throws {
        let document = try JSONDecoder().decode(OpenAPISummary.self, from: try APITest.openAPIFile())
        #expect(document.openapi == "3.1.0")
        #expect(Set(document.paths.keys) == ["/invoices/{accessKey}", "/customers/{document}/invoices", "/health", "/metrics", "/openapi.json"])
        #expect(document.paths.values.allSatisfy { Set($0.keys) == ["get"] })
        #expect(Set(document.components.schemas.error.properties.error.properties.code.values) == Set(QueryAPIError.Code.allCases.map(\.rawValue)))
        #expect(try OpenAPIDocument.bundled().bytes == Array(try APITest.openAPIFile()))
    }

    @Test("/metrics needs no key and serves the registry in Prometheus text format")
    func metrics() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "query_api_test_marker_total").increment()
        let app = try APITest.application(repository: FakeInvoiceRepository(), registry: registry)
        try await app.test(.router) { client in
            let response = try await client.get("/metrics", key: nil)
            #expect(response.status == .ok)
            #expect(response.contentType?.hasPrefix("text/plain") == true)
            #expect(response.text.contains("query_api_test_marker_total 1"))
        }
    }

    @Test("/health needs no key: 200 {\"status\":\"ok\"} while the store answers")
    func health() async throws {
        let app = try APITest.application(repository: FakeInvoiceRepository())
        try await app.test(.router) { client in
            let response = try await client.get("/health", key: nil)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok"}"#)
        }
    }
}

/// The parts of `openapi.json` the tests compare with the code.
private struct OpenAPISummary: Decodable {
    struct Components: Decodable {
        struct Schemas: Decodable {
            struct ErrorSchema: Decodable {
                struct Properties: Decodable {
                    struct Envelope: Decodable {
                        struct Fields: Decodable {
                            struct Code: Decodable {
                                var values: [String]
                                enum CodingKeys: String, CodingKey { case values = "enum" }
                            }
                            var code: Code
                        }
                        var properties: Fields
                    }
                    var error: Envelope
                }
                var properties: Properties
            }
            var error: ErrorSchema
            enum CodingKeys: String, CodingKey { case error = "Error" }
        }
        var schemas: Schemas
    }
    /// Whatever a path item holds; only the method names are compared.
    struct Ignored: Decodable {
        init(from decoder: any Decoder) throws {}
    }
    var openapi: String
    var paths: [String: [String: Ignored]]
    var components: Components
}
