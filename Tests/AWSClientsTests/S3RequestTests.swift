@testable import AWSClients
import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@Suite("S3 URLs and listing documents")
struct S3RequestTests {
    func client(endpoint: String?, region: String = "us-east-1") -> S3Client {
        S3Client(
            httpClient: .shared,
            configuration: AWSClientConfiguration(
                region: region, credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"),
                endpoint: endpoint.flatMap(URL.init(string:))
            )
        )
    }

    @Test("path style against a local endpoint, awkward keys encoded once")
    func pathStyle() {
        let s3 = client(endpoint: "http://127.0.0.1:5000")
        #expect(s3.objectURL(bucket: "invoices", key: "in/a b+c/ç.json").absoluteString
            == "http://127.0.0.1:5000/invoices/in/a%20b%2Bc/%C3%A7.json")
        #expect(s3.bucketURL("invoices", query: [("list-type", "2"), ("prefix", "a/b c"), ("notification", nil)]).absoluteString
            == "http://127.0.0.1:5000/invoices?list-type=2&prefix=a%2Fb%20c&notification")
    }

    @Test("virtual-hosted style against AWS")
    func virtualHosted() {
        let s3 = client(endpoint: nil, region: "sa-east-1")
        #expect(s3.objectURL(bucket: "invoices", key: "x y.json").absoluteString
            == "https://invoices.s3.sa-east-1.amazonaws.com/x%20y.json")
    }

    @Test("a ListBucketResult with url-encoded keys, a continuation token and dates")
    func listingDocument() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>invoices</Name><Prefix>in/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
              <Contents><Key>in/a+b%2Bc%C3%A7.json</Key><LastModified>2026-11-24T10:15:00.000Z</LastModified>
                <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>in/plain.json</Key><LastModified>2026-11-24T10:16:00Z</LastModified>
                <ETag>"abc"</ETag><Size>5</Size></Contents>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
            </ListBucketResult>
            """
        let root = try #require(XMLNode.parse(Data(document.utf8)))
        let page = S3Client.listPage(from: root)
        #expect(page.objects.map(\.key) == ["in/a b+cç.json", "in/plain.json"])
        #expect(page.objects.map(\.eTag) == ["9b2cf535f27731c974343645a3985328", "abc"])
        #expect(page.objects.map(\.size) == [1234, 5])
        #expect(page.objects[0].lastModified == Date(timeIntervalSince1970: 1_795_515_300))
        #expect(page.objects[1].lastModified == Date(timeIntervalSince1970: 1_795_515_360))
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test("the last page has no token even if S3 repeats one")
    func lastPage() throws {
        let root = try #require(XMLNode.parse(Data("""
            <ListBucketResult><IsTruncated>false</IsTruncated><NextContinuationToken>x</NextContinuationToken></ListBucketResult>
            """.utf8)))
        #expect(S3Client.listPage(from: root).nextContinuationToken == nil)
    }
}

@Suite("S3 body limit")
struct S3BodyLimitTests {
    /// An endless body of 1 KiB chunks that counts how many were pulled.
    struct EndlessBody: AsyncSequence {
        typealias Element = ByteBuffer
        let pulled: LockedBox<Int>

        struct AsyncIterator: AsyncIteratorProtocol {
            let pulled: LockedBox<Int>
            mutating func next() async throws -> ByteBuffer? {
                pulled.withLock { $0 += 1 }
                return ByteBuffer(repeating: 0x41, count: 1024)
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pulled: pulled) }
    }

    @Test("a streamed body without Content-Length stops at the first chunk past the limit")
    func streamedBodyStopsEarly() async {
        let pulled = LockedBox(0)
        await #expect(throws: S3ObjectError.objectTooLarge(size: 5 * 1024, limit: 4500)) {
            try await S3Client.collect(EndlessBody(pulled: pulled), maxBytes: 4500)
        }
        #expect(pulled.withLock { $0 } == 5)
    }

    @Test("a body of exactly the limit is read whole")
    func exactLimit() async throws {
        let chunks = [ByteBuffer(string: "abc"), ByteBuffer(string: "de")]
        let stream = AsyncStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        #expect(String(buffer: try await S3Client.collect(stream, maxBytes: 5)) == "abcde")
    }
}
