import Foundation
@testable import LoadTest
import Testing

/// The HTML report as a person sees it: headless Chromium takes a screenshot of a
/// realistic report, and compose/lib/png-stats.py checks that the page is not blank and
/// that the charts' series colours are on it. Set LOADTEST_REPORT_SCREENSHOT to a path
/// to keep the picture (docs/loadtest-report.png is made that way).
struct HTMLReportScreenshotTests {
    static let seriesColours = [
        ReportStyle.uploads, ReportStyle.outcomes, ReportStyle.p50, ReportStyle.p90, ReportStyle.p99,
        ReportStyle.histogram, ReportStyle.matched,
    ]

    @Test(.timeLimit(.minutes(1))) func aRealisticReportShowsItsCharts() async throws {
        let html = SyntheticRun().report.html
        let stats = try await Screenshot.stats(of: html, colours: Self.seriesColours)
        defer { Screenshot.remove(stats) }
        #expect(stats.nonBackgroundShare > 0.02, "the page looks blank: \(stats)")
        for colour in Self.seriesColours {
            #expect(stats.colours[colour, default: 0] >= 150, "series colour \(colour) is not on the page: \(stats)")
        }
        if let keep = ProcessInfo.processInfo.environment["LOADTEST_REPORT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: stats.path, toPath: keep)
        }
    }

    /// The check above must be able to fail: an empty page passes none of it.
    @Test(.timeLimit(.minutes(1))) func aBlankPageFailsTheCheck() async throws {
        let stats = try await Screenshot.stats(of: "<!DOCTYPE html><html><body></body></html>", colours: Self.seriesColours)
        defer { Screenshot.remove(stats) }
        #expect(stats.nonBackgroundShare <= 0.02)
        #expect(stats.colours.values.allSatisfy { $0 < 150 })
    }
}

/// Headless Chromium and the PNG check, run as processes.
enum Screenshot {
    struct Stats: Decodable, CustomStringConvertible {
        var width: Int
        var height: Int
        var background: String
        var nonBackgroundShare: Double
        var distinctColours: Int
        var colours: [String: Int]
        var path = ""

        enum CodingKeys: String, CodingKey { case width, height, background, nonBackgroundShare, distinctColours, colours }

        var description: String {
            "\(width)×\(height), background \(background), \(String(format: "%.1f", nonBackgroundShare * 100))% other pixels, \(distinctColours) colours, \(colours)"
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Renders `html` at 1280×2400 and measures the picture (left in a temporary directory).
    static func stats(of html: String, colours: [String]) async throws -> Stats {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "headless Chromium is not installed: apt-get install chromium (compose/lib/install.sh installs it)"
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loadtest-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            return try await stats(of: html, colours: colours, chromium: chromium, in: directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private static func stats(of html: String, colours: [String], chromium: String, in directory: URL) async throws -> Stats {
        let page = directory.appendingPathComponent("report.html"), png = directory.appendingPathComponent("report.png")
        try Data(html.utf8).write(to: page)
        let browser = try await run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2400",
            "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", page.absoluteString,
        ])
        try #require(browser.status == 0 && FileManager.default.fileExists(atPath: png.path),
                     "chromium exited \(browser.status) without a screenshot: \(browser.output.suffix(2000))")
        let check = try await run("/usr/bin/env", ["python3", root.appendingPathComponent("compose/lib/png-stats.py").path, png.path] + colours)
        try #require(check.status == 0, "png-stats.py exited \(check.status): \(check.output)")
        var stats = try JSONDecoder().decode(Stats.self, from: Data(check.stdout.utf8))
        stats.path = png.path
        return stats
    }

    /// Removes the page, the picture and the browser profile.
    static func remove(_ stats: Stats) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: stats.path).deletingLastPathComponent())
    }

    /// Runs a program to its end, its output in files (Chromium's stderr can outgrow a pipe).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String, output: String) {
        let directory = FileManager.default.temporaryDirectory
        let out = directory.appendingPathComponent("run-\(UUID().uuidString).out"), err = directory.appendingPathComponent("run-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        // Polled rather than waited on, so that the test's time limit can still end it.
        while process.isRunning {
            do { try await Task.sleep(for: .milliseconds(50)) } catch { process.terminate(); throw error }
        }
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout, stdout + stderr)
    }
}
