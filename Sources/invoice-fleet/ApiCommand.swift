import ArgumentParser

/// `invoice-fleet api`: the authenticated query API over the `Invoices` table, and its
/// key tools. Without a subcommand it serves (`api serve`).
struct ApiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the invoice query API (GET /invoices/{accessKey}, /customers/{document}/invoices).",
        subcommands: [Serve.self, HashKey.self, NewKey.self],
        defaultSubcommand: Serve.self
    )
}
