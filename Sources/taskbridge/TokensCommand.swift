import ArgumentParser

/// `taskbridge tokens`: the API's bearer tokens.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens, and renew their callback signing secrets.",
        subcommands: [
            TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self, TokensRotateSecretCommand.self,
        ]
    )
}
