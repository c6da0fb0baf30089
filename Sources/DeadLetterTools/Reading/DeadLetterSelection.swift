import FleetContracts
import Foundation

/// Which dead letters a command works on. Pure, so every rule is unit-tested.
///
/// Each criterion left empty accepts everything; the criteria given must all hold.
/// Within one criterion, any of the listed values matches (`--code a --code b`).
package struct DeadLetterSelection: Sendable, Hashable {
    /// `error.code` values; empty for any.
    package var codes: Set<String>
    /// `error.stage` values; empty for any.
    package var stages: Set<DeadLetter.Stage>
    /// `error.class` values; empty for any.
    package var classes: Set<DeadLetter.ErrorClass>
    /// Prefix of the source object's (decoded) key, without the bucket; `nil` for any.
    package var keyPrefix: String?
    /// When it failed.
    package var window: FailureWindow

    package init(
        codes: Set<String> = [], stages: Set<DeadLetter.Stage> = [], classes: Set<DeadLetter.ErrorClass> = [],
        keyPrefix: String? = nil, window: FailureWindow = .unbounded
    ) {
        self.codes = codes
        self.stages = stages
        self.classes = classes
        self.keyPrefix = keyPrefix
        self.window = window
    }

    /// Everything in the topic.
    package static let all = DeadLetterSelection()

    package func matches(_ entry: DeadLetterEntry) -> Bool {
        if !codes.isEmpty, !codes.contains(entry.letter.code.rawValue) { return false }
        if !stages.isEmpty, !stages.contains(entry.letter.stage) { return false }
        if !classes.isEmpty, !classes.contains(entry.letter.errorClass) { return false }
        if let keyPrefix, !keyPrefix.isEmpty {
            guard let key = entry.source?.key, key.hasPrefix(keyPrefix) else { return false }
        }
        return window.contains(entry.failedAt)
    }

    /// The criteria in words, for report headers; `all` when there are none.
    package var summary: String {
        var parts: [String] = []
        if !codes.isEmpty { parts.append("code=\(codes.sorted().joined(separator: ","))") }
        if !stages.isEmpty { parts.append("stage=\(stages.map(\.rawValue).sorted().joined(separator: ","))") }
        if !classes.isEmpty { parts.append("class=\(classes.map(\.rawValue).sorted().joined(separator: ","))") }
        if let keyPrefix, !keyPrefix.isEmpty { parts.append("key-prefix=\(keyPrefix)") }
        if let since = window.since { parts.append("since=\(FailureTime.format(since))") }
        if let until = window.until { parts.append("until=\(FailureTime.format(until))") }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }
}
