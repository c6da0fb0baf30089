@testable import InvoicePipeline
import Testing

struct AssignmentWatchTests {
    let start = ContinuousClock.now

    @Test func speaksOncePerStretchWithoutPartitions() {
        var watch = AssignmentWatch(patience: .seconds(60), now: start)
        #expect(watch.observe(assigned: false, now: start + .seconds(59)) == nil)
        #expect(watch.observe(assigned: false, now: start + .seconds(61)) == .seconds(61))
        #expect(watch.observe(assigned: false, now: start + .seconds(300)) == nil, "once per stretch")
        // Partitions come and go: a new stretch is counted from when they went.
        #expect(watch.observe(assigned: true, now: start + .seconds(301)) == nil)
        #expect(watch.observe(assigned: false, now: start + .seconds(310)) == nil)
        #expect(watch.observe(assigned: false, now: start + .seconds(369)) == nil)
        #expect(watch.observe(assigned: false, now: start + .seconds(371)) == .seconds(61))
    }

    @Test func aMemberThatGetsPartitionsInTimeNeverSpeaks() {
        var watch = AssignmentWatch(patience: .seconds(60), now: start)
        #expect(watch.observe(assigned: true, now: start + .seconds(5)) == nil)
        #expect(watch.observe(assigned: true, now: start + .seconds(500)) == nil)
    }
}
