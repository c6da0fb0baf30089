import struct Foundation.Date
import protocol Foundation.ContiguousBytes

/// Turns the bytes of an uploaded invoice file into a validated `Invoice`, or explains
/// why it cannot be stored.
///
/// Pure and thread-safe: no I/O, no shared state; the clock is a parameter. It never
/// traps on input, whatever the bytes.
package struct InvoiceValidator: Sendable {
    package var configuration: Configuration

    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Parses and validates one invoice file.
    ///
    /// Rules run in the order `InvoiceErrorCode` declares, and the first failure is the
    /// answer, so the same bytes always get the same code.
    /// - Parameters:
    ///   - bytes: the whole file: `Data`, `[UInt8]`, or an `UnsafeRawBufferPointer` over
    ///     a NIO `ByteBuffer`'s readable bytes. Read in place, not copied.
    ///   - now: the current time, for the "not in the future" rule.
    /// - Returns: the invoice, or the rejection to dead-letter.
    package func validate(_ bytes: some ContiguousBytes, now: Date) -> Result<Invoice, InvoiceRejection> {
        bytes.withUnsafeBytes { buffer in
            do throws(InvoiceRejection) {
                let raw = try parse(buffer)
                return .success(try check(raw, now: now))
            } catch {
                return .failure(error)
            }
        }
    }

    // MARK: - Parse stage

    private func parse(_ bytes: UnsafeRawBufferPointer) throws(InvoiceRejection) -> RawInvoice {
        // Short-circuits at the first non-blank byte, so huge files cost nothing here.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InvoiceRejection(.emptyFile, bytes.isEmpty ? "the file is empty" : "the file holds only whitespace")
        }
        guard bytes.count <= configuration.maxFileSize else {
            throw InvoiceRejection(
                .fileTooLarge, "the file has \(bytes.count) bytes, more than the limit of \(configuration.maxFileSize)")
        }
        if let offset = UTF8Validation.firstInvalidOffset(bytes) {
            throw InvoiceRejection(.notUTF8, "the file is not valid UTF-8 (byte \(offset))")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            switch error.kind {
            case .syntax: throw InvoiceRejection(.notJSON, "the file is not JSON: \(error.message)")
            case .duplicateKey: throw InvoiceRejection(.duplicateField, error.message)
            }
        }
        return try RawInvoice(document)
    }
}
