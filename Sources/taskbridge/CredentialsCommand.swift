import ArgumentParser

/// `taskbridge credentials`: secrets the bridge sends elsewhere, stored sealed.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Add, list, remove and reseal stored credentials (sealed under TASKBRIDGE_SECRET_KEY).",
        subcommands: [
            CredentialsAddCommand.self, CredentialsListCommand.self, CredentialsRemoveCommand.self,
            CredentialsResealCommand.self,
        ]
    )
}
