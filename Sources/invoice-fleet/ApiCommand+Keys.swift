import ArgumentParser
import InvoiceQueryAPI

extension ApiCommand {
    /// `invoice-fleet api hash-key [KEY]`: prints the hash to configure for a key.
    struct HashKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-key",
            abstract: "Print the SHA-256 (hex) of an API key, for API_KEY_HASHES or API_KEYS_FILE.",
            discussion: "Without KEY, reads the key from the first line of standard input (keeps it out of shell history and ps)."
        )

        @Argument(help: "The key; omit to read it from standard input.") var key: String?

        func run() throws {
            guard let key = key ?? readLine(strippingNewline: true), !key.isEmpty else {
                throw ValidationError("no key given")
            }
            print(APIKeyHash.hex(of: key))
        }
    }

    /// `invoice-fleet api new-key`: a fresh random key and its hash.
    struct NewKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-key",
            abstract: "Print a new random API key (give it to the client) and, on a second line, its hash (configure it)."
        )

        func run() {
            let key = APIKeyHash.newKey()
            print(key)
            print(APIKeyHash.hex(of: key))
        }
    }
}
