// Callers of the clients need `AWSCredentials` (and, for custom requests, the signer);
// re-exporting saves every importer a second `import AWSSigV4`.
@_exported import AWSSigV4
