import Foundation
import Kafka

/// What `inspect` reports about the dead letters of a topic that match a selection.
///
/// Built record by record (`add`), so that a large DLQ is summarised without being held
/// in memory, then `finish`ed. Pure: tests feed it records directly.
package struct DeadLetterSummary: Sendable, Equatable, Encodable {
    /// Count of one combination of stage, code and class.
    package struct Breakdown: Sendable, Hashable, Codable {
        package var stage: String
        package var code: String
        package var errorClass: String
        package var count: Int
        package var maxAttempts: Int
    }

    package var topic: String
    /// The selection in words.
    package var selection: String
    /// Records read from the topic.
    package var scanned = 0
    /// Records without the contract's headers, which no selection matches.
    package var unreadable = 0
    /// Dead letters the selection kept; every figure below is about these.
    package var matched = 0
    package var byStage: [String: Int] = [:]
    package var byCode: [String: Int] = [:]
    package var byClass: [String: Int] = [:]
    /// By stage, code and class together, largest first once finished.
    package var breakdown: [Breakdown] = []
    package var oldest: DeadLetterSample?
    package var newest: DeadLetterSample?
    package var maxAttempts = 0
    package var averageAttempts = 0.0
    /// Dead letters with `attempts` > 1: replayed at least once and failed again.
    package var retried = 0
    package var samples: [DeadLetterSample] = []

    private var sampleLimit: Int
    private var totalAttempts = 0
    private var oldestDate: Date?
    private var newestDate: Date?
    /// Samples held back while samples of other codes may still come.
    private var spareSamples: [DeadLetterSample] = []

    private enum CodingKeys: String, CodingKey {
        case topic, selection, scanned, unreadable, matched, byStage, byCode, byClass, breakdown
        case oldest, newest, maxAttempts, averageAttempts, retried, samples
    }

    package init(topic: String, selection: DeadLetterSelection, sampleLimit: Int = 3) {
        self.topic = topic
        self.selection = selection.summary
        self.sampleLimit = max(0, sampleLimit)
    }

    /// Counts one record read from the topic, if the selection keeps it.
    package mutating func add(_ record: KafkaRecord, selection: DeadLetterSelection) {
        scanned += 1
        guard let entry = DeadLetterEntry(record: record) else {
            unreadable += 1
            return
        }
        guard selection.matches(entry) else { return }
        add(entry)
    }

    /// Counts one dead letter already known to match.
    package mutating func add(_ entry: DeadLetterEntry) {
        let letter = entry.letter
        matched += 1
        byStage[letter.stage.rawValue, default: 0] += 1
        byCode[letter.code.rawValue, default: 0] += 1
        byClass[letter.errorClass.rawValue, default: 0] += 1
        if let index = breakdown.firstIndex(where: {
            $0.stage == letter.stage.rawValue && $0.code == letter.code.rawValue && $0.errorClass == letter.errorClass.rawValue
        }) {
            breakdown[index].count += 1
            breakdown[index].maxAttempts = max(breakdown[index].maxAttempts, letter.attempts)
        } else {
            breakdown.append(Breakdown(
                stage: letter.stage.rawValue, code: letter.code.rawValue, errorClass: letter.errorClass.rawValue,
                count: 1, maxAttempts: letter.attempts
            ))
        }
        totalAttempts += letter.attempts
        maxAttempts = max(maxAttempts, letter.attempts)
        averageAttempts = Double(totalAttempts) / Double(matched)
        if letter.attempts > 1 { retried += 1 }
        if let date = entry.failedAt {
            if oldestDate.map({ date < $0 }) ?? true { oldestDate = date; oldest = DeadLetterSample(entry) }
            if newestDate.map({ date >= $0 }) ?? true { newestDate = date; newest = DeadLetterSample(entry) }
        }
        collectSample(DeadLetterSample(entry))
    }

    /// Orders the breakdown and fills the samples; call once every record is added.
    package mutating func finish() {
        breakdown.sort { ($1.count, $0.stage, $0.code) < ($0.count, $1.stage, $1.code) }
        for spare in spareSamples where samples.count < sampleLimit { samples.append(spare) }
        spareSamples = []
    }

    /// Prefers one sample per error code, so that a few samples show the variety of failures.
    private mutating func collectSample(_ sample: DeadLetterSample) {
        guard samples.count < sampleLimit else { return }
        if samples.contains(where: { $0.code == sample.code }) {
            if spareSamples.count < sampleLimit { spareSamples.append(sample) }
        } else {
            samples.append(sample)
        }
    }
}
