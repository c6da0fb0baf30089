/// The outcome of signing one request.
package struct SigV4Signature: Sendable {
    /// The headers to set on the request, replacing any of the same name: `Host`,
    /// `X-Amz-Date`, `X-Amz-Content-Sha256` (when the signer sends it),
    /// `X-Amz-Security-Token` (with temporary credentials) and `Authorization`.
    package let headers: [(name: String, value: String)]
    /// The `Authorization` header value.
    package let authorization: String
    /// The canonical request that was hashed; kept because a `SignatureDoesNotMatch`
    /// is debugged by comparing it with the one the service echoes back.
    package let canonicalRequest: String
    /// The string that was signed.
    package let stringToSign: String
    /// The lower-case hex signature.
    package let signature: String
    /// The `;`-separated lower-case names of the signed headers.
    package let signedHeaders: String
}
