/// Columns aligned with spaces, for terminal reports. Pure.
package struct TextTable: Sendable {
    package var header: [String]
    package var rows: [[String]] = []
    /// Indexes of columns aligned to the right (numbers).
    package var numericColumns: Set<Int>

    package init(header: [String], numericColumns: Set<Int> = []) {
        self.header = header
        self.numericColumns = numericColumns
    }

    package mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, one line a row, columns two spaces apart, no trailing spaces.
    package func render(indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return all.map { row in
            let cells = header.indices.map { column -> String in
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numericColumns.contains(column) ? padding + cell : cell + padding
            }
            return indent + cells.joined(separator: "  ").replacing(/\s+$/, with: "")
        }.joined(separator: "\n")
    }
}
