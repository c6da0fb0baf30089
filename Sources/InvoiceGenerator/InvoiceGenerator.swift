import struct Foundation.Date
import InvoiceDomain

/// A deterministic source of realistic NF-e invoice files for load tests, with a
/// configurable share of files that each break exactly one validation rule.
///
/// Files are addressed by index: `file(at:)` depends only on the seed, the
/// configuration and the index, so a run can be generated in parallel, resumed, or
/// re-derived later to check what the fleet did with each file.
package struct InvoiceGenerator: Sendable {
    /// Indices must stay below this: each series of invoice numbers holds 999,999,999.
    package static let indexLimit = 998 * 999_999_999

    package let seed: UInt64
    package let configuration: Configuration

    package init(seed: UInt64, configuration: Configuration) {
        self.seed = seed
        self.configuration = configuration
    }

    /// The file at `index`.
    /// - Parameter index: 0 ..< `indexLimit`; valid files at different indices never
    ///   share an access key or an S3 key.
    package func file(at index: Int) -> GeneratedFile {
        precondition((0..<Self.indexLimit).contains(index), "index \(index) is outside 0..<\(Self.indexLimit)")
        if isConflictClaimant(index) { return conflictClaim(at: index) }
        var random = SplitMix64(seed: seed, index: index)
        let draft = validDraft(index: index, random: &random)
        let style = JSONNode.Style(pretty: random.percent(15), escapeNonASCII: random.percent(10))
        let key = objectKey(for: draft, random: &random)
        guard let code = brokenCode(at: index) else {
            let claimed = index + 1 < Self.indexLimit && isConflictClaimant(index + 1)
            return GeneratedFile(
                index: index, key: key, body: draft.node().bytes(style: style),
                expected: claimed ? .contested(accessKey: draft.accessKey) : .stored(accessKey: draft.accessKey))
        }
        let body = breaking(draft, code, style: style, random: &random)
        return GeneratedFile(index: index, key: key, body: body, expected: .deadLettered(code: code))
    }

    /// The files at `indices`, lazily.
    package func files(_ indices: Range<Int>) -> LazyMapSequence<Range<Int>, GeneratedFile> {
        indices.lazy.map(file(at:))
    }

    // MARK: - Which files are broken

    /// Broken files are spread evenly: index `i` is broken when ⌊(i+1)·share⌋ > ⌊i·share⌋,
    /// and it is the ⌊i·share⌋-th broken file, so the codes can cycle through every case
    /// without counting earlier files.
    func brokenCode(at index: Int) -> InvoiceErrorCode? {
        let share = min(max(configuration.brokenShare, 0), 1)
        let before = (Double(index) * share).rounded(.down)
        guard (Double(index + 1) * share).rounded(.down) > before else { return nil }
        let codes = InvoiceErrorCode.allCases
        // The seed picks where the cycle starts, so short runs still vary by seed.
        let start = Int(SplitMix64.mix(seed) % UInt64(codes.count))
        return codes[(Int(before) + start) % codes.count]
    }

    // MARK: - Conflicts: a second object claiming the previous file's access key

    /// Conflict claimants are spread evenly like broken files, half a period apart from
    /// them, and only where both the claimant's slot and the file it claims are valid.
    func isConflictClaimant(_ index: Int) -> Bool {
        let share = min(max(configuration.conflictShare, 0), 0.5)
        guard share > 0, index > 0 else { return false }
        func slot(_ i: Int) -> Bool { (Double(i + 1) * share + 0.5).rounded(.down) > (Double(i) * share + 0.5).rounded(.down) }
        return slot(index) && !slot(index - 1) && brokenCode(at: index) == nil && brokenCode(at: index - 1) == nil
    }

    /// The invoice of file `index - 1` again, with another customer name and sometimes a
    /// larger discount (the total following), under a new object name: what an issuer
    /// uploads when it "corrects" an authorized invoice instead of issuing a new one.
    private func conflictClaim(at index: Int) -> GeneratedFile {
        var original = SplitMix64(seed: seed, index: index - 1)
        var draft = validDraft(index: index - 1, random: &original)
        var random = SplitMix64(seed: seed ^ 0xC0_4F11C7, index: index)
        draft.customerName = Catalog.personName(&random) + " (corrigido)"
        if random.percent(50), let discount = draft.items.first.map({ DraftInvoice.cents($0.total) / 20 }), discount > 0 {
            draft.discount = DraftInvoice.money(discount + (draft.discount.map(DraftInvoice.cents) ?? 0))
        }
        draft.totalAmount = DraftInvoice.money(draft.computedTotalCents)
        let style = JSONNode.Style(pretty: random.percent(15), escapeNonASCII: false)
        let date = String(draft.issueDate.prefix(10).map { $0 == "-" ? "/" : $0 })
        return GeneratedFile(
            index: index, key: "\(date)/\(draft.accessKey)-corrigida.json", body: draft.node().bytes(style: style),
            expected: .contested(accessKey: draft.accessKey))
    }

    // MARK: - S3 keys

    /// `yyyy/mm/dd/<accessKey>.json` by local issue date; about 3% carry characters that
    /// S3 form-encodes in event notifications.
    private func objectKey(for draft: DraftInvoice, random: inout SplitMix64) -> String {
        let date = String(draft.issueDate.prefix(10).map { $0 == "-" ? "/" : $0 })
        switch random.below(100) {
        case 0: return "\(date)/Nota Fiscal \(draft.accessKey).json"
        case 1: return "\(date)/\(draft.accessKey)+reenvio.json"
        case 2: return "filial São João/\(date)/\(draft.accessKey)-ção.json"
        default: return "\(date)/\(draft.accessKey).json"
        }
    }
}
