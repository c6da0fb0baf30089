/// The INI-style shared credentials file (`~/.aws/credentials`): `[profile]` sections of
/// `key = value` lines, `#` and `;` starting comments.
struct SharedCredentialsFile: Sendable, Equatable {
    /// Settings by profile name, keys lower-cased.
    let profiles: [String: [String: String]]

    init(contents: String) {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in contents.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                // ~/.aws/config spells sections "profile NAME"; accept that here too.
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingWhitespace() }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            profiles[current, default: [:]][key] = value
        }
        self.profiles = profiles
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
