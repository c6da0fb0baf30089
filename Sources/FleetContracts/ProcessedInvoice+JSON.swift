import AWSClients

extension ProcessedInvoice {
    /// The message's value: what `JSONEncoder` with `.sortedKeys` writes (the consumers'
    /// contract, slashes escaped), written directly, since the worker sends one per invoice.
    package var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        let members: [(name: StaticString, value: String)] = [
            (#"{"accessKey":"#, accessKey), (#","bucket":"#, bucket), (#","eTag":"#, eTag),
            (#","invoiceNumber":"#, invoiceNumber), (#","key":"#, key), (#","status":"#, status),
            (#","storedAt":"#, storedAt), (#","workerId":"#, workerId),
        ]
        for member in members {
            DynamoJSONWriter.write(raw: member.name, into: &out)
            DynamoJSONWriter.write(string: member.value, escapingSlashes: true, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
