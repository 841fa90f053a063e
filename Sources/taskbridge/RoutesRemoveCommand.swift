import ArgumentParser
import TaskBridgeCore

/// `taskbridge routes remove NAME`.
struct RoutesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a route; the ones after it move up.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The route's name.")
    var name: String

    func run() async throws {
        try await reportingFailure {
            let removed = try await database.withPool { pool in try await RouteStore(pool: pool).remove(name: name) }
            guard removed else { throw CommandFailure("no route is named \(name)") }
            print("removed \(name)")
        }
    }
}
