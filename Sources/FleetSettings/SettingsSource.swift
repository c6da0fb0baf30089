/// Where one process's settings come from: its command-line flags over its environment.
///
/// A flag (`--batch-size 50` or `--batch-size=50`) wins over its variable
/// (`WORKER_BATCH_SIZE=50`), which wins over the default; an empty variable counts as
/// unset. Values are checked when read: see `value(_:)`.
package struct SettingsSource: Sendable {
    private let flags: [String: String]
    private let environment: [String: String]

    /// - Parameters:
    ///   - arguments: The settings flags of the command line, e.g. `["--batch-size", "50"]`.
    ///   - known: The settings the command reads; a flag of none of them is an error.
    ///   - environment: Default: the process's environment.
    /// - Throws: `SettingsError` for an unknown flag or a flag without a value.
    package init(
        arguments: [String] = [], known: [SettingDescription],
        environment: [String: String] = ProcessEnvironment.values
    ) throws(SettingsError) {
        let flagNames = Set(known.map(\.flag))
        var flags: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else { throw .unexpectedArgument(argument) }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard flagNames.contains(name) else { throw .unknownFlag(name) }
            if value == nil {
                guard let next = remaining.popFirst() else { throw .missingValue(flag: name) }
                value = next
            }
            flags[name] = value
        }
        self.flags = flags
        self.environment = environment
    }

    /// No flags and an empty environment: every setting at its default.
    package static let defaults = try! SettingsSource(known: [], environment: [:])

    /// The setting's value: its flag's, else its variable's, else the default.
    ///
    /// - Throws: `SettingsError.invalidValue` naming the flag or variable and the form it
    ///   expects, when the text given is not of that form.
    package func value<Value>(_ setting: Setting<Value>) throws(SettingsError) -> Value {
        let description = setting.description
        guard let text = text(of: description) else { return setting.defaultValue }
        let given = (text: text, origin: flags[description.flag] != nil
            ? SettingsError.Origin.flag(description.flag) : .variable(description.variable))
        guard let value = setting.value(from: given.text) else {
            throw .invalidValue(
                origin: given.origin, value: description.isSecret ? SettingsError.redacted : given.text,
                expected: description.expected
            )
        }
        return value
    }

    /// Whether the flag or the variable of `setting` is given.
    package func isGiven(_ setting: SettingDescription) -> Bool {
        text(of: setting) != nil
    }

    /// The text given for `setting` (flag over variable), `nil` if neither is.
    func text(of setting: SettingDescription) -> String? {
        if let text = flags[setting.flag] { return text }
        if let text = environment[setting.variable], !text.isEmpty { return text }
        return nil
    }
}
