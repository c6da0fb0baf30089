import struct Foundation.Date

/// A validated NF-e invoice (schema version 1).
///
/// Only `InvoiceValidator` should turn untrusted bytes into an `Invoice`: it checks every
/// rule, while `Decodable` (for trusted sources such as a cache) checks formats only.
package struct Invoice: Sendable, Equatable {
    /// The company that issued the invoice.
    package struct Issuer: Sendable, Equatable, Codable {
        /// 14 digits, no punctuation.
        package var cnpj: String
        package var name: String

        package init(cnpj: String, name: String) {
            self.cnpj = cnpj
            self.name = name
        }
    }

    /// The buyer: a person (CPF, 11 digits) or a company (CNPJ, 14 digits).
    package struct Customer: Sendable, Equatable, Codable {
        package var document: String
        package var name: String

        package init(document: String, name: String) {
            self.document = document
            self.name = name
        }
    }

    /// One invoice line.
    package struct Item: Sendable, Equatable, Codable {
        package var sku: String
        package var description: String
        package var quantity: Quantity
        package var unitPrice: UnitPrice
        /// `quantity × unitPrice` rounded to the cent, within SEFAZ's R$ 0.01.
        package var total: Money

        package init(sku: String, description: String, quantity: Quantity, unitPrice: UnitPrice, total: Money) {
            self.sku = sku
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.total = total
        }
    }

    /// The currency of invoices that do not name one.
    package static let defaultCurrency = "BRL"

    package var schemaVersion: Int
    /// The 44-digit NF-e access key, unique per invoice: the storage key.
    package var accessKey: String
    package var invoiceNumber: String
    package var series: String
    /// `issueDate` exactly as written in the file, offset included.
    package var issueDate: String
    /// The instant `issueDate` denotes.
    package var issuedAt: Date
    package var issuer: Issuer
    package var customer: Customer
    package var items: [Item]
    /// Exactly Σ item totals − `discount` + `freight` + `insurance` + `otherCharges`.
    package var totalAmount: Money
    /// Invoice-level charges and discount (vDesc, vFrete, vSeg, vOutro); zero when absent.
    package var charges: Charges
    /// An ISO 4217 code; "BRL" when the file has none.
    package var currency: String

    package init(
        schemaVersion: Int = 1, accessKey: String, invoiceNumber: String, series: String,
        issueDate: String, issuedAt: Date, issuer: Issuer, customer: Customer,
        items: [Item], totalAmount: Money, charges: Charges = Charges(), currency: String = Invoice.defaultCurrency
    ) {
        self.schemaVersion = schemaVersion
        self.accessKey = accessKey
        self.invoiceNumber = invoiceNumber
        self.series = series
        self.issueDate = issueDate
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.customer = customer
        self.items = items
        self.totalAmount = totalAmount
        self.charges = charges
        self.currency = currency
    }
}

extension Invoice {
    /// The invoice-level amounts that take the item totals to `totalAmount` (rule 610).
    package struct Charges: Sendable, Equatable {
        package var discount: Money
        package var freight: Money
        package var insurance: Money
        package var otherCharges: Money

        package init(discount: Money = .zero, freight: Money = .zero, insurance: Money = .zero, otherCharges: Money = .zero) {
            self.discount = discount
            self.freight = freight
            self.insurance = insurance
            self.otherCharges = otherCharges
        }
    }
}

// MARK: - Codable

extension Invoice: Codable {
    /// The file's field names; `issuedAt` is derived from `issueDate`, never stored.
    private enum CodingKeys: String, CodingKey {
        case schemaVersion, accessKey, invoiceNumber, series, issueDate
        case issuer, customer, items, totalAmount, currency
        case discount, freight, insurance, otherCharges
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        accessKey = try container.decode(String.self, forKey: .accessKey)
        invoiceNumber = try container.decode(String.self, forKey: .invoiceNumber)
        series = try container.decode(String.self, forKey: .series)
        issueDate = try container.decode(String.self, forKey: .issueDate)
        guard let instant = ISO8601Timestamp.parse(issueDate) else {
            throw DecodingError.dataCorruptedError(
                forKey: .issueDate, in: container, debugDescription: "not ISO 8601 with an offset")
        }
        issuedAt = instant
        issuer = try container.decode(Issuer.self, forKey: .issuer)
        customer = try container.decode(Customer.self, forKey: .customer)
        items = try container.decode([Item].self, forKey: .items)
        totalAmount = try container.decode(Money.self, forKey: .totalAmount)
        charges = Charges(
            discount: try container.decodeIfPresent(Money.self, forKey: .discount) ?? .zero,
            freight: try container.decodeIfPresent(Money.self, forKey: .freight) ?? .zero,
            insurance: try container.decodeIfPresent(Money.self, forKey: .insurance) ?? .zero,
            otherCharges: try container.decodeIfPresent(Money.self, forKey: .otherCharges) ?? .zero)
        currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? Self.defaultCurrency
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(accessKey, forKey: .accessKey)
        try container.encode(invoiceNumber, forKey: .invoiceNumber)
        try container.encode(series, forKey: .series)
        try container.encode(issueDate, forKey: .issueDate)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(customer, forKey: .customer)
        try container.encode(items, forKey: .items)
        try container.encode(totalAmount, forKey: .totalAmount)
        try container.encode(charges.discount, forKey: .discount)
        try container.encode(charges.freight, forKey: .freight)
        try container.encode(charges.insurance, forKey: .insurance)
        try container.encode(charges.otherCharges, forKey: .otherCharges)
        try container.encode(currency, forKey: .currency)
    }
}
