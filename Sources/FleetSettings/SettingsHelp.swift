/// The "Settings" part of a command's `--help`: each setting's flag, variable, default
/// and meaning, secrets without their value.
package enum SettingsHelp {
    package static func text(_ settings: [SettingDescription]) -> String {
        var lines = ["SETTINGS (flag, or environment variable; a flag wins):"]
        for setting in settings {
            let defaultText = setting.isSecret ? "secret" : "default \(setting.defaultText)"
            lines.append("  --\(setting.flag) <v>, \(setting.variable)   (\(defaultText))")
            lines.append("      \(setting.help)")
        }
        return lines.joined(separator: "\n")
    }

    /// The settings as in force, `VARIABLE=value` for a start-up log line: what was
    /// given, else the default; secrets redacted.
    package static func inForce(_ settings: [SettingDescription], source: SettingsSource) -> String {
        settings.map { setting in
            let shown = setting.isSecret && source.isGiven(setting)
                ? SettingsError.redacted : source.text(of: setting) ?? setting.defaultText
            return "\(setting.variable)=\(shown)"
        }.joined(separator: " ")
    }
}
