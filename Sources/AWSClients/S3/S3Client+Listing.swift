import Foundation
import NIOCore

extension S3Client {
    /// Lists one page of objects (`ListObjectsV2`), keys in UTF-8 binary order.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: Only keys starting with this. Default: all.
    ///   - continuationToken: The previous page's `nextContinuationToken`.
    ///   - maxKeys: Page size, at most 1,000. Default: S3's (1,000).
    package func listObjectsV2(
        bucket: String, prefix: String? = nil, continuationToken: String? = nil, maxKeys: Int? = nil
    ) async throws -> S3ListPage {
        var query: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await transport.send(method: .GET, url: bucketURL(bucket, query: query))
        guard let root = XMLNode.parse(Data(response.body.readableBytesView)), root.name == "ListBucketResult" else {
            throw AWSError(
                kind: .invalidResponse, code: "InvalidResponse", message: "ListObjectsV2 answer is not a ListBucketResult",
                service: "S3", statusCode: response.status,
                rawBody: String(decoding: response.body.readableBytesView.prefix(4096), as: UTF8.self)
            )
        }
        return Self.listPage(from: root)
    }

    /// Lists every object under `prefix`, following continuation tokens.
    package func listAllObjects(bucket: String, prefix: String? = nil) async throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, continuationToken: token)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }

    /// Reads a `ListBucketResult`. With `EncodingType` `url` the keys arrive form-encoded
    /// (so that keys with characters XML cannot carry survive) and are decoded here.
    static func listPage(from root: XMLNode) -> S3ListPage {
        let urlEncoded = root.text(of: "EncodingType") == "url"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plainFormatter = ISO8601DateFormatter()
        let objects = root.children("Contents").map { entry in
            let rawKey = entry.text(of: "Key") ?? ""
            let key = urlEncoded ? (AWSPercentEncoding.decode(rawKey.replacingOccurrences(of: "+", with: "%20")) ?? rawKey) : rawKey
            let modified = entry.text(of: "LastModified").flatMap { formatter.date(from: $0) ?? plainFormatter.date(from: $0) }
            return S3ObjectSummary(
                key: key, eTag: unquote(entry.text(of: "ETag") ?? ""),
                size: entry.text(of: "Size").flatMap(Int.init) ?? 0, lastModified: modified
            )
        }
        let truncated = root.text(of: "IsTruncated") == "true"
        let token = truncated ? root.text(of: "NextContinuationToken") : nil
        return S3ListPage(objects: objects, nextContinuationToken: token)
    }
}
