import Kafka

/// DLQ records handled together: those to republish, and those passed over, in order.
///
/// After the broker answered for the messages, `positions(acknowledged:)` says how far the
/// group's position may move in each partition: past every record handled, but never
/// past one whose message the broker did not acknowledge. Pure.
struct ReplayChunk: Sendable {
    private struct Item: Sendable {
        var partition: Int32
        var offset: Int64
        /// Index into `messages`; `nil` for a record passed over.
        var message: Int?
    }

    private var items: [Item] = []
    private(set) var messages: [KafkaOutgoingMessage] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ record: KafkaRecord, sending message: KafkaOutgoingMessage?) {
        var index: Int?
        if let message {
            index = messages.count
            messages.append(message)
        }
        items.append(Item(partition: record.partition, offset: record.offset, message: index))
    }

    /// Per partition, the next offset to read, given whether the broker acknowledged each message.
    func positions(acknowledged: [Bool]) -> [Int32: Int64] {
        var positions: [Int32: Int64] = [:]
        var blocked: Set<Int32> = []
        for item in items where !blocked.contains(item.partition) {
            if let index = item.message, index >= acknowledged.count || !acknowledged[index] {
                blocked.insert(item.partition)
                continue
            }
            positions[item.partition] = item.offset + 1
        }
        return positions
    }
}
