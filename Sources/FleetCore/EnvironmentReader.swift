#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Typed access to environment variables, with defaults for unset or empty ones.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The process's environment.
    public static var process: EnvironmentReader {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") {
                result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            cursor += 1
        }
        return EnvironmentReader(result)
    }

    public func string(_ name: String, default value: String) -> String {
        guard let raw = values[name], !raw.isEmpty else { return value }
        return raw
    }

    public func int(_ name: String, default value: Int) -> Int {
        values[name].flatMap { Int($0) } ?? value
    }

    public func bool(_ name: String, default value: Bool) -> Bool {
        switch values[name]?.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: value
        }
    }
}

extension StackSettings {
    /// Settings from the process environment.
    public static func fromEnvironment() -> StackSettings {
        StackSettings(environment: EnvironmentReader.process.values)
    }
}
