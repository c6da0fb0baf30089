import Foundation

/// The span of failure times a selection keeps: `since` inclusive, `until` exclusive.
///
/// An open bound (`nil`) accepts every time on its side; a dead letter whose failure time
/// is unknown matches only a window open on both sides, since nothing shows it is inside.
package struct FailureWindow: Sendable, Hashable, Codable {
    package var since: Date?
    package var until: Date?

    package init(since: Date? = nil, until: Date? = nil) {
        self.since = since
        self.until = until
    }

    /// The window that keeps everything.
    package static let unbounded = FailureWindow()

    package var isUnbounded: Bool { since == nil && until == nil }

    /// Whether a failure at `date` falls inside the window.
    package func contains(_ date: Date?) -> Bool {
        guard let date else { return isUnbounded }
        if let since, date < since { return false }
        if let until, date >= until { return false }
        return true
    }
}
