extension InvoiceValidator {
    /// The limits an operator may tune; the defaults suit production.
    package struct Configuration: Sendable {
        /// Files larger than this many bytes are rejected unread, so that one huge object
        /// cannot stall a worker. Default: 1 MiB (1_048_576).
        package var maxFileSize: Int
        /// How far `issueDate` may lie ahead of the validator's clock, to absorb issuers'
        /// clock drift. Default: 5 minutes.
        package var allowedFutureSkew: Duration
        /// The accepted `currency` codes. Default: `ISO4217.circulatingCodes`.
        package var allowedCurrencies: Set<String>
        /// The most items one invoice may have. Default: 990, the NF-e limit.
        package var maxItems: Int

        package init(
            maxFileSize: Int = 1_048_576,
            allowedFutureSkew: Duration = .seconds(300),
            allowedCurrencies: Set<String> = ISO4217.circulatingCodes,
            maxItems: Int = 990
        ) {
            self.maxFileSize = maxFileSize
            self.allowedFutureSkew = allowedFutureSkew
            self.allowedCurrencies = allowedCurrencies
            self.maxItems = maxItems
        }
    }
}
