import InvoiceDomain
import Testing

@Suite("Check digits")
struct CheckDigitTests {
    @Test("Valid CNPJs", arguments: ["11222333000181", "11444777000161"])
    func validCNPJ(cnpj: String) {
        #expect(CheckDigit.isValidCNPJ(cnpj))
    }

    @Test(
        "Invalid CNPJs: wrong digits, all one digit, wrong length, punctuation",
        arguments: ["11222333000182", "11222333000191", "00000000000000", "11111111111111", "1122233300018",
                    "112223330001810", "11.222.333/0001-81", "", "1122233300018a"])
    func invalidCNPJ(cnpj: String) {
        #expect(!CheckDigit.isValidCNPJ(cnpj))
    }

    @Test("CNPJ check digits of the first 12")
    func cnpjDigits() {
        #expect(CheckDigit.cnpj("112223330001").map { [$0.0, $0.1] } == [8, 1])
        #expect(CheckDigit.cnpj("11222333000") == nil)
    }

    @Test("Valid CPFs", arguments: ["52998224725", "11144477735"])
    func validCPF(cpf: String) {
        #expect(CheckDigit.isValidCPF(cpf))
    }

    @Test(
        "Invalid CPFs: wrong digits, all one digit, wrong length, punctuation",
        arguments: ["52998224724", "52998224715", "11111111111", "00000000000", "5299822472", "529982247250",
                    "529.982.247-25", ""])
    func invalidCPF(cpf: String) {
        #expect(!CheckDigit.isValidCPF(cpf))
    }

    @Test("CPF check digits of the first 9")
    func cpfDigits() {
        #expect(CheckDigit.cpf("529982247").map { [$0.0, $0.1] } == [2, 5])
    }

    @Test("The sample access key validates and splits into its fields")
    func sampleAccessKey() throws {
        let digits = "35261111222333000181550010001234561000123454"
        #expect(CheckDigit.isValidAccessKey(digits))
        #expect(CheckDigit.accessKey(digits.prefix(43)) == 4)
        let key = try #require(NFeAccessKey(digits))
        #expect(key.stateCode == 35)
        #expect(key.yearMonth == "2611")
        #expect(key.issuerCNPJ == "11222333000181")
        #expect(key.model == 55)
        #expect(key.series == 1)
        #expect(key.number == 123_456)
        #expect(key.emissionType == 1)
        #expect(key.randomCode == 12_345)
        #expect(key.checkDigit == 4)
        #expect(key.hasValidCheckDigit)
    }

    @Test("Building a key from its fields reproduces the sample")
    func buildAccessKey() {
        let key = NFeAccessKey(
            stateCode: 35, year: 2026, month: 11, issuerCNPJ: "11222333000181",
            series: 1, number: 123_456, randomCode: 12_345)
        #expect(key?.digits == "35261111222333000181550010001234561000123454")
        #expect(NFeAccessKey(stateCode: 35, year: 2026, month: 11, issuerCNPJ: "11222333000181",
                             series: 1000, number: 1, randomCode: 1) == nil)
    }

    @Test("Every wrong last digit fails the access key check", arguments: 0...9)
    func wrongAccessKeyDigit(digit: Int) {
        let key = "3526111122233300018155001000123456100012345" + String(digit)
        #expect(CheckDigit.isValidAccessKey(key) == (digit == 4))
    }

    @Test("Access keys of the wrong length or with non-digits are invalid",
          arguments: ["3526111122233300018155001000123456100012345", "352611112223330001815500100012345610001234540",
                      "3526111122233300018155001000123456100012345a", ""])
    func malformedAccessKey(key: String) {
        #expect(!CheckDigit.isValidAccessKey(key))
        #expect(NFeAccessKey(key) == nil || key.count == 44)
    }
}
