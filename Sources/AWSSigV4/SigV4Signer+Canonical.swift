import Foundation

// MARK: - Canonical request parts

extension SigV4Signer {
    /// The canonical URI: the path with each segment percent-encoded per RFC 3986, once
    /// for S3 and twice for other services. An empty path is `/`. Dot segments are not
    /// removed: the clients never send them, and S3 keys may contain them literally.
    func canonicalURI(for url: URL) -> String {
        let encodedPath = url.path(percentEncoded: true)
        guard !encodedPath.isEmpty else { return "/" }
        // Nothing to normalise or re-encode in a path of unreserved characters only (the
        // usual case: every request but S3's, and most object keys).
        if encodedPath.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || AWSPercentEncoding.isUnreserved($0) }) {
            return encodedPath
        }
        // Normalise each segment to one RFC 3986 encoding first, so that "%c3%a7", "ç" and
        // "%C3%A7" sign alike; an encoded "/" inside a segment stays encoded.
        let single = encodedPath
            .split(separator: "/", omittingEmptySubsequences: false)
            .map { segment in
                let raw = String(segment)
                return AWSPercentEncoding.encode(AWSPercentEncoding.decode(raw) ?? raw)
            }
            .joined(separator: "/")
        switch pathEncoding {
        case .single: return single
        case .double: return AWSPercentEncoding.encode(single, keepingSlash: true)
        }
    }

    /// The canonical query: each name and value decoded and re-encoded per RFC 3986, pairs
    /// sorted by name then value (byte order), a missing value signed as empty.
    static func canonicalQuery(for url: URL) -> String {
        guard let query = url.query(percentEncoded: true), !query.isEmpty
        else { return "" }
        let pairs: [(String, String)] = query.split(separator: "&").map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            return (
                AWSPercentEncoding.encode(AWSPercentEncoding.decode(name) ?? name),
                AWSPercentEncoding.encode(AWSPercentEncoding.decode(value) ?? value)
            )
        }
        return pairs
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-case names sorted; values trimmed with inner runs of white space collapsed to
    /// one space (quoted values included, as the published test suite expects); values of
    /// a repeated name joined with `,` in the order given.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        let sorted = headers.map { (name: $0.name.lowercased(), value: collapseWhitespace($0.value)) }.sorted { $0.name < $1.name }
        // Repeated names need their values joined in the order given: the general path.
        guard zip(sorted, sorted.dropFirst()).contains(where: { $0.name == $1.name }) else { return sorted }
        var byName: [String: [String]] = [:]
        for (name, value) in headers {
            byName[name.lowercased(), default: []].append(collapseWhitespace(value))
        }
        return byName
            .map { (name: $0.key, value: $0.value.joined(separator: ",")) }
            .sorted { $0.name < $1.name }
    }

    /// The `Host` header for `url`: the host, with the port when it is not the scheme's default.
    package static func hostHeader(for url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "http" && port == 80) || (url.scheme == "https" && port == 443)
        return isDefault ? host : "\(host):\(port)"
    }

    private static func collapseWhitespace(_ value: String) -> String {
        // Most values have no white space to trim or collapse: keep them as they are.
        var previousWasSpace = true
        let clean = value.utf8.allSatisfy { byte in
            if byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return false }
            defer { previousWasSpace = byte == UInt8(ascii: " ") }
            return !(byte == UInt8(ascii: " ") && previousWasSpace)
        }
        if clean, value.utf8.last != UInt8(ascii: " ") { return value }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}
