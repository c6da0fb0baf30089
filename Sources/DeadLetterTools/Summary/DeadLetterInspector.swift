import Kafka
import Logging

/// Summarises the dead letters of a topic: the library side of `dlq inspect`.
package struct DeadLetterInspector: Sendable {
    package let reader: DeadLetterReader

    package init(reader: DeadLetterReader) {
        self.reader = reader
    }

    /// Reads the whole topic as it is at the start and summarises what `selection` keeps.
    /// - Parameter sampleLimit: how many sample dead letters the summary shows.
    /// - Throws: `DeadLetterToolError`.
    package func summarize(_ selection: DeadLetterSelection, sampleLimit: Int = 3) async throws -> DeadLetterSummary {
        var summary = DeadLetterSummary(topic: reader.topic, selection: selection, sampleLimit: sampleLimit)
        let ranges = try await reader.ranges()
        try await reader.scan(ranges) { records in
            for record in records { summary.add(record, selection: selection) }
        }
        summary.finish()
        return summary
    }
}
