#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Shows a run's progress on standard error: a bar redrawn in place on a terminal,
/// plain periodic lines otherwise (CI logs, files), where a bar would be noise.
package struct ProgressDisplay: Sendable {
    package enum Style: Sendable { case bar, lines }

    package var style: Style
    package var interval: Duration

    package init(style: Style, interval: Duration) {
        self.style = style
        self.interval = interval
    }

    /// A bar twice a second if standard error is a terminal, else a line every 10 s.
    package static func forStandardError() -> ProgressDisplay {
        isatty(STDERR_FILENO) == 1 ? ProgressDisplay(style: .bar, interval: .milliseconds(500))
            : ProgressDisplay(style: .lines, interval: .seconds(10))
    }

    /// Redraws until cancelled, then draws the final state and ends the line.
    func show(_ progress: @Sendable () -> LoadTestProgress) async {
        let start = ContinuousClock.now
        var lastUploaded = 0
        var lastTime = start
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = ContinuousClock.now
            let snapshot = progress()
            let seconds = Self.seconds(now - lastTime)
            let rate = seconds > 0 ? Double(snapshot.uploaded - lastUploaded) / seconds : 0
            write(render(snapshot, elapsed: now - start, uploadRate: rate))
            lastUploaded = snapshot.uploaded
            lastTime = now
        }
        if style == .bar { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func write(_ line: String) {
        let text = style == .bar ? "\r\u{1B}[2K" + line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One rendering of `progress`.
    func render(_ progress: LoadTestProgress, elapsed: Duration, uploadRate: Double) -> String {
        let seconds = Int(Self.seconds(elapsed))
        let phase = progress.uploadsDone ? "waiting for outcomes" : String(format: "%.0f uploads/s", uploadRate)
        let outcomes = "accounted \(progress.accounted) (\(progress.stored) stored, \(progress.deadLettered) dead-lettered)"
        let failed = progress.uploadFailed > 0 ? ", \(progress.uploadFailed) failed" : ""
        switch style {
        case .bar:
            let width = 24
            let done = progress.total > 0 ? min(width, progress.accounted * width / progress.total) : width
            let sent = progress.total > 0 ? min(width, progress.uploaded * width / progress.total) : width
            let bar = String(repeating: "█", count: done) + String(repeating: "▒", count: max(0, sent - done))
                + String(repeating: "░", count: max(0, width - max(sent, done)))
            return "[\(bar)] uploaded \(progress.uploaded)/\(progress.total)\(failed) · \(outcomes) · \(phase) · \(seconds)s"
        case .lines:
            return "[loadtest] \(seconds)s: uploaded \(progress.uploaded)/\(progress.total)\(failed), \(outcomes), \(phase)"
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
