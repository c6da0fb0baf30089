/// The invoice's fields as found in the document, type-checked but not yet validated.
///
/// Building one is the parse stage's last step: every `missing_field`, `wrong_type` and
/// `unsupported_schema_version` is found here, before any business rule runs.
struct RawInvoice {
    struct Item {
        var sku: String
        var description: String
        /// The JSON number's text, read exactly later.
        var quantity: String
        var unitPrice: String
        var total: String
    }

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
    /// The optional invoice-level amounts; `nil` when absent or `null` (zero).
    var discount: String?
    var freight: String?
    var insurance: String?
    var otherCharges: String?
    /// `nil` when absent or `null`: the default applies.
    var currency: String?

    init(_ document: JSONValue) throws(InvoiceRejection) {
        guard case .object(let members) = document else {
            throw InvoiceRejection(.notJSON, "the document is a JSON \(document.typeName), not an object")
        }
        let root = Fields(members: members, location: .root)
        // The version decides the shape of everything else, so it is read first.
        let version = try root.number("schemaVersion")
        guard case .success(1) = ExactDecimal.scaled(version, places: 0) else {
            throw InvoiceRejection(
                .unsupportedSchemaVersion, "schemaVersion \(version.truncatedForMessage) is not supported (expected 1)")
        }
        accessKey = try root.string("accessKey")
        invoiceNumber = try root.string("invoiceNumber")
        series = try root.string("series")
        issueDate = try root.string("issueDate")
        let issuer = try root.object("issuer")
        issuerCNPJ = try issuer.string("cnpj")
        issuerName = try issuer.string("name")
        let customer = try root.object("customer")
        customerDocument = try customer.string("document")
        customerName = try customer.string("name")
        let elements = try root.array("items")
        var items: [Item] = []
        items.reserveCapacity(elements.count)
        for (offset, element) in elements.enumerated() {
            guard case .object(let itemMembers) = element else {
                throw InvoiceRejection(.wrongType, "items[\(offset)] must be an object, not \(element.typeName)")
            }
            let item = Fields(members: itemMembers, location: .item(offset))
            items.append(
                Item(
                    sku: try item.string("sku"), description: try item.string("description"),
                    quantity: try item.number("quantity"), unitPrice: try item.string("unitPrice"),
                    total: try item.string("total")))
        }
        self.items = items
        totalAmount = try root.string("totalAmount")
        discount = try root.optionalString("discount")
        freight = try root.optionalString("freight")
        insurance = try root.optionalString("insurance")
        otherCharges = try root.optionalString("otherCharges")
        currency = try root.optionalString("currency")
    }
}

// MARK: - Typed access to one object's members

/// Reads members of one JSON object, naming them by their full path in rejections.
private struct Fields {
    let members: JSONObject
    let location: Location

    /// Where the object is, spelled out only in a rejection's message.
    enum Location {
        case root
        /// The member's full path, e.g. "issuer".
        case member(String)
        case item(Int)
    }

    /// "" for the root, "issuer." or "items[2]." below it.
    private var path: String {
        switch location {
        case .root: ""
        case .member(let fullPath): fullPath + "."
        case .item(let index): "items[\(index)]."
        }
    }

    func string(_ key: String) throws(InvoiceRejection) -> String {
        let value = try required(key)
        guard case .string(let text) = value else { throw wrongType(key, expected: "a string", value) }
        return text
    }

    func optionalString(_ key: String) throws(InvoiceRejection) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw wrongType(key, expected: "a string", value)
        }
    }

    /// The number's source text.
    func number(_ key: String) throws(InvoiceRejection) -> String {
        let value = try required(key)
        guard case .number(let text) = value else { throw wrongType(key, expected: "a number", value) }
        return text
    }

    func object(_ key: String) throws(InvoiceRejection) -> Fields {
        let value = try required(key)
        guard case .object(let nested) = value else { throw wrongType(key, expected: "an object", value) }
        return Fields(members: nested, location: .member(path + key))
    }

    func array(_ key: String) throws(InvoiceRejection) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw wrongType(key, expected: "an array", value) }
        return elements
    }

    /// `null` counts as absent: both mean the issuer sent no value.
    private func required(_ key: String) throws(InvoiceRejection) -> JSONValue {
        switch members[key] {
        case nil: throw InvoiceRejection(.missingField, "\(path)\(key) is missing")
        case .null?: throw InvoiceRejection(.missingField, "\(path)\(key) is null")
        case let value?: return value
        }
    }

    private func wrongType(_ key: String, expected: String, _ value: JSONValue) -> InvoiceRejection {
        InvoiceRejection(.wrongType, "\(path)\(key) must be \(expected), not \(value.typeName)")
    }
}
