import AsyncHTTPClient
import Foundation
import Logging

extension AWSCredentialsProvider {
    /// Picks the credentials' source in the AWS SDKs' order (the Java and Go SDKs'), the
    /// first one configured winning:
    ///
    /// 1. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`);
    /// 2. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
    ///    (+ `AWS_ROLE_SESSION_NAME`), traded with STS: EKS IRSA;
    /// 3. the profile `AWS_PROFILE` (default `default`) of `AWS_CONFIG_FILE`
    ///    (`~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`): keys,
    ///    `role_arn` with `source_profile` or `credential_source`, `web_identity_token_file`,
    ///    `credential_process`;
    /// 4. a container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `…_FULL_URI`
    ///    (ECS task roles, EKS Pod Identity);
    /// 5. the EC2 instance profile through IMDSv2, unless `AWS_EC2_METADATA_DISABLED=true`.
    ///
    /// Only configuration is read here; nothing is fetched until the first request.
    ///
    /// - Parameters:
    ///   - endpoint: The stack's endpoint override; STS is sent there too (moto serves it).
    ///     Otherwise `AWS_ENDPOINT_URL_STS`, else `https://sts.REGION.amazonaws.com`.
    /// - Throws: `AWSCredentialsError` when nothing is configured or a configuration is wrong.
    package static func chain(
        environment: [String: String], httpClient: HTTPClient, region: String, endpoint: URL?, logger: Logger,
        readFile: @escaping (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws -> AWSCredentialsProvider {
        try CredentialsChain(environment: environment, httpClient: httpClient, region: region, endpoint: endpoint,
                             logger: logger, readFile: readFile).resolve()
    }
}

/// The resolution behind `AWSCredentialsProvider.chain`.
struct CredentialsChain {
    let environment: [String: String]
    let httpClient: HTTPClient
    let region: String
    let endpoint: URL?
    let logger: Logger
    let readFile: (String) -> String?

    func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    var sts: STSClient {
        let url = endpoint ?? value("AWS_ENDPOINT_URL_STS").flatMap(URL.init(string:))
            ?? URL(string: "https://sts.\(region).amazonaws.com")!
        return STSClient(httpClient: httpClient, endpoint: url, region: region)
    }

    var sessionName: String { value("AWS_ROLE_SESSION_NAME") ?? "invoice-fleet-\(Int(Date().timeIntervalSince1970))" }

    func resolve() throws -> AWSCredentialsProvider {
        if let provider = environmentKeys() { return provider }
        if let file = value("AWS_WEB_IDENTITY_TOKEN_FILE"), let role = value("AWS_ROLE_ARN") {
            return refreshing(WebIdentityCredentialsSource(sts: sts, tokenFile: file, roleARN: role, sessionName: sessionName))
        }
        let files = ProfileFiles(chain: self)
        let profile = value("AWS_PROFILE") ?? "default"
        if files.settings(of: profile) != nil || value("AWS_PROFILE") != nil {
            return try files.provider(for: profile, visited: [])
        }
        if let provider = try container() { return provider }
        if value("AWS_EC2_METADATA_DISABLED")?.lowercased() != "true" { return instanceMetadata() }
        throw AWSCredentialsError.notFound(tried: [
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN",
            "profile '\(profile)' in \(files.configPath) and \(files.credentialsPath)",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI", "instance metadata (AWS_EC2_METADATA_DISABLED is set)",
        ])
    }

    func environmentKeys() -> AWSCredentialsProvider? {
        AWSCredentials.fromEnvironmentVariables(environment).map { .fixed($0, sourceName: "environment variables") }
    }

    func container() throws -> AWSCredentialsProvider? {
        guard let url = try ContainerCredentialsSource.url(environment: environment) else { return nil }
        return refreshing(ContainerCredentialsSource(
            httpClient: httpClient, url: url, token: value("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            tokenFile: value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
        ))
    }

    func instanceMetadata() -> AWSCredentialsProvider {
        let url = value("AWS_EC2_METADATA_SERVICE_ENDPOINT").flatMap(URL.init(string:)) ?? InstanceMetadataCredentialsSource.defaultEndpoint
        return refreshing(InstanceMetadataCredentialsSource(httpClient: httpClient, endpoint: url))
    }

    func refreshing(_ source: any CredentialsSource) -> AWSCredentialsProvider {
        .refreshing(source, logger: logger)
    }
}

extension AWSCredentials {
    /// `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), the chain's first source.
    package static func fromEnvironmentVariables(_ environment: [String: String]) -> AWSCredentials? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let key = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
    }
}
