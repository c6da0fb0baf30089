import Foundation
import FleetSettings

/// How `invoice-fleet api` listens, whom it lets in and how it pages.
///
/// Read from flags and environment (`init(from:)`, `QueryAPIConfiguration.settings`);
/// the defaults work with the local stack.
package struct QueryAPIConfiguration: Sendable {
    /// Where the table lives. Default: `StackSettings()` (the local stack).
    package var stack: StackSettings
    /// Interface to listen on. Env `API_HOST`. Default: `127.0.0.1`.
    package var host: String
    /// TCP port; 0 picks a free one. Env `API_PORT`. Default: 8080.
    package var port: Int
    /// SHA-256 hashes (hex) of the accepted API keys. Env `API_KEY_HASHES`,
    /// comma-separated. Default: none.
    package var apiKeyHashes: [String]
    /// A file of further hashes, one a line, `#` comments; re-read when it changes.
    /// Env `API_KEYS_FILE`. Default: none.
    package var apiKeysFile: String?
    /// How often the keys file's modification time is checked. Env
    /// `API_KEYS_RELOAD_SECONDS`. Default: 5 seconds.
    package var apiKeysReloadInterval: Duration
    /// The secret that signs pagination cursors. Every replica behind one load balancer
    /// needs the same one. Env `API_CURSOR_SECRET`. Default: `nil`, a random secret per
    /// process (cursors then only work against the process that issued them).
    package var cursorSecret: String?
    /// Page size when the request names none. Default: 50.
    package var defaultPageSize: Int
    /// Largest page size a request may ask for. Default: 200.
    package var maxPageSize: Int
    /// How long a health verdict is reused, so that probes do not each cost a
    /// `DescribeTable`. Default: 2 seconds.
    package var healthCacheDuration: Duration

    package init(
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

    /// - Throws: `SettingsError` naming the first setting given in a form it does not accept.
    package init(from source: SettingsSource) throws(SettingsError) {
        self.init(stack: try StackSettings(from: source))
        host = try source.value(Self.hostSetting)
        port = try source.value(Self.portSetting)
        apiKeyHashes = try source.value(Self.apiKeyHashesSetting)
        apiKeysFile = try source.value(Self.apiKeysFileSetting)
        apiKeysReloadInterval = try source.value(Self.apiKeysReloadSetting)
        cursorSecret = try source.value(Self.cursorSecretSetting)
    }

    // MARK: - Settings

    static let hostSetting = Setting<String>.text(
        "API_HOST", flag: "host", default: "127.0.0.1", help: "Interface to listen on.")
    static let portSetting = Setting<Int>.integer(
        "API_PORT", flag: "port", default: 8080, in: 0 ... 65535, help: "TCP port; 0 picks a free one.")
    static let apiKeyHashesSetting = Setting<[String]>.list(
        "API_KEY_HASHES", flag: "api-key-hashes", help: "Comma-separated SHA-256 hashes (hex) of accepted keys.",
        isSecret: true)
    static let apiKeysFileSetting = Setting<String?>.optionalText(
        "API_KEYS_FILE", flag: "api-keys-file", help: "File of key hashes, one a line, re-read when it changes.")
    static let apiKeysReloadSetting = Setting<Duration>.duration(
        "API_KEYS_RELOAD_SECONDS", flag: "api-keys-reload-seconds", default: .seconds(5), unit: .seconds,
        in: 1 ... 86_400, help: "Seconds between checks of the keys file.")
    static let cursorSecretSetting = Setting<String?>.optionalText(
        "API_CURSOR_SECRET", flag: "cursor-secret",
        help: "Secret that signs page cursors; the same for every replica (random per process if unset).",
        isSecret: true)

    /// Every API setting, in the order help lists them (the stack's are `StackSettings.settings`).
    package static let settings: [SettingDescription] = [
        hostSetting.description, portSetting.description, apiKeyHashesSetting.description,
        apiKeysFileSetting.description, apiKeysReloadSetting.description, cursorSecretSetting.description,
    ]
}
