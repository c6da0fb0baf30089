import struct Foundation.Date
import InvoiceDomain

// MARK: - Valid invoices

extension InvoiceGenerator {
    /// A valid invoice whose access key is unique to `index`: the invoice number and
    /// series come from the index, so no two files of a run collide.
    func validDraft(index: Int, random: inout SplitMix64) -> DraftInvoice {
        let issuer = issuer(slot: random.below(512))
        let issueDate = issueDate(random: &random)
        let series = 1 + index / 999_999_999
        let number = 1 + index % 999_999_999
        let randomCode = Int(SplitMix64.mix(seed ^ UInt64(index) ^ configuration.accessKeySalt) % 100_000_000)
        // Some consumer invoices (NFC-e, model 65), and now and then a contingency emission.
        let isConsumerInvoice = random.percent(15)
        let emissionType = random.percent(92) ? 1 : random.pick(isConsumerInvoice ? [9] : [2, 3, 4, 5, 6, 7])
        let key = Self.accessKey(
            stateCode: issuer.stateCode, issueDate: issueDate, cnpj: issuer.cnpj, model: isConsumerInvoice ? 65 : 55,
            series: series, number: number, emissionType: emissionType, randomCode: randomCode)
        let customerIsPerson = random.percent(70)
        var draft = DraftInvoice(
            accessKey: key, invoiceNumber: String(number), series: String(series), issueDate: issueDate,
            issuerCNPJ: issuer.cnpj, issuerName: issuer.name,
            customerDocument: customerIsPerson ? Self.cpf(random: &random) : Self.cnpj(random: &random),
            customerName: customerIsPerson ? Catalog.personName(&random) : Catalog.companyName(&random),
            items: (0..<itemCount(random: &random)).map { _ in item(random: &random) }, totalAmount: "0.00",
            currency: random.percent(90) ? "BRL" : nil)
        addCharges(&draft, shipped: !isConsumerInvoice, random: &random)
        draft.totalAmount = DraftInvoice.money(draft.computedTotalCents)
        return draft
    }

    /// A discount on some invoices, freight, insurance or other charges on some shipped ones.
    private func addCharges(_ draft: inout DraftInvoice, shipped: Bool, random: inout SplitMix64) {
        let items = draft.items.reduce(0) { $0 + DraftInvoice.cents($1.total) }
        if random.percent(20), items >= 10 { draft.discount = DraftInvoice.money(random.int(in: 1...(items / 10))) }
        guard shipped else { return }
        if random.percent(15) { draft.freight = DraftInvoice.money(random.int(in: 500...15_000)) }
        if random.percent(4) { draft.insurance = DraftInvoice.money(random.int(in: 100...5_000)) }
        if random.percent(4) { draft.otherCharges = DraftInvoice.money(random.int(in: 100...3_000)) }
    }

    /// One of a run's 512 issuers: a fixed company per (seed, slot), so that issuers
    /// recur across invoices as they do in production.
    func issuer(slot: Int) -> (cnpj: String, name: String, stateCode: Int) {
        var random = SplitMix64(seed: seed ^ 0x1551_E5, index: slot)
        return (Self.cnpj(random: &random), Catalog.companyName(&random), random.pick(Catalog.stateCodes))
    }

    /// A time in the 30 days before `now`, written in a Brazilian offset (or UTC),
    /// sometimes with fractional seconds.
    private func issueDate(random: inout SplitMix64) -> String {
        let now = Int(configuration.now.timeIntervalSince1970.rounded(.down))
        let instant = Date(timeIntervalSince1970: Double(now - random.int(in: 60...30 * 86_400)))
        let text = ISO8601Timestamp.format(instant, offsetMinutes: random.pick(Catalog.offsets))
        guard random.percent(5) else { return text }
        let digits = random.int(in: 1...6)
        let fraction = String(random.below(1_000_000) % Self.power(10, digits))
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        // Seconds end at offset 19 of "YYYY-MM-DDThh:mm:ss".
        return String(text.prefix(19)) + "." + padded + String(text.dropFirst(19))
    }

    /// Mostly small baskets, sometimes a long one, never more than 50 items.
    private func itemCount(random: inout SplitMix64) -> Int {
        switch random.below(100) {
        case 0..<60: return random.int(in: 1...5)
        case 60..<90: return random.int(in: 6...15)
        default: return random.int(in: 16...50)
        }
    }

    /// A line whose total is quantity × unit price rounded to the cent, as issuers bill
    /// it: 1.5 × 10.33 = 15.495 is billed 15.50 (or, by software that truncates, 15.49).
    func item(random: inout SplitMix64) -> DraftInvoice.Item {
        let product = random.pick(Catalog.products)
        let quantity = product.unit != .piece && random.percent(60)
            ? random.pick(Catalog.fractionalQuantities)
            : (random.percent(70) ? random.int(in: 1...3) : random.int(in: 4...24)) * 10_000
        // Most prices are in cents; some carry more places (a price per kg with three
        // decimals, a rate per hour with the ten vUnCom allows).
        let places = random.percent(88) ? 2 : random.pick([3, 4, 6, 10])
        var price = Int128(random.int(in: product.price)) * 100_000_000
        let extra = Self.power(10, places - 2)
        if extra > 1 { price += Int128(random.below(extra)) * Int128(Self.power(10, 10 - places)) }
        let product14 = Int128(quantity) * price // 10^-14 units
        let truncated = product14 / 1_000_000_000_000
        let rounded = random.percent(80) ? (product14 + 500_000_000_000) / 1_000_000_000_000 : truncated
        return DraftInvoice.Item(
            sku: product.sku, description: product.description, quantity: DraftInvoice.quantity(quantity),
            unitPrice: DraftInvoice.price(price), total: DraftInvoice.money(Int(rounded)))
    }

    // MARK: - Documents

    static func accessKey(
        stateCode: Int, issueDate: String, cnpj: String, model: Int = 55, series: Int, number: Int,
        emissionType: Int = 1, randomCode: Int
    ) -> String {
        let year = Int(issueDate.prefix(4)) ?? 2000
        let month = Int(issueDate.dropFirst(5).prefix(2)) ?? 1
        guard let key = NFeAccessKey(
            stateCode: stateCode, year: year, month: month, issuerCNPJ: cnpj, model: model,
            series: series, number: number, emissionType: emissionType, randomCode: randomCode)
        else { preconditionFailure("generated access key fields out of range") }
        return key.digits
    }

    /// A valid CNPJ: an 8-digit company root, a branch number and the check digits.
    static func cnpj(random: inout SplitMix64) -> String {
        let root = String(random.int(in: 10_000_000...99_999_999))
        let branch = random.percent(80) ? "0001" : "000" + String(random.int(in: 2...9))
        return withCheckDigits(root + branch, CheckDigit.cnpj)
    }

    /// A valid CPF, never one digit repeated.
    static func cpf(random: inout SplitMix64) -> String {
        while true {
            let cpf = withCheckDigits(String(random.int(in: 100_000_000...999_999_999)), CheckDigit.cpf)
            if CheckDigit.isValidCPF(cpf) { return cpf }
        }
    }

    static func withCheckDigits(_ body: String, _ digits: (String) -> (Int, Int)?) -> String {
        guard let (first, second) = digits(body) else { preconditionFailure("not a digit string: \(body)") }
        return body + String(first) + String(second)
    }

    static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}
