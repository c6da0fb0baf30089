import AWSClients
import FleetContracts
@testable import InvoicePipeline

/// An in-memory `Invoices` table that evaluates the identity conditions the way the
/// DynamoDB expressions of `DynamoIdentityStore` do, with scripted failures.
actor FakeIdentityStore: IdentityStore {
    private(set) var items: [String: DynamoItem] = [:]
    private(set) var reads = 0
    private(set) var puts = 0
    /// Called before each put (1-based call number, access key): an error to throw instead.
    private let failPut: @Sendable (_ call: Int, _ accessKey: String) -> AWSError?
    /// Runs between the read of a key and the first put after it: lets a test slip in a
    /// concurrent writer's item.
    private var interloper: (@Sendable (_ accessKey: String) -> DynamoItem?)?

    init(failPut: @escaping @Sendable (_ call: Int, _ accessKey: String) -> AWSError? = { _, _ in nil }) {
        self.failPut = failPut
    }

    func seed(_ item: DynamoItem) {
        if let key = item[InvoiceTable.Attribute.partitionKey]?.stringValue { items[key] = item }
    }

    func setInterloper(_ interloper: @escaping @Sendable (_ accessKey: String) -> DynamoItem?) {
        self.interloper = interloper
    }

    func identities(of accessKeys: [String]) async throws -> (found: [InvoiceIdentity], unread: [String]) {
        reads += 1
        return (accessKeys.compactMap { items[$0].flatMap(InvoiceIdentity.init(item:)) }, [])
    }

    func put(_ item: DynamoItem, if condition: IdentityCondition) async throws -> Bool {
        puts += 1
        let key = item[InvoiceTable.Attribute.partitionKey]?.stringValue ?? ""
        if let error = failPut(puts, key) { throw error }
        if let interloper, let other = interloper(key) {
            items[key] = other
            self.interloper = nil
        }
        guard Self.holds(condition, stored: items[key].flatMap(InvoiceIdentity.init(item:))) else { return false }
        items[key] = item
        return true
    }

    /// The meaning of `DynamoIdentityStore.expression(_:)`.
    static func holds(_ condition: IdentityCondition, stored: InvoiceIdentity?) -> Bool {
        switch condition {
        case let .absentOrOlderVersion(bucket, key, version):
            guard let stored else { return true }
            return stored.source.bucket == bucket && stored.source.key == key && (stored.version.map { $0 < version } ?? true)
        case let .contentHash(hash):
            return stored?.contentHash == hash
        }
    }
}
