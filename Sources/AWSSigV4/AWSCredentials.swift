/// The secret material a request is signed with.
///
/// Where the values come from (environment, shared credentials file) is decided by the
/// AWS clients; the signer only needs the values themselves.
package struct AWSCredentials: Sendable, Equatable {
    /// The access key id, e.g. `AKIDEXAMPLE`. Sent in clear inside the `Authorization` header.
    package var accessKeyID: String
    /// The secret access key. Never sent; only used to derive the signing key.
    package var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`. Default: `nil`.
    package var sessionToken: String?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// Names the access key only, so that credentials can be logged by accident without leaking.
    package var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
}
