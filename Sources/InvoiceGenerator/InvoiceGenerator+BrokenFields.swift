import InvoiceDomain

// MARK: - Damaged fields, one rule at a time

extension InvoiceGenerator {
    static func requiredPaths(item: String) -> [[String]] {
        [
            ["schemaVersion"], ["accessKey"], ["invoiceNumber"], ["series"], ["issueDate"],
            ["issuer"], ["issuer", "cnpj"], ["issuer", "name"],
            ["customer"], ["customer", "document"], ["customer", "name"],
            ["items"], ["items", item, "sku"], ["items", item, "description"], ["items", item, "quantity"],
            ["items", item, "unitPrice"], ["items", item, "total"], ["totalAmount"],
        ]
    }

    /// Plausible type mistakes; generated documents never start with 0, so as JSON
    /// numbers they stay valid JSON.
    static func wrongTypes(_ draft: DraftInvoice, item: String) -> [([String], JSONNode)] {
        let line = draft.items[Int(item) ?? 0]
        return [
            (["schemaVersion"], .string("1")),
            (["accessKey"], .number(draft.accessKey)),
            (["invoiceNumber"], .number(draft.invoiceNumber)),
            (["series"], .number(draft.series)),
            (["issueDate"], .number("1795000000")),
            (["issuer"], .string(draft.issuerName)),
            (["issuer", "name"], .bool(true)),
            (["customer", "document"], .number(draft.customerDocument)),
            (["items"], .object([])),
            (["items", item], .string(line.description)),
            (["items", item, "quantity"], .string(line.quantity)),
            (["items", item, "unitPrice"], .number(line.unitPrice)),
            (["items", item, "total"], .number(line.total)),
            (["totalAmount"], .number(draft.totalAmount)),
            (["currency"], .number("986")),
        ]
    }

    static func malformedAccessKeys(_ key: String) -> [String] {
        var grouped = ""
        for (offset, character) in key.enumerated() {
            if offset > 0, offset % 4 == 0 { grouped.append(" ") }
            grouped.append(character)
        }
        return [String(key.dropLast()), key + "0", "NFe" + key, grouped, String(key.prefix(20)) + "O" + String(key.dropFirst(21)), ""]
    }

    func breakIssuerCNPJ(_ draft: inout DraftInvoice, random: inout SplitMix64) {
        let cnpj = draft.issuerCNPJ
        let chars = Array(cnpj)
        switch random.below(4) {
        case 0:
            let last = Int(String(chars[13])) ?? 0
            draft.issuerCNPJ = String(chars[..<13]) + String((last + random.int(in: 1...9)) % 10)
        case 1:
            draft.issuerCNPJ = String(repeating: String(random.int(in: 0...9)), count: 14)
        case 2:
            draft.issuerCNPJ = String(chars[0..<2]) + "." + String(chars[2..<5]) + "." + String(chars[5..<8]) + "/"
                + String(chars[8..<12]) + "-" + String(chars[12..<14])
        default:
            draft.issuerCNPJ = String(cnpj.dropLast())
        }
        // A 14-digit CNPJ is embedded in the key, as the issuer's software would have done.
        if draft.issuerCNPJ.utf8.count == 14 { rekey(&draft, cnpj: draft.issuerCNPJ) }
    }

    func breakKeyConsistency(_ draft: inout DraftInvoice, random: inout SplitMix64) {
        switch random.below(3) {
        case 0:
            let number = Int(draft.invoiceNumber) ?? 1
            draft.invoiceNumber = String(number % 999_999_999 + 1)
        case 1:
            let series = Int(draft.series) ?? 1
            draft.series = String(series % 999 + 1)
        default:
            var other = draft.issuerCNPJ
            while other == draft.issuerCNPJ { other = Self.cnpj(random: &random) }
            draft.issuerCNPJ = other
        }
    }

    /// Rebuilds the access key around another issuer CNPJ, keeping every other field.
    func rekey(_ draft: inout DraftInvoice, cnpj: String) {
        draft.accessKey = Self.rekeyed(draft.accessKey, cnpj: cnpj)
    }

    /// `digits` with the given fields replaced and the check digit recomputed.
    static func rekeyed(
        _ digits: String, stateCode: Int? = nil, year: Int? = nil, month: Int? = nil, cnpj: String? = nil,
        model: Int? = nil, emissionType: Int? = nil
    ) -> String {
        guard let key = NFeAccessKey(digits),
              let keyYear = Int(key.yearMonth.prefix(2)), let keyMonth = Int(key.yearMonth.suffix(2)),
              let rebuilt = NFeAccessKey(
                stateCode: stateCode ?? key.stateCode, year: year ?? keyYear, month: month ?? keyMonth,
                issuerCNPJ: cnpj ?? key.issuerCNPJ, model: model ?? key.model, series: key.series,
                number: key.number, emissionType: emissionType ?? key.emissionType, randomCode: key.randomCode)
        else { return digits }
        return rebuilt.digits
    }

    static func invalidDocuments(_ document: String, random: inout SplitMix64) -> [String] {
        let cpf = Self.cpf(random: &random)
        let cnpj = Self.cnpj(random: &random)
        let cpfChars = Array(cpf)
        let formatted = String(cpfChars[0..<3]) + "." + String(cpfChars[3..<6]) + "." + String(cpfChars[6..<9])
            + "-" + String(cpfChars[9..<11])
        let lastCPF = Int(String(cpfChars[10])) ?? 0
        let lastCNPJ = Int(String(cnpj.suffix(1))) ?? 0
        return [
            String(cpf.dropLast()) + String((lastCPF + random.int(in: 1...9)) % 10),
            String(cnpj.dropLast()) + String((lastCNPJ + random.int(in: 1...9)) % 10),
            String(repeating: String(random.int(in: 0...9)), count: random.percent(50) ? 11 : 14),
            formatted, document + "0", "",
        ]
    }

    static func malformedDates(_ date: String) -> [String] {
        let local = String(date.prefix(19))
        let year = String(date.prefix(4))
        let characters = Array(date)
        let brazilian = String(characters[8..<10]) + "/" + String(characters[5..<7]) + "/" + year + " "
            + String(characters[11..<19])
        return [
            local, String(date.prefix(10)), brazilian, year + "-02-30T10:00:00-03:00", local + "-0300",
            String(date.prefix(10)) + " " + String(date.dropFirst(11)), year + "-13-01T00:00:00Z",
            local + "+25:00",
        ]
    }

    func breakAmount(_ draft: inout DraftInvoice, item: Int, random: inout SplitMix64) {
        let field = random.below(3)
        let original = [draft.items[item].unitPrice, draft.items[item].total, draft.totalAmount][field]
        let cents = DraftInvoice.cents(original)
        // A unit price may have 10 places: a third place only breaks money, an eleventh the price.
        let tooManyPlaces = original + (field == 0 ? "000000005" : "5")
        let broken = random.pick([
            tooManyPlaces, "-" + original, original.replacingDot(with: ","),
            "R$ " + original.replacingDot(with: ","), "1e3", "", " " + original,
            "." + String(cents % 100), String(cents / 100) + ".",
        ])
        switch field {
        case 0: draft.items[item].unitPrice = broken
        case 1: draft.items[item].total = broken
        default: draft.totalAmount = broken
        }
    }

    func breakItemTotal(_ draft: inout DraftInvoice, item: Int, random: inout SplitMix64) {
        if random.percent(50) {
            // Off by two cents or more, just past SEFAZ's tolerance of one, with totalAmount
            // following the wrong line so only this rule fails.
            let total = DraftInvoice.cents(draft.items[item].total) + random.pick([2, 2, 3, 10, 100])
            draft.items[item].total = DraftInvoice.money(total)
        } else {
            // 1.5 kg billed as 1 kg: the fraction of the quantity forgotten.
            let price = random.int(in: 50...9999)
            draft.items[item].quantity = "1.5"
            draft.items[item].unitPrice = DraftInvoice.money(price)
            draft.items[item].total = DraftInvoice.money(price)
        }
        draft.totalAmount = DraftInvoice.money(draft.computedTotalCents)
    }
}

extension String {
    fileprivate func replacingDot(with replacement: Character) -> String {
        String(map { $0 == "." ? replacement : $0 })
    }
}
