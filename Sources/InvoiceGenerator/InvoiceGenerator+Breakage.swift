import struct Foundation.Date
import InvoiceDomain

// MARK: - Broken invoices

extension InvoiceGenerator {
    /// The bytes of `valid` damaged so that exactly `code` is the validator's answer.
    ///
    /// Each case breaks one rule and leaves every rule checked before it intact, so the
    /// validator's first failure is `code`. Where natural, later rules stay intact too:
    /// an invalid 14-digit CNPJ is embedded in the key, as the issuer's software would.
    func breaking(
        _ valid: DraftInvoice, _ code: InvoiceErrorCode, style: JSONNode.Style, random: inout SplitMix64
    ) -> [UInt8] {
        var draft = valid
        let item = String(random.below(valid.items.count))
        switch code {
        case .emptyFile:
            return random.percent(50) ? [] : Array(" \r\n\t\n".utf8)
        case .fileTooLarge:
            return oversized(draft.node(), style: style, random: &random)
        case .notUTF8:
            return notUTF8(draft, item: item, style: style, random: &random)
        case .notJSON:
            return notJSON(draft, style: style, random: &random)
        case .duplicateField:
            var node = draft.node()
            switch random.below(3) {
            case 0: node.append("invoiceNumber", .string(draft.invoiceNumber))
            case 1: node.append("totalAmount", .string("0.00"))
            default: node.append("cnpj", .string(draft.issuerCNPJ), at: ["issuer"])
            }
            return node.bytes(style: style)
        case .unsupportedSchemaVersion:
            draft.schemaVersion = random.pick(["2", "0", "3", "1.1", "-1", "10"])
        case .missingField:
            var node = draft.node()
            let path = random.pick(Self.requiredPaths(item: item))
            if random.percent(30) { node.set(path, to: .null) } else { node.remove(path) }
            return node.bytes(style: style)
        case .wrongType:
            draft.currency = "BRL"
            var node = draft.node()
            let (path, value) = random.pick(Self.wrongTypes(draft, item: item))
            node.set(path, to: value)
            return node.bytes(style: style)
        case .invalidAccessKey:
            draft.accessKey = random.pick(Self.malformedAccessKeys(valid.accessKey))
        case .accessKeyCheckDigit:
            let last = Int(String(valid.accessKey.suffix(1))) ?? 0
            draft.accessKey = String(valid.accessKey.dropLast()) + String((last + random.int(in: 1...9)) % 10)
        case .invalidIssuerCNPJ:
            breakIssuerCNPJ(&draft, random: &random)
        case .invalidInvoiceNumber:
            draft.invoiceNumber = random.pick(["0", "000", "12A", "1234567890", "", "-5", "12.0", "nº 123"])
        case .invalidSeries:
            draft.series = random.pick(["A", "1000", "", "1-A", " 1", "-1"])
        case .accessKeyMismatch:
            breakKeyConsistency(&draft, random: &random)
        case .accessKeyStateCode:
            draft.accessKey = Self.rekeyed(valid.accessKey, stateCode: random.pick([0, 10, 18, 19, 20, 30, 34, 36, 40, 44, 49, 54, 99]))
        case .accessKeyModel:
            draft.accessKey = Self.rekeyed(valid.accessKey, model: random.pick([0, 1, 4, 54, 56, 57, 59, 64, 66, 99]))
        case .accessKeyEmissionType:
            draft.accessKey = Self.rekeyed(valid.accessKey, emissionType: random.pick([0, 8]))
        case .accessKeyYearMonth:
            // The key made the month before (a draft kept overnight at month's end) or a year off.
            let key = NFeAccessKey(valid.accessKey)
            let month = Int(key?.yearMonth.suffix(2) ?? "1") ?? 1
            let year = 2000 + (Int(key?.yearMonth.prefix(2) ?? "26") ?? 26)
            draft.accessKey = random.percent(70)
                ? Self.rekeyed(valid.accessKey, year: month == 1 ? year - 1 : year, month: month == 1 ? 12 : month - 1)
                : Self.rekeyed(valid.accessKey, year: year + 1, month: month)
        case .invalidCustomerDocument:
            draft.customerDocument = random.pick(Self.invalidDocuments(valid.customerDocument, random: &random))
        case .blankField:
            let blank = random.pick(["", "   ", "\t", "\u{00A0}"])
            var node = draft.node()
            node.set(random.pick([["issuer", "name"], ["customer", "name"], ["items", item, "sku"], ["items", item, "description"]]), to: .string(blank))
            return node.bytes(style: style)
        case .invalidIssueDate:
            draft.issueDate = random.pick(Self.malformedDates(valid.issueDate))
        case .issueDateInFuture:
            let skew = configuration.validation.allowedFutureSkew.components.seconds
            let ahead = Int(max(2 * 86_400, skew + 86_400)) + random.int(in: 0...365 * 86_400)
            let instant = configuration.now.addingTimeInterval(Double(ahead))
            draft.issueDate = ISO8601Timestamp.format(instant, offsetMinutes: random.pick(Catalog.offsets))
        case .invalidCurrency:
            let candidates = ["XYZ", "brl", "R$", "", "REAL", "BRL ", "BRZ"]
                .filter { !configuration.validation.allowedCurrencies.contains($0) }
            draft.currency = candidates.isEmpty ? "?" : random.pick(candidates)
        case .noItems:
            draft.items = []
            draft.totalAmount = "0.00"
        case .tooManyItems:
            draft.items = (0...configuration.validation.maxItems).map { _ in self.item(random: &random) }
            draft.totalAmount = DraftInvoice.money(draft.computedTotalCents)
        case .invalidQuantity:
            draft.items[Int(item) ?? 0].quantity = random.pick(["0", "-1", "1.23456", "1e30", "0.00001", "-0.5", "0.0"])
        case .invalidAmount:
            breakAmount(&draft, item: Int(item) ?? 0, random: &random)
        case .itemTotalMismatch:
            breakItemTotal(&draft, item: Int(item) ?? 0, random: &random)
        case .totalsMismatch where random.percent(30):
            // The discount forgotten, or counted twice.
            let discount = 1 + random.below(max(1, DraftInvoice.cents(draft.totalAmount) / 10))
            let total = DraftInvoice.cents(draft.totalAmount)
            draft.discount = DraftInvoice.money(discount + DraftInvoice.cents(draft.discount ?? "0.00"))
            draft.totalAmount = DraftInvoice.money(random.percent(50) || discount > total ? total : total - 2 * discount)
        case .totalsMismatch:
            let total = DraftInvoice.cents(draft.totalAmount)
            draft.totalAmount = DraftInvoice.money(total > 0 && random.percent(50) ? total - 1 : total + 1)
        }
        return draft.node().bytes(style: style)
    }

    // MARK: - Bytes

    /// A valid invoice carrying an embedded PDF (as base64) that pushes it just past the limit.
    private func oversized(_ node: JSONNode, style: JSONNode.Style, random: inout SplitMix64) -> [UInt8] {
        let limit = configuration.validation.maxFileSize
        let target = limit + 1 + random.below(4096)
        var padded = node
        padded.append("attachment", .string(""))
        let overhead = padded.bytes(style: style).count
        let pattern = Array("JVBERi0xLjQKJcfsj6IK".utf8)
        let length = max(0, target - overhead)
        let filler = String(decoding: (0..<length).map { pattern[$0 % pattern.count] }, as: UTF8.self)
        padded = node
        padded.append("attachment", .string(filler))
        return padded.bytes(style: style)
    }

    /// Latin-1 or otherwise impossible bytes where UTF-8 text belongs, as when a legacy
    /// system re-encodes the file.
    private func notUTF8(_ draft: DraftInvoice, item: String, style: JSONNode.Style, random: inout SplitMix64) -> [UInt8] {
        let latin1Name: [UInt8] = Array("Jo".utf8) + [0xE3] + Array("o da Concei".utf8) + [0xE7, 0xE3] + Array("o".utf8)
        let bytes = random.pick([latin1Name, [0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x41, 0xC3]])
        var node = draft.node()
        node.set(random.pick([["customer", "name"], ["issuer", "name"], ["items", item, "description"]]), to: .rawString(bytes))
        return node.bytes(style: style)
    }

    private func notJSON(_ draft: DraftInvoice, style: JSONNode.Style, random: inout SplitMix64) -> [UInt8] {
        let valid = draft.node().bytes(style: style)
        switch random.below(7) {
        case 0:
            // Truncated upload; cut before a lead byte so the prefix stays valid UTF-8.
            var cut = random.int(in: 1...(valid.count - 1))
            while cut > 1, valid[cut] & 0xC0 == 0x80 { cut -= 1 }
            return Array(valid[..<cut])
        case 1:
            return Array("[".utf8) + valid + Array("]".utf8)
        case 2:
            return valid.dropLast() + Array(",}".utf8)
        case 3:
            return Array(#"<?xml version="1.0" encoding="UTF-8"?><nfeProc versao="4.00"><NFe><infNFe Id="NFe\#(draft.accessKey)"/></NFe></nfeProc>"#.utf8)
        case 4:
            return Array("{'accessKey': '\(draft.accessKey)', 'totalAmount': '\(draft.totalAmount)'}".utf8)
        case 5:
            return Array("\"\(draft.accessKey)\"".utf8)
        default:
            var node = draft.node()
            node.set(["totalAmount"], to: .number("NaN"))
            return node.bytes(style: style)
        }
    }
}
