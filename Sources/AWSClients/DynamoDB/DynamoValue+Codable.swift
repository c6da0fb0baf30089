import Foundation

extension DynamoValue: Codable {
    private enum TypeKey: String, CodingKey {
        case S, N, B, BOOL, NULL, L, M, SS, NS
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case let .string(value): try container.encode(value, forKey: .S)
        case let .number(value): try container.encode(value, forKey: .N)
        case let .binary(value): try container.encode(Data(value).base64EncodedString(), forKey: .B)
        case let .bool(value): try container.encode(value, forKey: .BOOL)
        case .null: try container.encode(true, forKey: .NULL)
        case let .list(value): try container.encode(value, forKey: .L)
        case let .map(value): try container.encode(value, forKey: .M)
        case let .stringSet(value): try container.encode(value, forKey: .SS)
        case let .numberSet(value): try container.encode(value, forKey: .NS)
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "a DynamoDB attribute value has exactly one type key, found \(container.allKeys.map(\.stringValue))"
            ))
        }
        switch key {
        case .S: self = .string(try container.decode(String.self, forKey: key))
        case .N: self = .number(try container.decode(String.self, forKey: key))
        case .B:
            let text = try container.decode(String.self, forKey: key)
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "B is not base64")
            }
            self = .binary(Array(data))
        case .BOOL: self = .bool(try container.decode(Bool.self, forKey: key))
        case .NULL: self = .null
        case .L: self = .list(try container.decode([DynamoValue].self, forKey: key))
        case .M: self = .map(try container.decode([String: DynamoValue].self, forKey: key))
        case .SS: self = .stringSet(try container.decode([String].self, forKey: key))
        case .NS: self = .numberSet(try container.decode([String].self, forKey: key))
        }
    }
}
