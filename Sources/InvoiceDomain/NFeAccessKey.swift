/// The 44-digit NF-e access key ("chave de acesso") and the fields it embeds.
///
/// Layout: cUF(2) AAMM(4) CNPJ(14) model(2) series(3) number(9) tpEmis(1) cNF(8) cDV(1).
package struct NFeAccessKey: Sendable, Hashable, CustomStringConvertible {
    /// The 44 digits.
    package let digits: String

    /// Splits a key into its fields without judging the check digit.
    /// - Returns: `nil` unless `digits` is exactly 44 ASCII digits.
    package init?(_ digits: some StringProtocol) {
        guard digits.utf8.count == 44,
              digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        self.digits = String(digits)
    }

    /// Builds a key from its fields and appends the correct check digit.
    /// - Parameters:
    ///   - stateCode: the IBGE code of the issuer's state (cUF), e.g. 35 for São Paulo.
    ///   - year: the issue year; only its last two digits are kept.
    ///   - month: the issue month, 1…12.
    ///   - issuerCNPJ: the issuer's 14-digit CNPJ, copied as is (valid or not).
    ///   - model: 55 for NF-e, 65 for NFC-e.
    ///   - series: 0…999.
    ///   - number: 1…999_999_999.
    ///   - emissionType: tpEmis, 1 for normal emission.
    ///   - randomCode: cNF, 0…99_999_999.
    /// - Returns: `nil` when a field does not fit its width.
    package init?(
        stateCode: Int, year: Int, month: Int, issuerCNPJ: String, model: Int = 55,
        series: Int, number: Int, emissionType: Int = 1, randomCode: Int
    ) {
        guard let uf = Self.padded(stateCode, 2), let yy = Self.padded(year % 100, 2),
              let mm = Self.padded(month, 2), let cnpj = issuerCNPJ.count == 14 ? issuerCNPJ : nil,
              let mod = Self.padded(model, 2), let serie = Self.padded(series, 3),
              let nNF = Self.padded(number, 9), let tpEmis = Self.padded(emissionType, 1),
              let cNF = Self.padded(randomCode, 8)
        else { return nil }
        let body = uf + yy + mm + cnpj + mod + serie + nNF + tpEmis + cNF
        guard let checkDigit = CheckDigit.accessKey(body) else { return nil }
        self.digits = body + String(checkDigit)
    }

    /// cUF: the issuer state's IBGE code.
    package var stateCode: Int { number(0, 2) }
    /// AAMM: two-digit year and month of issue.
    package var yearMonth: String { slice(2, 4) }
    /// The issuer's CNPJ.
    package var issuerCNPJ: String { slice(6, 14) }
    /// mod: 55 (NF-e) or 65 (NFC-e).
    package var model: Int { number(20, 2) }
    /// serie, 0…999.
    package var series: Int { number(22, 3) }
    /// nNF, the invoice number.
    package var number: Int { number(25, 9) }
    /// tpEmis, the emission type.
    package var emissionType: Int { number(34, 1) }
    /// cNF, the issuer's random code.
    package var randomCode: Int { number(35, 8) }
    /// cDV, the last digit.
    package var checkDigit: Int { number(43, 1) }

    /// The 27 IBGE state codes a cUF may be.
    package static let stateCodes: Set<Int> = Set(11...17).union(21...29).union(31...33).union([35])
        .union(41...43).union(50...53)
    /// 55, the NF-e; 65, the NFC-e (consumer invoice).
    package static let models: Set<Int> = [55, 65]
    /// The defined tpEmis values: 1 normal, 2–7 the contingency modes, 9 offline NFC-e.
    package static let emissionTypes: Set<Int> = Set(1...7).union([9])

    /// Whether the last digit is the mod-11 check digit of the other 43.
    package var hasValidCheckDigit: Bool { CheckDigit.isValidAccessKey(digits) }

    package var description: String { digits }

    // MARK: - Private

    private func slice(_ offset: Int, _ length: Int) -> String {
        let utf8 = digits.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        let end = utf8.index(start, offsetBy: length)
        return String(digits[start..<end])
    }

    private func number(_ offset: Int, _ length: Int) -> Int {
        // The initializer guarantees ASCII digits, so this cannot overflow or fail.
        digits.utf8.dropFirst(offset).prefix(length).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func padded(_ value: Int, _ width: Int) -> String? {
        guard value >= 0 else { return nil }
        let text = String(value)
        guard text.count <= width else { return nil }
        return String(repeating: "0", count: width - text.count) + text
    }
}
