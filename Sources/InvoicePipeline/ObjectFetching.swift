import AWSClients

/// Reads one invoice file: what the batch processor needs from S3.
///
/// `S3Client` conforms; unit tests give the processor a fake that answers with files,
/// missing objects and outages.
package protocol ObjectFetching: Sendable {
    /// - Parameter eTag: the version to read (`If-Match`), when the event names one.
    /// - Throws: `S3ObjectError` (missing, too large, version replaced) or `AWSError`.
    func getObject(bucket: String, key: String, ifMatch eTag: String?, maxBytes: Int) async throws -> S3Object
}

extension S3Client: ObjectFetching {}
