import AsyncHTTPClient
import AWSClients
import FleetTestSupport
import Foundation

/// The least-privilege IAM policies of `deploy/iam/<component>.json`, and the form in which
/// moto can enforce them.
///
/// Moto (measured with 5.2.5) evaluates some requests against a resource other than the one
/// AWS uses, so three statements of these policies would be denied locally although AWS
/// grants them. `forMoto` rewrites exactly those, nothing else:
///
/// - DynamoDB: moto checks every DynamoDB action against resource `*`, so a statement
///   naming the table or index ARN never matches. DynamoDB statements get `Resource: "*"`.
///   **Not enforced locally, therefore: which table (or index) a DynamoDB action targets.**
/// - SQS `GetQueueUrl` and `CreateQueue`: they carry no `QueueUrl`, so moto checks them
///   against `*`. They move to a statement on `*`. **Not enforced locally: which queue
///   these two name.** (`ReceiveMessage`, `DeleteMessage*`, `SendMessage`,
///   `GetQueueAttributes` are matched on the queue's ARN, as on AWS.)
/// - SQS `DeleteMessageBatch`: AWS authorizes it with `sqs:DeleteMessage` (there is no
///   `sqs:DeleteMessageBatch` IAM action); moto asks for the operation's own name, so
///   `sqs:DeleteMessageBatch` is added wherever `sqs:DeleteMessage` is granted.
///
/// S3 statements are passed unchanged: moto matches S3 actions on bucket and key ARNs as
/// AWS does. Every action stays denied unless the policy grants it, so refusals are real
/// on every service.
enum ComponentPolicy {
    /// The components with a policy file.
    static let components = ["api", "loadtest", "relay", "setup", "worker"]

    /// The SQS actions moto checks against `*` only.
    static let queuelessSQSActions: Set<String> = ["sqs:GetQueueUrl", "sqs:CreateQueue"]

    struct PolicyError: Error, CustomStringConvertible {
        var description: String
    }

    static var directory: URL {
        APITest.repositoryRoot.appendingPathComponent("deploy/iam")
    }

    /// The statements of `deploy/iam/<component>.json`, read from the repository.
    static func statements(_ component: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(component).json"))
        guard let policy = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let statements = policy["Statement"] as? [[String: Any]]
        else { throw PolicyError(description: "deploy/iam/\(component).json is not a policy document") }
        return statements
    }

    /// `Action` of a statement, a string or a list.
    static func actions(of statement: [String: Any]) -> [String] {
        if let list = statement["Action"] as? [String] { return list }
        if let one = statement["Action"] as? String { return [one] }
        return []
    }

    /// `Resource` of a statement, a string or a list.
    static func resources(of statement: [String: Any]) -> [String] {
        if let list = statement["Resource"] as? [String] { return list }
        if let one = statement["Resource"] as? String { return [one] }
        return []
    }

    /// The policy of `component` as moto needs it (see the type's documentation), as JSON.
    static func forMoto(_ component: String) throws -> String {
        var adapted: [[String: Any]] = []
        for statement in try statements(component) {
            var scoped: [String] = []
            var anyResource: [String] = []
            for action in actions(of: statement) {
                if action.hasPrefix("dynamodb:") || queuelessSQSActions.contains(action) {
                    anyResource.append(action)
                } else {
                    scoped.append(action)
                }
                if action == "sqs:DeleteMessage" { scoped.append("sqs:DeleteMessageBatch") }
            }
            if !scoped.isEmpty {
                var kept = statement
                kept["Action"] = scoped
                adapted.append(kept)
            }
            if !anyResource.isEmpty {
                let sid = (statement["Sid"] as? String ?? "Statement") + "MotoEvaluatesOnStar"
                adapted.append(["Sid": sid, "Effect": statement["Effect"] as? String ?? "Allow", "Action": anyResource, "Resource": "*"])
            }
        }
        let policy: [String: Any] = ["Version": "2012-10-17", "Statement": adapted]
        let data = try JSONSerialization.data(withJSONObject: policy, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A moto of the test's own that enforces IAM, with one user per component holding
    /// that component's policy (`forMoto`).
    static func startMoto() async throws -> AuthenticatingMoto {
        var users: [String: String] = [:]
        for component in components {
            users[component] = try forMoto(component)
        }
        return try await AuthenticatingMoto.start(users: users)
    }

    /// Client settings for `moto` with the keys of `user`; `nil` for the allow-all user.
    static func configuration(_ moto: AuthenticatingMoto, user: String?) throws -> AWSClientConfiguration {
        let credentials = try user.map { try moto.keys(of: $0) } ?? moto.credentials
        return AWSClientConfiguration(
            region: "us-east-1", credentials: credentials, endpoint: URL(string: moto.endpoint), requestTimeout: .seconds(20)
        )
    }

    /// The environment a component process reads its keys from.
    static func environment(_ moto: AuthenticatingMoto, user: String) throws -> [String: String] {
        let credentials = try moto.keys(of: user)
        return ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey]
    }
}

/// The three AWS clients of one identity.
struct AWSClientSet: Sendable {
    let configuration: AWSClientConfiguration
    let s3: S3Client
    let sqs: SQSClient
    let dynamo: DynamoDBClient

    init(_ configuration: AWSClientConfiguration) {
        self.configuration = configuration
        s3 = S3Client(httpClient: .shared, configuration: configuration)
        sqs = SQSClient(httpClient: .shared, configuration: configuration)
        dynamo = DynamoDBClient(httpClient: .shared, configuration: configuration)
    }

    /// S3 DeleteBucket, which `S3Client` does not offer because no component deletes a
    /// bucket; signed and sent here so that a refusal can be shown.
    ///
    /// - Throws: `AWSError` as S3 answered it.
    func deleteBucket(_ bucket: String) async throws {
        let url = configuration.endpoint(forService: "s3").appendingPathComponent(bucket)
        let signature = SigV4Signer(credentials: try await configuration.credentials.current(), region: configuration.region, service: "s3")
            .sign(method: "DELETE", url: url)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .DELETE
        for (name, value) in signature.headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw AWSError.parse(service: "S3", status: Int(response.status.code), headers: response.headers, body: body)
        }
    }
}
