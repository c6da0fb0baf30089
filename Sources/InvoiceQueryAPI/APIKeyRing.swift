import Foundation
import Logging

/// The API keys accepted now: hashes from the environment plus those of a keys file that
/// is re-read when it changes, so keys rotate without a restart.
///
/// The file's modification time, size and inode are checked at most once per
/// `reloadInterval`, on the request path (a `stat` per interval, no background task). A
/// file that becomes unreadable keeps its last good keys, loudly; a file emptied on
/// purpose revokes them.
package actor APIKeyRing {
    private let inlineDigests: [[UInt8]]
    private let file: String?
    private let reloadInterval: Duration
    private let logger: Logger
    private var fileDigests: [[UInt8]] = []
    private var fileStamp: FileStamp?
    private var lastCheck: ContinuousClock.Instant

    /// - Parameters:
    ///   - hashes: SHA-256 hashes (hex) of accepted keys.
    ///   - file: A file of further hashes, one a line, `#` comments and blank lines ignored.
    ///   - reloadInterval: Least time between two checks of the file; zero checks on every request.
    /// - Throws: `ConfigurationError` when a hash in `hashes` is not 64 hex digits, the file
    ///   cannot be read, or no key is configured at all.
    package init(hashes: [String], file: String?, reloadInterval: Duration, logger: Logger) throws {
        inlineDigests = try hashes.map { hash in
            guard let digest = APIKeyHash.bytes(ofHex: hash) else {
                throw ConfigurationError("API_KEY_HASHES holds \"\(hash.prefix(8))…\", not a SHA-256 hash in hex (64 digits); use `invoice-fleet api hash-key`")
            }
            return digest
        }
        self.file = file
        self.reloadInterval = reloadInterval
        self.logger = logger
        lastCheck = ContinuousClock.now
        if let file {
            let (stamp, digests) = try Self.read(file, logger: logger)
            fileStamp = stamp
            fileDigests = digests
        }
        guard !inlineDigests.isEmpty || file != nil else {
            throw ConfigurationError("no API keys configured: set API_KEY_HASHES or API_KEYS_FILE")
        }
    }

    /// Whether `key` is one of the accepted keys (compared in constant time, by hash).
    package func accepts(_ key: some StringProtocol) -> Bool {
        reloadIfDue()
        return APIKeyHash.contains(inlineDigests + fileDigests, APIKeyHash.digest(of: key))
    }

    /// How many keys are accepted now.
    package var count: Int {
        reloadIfDue()
        return inlineDigests.count + fileDigests.count
    }

    // MARK: - The keys file

    private func reloadIfDue() {
        guard let file else { return }
        let now = ContinuousClock.now
        guard now - lastCheck >= reloadInterval else { return }
        lastCheck = now
        let stamp = FileStamp(path: file)
        guard stamp != fileStamp else { return }
        do {
            let (newStamp, digests) = try Self.read(file, logger: logger)
            fileStamp = newStamp
            fileDigests = digests
            logger.notice("API keys file reloaded", metadata: ["file": "\(file)", "keys": "\(digests.count)"])
        } catch {
            // Remember the stamp so that one broken state is logged once, not per request.
            fileStamp = stamp
            logger.error("cannot reload the API keys file; keeping its previous keys", metadata: ["error": "\(error)"])
        }
    }

    private static func read(_ path: String, logger: Logger) throws -> (FileStamp?, [[UInt8]]) {
        let stamp = FileStamp(path: path)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read API_KEYS_FILE \(path): \(error.localizedDescription)")
        }
        var digests: [[UInt8]] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let digest = APIKeyHash.bytes(ofHex: line) else {
                logger.warning("ignoring a line of the API keys file that is not a SHA-256 hash in hex", metadata: [
                    "file": "\(path)", "line": "\(number + 1)",
                ])
                continue
            }
            digests.append(digest)
        }
        return (stamp, digests)
    }

    /// A key configuration that cannot work; the API refuses to start with it.
    package struct ConfigurationError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}

/// What identifies one version of a file without reading it.
private struct FileStamp: Equatable {
    var modified: Date?
    var size: UInt64?
    var inode: UInt64?

    /// `nil` when the file cannot be examined.
    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        modified = attributes[.modificationDate] as? Date
        size = (attributes[.size] as? NSNumber)?.uint64Value
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
    }
}
