import AsyncHTTPClient
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AWSError {
    /// Wraps a failure to get an answer (connection refused, reset, timed out) so callers
    /// handle one error type; such failures are always retryable.
    ///
    /// - Parameters:
    ///   - error: What AsyncHTTPClient or NIO threw.
    ///   - service: The service's display name.
    ///   - endpoint: The endpoint that could not be reached, e.g. `http://127.0.0.1:5000`.
    static func transport(_ error: any Error, service: String, endpoint: String) -> AWSError {
        let (code, reason) = describeTransportFailure(error)
        return AWSError(kind: .transport, code: code, message: reason, service: service, endpoint: endpoint)
    }

    private static func describeTransportFailure(_ error: any Error) -> (code: String, reason: String) {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout: return ("Timeout", "connection timed out")
            case .deadlineExceeded: return ("Timeout", "request timed out")
            case .readTimeout: return ("Timeout", "read timed out")
            case .writeTimeout: return ("Timeout", "write timed out")
            case .tlsHandshakeTimeout: return ("Timeout", "TLS handshake timed out")
            case .remoteConnectionClosed: return ("ConnectionClosed", "connection closed by the server")
            default: return ("TransportError", "\(error)")
            }
        }
        if let error = error as? IOError {
            return errnoFailure(error.errnoCode, fallback: "\(error)")
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return ("Timeout", "connection timed out")
        }
        // NIOPosix's NIOConnectionError (one entry per address tried) is not reachable
        // from here without importing NIOPosix; its description names the errno.
        let text = "\(error)"
        if text.contains("errno: \(ECONNREFUSED)") || text.localizedLowercase.contains("connection refused") {
            return ("ConnectionRefused", "connection refused")
        }
        return ("TransportError", text)
    }

    private static func errnoFailure(_ code: Int32, fallback: String) -> (code: String, reason: String) {
        switch code {
        case ECONNREFUSED: ("ConnectionRefused", "connection refused")
        case ECONNRESET: ("ConnectionClosed", "connection reset by peer")
        case ETIMEDOUT: ("Timeout", "connection timed out")
        case EHOSTUNREACH, ENETUNREACH: ("ConnectionRefused", "host unreachable")
        default: ("TransportError", fallback)
        }
    }
}
