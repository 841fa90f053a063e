import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge migrate`: applies the migrations the database has not seen yet.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the numbered .sql files of the migrations folder that are not applied yet.",
        discussion: "Safe to run again and from several processes at once (they take turns on an advisory lock)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Folder of NNN_name.sql files (default: $MIGRATIONS_DIR, else ./migrations).")
    var migrationsDir: String?

    func run() async throws {
        try await reportingFailure {
            let folder = Migrator.folder(flag: migrationsDir, environment: ProcessInfo.processInfo.environment)
            let applied = try await database.withPool { pool in
                try await Migrator(pool: pool, folder: folder, logger: CommandLog.logger).migrate()
            }
            if applied.isEmpty {
                print("The database is up to date.")
            }
            for migration in applied {
                print("Applied \(migration.fileName)")
            }
        }
    }
}
