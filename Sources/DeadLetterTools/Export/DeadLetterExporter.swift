import Kafka

/// Writes the selected dead letters of a topic as JSON Lines: the library side of `dlq export`.
package struct DeadLetterExporter: Sendable {
    /// What an export did.
    package struct Report: Sendable, Hashable, Codable {
        package var scanned = 0
        package var written = 0
        /// Records without the dead-letter headers, which no selection matches.
        package var unreadable = 0
    }

    package let reader: DeadLetterReader

    package init(reader: DeadLetterReader) {
        self.reader = reader
    }

    /// Reads the whole topic as it is at the start and writes one `DeadLetterExportLine`
    /// per dead letter that `selection` keeps, in offset order within each partition.
    /// - Throws: `DeadLetterToolError`.
    package func export(_ selection: DeadLetterSelection, to output: JSONLinesFile) async throws -> Report {
        var report = Report()
        let ranges = try await reader.ranges()
        try await reader.scan(ranges) { records in
            for record in records {
                report.scanned += 1
                guard let entry = DeadLetterEntry(record: record) else {
                    report.unreadable += 1
                    continue
                }
                guard selection.matches(entry) else { continue }
                do {
                    try output.write(line: try DeadLetterExportLine(record: record).encoded())
                } catch let error as DeadLetterToolError {
                    throw error
                } catch {
                    throw DeadLetterToolError.output("\(error)")
                }
                report.written += 1
            }
        }
        try output.flush()
        return report
    }
}
