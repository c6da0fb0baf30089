import AsyncHTTPClient
import AWSClients
import FleetTestSupport
import Foundation
import Testing

/// Moto checks SigV4 signatures only when authentication is on, so these tests start a
/// moto of their own (see `FleetTestSupport.AuthenticatingMoto`): the right secret must be accepted by
/// S3, SQS and DynamoDB, awkward keys included, and a wrong one rejected.
@Suite(
    "Signatures verified by moto",
    .enabled("needs moto_server in FLEET_VENV (default /var/tmp/invoice-fleet-venv)") { AuthenticatingMoto.binary != nil },
    .serialized
)
struct SignatureVerificationTests {
    @Test("the right secret is accepted by S3, SQS and DynamoDB; a wrong one is SignatureDoesNotMatch")
    func rightAndWrongSecret() async throws {
        let moto = try await AuthenticatingMoto.start()
        defer { moto.stop() }
        let good = LocalStack.configuration(credentials: moto.credentials, endpoint: moto.endpoint)
        var wrongCredentials = moto.credentials
        wrongCredentials.secretAccessKey += "x"
        let bad = LocalStack.configuration(credentials: wrongCredentials, endpoint: moto.endpoint)

        // Accepted: every path and query shape the clients produce.
        let s3 = S3Client(httpClient: .shared, configuration: good)
        try await s3.createBucket("signed-bucket")
        let key = "in/a b+c/ç %.json"
        try await s3.putObject(bucket: "signed-bucket", key: key, bytes: Array("{}".utf8))
        #expect(try await s3.getObject(bucket: "signed-bucket", key: key, maxBytes: 10).size == 2)
        #expect(try await s3.listObjectsV2(bucket: "signed-bucket", prefix: "in/a b+").objects.map(\.key) == [key])

        let sqs = SQSClient(httpClient: .shared, configuration: good)
        let queueURL = try await sqs.createQueue(name: "signed-queue")
        try await sqs.sendMessage(queueURL: queueURL, body: "hello")
        #expect(try await sqs.receiveMessages(queueURL: queueURL, waitTimeSeconds: 1).map(\.body) == ["hello"])

        let dynamo = DynamoDBClient(httpClient: .shared, configuration: good)
        try await dynamo.createTable(DynamoDBIntegrationTests.invoicesTable("SignedInvoices"))
        try await dynamo.waitUntilActive("SignedInvoices", timeout: .seconds(30))
        let report = await BatchWriter(sender: dynamo, table: "SignedInvoices", keyAttributes: ["pk"])
            .write((0..<3).map { DynamoDBIntegrationTests.invoice($0, customer: "52998224725") })
        #expect(report.writtenCount == 3)

        // Rejected: S3, SQS and DynamoDB all verify the signature.
        let s3Error = await #expect(throws: AWSError.self) {
            try await S3Client(httpClient: .shared, configuration: bad).getObject(bucket: "signed-bucket", key: key, maxBytes: 10)
        }
        #expect(s3Error?.code == "SignatureDoesNotMatch")
        #expect(s3Error?.statusCode == 403)
        #expect(s3Error?.isRetryable == false)

        let sqsError = await #expect(throws: AWSError.self) {
            try await SQSClient(httpClient: .shared, configuration: bad).getQueueURL(name: "signed-queue")
        }
        #expect(sqsError?.code == "SignatureDoesNotMatch")
        #expect(sqsError?.statusCode == 403)

        let dynamoError = await #expect(throws: AWSError.self) {
            try await DynamoDBClient(httpClient: .shared, configuration: bad).describeTable("SignedInvoices")
        }
        #expect(dynamoError?.code == "SignatureDoesNotMatch")
        #expect(dynamoError?.statusCode == 403)
        #expect(dynamoError?.isRetryable == false)
    }
}
