/// Check digits of Brazilian tax identifiers and NF-e access keys.
///
/// Public because the load generator builds valid (and deliberately invalid) documents
/// with them. All functions take ASCII digit strings and return `nil` for anything else.
package enum CheckDigit {
    // MARK: - NF-e access key

    /// The mod-11 check digit of an access key: weights 2…9 cycling from the right.
    /// - Parameter digits: the first 43 digits of the key.
    /// - Returns: the 44th digit, or `nil` when `digits` is not 43 ASCII digits.
    package static func accessKey(_ digits: some StringProtocol) -> Int? {
        guard let values = digitValues(digits, count: 43) else { return nil }
        return mod11(values)
    }

    /// Whether `key` is 44 ASCII digits whose last is the correct check digit.
    package static func isValidAccessKey(_ key: some StringProtocol) -> Bool {
        guard let values = digitValues(key, count: 44) else { return false }
        return mod11(values.dropLast()) == values[43]
    }

    // MARK: - CNPJ

    /// The two check digits of a CNPJ.
    /// - Parameter digits: its first 12 digits.
    /// - Returns: the 13th and 14th digits, or `nil` when `digits` is not 12 ASCII digits.
    package static func cnpj(_ digits: some StringProtocol) -> (Int, Int)? {
        guard let values = digitValues(digits, count: 12) else { return nil }
        return twoDigits(values)
    }

    /// Whether `cnpj` is 14 ASCII digits, not all the same, with correct check digits.
    package static func isValidCNPJ(_ cnpj: some StringProtocol) -> Bool {
        guard let values = digitValues(cnpj, count: 14), !allSame(values) else { return false }
        let expected = twoDigits(values.prefix(12))
        return expected.0 == values[12] && expected.1 == values[13]
    }

    // MARK: - CPF

    /// The two check digits of a CPF.
    /// - Parameter digits: its first 9 digits.
    /// - Returns: the 10th and 11th digits, or `nil` when `digits` is not 9 ASCII digits.
    package static func cpf(_ digits: some StringProtocol) -> (Int, Int)? {
        guard let values = digitValues(digits, count: 9) else { return nil }
        return twoDigits(values, restartAfter: .max)
    }

    /// Whether `cpf` is 11 ASCII digits, not all the same, with correct check digits.
    package static func isValidCPF(_ cpf: some StringProtocol) -> Bool {
        guard let values = digitValues(cpf, count: 11), !allSame(values) else { return false }
        let expected = twoDigits(values.prefix(9), restartAfter: .max)
        return expected.0 == values[9] && expected.1 == values[10]
    }

    // MARK: - Arithmetic

    /// The access key and CNPJ weigh digits 2…9 from the right, starting over after 9;
    /// CPF keeps counting (2…10, then 2…11), hence `restartAfter`.
    /// - Parameter last: a digit that follows `values` (the first check digit, when
    ///   computing the second), passed apart so that no array is built for it.
    private static func mod11(_ values: some BidirectionalCollection<Int>, then last: Int? = nil, restartAfter: Int = 9) -> Int {
        var sum = 0
        var weight = 2
        func add(_ value: Int) {
            sum += value * weight
            weight = weight == restartAfter ? 2 : weight + 1
        }
        if let last { add(last) }
        for value in values.reversed() { add(value) }
        let remainder = sum % 11
        return remainder < 2 ? 0 : 11 - remainder
    }

    private static func twoDigits(_ values: some BidirectionalCollection<Int>, restartAfter: Int = 9) -> (Int, Int) {
        let first = mod11(values, restartAfter: restartAfter)
        let second = mod11(values, then: first, restartAfter: restartAfter)
        return (first, second)
    }

    private static func digitValues(_ text: some StringProtocol, count: Int) -> [Int]? {
        var values: [Int] = []
        values.reserveCapacity(count)
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), values.count < count else { return nil }
            values.append(Int(byte - UInt8(ascii: "0")))
        }
        return values.count == count ? values : nil
    }

    private static func allSame(_ values: [Int]) -> Bool {
        values.allSatisfy { $0 == values[0] }
    }
}
