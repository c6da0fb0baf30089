import AWSClients
import FleetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InvoiceDomain
@testable import InvoiceQueryAPI
import NIOCore
import Prometheus
import Testing

private let busy = SampleInvoices.busyCustomer
private let small = SampleInvoices.smallCustomer

/// The query API over the local stack's DynamoDB, reading invoices a real worker stored
/// (`SeededStack`): every endpoint's answers and refusals, checked on status and body.
@Suite(
    "Query API on the local stack, over invoices a worker stored",
    .enabled(if: LocalStack.kafkaIsUp && LocalStack.awsIsUp, "needs the local stack: run compose/stack up"),
    .timeLimit(.minutes(5))
)
struct QueryAPIIntegrationTests {
    // MARK: - GET /invoices/{accessKey}

    @Test("every stored invoice is served by its access key, as the worker stored it")
    func invoiceByAccessKey() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let samples = stack.invoices
        try await app.test(.router) { client in
            for sample in samples {
                let response = try await client.get("/invoices/\(sample.accessKey)")
                #expect(response.status == .ok, "\(sample.accessKey): \(response.text)")
                #expect(response.contentType?.hasPrefix("application/json") == true)
                let document = try response.json(InvoiceDocument.self)
                let invoice = sample.invoice
                #expect(document.accessKey == invoice.accessKey)
                #expect(document.invoiceNumber == invoice.invoiceNumber)
                #expect(document.series == invoice.series)
                #expect(document.issueDate == sample.storedIssueDate)
                #expect(document.issueDateLocal == invoice.issueDate)
                #expect(document.issuer == InvoiceDocument.Issuer(cnpj: invoice.issuer.cnpj, name: invoice.issuer.name))
                #expect(document.customer == InvoiceDocument.Customer(document: invoice.customer.document, name: invoice.customer.name))
                #expect(document.totalAmount == invoice.totalAmount.description)
                #expect(document.currency == invoice.currency)
                #expect(document.itemCount == invoice.items.count)
                #expect(document.items.map(\.sku) == invoice.items.map(\.sku))
                #expect(document.items.map(\.quantity) == invoice.items.map(\.quantity.description))
                #expect(document.items.map(\.unitPrice) == invoice.items.map(\.unitPrice.description))
                #expect(document.items.map(\.total) == invoice.items.map(\.total.description))
                #expect(document.schemaVersion == 1)
                #expect(document.storedAt?.hasSuffix("Z") == true)
                // Ingestion details stay internal.
                #expect(!response.text.contains("sourceKey"))
                #expect(!response.text.contains("eTag"))
            }
        }
    }

    @Test("an absent invoice is 404 not_found; a malformed access key is 400 invalid_access_key")
    func absentAndMalformedKeys() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let stored = try #require(stack.invoices.first).accessKey
        try await app.test(.router) { client in
            let absent = try await client.get("/invoices/\(SampleInvoices.absentAccessKey)")
            #expect(absent.status == .notFound)
            #expect(absent.errorCode == "not_found")

            for malformed in ["123", String(stored.dropLast()), stored + "1", "NFe" + stored,
                              String(stored.prefix(20)) + "O" + String(stored.dropFirst(21)), SampleInvoices.wrongCheckDigitKey] {
                let response = try await client.get("/invoices/\(malformed)")
                #expect(response.status == .badRequest, "\(malformed)")
                #expect(response.errorCode == "invalid_access_key", "\(malformed): \(response.text)")
            }
        }
    }

    // MARK: - GET /customers/{document}/invoices

    @Test("a customer's invoices come newest first, only theirs, in one page when they fit")
    func customerListing() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let busyKeys = stack.invoices(of: busy).map(\.accessKey)
        let smallKeys = stack.invoices(of: small).map(\.accessKey)
        try #require(busyKeys.count == SeededStack.busyCount)
        try #require(smallKeys.count == SeededStack.smallCount)
        try await app.test(.router) { client in
            let all = try await client.get("/customers/\(busy)/invoices?limit=50").json(InvoicePageDocument.self)
            #expect(all.invoices.map(\.accessKey) == busyKeys)
            #expect(all.nextCursor == nil)
            #expect(all.invoices.allSatisfy { $0.customer.document == busy })
            let dates = all.invoices.map(\.issueDate)
            #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 > $1 }, "strictly newest first")

            let company = try await client.get("/customers/\(small)/invoices").json(InvoicePageDocument.self)
            #expect(company.invoices.map(\.accessKey) == smallKeys)
            #expect(company.nextCursor == nil)

            let nobody = try await client.get("/customers/00000000000/invoices")
            #expect(nobody.status == .ok)
            #expect(try nobody.json(InvoicePageDocument.self) == InvoicePageDocument(invoices: [], nextCursor: nil))
        }
    }

    @Test("limit: the default page size without one, 1…max with one, 400 invalid_limit outside")
    func limitBounds() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository, defaultPageSize: 10, maxPageSize: 50)
        let busyKeys = stack.invoices(of: busy).map(\.accessKey)
        try await app.test(.router) { client in
            let defaulted = try await client.get("/customers/\(busy)/invoices").json(InvoicePageDocument.self)
            #expect(defaulted.invoices.map(\.accessKey) == Array(busyKeys.prefix(10)))
            #expect(defaulted.nextCursor != nil)

            let one = try await client.get("/customers/\(busy)/invoices?limit=1").json(InvoicePageDocument.self)
            #expect(one.invoices.map(\.accessKey) == Array(busyKeys.prefix(1)))
            #expect(one.nextCursor != nil)

            let most = try await client.get("/customers/\(busy)/invoices?limit=50").json(InvoicePageDocument.self)
            #expect(most.invoices.count == busyKeys.count)

            for bad in ["0", "51", "-1", "1.5", "ten", "", "1e1", "%2B5", "99999999999999999999"] {
                let response = try await client.get("/customers/\(busy)/invoices?limit=\(bad)")
                #expect(response.status == .badRequest, "limit=\(bad)")
                #expect(response.errorCode == "invalid_limit", "limit=\(bad): \(response.text)")
            }
        }
    }

    @Test("pagination returns every invoice exactly once, newest first, and never an empty last page",
          arguments: [1, 4, 7, 24, 25, 26])
    func pagination(limit: Int) async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let expected = stack.invoices(of: busy).map(\.accessKey)
        let (keys, pages) = try await app.test(.router) { client in
            try await Self.readAllPages(client, "/customers/\(busy)/invoices?limit=\(limit)", pageLimit: limit)
        }
        #expect(keys == expected)
        #expect(Set(keys).count == keys.count, "no invoice twice")
        #expect(pages == (expected.count + limit - 1) / limit)
    }

    @Test("from/to keep the issue dates between them, inclusively and in any offset, across pages")
    func issueDateFilter() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let newestFirst = stack.invoices(of: busy)
        try #require(newestFirst.count == SeededStack.busyCount)
        let to = newestFirst[5], from = newestFirst[19]
        let between = newestFirst[5...19].map(\.accessKey)
        let fromUTC = from.storedIssueDate, toUTC = to.storedIssueDate
        // The same instants written in Brasília time.
        let fromLocal = ISO8601Timestamp.format(from.invoice.issuedAt, offsetMinutes: -180)
        let toLocal = ISO8601Timestamp.format(to.invoice.issuedAt, offsetMinutes: -180)
        let sinceFrom = newestFirst[0...19].map(\.accessKey)
        let untilTo = newestFirst[5...].map(\.accessKey)
        try await app.test(.router) { client in
            let base = "/customers/\(busy)/invoices?limit=50"
            let utc = try await client.get("\(base)&from=\(fromUTC)&to=\(toUTC)").json(InvoicePageDocument.self)
            #expect(utc.invoices.map(\.accessKey) == between)

            let local = try await client.get("\(base)&from=\(fromLocal)&to=\(toLocal)").json(InvoicePageDocument.self)
            #expect(local.invoices.map(\.accessKey) == between)

            let onlyFrom = try await client.get("\(base)&from=\(fromUTC)").json(InvoicePageDocument.self)
            #expect(onlyFrom.invoices.map(\.accessKey) == sinceFrom)
            let onlyTo = try await client.get("\(base)&to=\(toUTC)").json(InvoicePageDocument.self)
            #expect(onlyTo.invoices.map(\.accessKey) == untilTo)

            let (paged, _) = try await Self.readAllPages(client, "/customers/\(busy)/invoices?limit=4&from=\(fromUTC)&to=\(toUTC)", pageLimit: 4)
            #expect(paged == between)

            let oneSecond = try await client.get("\(base)&from=\(fromUTC)&to=\(fromUTC)").json(InvoicePageDocument.self)
            #expect(oneSecond.invoices.map(\.accessKey) == [from.accessKey])

            for (query, what) in [
                ("from=\(toUTC)&to=\(fromUTC)", "from after to"), ("from=yesterday", "not a date"),
                ("to=2026-11-24", "no time"), ("from=2026-11-24T10:15:00", "no offset"),
            ] {
                let response = try await client.get("\(base)&\(query)")
                #expect(response.status == .badRequest, "\(what)")
                #expect(response.errorCode == "invalid_date", "\(what): \(response.text)")
            }
        }
    }

    @Test("a cursor works for its customer on any replica with the secret; otherwise 400 invalid_cursor")
    func cursors() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let replica = try APITest.application(repository: stack.repository)
        let otherSecret = try APITest.application(repository: stack.repository, cursorSecret: "another-secret")
        let expected = stack.invoices(of: busy).map(\.accessKey)

        let cursor = try await app.test(.router) { client in
            let first = try await client.get("/customers/\(busy)/invoices?limit=3").json(InvoicePageDocument.self)
            #expect(first.invoices.map(\.accessKey) == Array(expected[0..<3]))
            let next = try #require(first.nextCursor)
            let second = try await client.get("/customers/\(busy)/invoices?limit=3&cursor=\(next)").json(InvoicePageDocument.self)
            #expect(second.invoices.map(\.accessKey) == Array(expected[3..<6]))

            for (bad, what) in [
                ("garbage", "garbage"), ("", "empty"), ("a.b", "not base64 JSON"), (String(next.dropLast(4)), "truncated"),
                (String(repeating: "A", count: 1100), "too long"),
            ] {
                let response = try await client.get("/customers/\(busy)/invoices?limit=3&cursor=\(bad)")
                #expect(response.status == .badRequest, "\(what)")
                #expect(response.errorCode == "invalid_cursor", "\(what): \(response.text)")
            }
            let elsewhere = try await client.get("/customers/\(small)/invoices?cursor=\(next)")
            #expect(elsewhere.status == .badRequest)
            #expect(elsewhere.errorCode == "invalid_cursor")
            return next
        }
        try await replica.test(.router) { client in
            let second = try await client.get("/customers/\(busy)/invoices?limit=3&cursor=\(cursor)").json(InvoicePageDocument.self)
            #expect(second.invoices.map(\.accessKey) == Array(expected[3..<6]))
        }
        try await otherSecret.test(.router) { client in
            let response = try await client.get("/customers/\(busy)/invoices?limit=3&cursor=\(cursor)")
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_cursor")
        }
    }

    @Test("a malformed customer document is 400 invalid_customer_document")
    func malformedCustomer() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        try await app.test(.router) { client in
            for document in ["5299822472", "529982247250", "529.982.247-25", "abcdefghijk", "1122233300018"] {
                let response = try await client.get("/customers/\(document)/invoices")
                #expect(response.status == .badRequest, "\(document)")
                #expect(response.errorCode == "invalid_customer_document", "\(document): \(response.text)")
            }
        }
    }

    // MARK: - Authentication

    @Test("no key, an empty key, a wrong key or the hash as key: 401 unauthorized JSON, no data")
    func authRefusals() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let sample = try #require(stack.invoices.first)
        try await app.test(.router) { client in
            for uri in ["/invoices/\(sample.accessKey)", "/customers/\(busy)/invoices"] {
                for key in [nil, "", APITest.otherKey, APIKeyHash.hex(of: APITest.key), String(APITest.key.dropLast())] as [String?] {
                    let response = try await client.get(uri, key: key)
                    #expect(response.status == .unauthorized, "\(uri), key \(key ?? "none")")
                    #expect(response.errorCode == "unauthorized")
                    #expect(response.headers[.wwwAuthenticate] != nil)
                    #expect(!response.text.contains(sample.accessKey))
                }
            }
        }
    }

    @Test("over real HTTP: the invoice with the key, 401 without it, /health open")
    func liveServer() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let sample = try #require(stack.invoices.first)
        try await app.test(.live) { client in
            let found = try await client.get("/invoices/\(sample.accessKey)")
            #expect(found.status == .ok)
            #expect(try found.json(InvoiceDocument.self).accessKey == sample.accessKey)
            let refused = try await client.get("/invoices/\(sample.accessKey)", key: nil)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "unauthorized")
            #expect(try await client.get("/health", key: nil).status == .ok)
        }
    }

    // MARK: - Operations

    @Test("/health: 200 on the real table, 503 dynamodb_unavailable on a missing one (as are reads)")
    func health() async throws {
        let stack = try await SeededStack.shared()
        let app = try APITest.application(repository: stack.repository)
        let missing = try APITest.application(repository: DynamoInvoiceRepository(dynamo: stack.dynamo, table: "\(stack.settings.table)-missing"))
        let sample = try #require(stack.invoices.first)
        try await app.test(.router) { client in
            let response = try await client.get("/health", key: nil)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok"}"#)
        }
        try await missing.test(.router) { client in
            let health = try await client.get("/health", key: nil)
            #expect(health.status == .serviceUnavailable)
            #expect(health.errorCode == "dynamodb_unavailable")
            #expect(!health.text.contains("ResourceNotFound"))
            let read = try await client.get("/invoices/\(sample.accessKey)")
            #expect(read.status == .serviceUnavailable)
            #expect(read.errorCode == "dynamodb_unavailable")
        }
    }

    @Test("/metrics and /openapi.json need no key; the document served is the file in the repository")
    func metricsAndOpenAPI() async throws {
        let stack = try await SeededStack.shared()
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "query_api_live_marker_total").increment()
        let app = try APITest.application(repository: stack.repository, registry: registry)
        let file = try APITest.openAPIFile()
        try await app.test(.router) { client in
            let metrics = try await client.get("/metrics", key: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("query_api_live_marker_total 1"))

            let document = try await client.get("/openapi.json", key: nil)
            #expect(document.status == .ok)
            #expect(Data(document.body.readableBytesView) == file)
        }
    }

    // MARK: - Helpers

    /// Follows `nextCursor` from `uri` to the last page.
    /// - Returns: The access keys in the order received, and how many pages it took.
    static func readAllPages(_ client: any TestClientProtocol, _ uri: String, pageLimit: Int) async throws -> ([String], Int) {
        var keys: [String] = []
        var pages = 0
        var cursor: String?
        repeat {
            let response = try await client.get(uri + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(response.status == .ok, "\(response.text)")
            let page = try response.json(InvoicePageDocument.self)
            #expect(!page.invoices.isEmpty, "a page is never empty")
            #expect(page.invoices.count <= pageLimit)
            keys += page.invoices.map(\.accessKey)
            pages += 1
            cursor = page.nextCursor
        } while cursor != nil && pages < 200
        return (keys, pages)
    }
}
