import Foundation

/// A profile's `credential_process`: a command, run through `/bin/sh -c`, that prints a
/// credentials document (`Version` 1) on standard output.
struct ProcessCredentialsSource: CredentialsSource {
    let command: String
    let profile: String

    var name: String { "credential_process of profile '\(profile)'" }

    func fetch() async throws -> ExpiringCredentials {
        let (status, output, errors) = try await Self.run(command)
        guard status == 0 else {
            throw AWSCredentialsError.invalidResponse(
                source: name, reason: "exited with status \(status): \(String(decoding: errors, as: UTF8.self).prefix(300))"
            )
        }
        return try CredentialsDocument.credentials(from: output, source: name)
    }

    /// Runs `command` off the cooperative pool (a process is waited for by a blocking call).
    private static func run(_ command: String) async throws -> (Int32, Data, Data) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command]
                let output = Pipe(), errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: AWSCredentialsError.invalidConfiguration("cannot run credential_process '\(command)': \(error)"))
                    return
                }
                // Read before waiting: a process blocked on a full pipe never exits.
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, out, err))
            }
        }
    }
}
