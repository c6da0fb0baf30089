import Foundation
import FleetCore

/// How `invoice-fleet api` listens, whom it lets in and how it pages.
///
/// Built from the environment (`init(environment:)`) with the same variable names the
/// command-line options document; the defaults work with the local stack.
public struct QueryAPIConfiguration: Sendable {
    /// Where the table lives. Default: `StackSettings()` (the local stack).
    public var stack: StackSettings
    /// Interface to listen on. Env `API_HOST`. Default: `127.0.0.1`.
    public var host: String
    /// TCP port; 0 picks a free one. Env `API_PORT`. Default: 8080.
    public var port: Int
    /// SHA-256 hashes (hex) of the accepted API keys. Env `API_KEY_HASHES`,
    /// comma-separated. Default: none.
    public var apiKeyHashes: [String]
    /// A file of further hashes, one a line, `#` comments; re-read when it changes.
    /// Env `API_KEYS_FILE`. Default: none.
    public var apiKeysFile: String?
    /// How often the keys file's modification time is checked. Env
    /// `API_KEYS_RELOAD_SECONDS`. Default: 5 seconds.
    public var apiKeysReloadInterval: Duration
    /// The secret that signs pagination cursors. Every replica behind one load balancer
    /// needs the same one. Env `API_CURSOR_SECRET`. Default: `nil`, a random secret per
    /// process (cursors then only work against the process that issued them).
    public var cursorSecret: String?
    /// Page size when the request names none. Default: 50.
    public var defaultPageSize: Int
    /// Largest page size a request may ask for. Default: 200.
    public var maxPageSize: Int
    /// How long a health verdict is reused, so that probes do not each cost a
    /// `DescribeTable`. Default: 2 seconds.
    public var healthCacheDuration: Duration

    public init(
        stack: StackSettings = StackSettings(), host: String = "127.0.0.1", port: Int = 8080,
        apiKeyHashes: [String] = [], apiKeysFile: String? = nil, apiKeysReloadInterval: Duration = .seconds(5),
        cursorSecret: String? = nil, defaultPageSize: Int = 50, maxPageSize: Int = 200,
        healthCacheDuration: Duration = .seconds(2)
    ) {
        self.stack = stack
        self.host = host
        self.port = port
        self.apiKeyHashes = apiKeyHashes
        self.apiKeysFile = apiKeysFile
        self.apiKeysReloadInterval = apiKeysReloadInterval
        self.cursorSecret = cursorSecret
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.healthCacheDuration = healthCacheDuration
    }

    /// Reads every setting from `environment`, keeping the default where a variable is unset.
    public init(environment: [String: String]) {
        let env = EnvironmentReader(environment)
        self.init(stack: StackSettings(environment: environment))
        host = env.string("API_HOST", default: host)
        port = env.int("API_PORT", default: port)
        apiKeyHashes = Self.list(env.string("API_KEY_HASHES", default: ""))
        let file = env.string("API_KEYS_FILE", default: "")
        apiKeysFile = file.isEmpty ? nil : file
        apiKeysReloadInterval = .seconds(env.int("API_KEYS_RELOAD_SECONDS", default: 5))
        let secret = env.string("API_CURSOR_SECRET", default: "")
        cursorSecret = secret.isEmpty ? nil : secret
    }

    /// Splits a comma-separated list, dropping blanks.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
