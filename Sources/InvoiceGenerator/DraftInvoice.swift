/// A generated invoice's fields as they will be written, before any deliberate damage.
///
/// Everything is text, like in the file, so that a breakage can put any value anywhere.
struct DraftInvoice {
    struct Item {
        var sku: String
        var description: String
        /// The JSON number's text, e.g. "2" or "1.5".
        var quantity: String
        var unitPrice: String
        var total: String
    }

    var schemaVersion = "1"
    var accessKey: String
    var invoiceNumber: String
    var series: String
    var issueDate: String
    var issuerCNPJ: String
    var issuerName: String
    var customerDocument: String
    var customerName: String
    var items: [Item]
    var totalAmount: String
    /// The invoice-level amounts; `nil` leaves a field out (zero).
    var discount: String?
    var freight: String?
    var insurance: String?
    var otherCharges: String?
    /// `nil` leaves the field out, so the default (BRL) applies.
    var currency: String?

    /// The document in schema order.
    func node() -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("schemaVersion", .number(schemaVersion)),
            ("accessKey", .string(accessKey)),
            ("invoiceNumber", .string(invoiceNumber)),
            ("series", .string(series)),
            ("issueDate", .string(issueDate)),
            ("issuer", .object([("cnpj", .string(issuerCNPJ)), ("name", .string(issuerName))])),
            ("customer", .object([("document", .string(customerDocument)), ("name", .string(customerName))])),
            ("items", .array(items.map(Self.node))),
            ("totalAmount", .string(totalAmount)),
        ]
        for (name, value) in [("discount", discount), ("freight", freight), ("insurance", insurance), ("otherCharges", otherCharges)] {
            if let value { members.append((name, .string(value))) }
        }
        if let currency { members.append(("currency", .string(currency))) }
        return .object(members)
    }

    private static func node(_ item: Item) -> JSONNode {
        .object([
            ("sku", .string(item.sku)),
            ("description", .string(item.description)),
            ("quantity", .number(item.quantity)),
            ("unitPrice", .string(item.unitPrice)),
            ("total", .string(item.total)),
        ])
    }

    // MARK: - Text forms

    /// Cents as a two-place decimal string: 2100 → "21.00".
    static func money(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A unit price in 10^-10 units with at least two places: "10.50", "0.3333333333".
    static func price(_ units: Int128) -> String {
        var fraction = String(units % 10_000_000_000)
        fraction = String(repeating: "0", count: 10 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(units / 10_000_000_000).\(fraction)"
    }

    /// Ten-thousandths as the shortest decimal: 15_000 → "1.5", 20_000 → "2".
    static func quantity(_ tenThousandths: Int) -> String {
        let whole = tenThousandths / 10_000
        var fraction = tenThousandths % 10_000
        guard fraction != 0 else { return "\(whole)" }
        var places = 4
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: places - digits.count) + digits
    }

    /// The total of the items and charges, as `totalAmount` must be (rule 610).
    var computedTotalCents: Int {
        let charges = [freight, insurance, otherCharges].reduce(0) { $0 + ($1.map(Self.cents) ?? 0) }
        return items.reduce(0) { $0 + Self.cents($1.total) } + charges - (discount.map(Self.cents) ?? 0)
    }

    /// The cents of a money string the generator wrote itself.
    static func cents(_ money: String) -> Int {
        let parts = money.split(separator: ".")
        let whole = Int(parts.first ?? "0") ?? 0
        let fraction = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return whole * 100 + fraction
    }
}
