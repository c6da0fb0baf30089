import AWSSigV4
import Foundation
import Testing

/// Vectors of AWS's published "Signature Version 4 test suite" (aws-sig-v4-test-suite):
/// credentials AKIDEXAMPLE, region us-east-1, service `service`, 2015-08-30T12:36:00Z.
/// Each expected string is the suite's `.creq` / `.sts` / `.authz` content.
@Suite("SigV4 test suite vectors")
struct TestSuiteVectorTests {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        ),
        region: "us-east-1",
        service: "service"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z
    static let credential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
    static let scope = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request"
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    func sign(
        _ method: String, _ url: String, headers: [(name: String, value: String)] = [],
        body: String? = nil, signer: SigV4Signer = Self.signer
    ) -> SigV4Signature {
        signer.sign(
            method: method, url: URL(string: url)!, headers: headers,
            payload: body.map { .bytes(Array($0.utf8)) } ?? .empty, date: Self.date
        )
    }

    @Test("get-vanilla")
    func getVanilla() {
        let signature = sign("GET", "https://example.amazonaws.com/")
        #expect(signature.canonicalRequest == """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            \(Self.emptyHash)
            """)
        #expect(signature.stringToSign == Self.scope + "\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        #expect(signature.authorization == Self.credential
            + ", SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("get-vanilla-query-order-key-case: parameters sorted")
    func getVanillaQueryOrderKeyCase() {
        let signature = sign("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1")
        #expect(signature.canonicalRequest == """
            GET
            /
            Param1=value1&Param2=value2
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            \(Self.emptyHash)
            """)
        #expect(signature.stringToSign == Self.scope + "\n816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0")
        #expect(signature.authorization == Self.credential
            + ", SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test("post-x-www-form-urlencoded: a body and a content type")
    func postFormURLEncoded() {
        let signature = sign(
            "POST", "https://example.amazonaws.com/",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1"
        )
        #expect(signature.canonicalRequest == """
            POST
            /

            content-type:application/x-www-form-urlencoded
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            """)
        #expect(signature.stringToSign == Self.scope + "\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281")
        #expect(signature.authorization == Self.credential
            + ", SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    @Test("get-header-value-trim: values trimmed, inner spaces collapsed, names lower-cased")
    func getHeaderValueTrim() {
        let signature = sign(
            "GET", "https://example.amazonaws.com/",
            headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")]
        )
        #expect(signature.canonicalRequest == """
            GET
            /

            host:example.amazonaws.com
            my-header1:value1
            my-header2:"a b c"
            x-amz-date:20150830T123600Z

            host;my-header1;my-header2;x-amz-date
            \(Self.emptyHash)
            """)
        #expect(signature.stringToSign == Self.scope + "\na726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7")
        #expect(signature.authorization == Self.credential
            + ", SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")
    }

    @Test("get-unreserved: unreserved characters are not encoded")
    func getUnreserved() {
        let path = "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        let signature = sign("GET", "https://example.amazonaws.com" + path)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == Substring(path))
        #expect(signature.signature == "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")
    }

    @Test("post-sts-header: the session token is sent and signed")
    func postSessionToken() {
        let token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
        var credentials = Self.signer.credentials
        credentials.sessionToken = token
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signature = sign("POST", "https://example.amazonaws.com/", signer: signer)
        #expect(signature.headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == token })
        #expect(signature.stringToSign == Self.scope + "\nc237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6")
        #expect(signature.authorization == Self.credential
            + ", SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
    }

    @Test("the headers to add carry host, date and authorization")
    func headersToAdd() {
        let signature = sign("GET", "https://example.amazonaws.com/")
        #expect(signature.headers.map(\.name) == ["Host", "X-Amz-Date", "Authorization"])
        #expect(signature.headers[0].value == "example.amazonaws.com")
        #expect(signature.headers[1].value == "20150830T123600Z")
    }

    @Test("the signing key is cached per day and a new day derives a new one")
    func signingKeyPerDay() {
        let first = sign("GET", "https://example.amazonaws.com/")
        let again = sign("GET", "https://example.amazonaws.com/")
        #expect(first.signature == again.signature)
        let nextDay = Self.signer.sign(
            method: "GET", url: URL(string: "https://example.amazonaws.com/")!,
            date: Self.date.addingTimeInterval(86_400)
        )
        #expect(nextDay.authorization.contains("Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request"))
        #expect(nextDay.signature != first.signature)
        // Back to the first day: the cache must not hand out the newer day's key.
        #expect(sign("GET", "https://example.amazonaws.com/").signature == first.signature)
    }
}
