import AWSSigV4
import Foundation

/// The JSON shape the container endpoint, the instance metadata service and
/// `credential_process` share: `AccessKeyId`, `SecretAccessKey`, a session token under
/// `Token` or `SessionToken`, and an ISO 8601 `Expiration`.
struct CredentialsDocument: Decodable {
    var AccessKeyId: String?
    var SecretAccessKey: String?
    var Token: String?
    var SessionToken: String?
    var Expiration: String?
    /// IMDS says `Success`; anything else is a failure, explained by `Message`.
    var Code: String?
    var Message: String?
    /// `credential_process` says 1; the endpoints say nothing.
    var Version: Int?

    /// Decodes `data` into credentials, naming `source` in what it throws.
    static func credentials(from data: Data, source: String) throws -> ExpiringCredentials {
        let document: CredentialsDocument
        do {
            document = try JSONDecoder().decode(CredentialsDocument.self, from: data)
        } catch {
            throw AWSCredentialsError.invalidResponse(source: source, reason: "not a credentials document: \(error)")
        }
        if let version = document.Version, version != 1 {
            throw AWSCredentialsError.invalidResponse(source: source, reason: "Version is \(version), not 1")
        }
        if let code = document.Code, code != "Success" {
            throw AWSCredentialsError.invalidResponse(source: source, reason: "\(code): \(document.Message ?? "no message")")
        }
        guard let key = document.AccessKeyId, !key.isEmpty, let secret = document.SecretAccessKey, !secret.isEmpty else {
            throw AWSCredentialsError.invalidResponse(source: source, reason: "AccessKeyId or SecretAccessKey missing")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = parseTimestamp(text) else {
                throw AWSCredentialsError.invalidResponse(source: source, reason: "Expiration '\(text)' is not an ISO 8601 time")
            }
            expiration = date
        }
        let token = (document.Token ?? document.SessionToken).flatMap { $0.isEmpty ? nil : $0 }
        return ExpiringCredentials(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token), expiration: expiration)
    }

    /// `2026-12-02T11:00:00Z`, with or without fractional seconds, in any offset.
    static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
