// MARK: - Items and money

extension InvoiceValidator {
    /// SEFAZ's tolerance between an item's total and quantity × unit price: R$ 0.01
    /// (NT 2011.004 rule GI10a, rejection 629).
    static let itemTotalTolerance = Money(uncheckedCents: 1)

    /// Checks the number of items, then every item's quantity.
    /// - Returns: the quantities, in item order.
    func checkItemCount(_ raw: RawInvoice) throws(InvoiceRejection) -> [Quantity] {
        guard !raw.items.isEmpty else { throw InvoiceRejection(.noItems, "items is empty") }
        guard raw.items.count <= configuration.maxItems else {
            throw InvoiceRejection(
                .tooManyItems, "items has \(raw.items.count) entries, more than the limit of \(configuration.maxItems)")
        }
        var quantities: [Quantity] = []
        quantities.reserveCapacity(raw.items.count)
        for (index, item) in raw.items.enumerated() {
            quantities.append(try quantity(item.quantity, field: "items[\(index)].quantity"))
        }
        return quantities
    }

    /// The amounts read from an invoice, before any is compared.
    struct Amounts {
        var items: [Invoice.Item]
        var totalAmount: Money
        var charges: Invoice.Charges
    }

    /// Reads every amount (the items', then `totalAmount` and the invoice-level charges)
    /// before comparing any, so that a malformed amount is reported as such rather than
    /// as a mismatch.
    func checkAmounts(_ raw: RawInvoice, _ quantities: [Quantity]) throws(InvoiceRejection) -> Amounts {
        var items: [Invoice.Item] = []
        items.reserveCapacity(raw.items.count)
        for (index, item) in raw.items.enumerated() {
            items.append(
                Invoice.Item(
                    sku: item.sku, description: item.description, quantity: quantities[index],
                    unitPrice: try unitPrice(item.unitPrice, field: "items[\(index)].unitPrice"),
                    total: try amount(item.total, field: "items[\(index)].total")))
        }
        let totalAmount = try amount(raw.totalAmount, field: "totalAmount")
        func optional(_ text: String?, _ field: @autoclosure () -> String) throws(InvoiceRejection) -> Money {
            guard let text else { return .zero }
            return try amount(text, field: field())
        }
        let charges = Invoice.Charges(
            discount: try optional(raw.discount, "discount"), freight: try optional(raw.freight, "freight"),
            insurance: try optional(raw.insurance, "insurance"), otherCharges: try optional(raw.otherCharges, "otherCharges"))
        return Amounts(items: items, totalAmount: totalAmount, charges: charges)
    }

    func checkItemTotals(_ items: [Invoice.Item]) throws(InvoiceRejection) {
        for (index, item) in items.enumerated() where !Self.isWithinTolerance(item) {
            throw InvoiceRejection(
                .itemTotalMismatch,
                "items[\(index)].total is \(item.total) but quantity × unitPrice is \(Self.product(item)), more than \(Self.itemTotalTolerance) apart")
        }
    }

    /// Rule 610: the total is the items' plus charges minus the discount, to the cent.
    func checkTotals(_ amounts: Amounts) throws(InvoiceRejection) {
        let charges = amounts.charges
        // 128 bits: up to 990 items of at most Int64.max cents cannot overflow.
        var expected = amounts.items.reduce(Int128(0)) { $0 + Int128($1.total.cents) }
        expected += Int128(charges.freight.cents) + Int128(charges.insurance.cents) + Int128(charges.otherCharges.cents)
        expected -= Int128(charges.discount.cents)
        guard expected == Int128(amounts.totalAmount.cents) else {
            var terms = "the item totals"
            if charges != Invoice.Charges() { terms += " − discount + freight + insurance + otherCharges" }
            throw InvoiceRejection(
                .totalsMismatch,
                "totalAmount is \(amounts.totalAmount) but \(terms) come to \(PlainDecimal.signedText(expected, places: 2))")
        }
    }

    func amount(_ text: String, field: @autoclosure () -> String) throws(InvoiceRejection) -> Money {
        switch Money.parse(text) {
        case .success(let cents): return Money(uncheckedCents: Int64(cents))
        case .failure(let failure):
            throw InvoiceRejection(.invalidAmount, "\(field()) \"\(text.truncatedForMessage)\" \(Self.problem(failure, places: 2, example: "21.00"))")
        }
    }

    private func unitPrice(_ text: String, field: @autoclosure () -> String) throws(InvoiceRejection) -> UnitPrice {
        switch UnitPrice.parse(text) {
        case .success(let units): return UnitPrice(uncheckedUnits: units)
        case .failure(let failure):
            throw InvoiceRejection(
                .invalidAmount,
                "\(field()) \"\(text.truncatedForMessage)\" \(Self.problem(failure, places: UnitPrice.decimalPlaces, example: "10.33"))")
        }
    }

    private static func problem(_ failure: PlainDecimal.Failure, places: Int, example: String) -> String {
        switch failure {
        case .negative: "is negative"
        case .tooManyPlaces: "has more than \(places) decimal places"
        case .tooLarge: "is too large"
        case .malformed: "is not a decimal amount such as \(example)"
        }
    }

    private func quantity(_ text: String, field: @autoclosure () -> String) throws(InvoiceRejection) -> Quantity {
        let problem: String
        switch ExactDecimal.scaled(text, places: Quantity.decimalPlaces) {
        case .success(let value) where value > 0:
            // `value > 0` was just checked, so the initializer cannot fail.
            if let quantity = Quantity(tenThousandths: value) { return quantity }
            problem = "is out of range"
        case .success: problem = "is zero"
        case .failure(.negative): problem = "is negative"
        case .failure(.tooManyPlaces): problem = "has more than \(Quantity.decimalPlaces) decimal places"
        case .failure(.tooLarge): problem = "is too large"
        case .failure(.malformed): problem = "is not a number"
        }
        throw InvoiceRejection(.invalidQuantity, "\(field()) \(text.truncatedForMessage) \(problem)")
    }

    // MARK: - Exact arithmetic

    /// Places of quantity × unit price: 4 + 10.
    private static let productPlaces = Quantity.decimalPlaces + UnitPrice.decimalPlaces

    /// quantity × unitPrice in 10^-14 units, or `nil` past 128 bits (no total is that large).
    static func exactProduct(_ item: Invoice.Item) -> Int128? {
        let (product, overflow) = Int128(item.quantity.tenThousandths).multipliedReportingOverflow(by: item.unitPrice.units)
        return overflow ? nil : product
    }

    /// Whether the item's total is within `itemTotalTolerance` of quantity × unitPrice, exactly.
    static func isWithinTolerance(_ item: Invoice.Item) -> Bool {
        guard let product = exactProduct(item) else { return false }
        let centsToProduct: Int128 = 1_000_000_000_000 // 10^(14 - 2)
        let total = Int128(item.total.cents) * centsToProduct
        let difference = total > product ? total - product : product - total
        return difference <= Int128(itemTotalTolerance.cents) * centsToProduct
    }

    /// quantity × unitPrice as exact decimal text, e.g. "21.00", "15.495".
    static func product(_ item: Invoice.Item) -> String {
        guard let product = exactProduct(item) else { return "beyond any amount" }
        return PlainDecimal.text(product, places: productPlaces, minimumPlaces: 2)
    }
}
