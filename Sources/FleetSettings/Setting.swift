/// One configuration setting: the environment variable that sets it, the flag that
/// overrides the variable for one run, and how its text becomes a typed value.
///
/// Every component declares its settings as static `Setting`s and reads them through a
/// `SettingsSource`, so a value that does not parse is an error naming the variable (or
/// flag) and the expected form, never a silent fallback to the default.
package struct Setting<Value: Sendable>: Sendable {
    package let description: SettingDescription
    package let defaultValue: Value
    private let parse: @Sendable (String) -> Value?

    /// - Parameters:
    ///   - variable: The environment variable, e.g. `WORKER_BATCH_SIZE`.
    ///   - flag: The long flag without dashes, e.g. `batch-size`.
    ///   - expected: The accepted form, for errors: "a whole number from 1 to 10000".
    ///   - defaultText: The default as help shows it.
    ///   - parse: The value of a non-empty text, `nil` if the text is not of the expected form.
    package init(
        _ variable: String, flag: String, help: String, expected: String,
        default defaultValue: Value, defaultText: String, isSecret: Bool = false,
        parse: @escaping @Sendable (String) -> Value?
    ) {
        description = SettingDescription(
            variable: variable, flag: flag, help: help, expected: expected,
            defaultText: defaultText, isSecret: isSecret
        )
        self.defaultValue = defaultValue
        self.parse = parse
    }

    func value(from text: String) -> Value? { parse(text) }
}

/// What help and errors say of a setting, whatever its type.
package struct SettingDescription: Sendable, Hashable {
    package let variable: String
    package let flag: String
    package let help: String
    package let expected: String
    package let defaultText: String
    /// A secret's value never appears in help, logs or errors.
    package let isSecret: Bool
}
