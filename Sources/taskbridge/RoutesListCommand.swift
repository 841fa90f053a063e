import ArgumentParser
import Foundation
import TaskBridgeCore

/// `taskbridge routes list`: the stored routes in evaluation order, then the environment's default route.
struct RoutesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List routes in evaluation order (position, name, match, destinations, channels), the default route last."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailure {
            let routes = try await database.withPool { pool in try await RouteStore(pool: pool).list() }
            print(["POSITION", "NAME", "MATCH", "DESTINATIONS", "CHANNELS"].joined(separator: "\t"))
            for route in routes + [RouteLine.environmentDefault()] {
                print(RouteLine.text(route))
            }
        }
    }
}

/// How the route commands print a route, and the default route as this command's environment forms it.
enum RouteLine {
    /// `position<tab>name<tab>match<tab>destination; destination<tab>channel; channel` (`-` for no channel).
    static func text(_ route: Route) -> String {
        let position = route.position == .max ? "last" : String(route.position)
        let channels = route.channels.isEmpty ? "-" : route.channels.map(\.summary).joined(separator: "; ")
        return [
            position, route.name, route.match.summary, route.destinations.map(\.summary).joined(separator: "; "),
            channels,
        ].joined(separator: "\t")
    }

    /// The environment's default route (`TRELLO_BOARD_ID`, `TRELLO_LIST_NAME`).
    static func environmentDefault(environment: [String: String] = ProcessInfo.processInfo.environment) -> Route {
        let board = environment["TRELLO_BOARD_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "(TRELLO_BOARD_ID is not set)"
        let list = environment["TRELLO_LIST_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "To Do"
        return Route.environmentDefault(boardID: board, listName: list)
    }
}
