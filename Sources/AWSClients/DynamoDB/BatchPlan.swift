/// How `BatchWriter` will send a list of items: duplicates collapsed (last wins), items
/// without a key failed at once, the rest cut into requests of at most `batchSize`.
struct BatchPlan: Sendable {
    /// An item to send, with its input position and key.
    struct Entry: Sendable {
        var index: Int
        var item: DynamoItem
        var key: [DynamoValue]
    }

    /// The requests to send, in input order.
    let batches: [[Entry]]
    /// Outcomes known before sending: `.superseded` and key-less `.failed`; `.written`
    /// as a placeholder for the items that will be sent.
    let presetOutcomes: [BatchWriteReport.Outcome]

    init(items: [DynamoItem], keyAttributes: [String], batchSize: Int) {
        var outcomes = [BatchWriteReport.Outcome](repeating: .written, count: items.count)
        var lastIndexByKey: [[DynamoValue]: Int] = [:]
        var keys: [[DynamoValue]?] = []
        for (index, item) in items.enumerated() {
            let key = Self.key(of: item, attributes: keyAttributes)
            keys.append(key)
            if let key { lastIndexByKey[key] = index }
        }
        var entries: [Entry] = []
        for (index, item) in items.enumerated() {
            guard let key = keys[index] else {
                outcomes[index] = .failed(.invalidRequest(
                    "DynamoDB", "item lacks a key attribute of \(keyAttributes.joined(separator: ", "))"
                ))
                continue
            }
            if let winner = lastIndexByKey[key], winner != index {
                outcomes[index] = .superseded(by: winner)
                continue
            }
            entries.append(Entry(index: index, item: item, key: key))
        }
        let size = min(max(batchSize, 1), DynamoDBClient.maxBatchWriteItems)
        batches = stride(from: 0, to: entries.count, by: size).map { Array(entries[$0..<min($0 + size, entries.count)]) }
        presetOutcomes = outcomes
    }

    /// The values of `attributes` in `item`, or `nil` when one is missing.
    static func key(of item: DynamoItem, attributes: [String]) -> [DynamoValue]? {
        var key: [DynamoValue] = []
        for name in attributes {
            guard let value = item[name] else { return nil }
            key.append(value)
        }
        return key
    }
}
