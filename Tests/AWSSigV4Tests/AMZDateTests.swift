@testable import AWSSigV4
import Foundation
import Testing

/// The `X-Amz-Date` text, computed by hand from the Unix time.
struct AMZDateTests {
    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400.0, "20000229T000000Z"),          // a leap day
        (1_440_938_160.0, "20150830T123600Z"),        // the test suite's date
        (1_795_823_999.9, "20261127T235959Z"),        // fractions round down
        (4_102_444_799.0, "20991231T235959Z"),
    ])
    func formatsUTC(seconds: Double, expected: String) {
        let date = AMZDate(Date(timeIntervalSince1970: seconds))
        #expect(date.dateTime == expected)
        #expect(date.day == String(expected.prefix(8)))
    }
}
