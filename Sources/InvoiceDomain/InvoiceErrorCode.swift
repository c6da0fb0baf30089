/// The stable, machine-readable reason an invoice file was rejected.
///
/// The raw values travel in the `error.code` header of `invoices.dlq` and are what
/// operators alert and replay on: never rename one, only add. Each validation rule has
/// its own code. When a file breaks several rules the validator reports the first in
/// the order the cases are declared here, except that `missing_field` and `wrong_type`
/// are checked together, field by field in schema order.
package enum InvoiceErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    // MARK: - Parse stage: the bytes are not a well-formed schema 1 document

    /// The file has no bytes, or only JSON whitespace.
    case emptyFile = "empty_file"
    /// The file is larger than `Configuration.maxFileSize` (default 1 MiB).
    case fileTooLarge = "file_too_large"
    /// The bytes are not valid UTF-8.
    case notUTF8 = "not_utf8"
    /// The text is not JSON, is JSON but not an object, or nests deeper than 64 levels.
    case notJSON = "not_json"
    /// An object has the same key twice, which parsers resolve differently.
    case duplicateField = "duplicate_field"
    /// `schemaVersion` is a number other than 1 (checked first: other versions may differ in shape).
    case unsupportedSchemaVersion = "unsupported_schema_version"
    /// A required field is absent or `null`.
    case missingField = "missing_field"
    /// A field has the wrong JSON type (e.g. a number where a string is expected).
    case wrongType = "wrong_type"

    // MARK: - Validate stage: well-formed, but breaks a business rule

    /// `accessKey` is not exactly 44 ASCII digits.
    case invalidAccessKey = "invalid_access_key"
    /// The access key's mod-11 check digit (its last digit) is wrong.
    case accessKeyCheckDigit = "access_key_check_digit"
    /// The access key's state code (cUF, its first two digits) is not one of the 27 IBGE codes.
    case accessKeyStateCode = "access_key_state_code"
    /// The access key's model (digits 21–22) is neither 55 (NF-e) nor 65 (NFC-e).
    case accessKeyModel = "access_key_model"
    /// The access key's emission type (tpEmis, digit 35) is not 1–7 or 9.
    case accessKeyEmissionType = "access_key_emission_type"
    /// `issuer.cnpj` is not 14 digits, repeats one digit, or has wrong check digits.
    case invalidIssuerCNPJ = "invalid_issuer_cnpj"
    /// `invoiceNumber` is not 1 to 9 digits or is zero.
    case invalidInvoiceNumber = "invalid_invoice_number"
    /// `series` is not 1 to 3 digits.
    case invalidSeries = "invalid_series"
    /// The issuer CNPJ, series or number embedded in the access key disagree with the fields.
    case accessKeyMismatch = "access_key_mismatch"
    /// `customer.document` is neither a valid CPF (11 digits) nor a valid CNPJ (14 digits).
    case invalidCustomerDocument = "invalid_customer_document"
    /// A required text field (a name, an item's SKU or description) is empty or blank.
    case blankField = "blank_field"
    /// `issueDate` is not ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`).
    case invalidIssueDate = "invalid_issue_date"
    /// `issueDate` is later than now plus the allowed clock skew (default 5 minutes).
    case issueDateInFuture = "issue_date_in_future"
    /// The access key's year and month (AAMM) are not those of `issueDate`, in its own offset.
    case accessKeyYearMonth = "access_key_year_month"
    /// `currency` is not one of the allowed ISO 4217 codes.
    case invalidCurrency = "invalid_currency"
    /// `items` is empty.
    case noItems = "no_items"
    /// `items` has more entries than `Configuration.maxItems` (default 990, the NF-e limit).
    case tooManyItems = "too_many_items"
    /// An item's `quantity` is not positive, has more than 4 decimal places, or is too large.
    case invalidQuantity = "invalid_quantity"
    /// A money field is not a non-negative decimal string with at most 2 places (a unit
    /// price: 10 places), or is too large.
    case invalidAmount = "invalid_amount"
    /// An item's `total` is more than R$ 0.01 away from `quantity × unitPrice`.
    case itemTotalMismatch = "item_total_mismatch"
    /// `totalAmount` is not Σ item totals − discount + freight + insurance + otherCharges.
    case totalsMismatch = "totals_mismatch"

    /// The pipeline stage that reports this code (the DLQ header `error.stage`).
    package var stage: InvoiceRejection.Stage {
        switch self {
        case .emptyFile, .fileTooLarge, .notUTF8, .notJSON, .duplicateField,
             .missingField, .wrongType, .unsupportedSchemaVersion:
            return .parse
        default:
            return .validate
        }
    }
}
