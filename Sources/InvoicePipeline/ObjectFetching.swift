import AWSClients

/// Reads one invoice file: what the batch processor needs from S3.
///
/// `S3Client` conforms; unit tests give the processor a fake that answers with files,
/// missing objects and outages.
package protocol ObjectFetching: Sendable {
    /// - Throws: `S3ObjectError` (missing, too large) or `AWSError`.
    func getObject(bucket: String, key: String, maxBytes: Int) async throws -> S3Object
}

extension S3Client: ObjectFetching {}
