import Foundation

/// Where an export goes: a file (created or truncated) or standard output (`-`).
///
/// Lines are buffered and written in blocks, since an export can hold many records.
package final class JSONLinesFile {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer = Data()
    package let name: String

    /// Opens `path` for writing, or standard output when `path` is `-`.
    /// - Throws: `DeadLetterToolError.output` when the file cannot be created.
    package init(path: String) throws(DeadLetterToolError) {
        name = path
        if path == "-" {
            handle = .standardOutput
            ownsHandle = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw .output("cannot create \(path)")
        }
        guard let opened = FileHandle(forWritingAtPath: path) else { throw .output("cannot open \(path)") }
        handle = opened
        ownsHandle = true
    }

    package var isStandardOutput: Bool { !ownsHandle }

    /// Appends one line (a newline is added).
    package func write(line: String) throws(DeadLetterToolError) {
        buffer.append(contentsOf: Array(line.utf8))
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered.
    package func flush() throws(DeadLetterToolError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .output("\(name): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file (standard output stays open).
    package func close() throws(DeadLetterToolError) {
        try flush()
        if ownsHandle { try? handle.close() }
    }
}
