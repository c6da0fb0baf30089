/// A parsed JSON document, as the invoice reader sees it.
///
/// Numbers keep their source text so that quantities are read exactly.
package enum JSONValue {
    case object(JSONObject)
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The JSON type's name, for messages such as "expected a string, got number".
    package var typeName: String {
        switch self {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }
}
