import AsyncHTTPClient
import AWSClients
import Foundation
import Testing

@Suite("Transport failures")
struct TransportTests {
    @Test("a refused connection is a retryable AWSError naming the endpoint")
    func connectionRefused() async throws {
        // Port 1 on loopback: nothing listens there on the machines this runs on.
        let configuration = AWSClientConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"),
            endpoint: URL(string: "http://127.0.0.1:1")!, requestTimeout: .seconds(3)
        )
        let s3 = S3Client(httpClient: .shared, configuration: configuration)
        let error = await #expect(throws: AWSError.self) {
            try await s3.getObject(bucket: "invoices", key: "k", maxBytes: 10)
        }
        #expect(error?.kind == .transport)
        #expect(error?.isRetryable == true)
        #expect(error?.code == "ConnectionRefused", "got \(String(describing: error))")
        #expect(error?.description == "cannot reach S3 at http://127.0.0.1:1: connection refused")
    }
}
