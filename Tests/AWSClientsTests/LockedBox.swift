import Foundation

/// A value shared between test closures that may run concurrently.
///
/// `@unchecked Sendable`: `value` is only touched while `lock` is held. (`Mutex` would do,
/// but needs macOS 15 and the package supports macOS 14.)
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
