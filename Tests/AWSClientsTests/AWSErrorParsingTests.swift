@testable import AWSClients
import NIOCore
import NIOHTTP1
import Testing

@Suite("AWSError parsing and classification")
struct AWSErrorParsingTests {
    func parse(_ status: Int, _ body: String, headers: [(String, String)] = [], service: String = "S3") -> AWSError {
        AWSError.parse(
            service: service, status: status, headers: HTTPHeaders(headers),
            body: ByteBuffer(string: body), endpoint: "http://127.0.0.1:5000"
        )
    }

    @Test("S3 <Error> document")
    func s3NoSuchKey() {
        let error = parse(404, """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
            <Key>a b.json</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>
            """)
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The specified key does not exist.")
        #expect(error.requestID == "4442587FB7D0A2F9")
        #expect(error.statusCode == 404)
        #expect(error.isRetryable == false)
        #expect(error.rawBody == nil)
    }

    @Test("S3 SignatureDoesNotMatch is permanent; SlowDown and 500 are retryable")
    func s3Classification() {
        #expect(parse(403, "<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error>").isRetryable == false)
        #expect(parse(503, "<Error><Code>SlowDown</Code><Message>m</Message></Error>").isRetryable)
        #expect(parse(503, "<Error><Code>SlowDown</Code><Message>m</Message></Error>").isThrottling)
        #expect(parse(500, "<Error><Code>InternalError</Code><Message>m</Message></Error>").isRetryable)
        #expect(parse(400, "<Error><Code>RequestTimeout</Code><Message>m</Message></Error>").isRetryable)
    }

    @Test("query protocol <ErrorResponse>, request id beside the error")
    func queryErrorResponse() {
        let error = parse(400, """
            <ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">
              <Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>
                <Message>The specified queue does not exist.</Message><Detail/></Error>
              <RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId>
            </ErrorResponse>
            """, service: "SQS")
        #expect(error.code == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error.requestID == "42d59b56-7407-4c4a-be0f-4c88daeea257")
        #expect(error.isRetryable == false)
    }

    @Test("DynamoDB JSON __type with namespace")
    func dynamoJSON() {
        let error = parse(
            400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
            headers: [("x-amzn-RequestId", "RID1")], service: "DynamoDB"
        )
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Requested resource not found")
        #expect(error.requestID == "RID1")
        #expect(error.isRetryable == false)
    }

    @Test("DynamoDB throttling is retryable", arguments: [
        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "com.amazonaws.dynamodb.v20120810#ThrottlingException",
        "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
    ])
    func dynamoThrottling(type: String) {
        let error = parse(400, #"{"__type":"\#(type)","message":"slow down"}"#, service: "DynamoDB")
        #expect(error.isThrottling)
        #expect(error.isRetryable)
    }

    @Test("SQS JSON keeps the query-compatible code of x-amzn-query-error")
    func sqsJSON() {
        let error = parse(
            400, #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
            headers: [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")], service: "SQS"
        )
        #expect(error.code == "QueueDoesNotExist")
        #expect(error.queryErrorCode == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error.description.contains("AWS.SimpleQueueService.NonExistentQueue"))
    }

    @Test("a capitalised Message and an x-amzn-ErrorType header with a URL suffix")
    func headerErrorType() {
        let error = parse(
            400, #"{"Message":"1 validation error detected"}"#,
            headers: [("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/")],
            service: "DynamoDB"
        )
        #expect(error.code == "ValidationException")
        #expect(error.message == "1 validation error detected")
    }

    @Test("an unparseable body is kept raw, the code taken from the status")
    func rawFallback() {
        let error = parse(502, "<html><body>Bad Gateway</body>", service: "DynamoDB")
        #expect(error.code == "HTTP502")
        #expect(error.rawBody == "<html><body>Bad Gateway</body>")
        #expect(error.isRetryable)
        let empty = parse(404, "")
        #expect(empty.code == "HTTP404")
        #expect(empty.message == "Not Found")
        #expect(empty.rawBody == nil)
        #expect(empty.isRetryable == false)
        #expect(parse(429, "").isRetryable)
    }

    @Test("transport failures are retryable and name the endpoint")
    func transportDescription() {
        let error = AWSError(
            kind: .transport, code: "ConnectionRefused", message: "connection refused", service: "S3",
            endpoint: "http://127.0.0.1:5000"
        )
        #expect(error.isRetryable)
        #expect(error.description == "cannot reach S3 at http://127.0.0.1:5000: connection refused")
    }

    @Test("a service error's description carries status and request id")
    func serviceDescription() {
        let error = parse(404, "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>R</RequestId></Error>")
        #expect(error.description == "S3 NoSuchKey (HTTP 404, request id R): gone")
    }
}
