/// One page of `ListObjectsV2`.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ObjectSummary]
    /// Pass to the next call to get the following page; `nil` on the last page.
    public var nextContinuationToken: String?

    public init(objects: [S3ObjectSummary], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }
}
