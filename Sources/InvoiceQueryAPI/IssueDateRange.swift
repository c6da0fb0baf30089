import Foundation
import InvoiceDomain

/// The `from`/`to` bounds of a customer query, as the `byCustomer` index compares them.
///
/// The worker stores `issueDate` in UTC with whole seconds (`2026-11-24T13:15:00Z`), so
/// bounds are parsed with any offset, moved to UTC and rounded inwards to whole seconds:
/// then plain string comparison on the index is chronological comparison.
package struct IssueDateRange: Sendable, Equatable {
    /// Inclusive lower bound in the table's form; `nil` for none.
    package var from: String?
    /// Inclusive upper bound in the table's form; `nil` for none.
    package var to: String?

    package init(from: String? = nil, to: String? = nil) {
        self.from = from
        self.to = to
    }

    /// Whether no whole second lies between the bounds (e.g. both inside one second).
    package var isEmpty: Bool {
        guard let from, let to else { return false }
        return from > to
    }

    /// Parses the query parameters.
    ///
    /// - Throws: `QueryAPIError` `invalid_date` when a bound is not an ISO 8601 date-time
    ///   with an offset (`2026-11-24T10:15:00-03:00`, `2026-11-24T13:15:00Z`), or `from`
    ///   is after `to`.
    static func parse(from fromText: Substring?, to toText: Substring?) throws(QueryAPIError) -> IssueDateRange {
        let from = try fromText.map { text throws(QueryAPIError) in try instant(text, name: "from") }
        let to = try toText.map { text throws(QueryAPIError) in try instant(text, name: "to") }
        if let from, let to, from > to {
            throw QueryAPIError(.invalidDate, "from is after to")
        }
        return IssueDateRange(
            from: from.map { utcText($0.rounded(.up)) },
            to: to.map { utcText($0.rounded(.down)) }
        )
    }

    private static func instant(_ text: Substring, name: String) throws(QueryAPIError) -> TimeInterval {
        guard let date = ISO8601Timestamp.parse(text) else {
            throw QueryAPIError(.invalidDate, "\(name) must be an ISO 8601 date-time with an offset, e.g. 2026-11-24T10:15:00-03:00 or 2026-11-24T13:15:00Z")
        }
        return date.timeIntervalSince1970
    }

    private static func utcText(_ seconds: TimeInterval) -> String {
        ISO8601Timestamp.format(Date(timeIntervalSince1970: seconds), offsetMinutes: 0)
    }
}
