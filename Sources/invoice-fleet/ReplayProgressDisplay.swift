import DeadLetterTools
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Shows a replay's progress on stderr: a bar redrawn in place on a terminal, a plain
/// line every few seconds otherwise (logs, CI), so that neither floods the other.
final class ReplayProgressDisplay: Sendable {
    private struct State {
        var last: ReplayProgress?
        var lastDrawn: ContinuousClock.Instant?
        var drewBar = false
    }

    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex(State())
    private let clock = ContinuousClock()

    func update(_ progress: ReplayProgress) {
        let now = clock.now
        let line: String? = state.withLock { state in
            state.last = progress
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
            if let drawn = state.lastDrawn, now - drawn < interval { return nil }
            state.lastDrawn = now
            state.drewBar = isTerminal
            return isTerminal ? "\r" + Self.bar(progress) : Self.plain(progress) + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Draws the final state and ends the bar's line.
    func finish() {
        let line: String? = state.withLock { state in
            guard let last = state.last else { return nil }
            return isTerminal ? "\r" + Self.bar(last) + "\n" : Self.plain(last) + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func bar(_ progress: ReplayProgress, width: Int = 30) -> String {
        let filled = Int((progress.fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = Int((progress.fraction * 100).rounded(.down))
        return "[\(bar)] \(percent)% read \(progress.scanned)/\(max(progress.total, progress.scanned))  sent \(progress.sent)  refused \(progress.refused)"
    }

    static func plain(_ progress: ReplayProgress) -> String {
        "replay: read \(progress.scanned)/\(max(progress.total, progress.scanned)), selected \(progress.selected), sent \(progress.sent), refused \(progress.refused)"
    }
}
