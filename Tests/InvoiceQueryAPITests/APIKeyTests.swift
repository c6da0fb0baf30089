import Foundation
@testable import InvoiceQueryAPI
import Testing

@Suite("API keys: stored as SHA-256 hashes, compared in constant time")
struct APIKeyHashTests {
    @Test("the hash is the lowercase hex SHA-256 of the key")
    func knownDigest() {
        // FIPS 180-2's example: SHA-256("abc").
        #expect(APIKeyHash.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKeyHash.hex(of: "").count == 64)
    }

    @Test("new keys are 256 random bits as 43 base64url characters, never the same twice")
    func newKeys() {
        let keys = (0..<20).map { _ in APIKeyHash.newKey() }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            #expect(key.utf8.count == 43)
            #expect(PageCursor.data(base64URL: Substring(key))?.count == 32)
        }
    }

    @Test("configured hashes are read in either case; anything but 64 hex digits is refused")
    func hexParsing() {
        let hash = APIKeyHash.hex(of: "abc")
        #expect(APIKeyHash.bytes(ofHex: hash) == APIKeyHash.digest(of: "abc"))
        #expect(APIKeyHash.bytes(ofHex: hash.uppercased()) == APIKeyHash.digest(of: "abc"))
        #expect(APIKeyHash.bytes(ofHex: String(hash.dropLast())) == nil)
        #expect(APIKeyHash.bytes(ofHex: hash + "0") == nil)
        #expect(APIKeyHash.bytes(ofHex: String(repeating: "g", count: 64)) == nil)
        #expect(APIKeyHash.bytes(ofHex: " " + String(hash.dropLast())) == nil)
    }

    @Test("a digest is found among the accepted ones only when equal in full")
    func membership() {
        let accepted = [APIKeyHash.digest(of: "one"), APIKeyHash.digest(of: "two")]
        #expect(APIKeyHash.contains(accepted, APIKeyHash.digest(of: "two")))
        #expect(!APIKeyHash.contains(accepted, APIKeyHash.digest(of: "three")))
        #expect(!APIKeyHash.contains([], APIKeyHash.digest(of: "one")))
        // One differing bit in the last byte is enough to refuse.
        var almost = APIKeyHash.digest(of: "one")
        almost[31] ^= 1
        #expect(!APIKeyHash.contains(accepted, almost))
        // A candidate of another length is never equal.
        #expect(!APIKeyHash.contains([Array(APIKeyHash.digest(of: "one").prefix(16))], APIKeyHash.digest(of: "one")))
    }
}

@Suite("APIKeyRing: configured keys, a keys file re-read when it changes")
struct APIKeyRingTests {
    let logger = APITest.logger()

    /// A keys file in a directory of its own, removed by `remove()`.
    struct KeysFile {
        let directory: URL
        var path: String { directory.appendingPathComponent("api-keys").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-keys-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        /// Replaces the file as operators should: write aside, rename over (new inode).
        func write(_ text: String) throws {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func remove() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test("accepts the configured keys and refuses others, including the hash itself")
    func inlineHashes() async throws {
        let ring = try APIKeyRing(
            hashes: [APIKeyHash.hex(of: "alpha"), APIKeyHash.hex(of: "beta").uppercased()], file: nil,
            reloadInterval: .seconds(5), logger: logger
        )
        #expect(await ring.accepts("alpha"))
        #expect(await ring.accepts("beta"))
        #expect(await ring.accepts("gamma") == false)
        #expect(await ring.accepts("") == false)
        #expect(await ring.accepts("alpha ") == false)
        #expect(await ring.accepts(APIKeyHash.hex(of: "alpha")) == false)
        #expect(await ring.count == 2)
    }

    @Test("refuses to start with a malformed hash, no keys at all, or an unreadable keys file")
    func configurationErrors() throws {
        #expect(throws: APIKeyRing.ConfigurationError.self) {
            try APIKeyRing(hashes: ["not-a-hash"], file: nil, reloadInterval: .seconds(5), logger: logger)
        }
        #expect(throws: APIKeyRing.ConfigurationError.self) {
            try APIKeyRing(hashes: [], file: nil, reloadInterval: .seconds(5), logger: logger)
        }
        #expect(throws: APIKeyRing.ConfigurationError.self) {
            try APIKeyRing(hashes: [], file: "/nonexistent/api-keys-\(UUID().uuidString)", reloadInterval: .seconds(5), logger: logger)
        }
    }

    @Test("the keys file: comments, blank and malformed lines are skipped")
    func fileFormat() async throws {
        let file = try KeysFile()
        defer { file.remove() }
        try file.write("""
            # rotated 2026-11
            \(APIKeyHash.hex(of: "alpha"))   # billing team

            \(APIKeyHash.hex(of: "beta").uppercased())
            not-a-hash
            \(String(APIKeyHash.hex(of: "gamma").dropLast()))
            """)
        let ring = try APIKeyRing(hashes: [], file: file.path, reloadInterval: .seconds(5), logger: logger)
        #expect(await ring.count == 2)
        #expect(await ring.accepts("alpha"))
        #expect(await ring.accepts("beta"))
        #expect(await ring.accepts("gamma") == false)
    }

    @Test("rotation: a replaced keys file takes effect without a restart; an emptied one revokes its keys")
    func rotation() async throws {
        let file = try KeysFile()
        defer { file.remove() }
        try file.write(APIKeyHash.hex(of: "old") + "\n")
        let ring = try APIKeyRing(
            hashes: [APIKeyHash.hex(of: "inline")], file: file.path, reloadInterval: .zero, logger: logger
        )
        #expect(await ring.accepts("old"))
        #expect(await ring.accepts("new") == false)

        // Overlap: both keys while clients switch.
        try file.write(APIKeyHash.hex(of: "old") + "\n" + APIKeyHash.hex(of: "new") + "\n")
        #expect(await ring.accepts("old"))
        #expect(await ring.accepts("new"))

        // The old key retired.
        try file.write("# old retired\n" + APIKeyHash.hex(of: "new") + "\n")
        #expect(await ring.accepts("old") == false)
        #expect(await ring.accepts("new"))

        // Emptied on purpose: the file's keys are revoked; the inline one stays.
        try file.write("")
        #expect(await ring.accepts("new") == false)
        #expect(await ring.accepts("inline"))
        #expect(await ring.count == 1)
    }

    @Test("a keys file that disappears keeps its last keys (a broken deploy must not lock everyone out)")
    func vanishedFile() async throws {
        let file = try KeysFile()
        defer { file.remove() }
        try file.write(APIKeyHash.hex(of: "kept") + "\n")
        let ring = try APIKeyRing(hashes: [], file: file.path, reloadInterval: .zero, logger: logger)
        try FileManager.default.removeItem(atPath: file.path)
        #expect(await ring.accepts("kept"))
        // It comes back changed: read again.
        try file.write(APIKeyHash.hex(of: "back") + "\n")
        #expect(await ring.accepts("back"))
        #expect(await ring.accepts("kept") == false)
    }

    @Test("the file is looked at no more often than the reload interval")
    func reloadInterval() async throws {
        let file = try KeysFile()
        defer { file.remove() }
        try file.write(APIKeyHash.hex(of: "first") + "\n")
        let ring = try APIKeyRing(hashes: [], file: file.path, reloadInterval: .seconds(3600), logger: logger)
        try file.write(APIKeyHash.hex(of: "second") + "\n")
        #expect(await ring.accepts("first"))
        #expect(await ring.accepts("second") == false)
    }
}
