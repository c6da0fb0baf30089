import AsyncHTTPClient
import FleetSettings
import Foundation
import Logging
import Testing

/// What integration tests need to know about the local stack (compose/stack).
package enum LocalStack {
    package static let settings = try! StackSettings(from: SettingsSource(known: []))

    /// Whether a TCP connection to `host:port` succeeds within a second.
    package static func isListening(_ hostPort: String) -> Bool {
        let parts = hostPort.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return false }
        return TCPProbe.canConnect(host: String(parts[0]), port: port)
    }

    /// Whether moto answers HTTP at `endpoint` (its `/moto-api/` page), within 2 s.
    package static func motoAnswers(at endpoint: String) async -> Bool {
        var request = HTTPClientRequest(url: endpoint + "/moto-api/")
        request.method = .GET
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(2))
            _ = try await response.body.collect(upTo: 1 << 20)
            return true
        } catch {
            return false
        }
    }

    package static var kafkaIsUp: Bool {
        isListening(settings.kafkaBrokers.split(separator: ",").first.map(String.init) ?? "")
    }

    package static var awsIsUp: Bool {
        guard let endpoint = settings.awsEndpoint, let url = URL(string: endpoint),
              let host = url.host, let port = url.port else { return false }
        return TCPProbe.canConnect(host: host, port: UInt16(port))
    }

    /// Says why an integration test is skipped.
    package static let kafkaMissing: Comment = "no Kafka broker at \(settings.kafkaBrokers): run compose/stack up (the README's test command does)"
    package static let awsMissing: Comment = "no moto server at \(settings.awsEndpoint ?? "AWS"): run compose/stack up (the README's test command does)"

    /// A name unique to this test run, so that tests never see each other's data.
    package static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0 ... .max))"
    }

    /// A logger for tests: warnings and worse on stderr, or `TEST_LOG_LEVEL`.
    package static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }
}
