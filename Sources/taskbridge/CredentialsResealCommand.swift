import ArgumentParser
import TaskBridgeCore

/// `taskbridge credentials reseal`: the rotation's last step, sealing every credential under the current key.
struct CredentialsResealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal",
        abstract: "Seal every credential anew under TASKBRIDGE_SECRET_KEY, opening each under it or "
            + "TASKBRIDGE_PREVIOUS_SECRET_KEY; afterwards the previous key can be dropped.",
        discussion: "One transaction: if any credential opens under neither key, nothing changes."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailure {
            let sealer = try SealerOptions.sealer()
            let count = try await database.withPool { pool in try await CredentialStore(pool: pool).reseal(sealer: sealer) }
            print("resealed \(count) credential\(count == 1 ? "" : "s") under key \(sealer.keyFingerprint)")
        }
    }
}
