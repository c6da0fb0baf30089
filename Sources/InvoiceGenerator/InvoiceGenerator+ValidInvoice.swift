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
        let randomCode = Int(SplitMix64.mix(seed ^ UInt64(index)) % 100_000_000)
        let key = Self.accessKey(
            stateCode: issuer.stateCode, issueDate: issueDate, cnpj: issuer.cnpj,
            series: series, number: number, randomCode: randomCode)
        let customerIsPerson = random.percent(70)
        let items = (0..<itemCount(random: &random)).map { _ in item(random: &random) }
        let total = items.reduce(0) { $0 + DraftInvoice.cents($1.total) }
        return DraftInvoice(
            accessKey: key, invoiceNumber: String(number), series: String(series), issueDate: issueDate,
            issuerCNPJ: issuer.cnpj, issuerName: issuer.name,
            customerDocument: customerIsPerson ? Self.cpf(random: &random) : Self.cnpj(random: &random),
            customerName: customerIsPerson ? Catalog.personName(&random) : Catalog.companyName(&random),
            items: items, totalAmount: DraftInvoice.money(total),
            currency: random.percent(90) ? "BRL" : nil)
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

    func item(random: inout SplitMix64) -> DraftInvoice.Item {
        let product = random.pick(Catalog.products)
        var price = random.int(in: product.price)
        let quantity: Int
        if product.unit != .piece, random.percent(60) {
            quantity = random.pick(Catalog.fractionalQuantities)
            // Round the price so that quantity × price is whole cents: the price must be
            // a multiple of 10⁴ / gcd(quantity, 10⁴).
            let step = 10_000 / Self.gcd(quantity, 10_000)
            price = max(step, price / step * step)
        } else {
            quantity = (random.percent(70) ? random.int(in: 1...3) : random.int(in: 4...24)) * 10_000
        }
        return DraftInvoice.Item(
            sku: product.sku, description: product.description, quantity: DraftInvoice.quantity(quantity),
            unitPrice: DraftInvoice.money(price), total: DraftInvoice.money(quantity * price / 10_000))
    }

    // MARK: - Documents

    static func accessKey(
        stateCode: Int, issueDate: String, cnpj: String, series: Int, number: Int, randomCode: Int
    ) -> String {
        let year = Int(issueDate.prefix(4)) ?? 2000
        let month = Int(issueDate.dropFirst(5).prefix(2)) ?? 1
        guard let key = NFeAccessKey(
            stateCode: stateCode, year: year, month: month, issuerCNPJ: cnpj,
            series: series, number: number, randomCode: randomCode)
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

    static func gcd(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : gcd(b, a % b)
    }

    static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}
