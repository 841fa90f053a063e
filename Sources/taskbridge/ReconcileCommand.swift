import ArgumentParser
import Foundation
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker

/// `taskbridge reconcile [--since DURATION] [--dry-run]`: one reconcile pass now, as the workers' reconciler runs
/// it, printing each difference and what was done about it.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare the tasks with the boards' cards now: archive duplicate cards, record archived and deleted "
            + "ones, report cards no task knows.",
        discussion: "Covers the environment's board, then each board routes sent cards to in the window (through a "
            + "stored credential that reached it: set TASKBRIDGE_SECRET_KEY). "
            + "Prints one line per difference and what it did (with --dry-run: would do), then a summary with "
            + "the Trello requests spent. Reads the worker's settings (DATABASE_URL, REDIS_URL, TRELLO_*, "
            + "REDIS_KEY_PREFIX, RECONCILE_*): requests go through the fleet's rate limiter within "
            + "RECONCILE_BUDGET_SHARE, and the pass takes the reconciler's lock, waiting up to 2 minutes while a "
            + "worker's pass runs. RECONCILE_RECREATE=true queues tasks whose card was deleted for a new card."
    )

    /// How long the command waits for a worker's pass to end before giving up.
    static let lockWait: Duration = .seconds(120)

    @Option(help: ArgumentHelp(
        "How far back to look, e.g. 90m, 24h, 7d (default: $RECONCILE_WINDOW, else 24h).", valueName: "duration"))
    var since: String?

    @Flag(help: "Print what would be done; change nothing on the board or in the database.")
    var dryRun = false

    func validate() throws {
        if let since {
            guard let window = DurationText.parse(since), ReconcileSettings.windowRange.contains(window) else {
                throw ValidationError(
                    "--since must be a duration such as 90m, 24h or 7d, from "
                        + "\(DurationText.format(ReconcileSettings.windowRange.lowerBound)) to "
                        + "\(DurationText.format(ReconcileSettings.windowRange.upperBound))")
            }
        }
    }

    func run() async throws {
        try await reportingFailure {
            var reader = EnvironmentReader(ProcessInfo.processInfo.environment)
            let configuration = WorkerConfiguration(reading: &reader)
            do {
                try reader.finish()
            } catch {
                throw CommandFailure("\(error)")
            }
            let report = try await runReconcilePass(
                configuration: configuration, window: since.flatMap(DurationText.parse), dryRun: dryRun,
                lockWait: Self.lockWait, logger: CommandLog.logger,
                waiting: { FileHandle.standardError.write(Data("taskbridge: \($0)\n".utf8)) },
                step: { print($0) })
            print(report.summary)
        }
    }
}
