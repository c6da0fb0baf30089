import DeadLetterTools
import Foundation
import Testing

struct FailureTimeTests {
    let now = DeadLetterSamples.now

    @Test(arguments: [("90s", 90.0), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1w", 604_800), ("0h", 0)])
    func agesCountBackFromNow(text: String, seconds: Double) throws {
        #expect(try FailureTime.parseBound(text, now: now) == now.addingTimeInterval(-seconds))
    }

    @Test func isoTimestampsInEveryFormOperatorsType() throws {
        let expected = Date(timeIntervalSince1970: 1_795_515_300) // 2026-11-24T10:15:00Z
        #expect(try FailureTime.parseBound("2026-11-24T10:15:00Z", now: now) == expected)
        #expect(try FailureTime.parseBound("2026-11-24T07:15:00-03:00", now: now) == expected)
        #expect(try FailureTime.parseBound("2026-11-24T10:15:00.250Z", now: now) == expected.addingTimeInterval(0.25))
        #expect(try FailureTime.parseBound("2026-11-24", now: now) == Date(timeIntervalSince1970: 1_795_478_400))
        #expect(try FailureTime.parseBound("now", now: now) == now)
    }

    @Test(arguments: ["yesterday", "2h30m", "-2h", "h", "12", "2026-13-01", ""])
    func unreadableTimesAreFilterErrors(text: String) {
        #expect(throws: DeadLetterToolError.self) { try FailureTime.parseBound(text, now: now) }
    }

    @Test func formatsAsUTCWithWholeSeconds() {
        #expect(FailureTime.format(Date(timeIntervalSince1970: 1_795_515_300.7)) == "2026-11-24T10:15:00Z")
    }

    @Test func windowBoundsAreInclusiveThenExclusive() {
        let window = FailureWindow(since: now - 60, until: now)
        #expect(window.contains(now - 60))
        #expect(window.contains(now - 1))
        #expect(!window.contains(now))
        #expect(!window.contains(now - 61))
        #expect(!window.contains(nil), "an unknown time is not shown to be inside a bounded window")
        #expect(FailureWindow.unbounded.contains(nil))
    }
}
