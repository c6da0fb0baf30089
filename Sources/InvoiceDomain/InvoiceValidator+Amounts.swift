// MARK: - Items and money

extension InvoiceValidator {
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

    /// Reads every amount, the items' and then `totalAmount`, before comparing any, so
    /// that a malformed amount is reported as such rather than as a mismatch.
    func checkAmounts(
        _ raw: RawInvoice, _ quantities: [Quantity]
    ) throws(InvoiceRejection) -> (items: [Invoice.Item], totalAmount: Money) {
        var items: [Invoice.Item] = []
        items.reserveCapacity(raw.items.count)
        for (index, item) in raw.items.enumerated() {
            items.append(
                Invoice.Item(
                    sku: item.sku, description: item.description, quantity: quantities[index],
                    unitPrice: try amount(item.unitPrice, field: "items[\(index)].unitPrice"),
                    total: try amount(item.total, field: "items[\(index)].total")))
        }
        return (items, try amount(raw.totalAmount, field: "totalAmount"))
    }

    func checkItemTotals(_ items: [Invoice.Item]) throws(InvoiceRejection) {
        for (index, item) in items.enumerated() where !Self.isExactProduct(item) {
            throw InvoiceRejection(
                .itemTotalMismatch,
                "items[\(index)].total is \(item.total) but quantity × unitPrice is \(Self.product(item))")
        }
    }

    func checkTotals(_ items: [Invoice.Item], _ totalAmount: Money) throws(InvoiceRejection) {
        var sum: Int64 = 0
        for item in items {
            let (next, overflow) = sum.addingReportingOverflow(item.total.cents)
            // Past Int64.max cents the sum exceeds any Money, so it cannot match.
            guard !overflow else {
                throw InvoiceRejection(.totalsMismatch, "totalAmount is \(totalAmount) but the item totals overflow")
            }
            sum = next
        }
        guard sum == totalAmount.cents else {
            throw InvoiceRejection(
                .totalsMismatch,
                "totalAmount is \(totalAmount) but the item totals add up to \(Money(uncheckedCents: sum))")
        }
    }

    func amount(_ text: String, field: String) throws(InvoiceRejection) -> Money {
        if let money = Money(text) { return money }
        let problem: String
        if text.hasPrefix("-") {
            problem = "is negative"
        } else if let point = text.firstIndex(of: "."), text[text.index(after: point)...].count > 2,
                  Money(text[..<text.index(point, offsetBy: 3)]) != nil {
            problem = "has more than 2 decimal places"
        } else if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            problem = "is too large"
        } else {
            problem = "is not a decimal amount such as 21.00"
        }
        throw InvoiceRejection(.invalidAmount, "\(field) \"\(text.truncatedForMessage)\" \(problem)")
    }

    private func quantity(_ text: String, field: String) throws(InvoiceRejection) -> Quantity {
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
        throw InvoiceRejection(.invalidQuantity, "\(field) \(text.truncatedForMessage) \(problem)")
    }

    // MARK: - Exact arithmetic

    /// quantity × unitPrice in millionths (10^-4 × 10^-2) against total in millionths,
    /// both as 128-bit products so that no amount can overflow into a false match.
    static func isExactProduct(_ item: Invoice.Item) -> Bool {
        let product = UInt64(item.quantity.tenThousandths).multipliedFullWidth(by: UInt64(item.unitPrice.cents))
        let total = UInt64(item.total.cents).multipliedFullWidth(by: UInt64(Quantity.scale))
        return product.high == total.high && product.low == total.low
    }

    /// quantity × unitPrice as exact decimal text with 2 to 6 places, e.g. "21.00", "0.495".
    static func product(_ item: Invoice.Item) -> String {
        let product = UInt64(item.quantity.tenThousandths).multipliedFullWidth(by: UInt64(item.unitPrice.cents))
        guard product.high == 0 else { return "more than \(UInt64.max / 1_000_000)" }
        let whole = product.low / 1_000_000
        var fraction = String(product.low % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
