/// The members of a JSON object, in document order, each key once.
///
/// An array rather than a dictionary: invoice objects have a dozen short keys, which a
/// scan compares faster than a dictionary hashes them (twice: to build, then to look up).
package struct JSONObject {
    package private(set) var members: [(key: String, value: JSONValue)] = []
    /// The keys, once there are too many to scan for duplicates (hostile input).
    private var keys: Set<String>?

    private static let maxScannedCount = 16

    init() {}

    package subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// Adds a member. - Returns: `false` (adding nothing) when `key` is already there.
    mutating func add(_ key: String, _ value: JSONValue) -> Bool {
        if members.count < Self.maxScannedCount {
            for member in members where member.key == key { return false }
        } else {
            if keys == nil { keys = Set(members.map(\.key)) }
            guard keys!.insert(key).inserted else { return false }
        }
        members.append((key, value))
        return true
    }
}
