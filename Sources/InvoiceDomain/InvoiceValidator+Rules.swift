import struct Foundation.Date

// MARK: - Validate stage

extension InvoiceValidator {
    /// Applies the business rules, in `InvoiceErrorCode` declaration order.
    func check(_ raw: RawInvoice, now: Date) throws(InvoiceRejection) -> Invoice {
        let key = try checkAccessKey(raw)
        try checkCustomerDocument(raw.customerDocument)
        try checkNotBlank(raw)
        let issuedAt = try checkIssueDate(raw.issueDate, now: now)
        try checkYearMonth(key, raw.issueDate)
        let currency = raw.currency ?? Invoice.defaultCurrency
        guard configuration.allowedCurrencies.contains(currency) else {
            throw InvoiceRejection(.invalidCurrency, "currency \"\(currency.truncatedForMessage)\" is not an allowed ISO 4217 code")
        }
        let quantities = try checkItemCount(raw)
        let amounts = try checkAmounts(raw, quantities)
        try checkItemTotals(amounts.items)
        try checkTotals(amounts)
        return Invoice(
            schemaVersion: 1, accessKey: key.digits, invoiceNumber: raw.invoiceNumber, series: raw.series,
            issueDate: raw.issueDate, issuedAt: issuedAt,
            issuer: Invoice.Issuer(cnpj: raw.issuerCNPJ, name: raw.issuerName),
            customer: Invoice.Customer(document: raw.customerDocument, name: raw.customerName),
            items: amounts.items, totalAmount: amounts.totalAmount, charges: amounts.charges, currency: currency)
    }

    // MARK: - Identity

    private func checkAccessKey(_ raw: RawInvoice) throws(InvoiceRejection) -> NFeAccessKey {
        guard let key = NFeAccessKey(raw.accessKey) else {
            throw InvoiceRejection(
                .invalidAccessKey,
                "accessKey \"\(raw.accessKey.truncatedForMessage)\" is not 44 digits")
        }
        guard key.hasValidCheckDigit else {
            let expected = CheckDigit.accessKey(key.digits.prefix(43)).map(String.init) ?? "?"
            throw InvoiceRejection(
                .accessKeyCheckDigit, "accessKey ends in check digit \(key.checkDigit) but should end in \(expected)")
        }
        guard NFeAccessKey.stateCodes.contains(key.stateCode) else {
            throw InvoiceRejection(
                .accessKeyStateCode, "accessKey starts with state code \(key.digits.prefix(2)), which is not an IBGE state code")
        }
        guard NFeAccessKey.models.contains(key.model) else {
            throw InvoiceRejection(
                .accessKeyModel, "accessKey embeds model \(key.model), not 55 (NF-e) or 65 (NFC-e)")
        }
        guard NFeAccessKey.emissionTypes.contains(key.emissionType) else {
            throw InvoiceRejection(
                .accessKeyEmissionType, "accessKey embeds emission type \(key.emissionType), not 1–7 or 9")
        }
        guard CheckDigit.isValidCNPJ(raw.issuerCNPJ) else {
            throw InvoiceRejection(.invalidIssuerCNPJ, "issuer.cnpj \(Self.describeCNPJProblem(raw.issuerCNPJ))")
        }
        guard let number = Self.digits(raw.invoiceNumber, maxCount: 9), number > 0 else {
            throw InvoiceRejection(
                .invalidInvoiceNumber,
                "invoiceNumber \"\(raw.invoiceNumber.truncatedForMessage)\" is not a number from 1 to 999999999")
        }
        guard let series = Self.digits(raw.series, maxCount: 3) else {
            throw InvoiceRejection(
                .invalidSeries, "series \"\(raw.series.truncatedForMessage)\" is not a number from 0 to 999")
        }
        if key.issuerCNPJ != raw.issuerCNPJ {
            throw InvoiceRejection(
                .accessKeyMismatch, "accessKey embeds issuer CNPJ \(key.issuerCNPJ) but issuer.cnpj is \(raw.issuerCNPJ)")
        }
        if key.series != series {
            throw InvoiceRejection(.accessKeyMismatch, "accessKey embeds series \(key.series) but series is \(raw.series)")
        }
        if key.number != number {
            throw InvoiceRejection(
                .accessKeyMismatch, "accessKey embeds invoice number \(key.number) but invoiceNumber is \(raw.invoiceNumber)")
        }
        return key
    }

    /// AAMM is the issue date's year and month as the issuer wrote them (its own offset),
    /// which are the text's digits: `issueDate` has already parsed as ISO 8601.
    private func checkYearMonth(_ key: NFeAccessKey, _ issueDate: String) throws(InvoiceRejection) {
        let utf8 = Array(issueDate.utf8)
        guard utf8.count >= 7 else { return }
        let written = String(decoding: utf8[2 ..< 4] + utf8[5 ..< 7], as: UTF8.self)
        guard key.yearMonth == written else {
            throw InvoiceRejection(
                .accessKeyYearMonth,
                "accessKey embeds year-month \(key.yearMonth) but issueDate \(issueDate) is in \(written)")
        }
    }

    private func checkCustomerDocument(_ document: String) throws(InvoiceRejection) {
        let utf8 = document.utf8
        let isDigits = utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        switch (utf8.count, isDigits) {
        case (11, true) where CheckDigit.isValidCPF(document), (14, true) where CheckDigit.isValidCNPJ(document):
            return
        case (11, true):
            throw InvoiceRejection(.invalidCustomerDocument, "customer.document \(document) is not a valid CPF")
        case (14, true):
            throw InvoiceRejection(.invalidCustomerDocument, "customer.document \(Self.describeCNPJProblem(document))")
        default:
            throw InvoiceRejection(
                .invalidCustomerDocument,
                "customer.document \"\(document.truncatedForMessage)\" is neither a CPF (11 digits) nor a CNPJ (14 digits)")
        }
    }

    private func checkNotBlank(_ raw: RawInvoice) throws(InvoiceRejection) {
        func require(_ text: String, _ field: @autoclosure () -> String) throws(InvoiceRejection) {
            guard text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return }
            throw InvoiceRejection(.blankField, "\(field()) is blank")
        }
        try require(raw.issuerName, "issuer.name")
        try require(raw.customerName, "customer.name")
        for (index, item) in raw.items.enumerated() {
            try require(item.sku, "items[\(index)].sku")
            try require(item.description, "items[\(index)].description")
        }
    }

    private func checkIssueDate(_ text: String, now: Date) throws(InvoiceRejection) -> Date {
        guard let issuedAt = ISO8601Timestamp.parse(text) else {
            throw InvoiceRejection(
                .invalidIssueDate,
                "issueDate \"\(text.truncatedForMessage)\" is not an ISO 8601 date-time with an offset, such as 2026-11-24T10:15:00-03:00")
        }
        let skew = configuration.allowedFutureSkew.components
        let skewSeconds = Double(skew.seconds) + Double(skew.attoseconds) / 1e18
        let ahead = issuedAt.timeIntervalSince(now)
        guard ahead <= skewSeconds else {
            // Clamped so that an absurd clock cannot trap the conversion to Int.
            let seconds = Int(min(ahead, 1e15))
            throw InvoiceRejection(
                .issueDateInFuture,
                "issueDate \(text) is \(seconds) seconds in the future (allowed: \(skew.seconds))")
        }
        return issuedAt
    }

    // MARK: - Helpers

    /// The value of 1…`maxCount` ASCII digits, or `nil`.
    static func digits(_ text: String, maxCount: Int) -> Int? {
        let utf8 = text.utf8
        guard (1...maxCount).contains(utf8.count) else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func describeCNPJProblem(_ cnpj: String) -> String {
        guard cnpj.utf8.count == 14, digits(String(cnpj.prefix(7)), maxCount: 7) != nil,
              digits(String(cnpj.suffix(7)), maxCount: 7) != nil
        else { return "\"\(cnpj.truncatedForMessage)\" is not 14 digits" }
        if Set(cnpj).count == 1 { return "\(cnpj) repeats one digit" }
        return "\(cnpj) has wrong check digits"
    }
}
