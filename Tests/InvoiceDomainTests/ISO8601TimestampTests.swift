import Foundation
import InvoiceDomain
import Testing

@Suite("ISO 8601 timestamps")
struct ISO8601TimestampTests {
    @Test("Offsets, Z and fractions denote the right instant",
          arguments: [("2026-11-24T10:15:00-03:00", 1_795_526_100.0), ("2026-11-24T13:15:00Z", 1_795_526_100.0),
                      ("2026-11-24T13:15:00z", 1_795_526_100.0), ("2026-11-24T18:45:00+05:30", 1_795_526_100.0),
                      ("2026-11-24T13:15:00.5Z", 1_795_526_100.5), ("1970-01-01T00:00:00Z", 0),
                      ("2024-02-29T00:00:00Z", 1_709_164_800), ("1969-12-31T23:59:59Z", -1)] as [(String, Double)])
    func parse(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test("Anything but the full form with an offset is refused",
          arguments: ["2026-11-24T10:15:00", "2026-11-24", "2026-11-24 10:15:00-03:00", "2026-11-24T10:15-03:00",
                      "2026-11-24T10:15:00-0300", "2026-11-24T10:15:00-03", "2026-02-30T10:15:00Z",
                      "2025-02-29T10:15:00Z", "2026-13-01T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
                      "2026-11-24T10:15:60Z", "2026-11-24T10:15:00.Z", "2026-11-24T10:15:00.1234567891Z",
                      "2026-11-24T10:15:00+24:00", "24/11/2026 10:15:00", "0000-01-01T00:00:00Z", "",
                      "2026-11-24T10:15:00Z ", "２０２６-11-24T10:15:00Z"])
    func refuse(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test("Formatting inverts parsing", arguments: [-180, -240, 0, 330])
    func format(offset: Int) throws {
        let instant = Date(timeIntervalSince1970: 1_795_526_100)
        let text = ISO8601Timestamp.format(instant, offsetMinutes: offset)
        #expect(ISO8601Timestamp.parse(text) == instant)
        if offset == -180 { #expect(text == "2026-11-24T10:15:00-03:00") }
        if offset == 0 { #expect(text == "2026-11-24T13:15:00Z") }
    }

    @Test("Formatting agrees with parsing across the calendar")
    func calendarSweep() {
        // Every 7 hours and a bit, from 1999 to 2101, covering leap years and centuries.
        var seconds = 915_148_800
        while seconds < 4_133_980_800 {
            let instant = Date(timeIntervalSince1970: Double(seconds))
            #expect(ISO8601Timestamp.parse(ISO8601Timestamp.format(instant, offsetMinutes: -180)) == instant)
            seconds += 25_321 * 3
        }
    }
}
