import AWSSigV4
import Foundation
import Testing

/// URI encoding rules, checked against signatures computed by botocore 1.44.8
/// (`SigV4Auth` / `S3SigV4Auth` with the test suite's credentials and date), an
/// implementation independent of this one.
@Suite("Canonical URI and query encoding")
struct EncodingTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    @Test("other services: the encoded path is encoded again")
    func doubleEncodedPath() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(
            method: "GET", url: URL(string: "https://example.amazonaws.com/a%20b/%C3%A7?b=2&a=x%20y")!, date: Self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("GET\n/a%2520b/%25C3%25A7\na=x%20y&b=2\n"))
        #expect(signature.signature == "05b3502768b7752e3e5260a586bb86b2c8fb1b79a5f81ad43174e6ff14052785")
    }

    @Test("S3: a key with space, plus and ç is signed as sent, once encoded")
    func s3AwkwardKey() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signature = signer.sign(
            method: "GET", url: URL(string: "http://127.0.0.1:5055/bucket/dir/a%20b%2Bc%C3%A7.json?x-id=GetObject")!,
            date: Self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("GET\n/bucket/dir/a%20b%2Bc%C3%A7.json\nx-id=GetObject\nhost:127.0.0.1:5055\n"))
        #expect(signature.signature == "c2cf087ca9cb50764e69b149ece233fee782821e377dc6e29186c3be1278eaf4")
    }

    @Test("S3: lower-case or missing escapes sign the same as upper-case ones")
    func s3EquivalentEncodings() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let upper = signer.sign(method: "GET", url: URL(string: "http://h/b/%C3%A7%20x")!, date: Self.date)
        let lower = signer.sign(method: "GET", url: URL(string: "http://h/b/%c3%a7%20x")!, date: Self.date)
        #expect(upper.signature == lower.signature)
    }

    @Test("S3: a listing query is sorted and re-encoded")
    func s3ListingQuery() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signature = signer.sign(
            method: "GET",
            url: URL(string: "http://127.0.0.1:5055/bucket?list-type=2&prefix=a%2Fb%20c&continuation-token=x%2By%3D")!,
            date: Self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("GET\n/bucket\ncontinuation-token=x%2By%3D&list-type=2&prefix=a%2Fb%20c\n"))
        #expect(signature.signature == "e12cc8011a2766e6e5a010b72ff020e5bede68050922b26faadf8dbd4f284930")
    }

    @Test("a query name without a value is signed with an empty one")
    func valuelessQueryName() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signature = signer.sign(method: "PUT", url: URL(string: "http://h/bucket?notification")!, date: Self.date)
        #expect(signature.canonicalRequest.split(separator: "\n")[2] == "notification=")
    }

    @Test("RFC 3986 percent-encoding", arguments: [
        ("a b+c", false, "a%20b%2Bc"),
        ("dir/ç.json", true, "dir/%C3%A7.json"),
        ("dir/ç.json", false, "dir%2F%C3%A7.json"),
        ("-._~AZaz09", false, "-._~AZaz09"),
        ("=&?*!'()", false, "%3D%26%3F%2A%21%27%28%29"),
    ])
    func percentEncoding(input: String, keepingSlash: Bool, expected: String) {
        #expect(AWSPercentEncoding.encode(input, keepingSlash: keepingSlash) == expected)
        #expect(AWSPercentEncoding.decode(expected) == input)
    }

    @Test("malformed escapes do not decode")
    func malformedEscapes() {
        #expect(AWSPercentEncoding.decode("%G1") == nil)
        #expect(AWSPercentEncoding.decode("abc%2") == nil)
        #expect(AWSPercentEncoding.decode("%FF") == nil)
    }

    @Test("signing dates render in UTC across leap days and year ends", arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400.0, "20000229T000000Z"),
        (1_709_251_199.0, "20240229T235959Z"),
        (1_767_225_599.9, "20251231T235959Z"),
    ])
    func dates(seconds: Double, expected: String) {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(method: "GET", url: URL(string: "https://h/")!, date: Date(timeIntervalSince1970: seconds))
        #expect(signature.headers.first { $0.name == "X-Amz-Date" }?.value == expected)
    }
}
