import FleetSettings
import Testing

/// Flags over environment over defaults, and a bad value as an error naming its source.
struct SettingsSourceTests {
    static let size = Setting<Int>.integer("WORKER_BATCH_SIZE", flag: "batch-size", default: 200, in: 1 ... 10_000, help: "")
    static let port = Setting<Int?>.listenPort("WORKER_METRICS_PORT", flag: "metrics-port", default: 9101, help: "")
    static let secret = Setting<String?>.optionalText("API_CURSOR_SECRET", flag: "cursor-secret", help: "", isSecret: true)
    static let known = [size.description, port.description, secret.description]

    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        #expect(try SettingsSource(known: Self.known, environment: [:]).value(Self.size) == 200)
        #expect(try SettingsSource(known: Self.known, environment: ["WORKER_BATCH_SIZE": "50"]).value(Self.size) == 50)
        let both = try SettingsSource(arguments: ["--batch-size", "7"], known: Self.known, environment: ["WORKER_BATCH_SIZE": "50"])
        #expect(try both.value(Self.size) == 7)
        #expect(try SettingsSource(arguments: ["--batch-size=8"], known: Self.known, environment: [:]).value(Self.size) == 8)
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        #expect(try SettingsSource(known: Self.known, environment: ["WORKER_BATCH_SIZE": ""]).value(Self.size) == 200)
    }

    @Test("a value that does not parse is an error naming the variable and the expected form", arguments: ["abc", "0", "10001", "2.5", " 5"])
    func badValuesFail(text: String) {
        let source = try? SettingsSource(known: Self.known, environment: ["WORKER_BATCH_SIZE": text])
        #expect(throws: SettingsError.invalidValue(origin: .variable("WORKER_BATCH_SIZE"), value: text, expected: "a whole number from 1 to 10000")) {
            try source?.value(Self.size)
        }
        let error = SettingsError.invalidValue(origin: .variable("WORKER_BATCH_SIZE"), value: "abc", expected: "a whole number from 1 to 10000")
        #expect(error.description == "WORKER_BATCH_SIZE=abc: expected a whole number from 1 to 10000")
    }

    @Test func aBadFlagValueNamesTheFlag() throws {
        let source = try SettingsSource(arguments: ["--metrics-port", "http"], known: Self.known, environment: [:])
        #expect(throws: SettingsError.invalidValue(origin: .flag("metrics-port"), value: "http", expected: "a port from 0 to 65535, or none")) {
            try source.value(Self.port)
        }
        #expect(try SettingsSource(arguments: ["--metrics-port", "none"], known: Self.known, environment: [:]).value(Self.port) == nil)
    }

    @Test func unknownFlagsAndMissingValuesAreErrors() {
        #expect(throws: SettingsError.unknownFlag("batch")) { try SettingsSource(arguments: ["--batch", "1"], known: Self.known, environment: [:]) }
        #expect(throws: SettingsError.missingValue(flag: "batch-size")) { try SettingsSource(arguments: ["--batch-size"], known: Self.known, environment: [:]) }
        #expect(throws: SettingsError.unexpectedArgument("50")) { try SettingsSource(arguments: ["50"], known: Self.known, environment: [:]) }
    }

    @Test func secretsAreRedactedInErrorsAndInTheStartLine() throws {
        let bad = Setting<Int>("API_PIN", flag: "pin", help: "", expected: "digits", default: 0, defaultText: "0", isSecret: true) { Int($0) }
        let source = try SettingsSource(known: [bad.description], environment: ["API_PIN": "hunter2"])
        #expect(throws: SettingsError.invalidValue(origin: .variable("API_PIN"), value: "<redacted>", expected: "digits")) { try source.value(bad) }
        let given = try SettingsSource(known: Self.known, environment: ["API_CURSOR_SECRET": "s3cret", "WORKER_BATCH_SIZE": "9"])
        let line = SettingsHelp.inForce(Self.known, source: given)
        #expect(line.contains("API_CURSOR_SECRET=<redacted>"))
        #expect(line.contains("WORKER_BATCH_SIZE=9"))
        #expect(!line.contains("s3cret"))
        #expect(!SettingsHelp.text(Self.known).contains("s3cret"))
    }

    @Test func theStackReadsTheSameVariablesAsBefore() throws {
        let stack = try StackSettings(from: SettingsSource(known: StackSettings.settings, environment: [
            "KAFKA_BROKERS": "k:1", "AWS_ENDPOINT_URL": "aws", "AWS_DEFAULT_REGION": "sa-east-1",
            "KAFKA_PROPERTIES": "security.protocol=SASL_SSL, sasl.password=a=b", "INVOICE_TABLE": "T",
        ]))
        #expect(stack.kafkaBrokers == "k:1")
        #expect(stack.awsEndpoint == nil)
        #expect(stack.awsRegion == "sa-east-1")
        #expect(stack.kafkaProperties == ["security.protocol": "SASL_SSL", "sasl.password": "a=b"])
        #expect(stack.table == "T")
        #expect(StackSettings().awsEndpoint == "http://127.0.0.1:5000")
        #expect(throws: SettingsError.self) {
            try StackSettings(from: SettingsSource(known: [], environment: ["KAFKA_PROPERTIES": "debug"]))
        }
    }
}
