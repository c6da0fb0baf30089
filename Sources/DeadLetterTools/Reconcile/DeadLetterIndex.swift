/// The newest dead letter of each object version the DLQ names, built while the DLQ is
/// read, so that reconciliation holds one mark per object instead of the whole topic.
///
/// A dead letter whose event names an ETag belongs to that version of the object; one
/// that names none (the relay's failures) may be about any version and counts for all.
package struct DeadLetterIndex: Sendable {
    private struct Slot: Hashable, Sendable {
        var source: SourceObject
        var eTag: String?
    }

    private var newest: [Slot: DeadLetterMark] = [:]
    private var sources: Set<SourceObject> = []
    /// How many dead letters were added.
    package private(set) var count = 0

    package init() {}

    package init(_ marks: some Sequence<DeadLetterMark>) {
        for mark in marks { add(mark) }
    }

    package mutating func add(_ mark: DeadLetterMark) {
        count += 1
        sources.insert(mark.source)
        let slot = Slot(source: mark.source, eTag: mark.eTag)
        if let kept = newest[slot], !mark.isNewer(than: kept) { return }
        newest[slot] = mark
    }

    /// The newest dead letter that can be about version `eTag` (unquoted) of `source`:
    /// one naming that ETag or naming none. Those naming another ETag do not count.
    package func newest(for source: SourceObject, eTag: String) -> DeadLetterMark? {
        let candidates = [newest[Slot(source: source, eTag: eTag)], newest[Slot(source: source, eTag: nil)]]
        return candidates.compactMap { $0 }.max { $1.isNewer(than: $0) }
    }

    /// Whether any dead letter names `source`, whatever version.
    package func names(_ source: SourceObject) -> Bool {
        sources.contains(source)
    }

    /// The positions of the kept marks: the only `replay.of` values reconciliation needs.
    package var positions: Set<String> {
        Set(newest.values.map(\.position))
    }
}
