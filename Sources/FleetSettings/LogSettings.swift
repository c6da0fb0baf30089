import Logging

/// The log level every command reads: `--log-level` or `LOG_LEVEL`.
package enum LogSettings {
    package static func level(default value: Logger.Level = .info) -> Setting<Logger.Level> {
        Setting<Logger.Level>(
            "LOG_LEVEL", flag: "log-level", help: "trace, debug, info, notice, warning, error or critical.",
            expected: "one of " + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "),
            default: value, defaultText: value.rawValue, parse: { Logger.Level(rawValue: $0) }
        )
    }
}
