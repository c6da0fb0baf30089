/// One entry of a `BatchWriteItem`.
package enum DynamoWriteRequest: Sendable, Equatable {
    /// Write (create or replace) the item.
    case put(DynamoItem)
    /// Delete the item with this key.
    case delete(key: DynamoItem)
}

extension DynamoWriteRequest: Codable {
    private enum CodingKeys: String, CodingKey { case PutRequest, DeleteRequest }
    private struct Put: Codable { var Item: DynamoItem }
    private struct Delete: Codable { var Key: DynamoItem }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .put(item): try container.encode(Put(Item: item), forKey: .PutRequest)
        case let .delete(key): try container.encode(Delete(Key: key), forKey: .DeleteRequest)
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let put = try container.decodeIfPresent(Put.self, forKey: .PutRequest) {
            self = .put(put.Item)
        } else {
            self = .delete(key: try container.decode(Delete.self, forKey: .DeleteRequest).Key)
        }
    }
}
