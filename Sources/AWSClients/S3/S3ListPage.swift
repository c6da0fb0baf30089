/// One page of `ListObjectsV2`.
package struct S3ListPage: Sendable, Equatable {
    package var objects: [S3ObjectSummary]
    /// Pass to the next call to get the following page; `nil` on the last page.
    package var nextContinuationToken: String?

    package init(objects: [S3ObjectSummary], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }
}
