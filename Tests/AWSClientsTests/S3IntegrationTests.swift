import AsyncHTTPClient
import AWSClients
import Foundation
import NIOCore
import Testing

@Suite("S3 against moto", .enabled(LocalStack.skipReason) { await LocalStack.isReachable() })
struct S3IntegrationTests {
    let s3 = S3Client(httpClient: .shared, configuration: LocalStack.configuration)

    @Test("put, get, list (paginated), delete keys with space, plus and ç")
    func roundTrip() async throws {
        let bucket = LocalStack.uniqueName("aws-s3")
        try await s3.createBucket(bucket)
        try await s3.createBucket(bucket) // a second create is not an error

        let keys = ["in/a b.json", "in/a+b.json", "in/fatura-ç.json", "in/sub dir/ünï+ç %20.json"]
        var eTags: [String: String] = [:]
        for key in keys {
            eTags[key] = try await s3.putObject(bucket: bucket, key: key, bytes: Array("{\"key\":\"\(key)\"}".utf8))
        }
        try await s3.putObject(bucket: bucket, key: "other/x.json", bytes: [1])

        for key in keys {
            let object = try await s3.getObject(bucket: bucket, key: key, maxBytes: 1024)
            #expect(String(buffer: object.body) == "{\"key\":\"\(key)\"}")
            #expect(object.size == "{\"key\":\"\(key)\"}".utf8.count)
            #expect(object.eTag == eTags[key])
        }

        var listed: [S3ObjectSummary] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await s3.listObjectsV2(bucket: bucket, prefix: "in/", continuationToken: token, maxKeys: 3)
            listed += page.objects
            token = page.nextContinuationToken
            pages += 1
        } while token != nil
        #expect(pages == 2)
        #expect(Set(listed.map(\.key)) == Set(keys))
        for summary in listed {
            #expect(summary.eTag == eTags[summary.key])
            #expect(summary.size > 0)
            #expect(summary.lastModified.map { abs($0.timeIntervalSinceNow) < 3600 } == true)
        }

        for key in keys { try await s3.deleteObject(bucket: bucket, key: key) }
        #expect(try await s3.listAllObjects(bucket: bucket, prefix: "in/").isEmpty)
        await #expect(throws: S3ObjectError.noSuchKey(bucket: bucket, key: keys[2])) {
            try await s3.getObject(bucket: bucket, key: keys[2], maxBytes: 1024)
        }
    }

    @Test("getObject stops at maxBytes without reading the body")
    func maxBytes() async throws {
        let bucket = LocalStack.uniqueName("aws-s3-big")
        try await s3.createBucket(bucket)
        let size = 3 * 1024 * 1024
        try await s3.putObject(bucket: bucket, key: "big.json", bytes: [UInt8](repeating: 0x20, count: size))

        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: S3ObjectError.objectTooLarge(size: size, limit: 1024)) {
            try await s3.getObject(bucket: bucket, key: "big.json", maxBytes: 1024)
        }
        #expect(clock.now - started < .seconds(5))

        let exact = try await s3.getObject(bucket: bucket, key: "big.json", maxBytes: size)
        #expect(exact.size == size)
        // The connection dropped above must not poison the next request.
        #expect(try await s3.getObject(bucket: bucket, key: "big.json", maxBytes: size).size == size)
    }

    @Test("a missing bucket is an AWSError NoSuchBucket, not retryable")
    func missingBucket() async throws {
        let error = await #expect(throws: AWSError.self) {
            try await s3.listObjectsV2(bucket: LocalStack.uniqueName("aws-s3-none"))
        }
        #expect(error?.code == "NoSuchBucket")
        #expect(error?.statusCode == 404)
        #expect(error?.isRetryable == false)
        #expect(error?.requestID != nil)
    }

    @Test("bucket notifications deliver ObjectCreated events to SQS")
    func notifications() async throws {
        let sqs = SQSClient(httpClient: .shared, configuration: LocalStack.configuration)
        let bucket = LocalStack.uniqueName("aws-s3-events")
        let queueURL = try await sqs.createQueue(name: LocalStack.uniqueName("aws-s3-events"))
        let queueArn = try await sqs.queueARN(queueURL: queueURL)
        try await s3.createBucket(bucket)
        try await s3.putBucketNotificationConfiguration(bucket: bucket, queueArn: queueArn)
        try await s3.putObject(bucket: bucket, key: "in/nota fiscal ç.json", bytes: Array("{}".utf8))

        var bodies: [String] = []
        for _ in 0..<5 where bodies.isEmpty {
            let messages = try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitTimeSeconds: 1)
            bodies += messages.map(\.body).filter { $0.contains("ObjectCreated") }
        }
        let body = try #require(bodies.first)
        let notification = try JSONDecoder().decode(Notification.self, from: Data(body.utf8))
        let object = try #require(notification.Records.first?.s3)
        #expect(object.bucket.name == bucket)
        // S3 form-encodes keys in events ("+" for space); moto also encodes "/" as %2F.
        let key = AWSPercentEncoding.decode(object.object.key.replacingOccurrences(of: "+", with: "%20"))
        #expect(key == "in/nota fiscal ç.json")
    }

    /// The parts of an S3 event notification this test reads.
    struct Notification: Decodable {
        struct Record: Decodable { var s3: Entity }
        struct Entity: Decodable {
            struct Bucket: Decodable { var name: String }
            struct Object: Decodable { var key: String }
            var bucket: Bucket
            var object: Object
        }
        var Records: [Record]
    }
}
