import ArgumentParser
import TaskBridgeCore

/// `taskbridge routes test --type T [--category C] [--team T]`: which route a task would take, sending nothing.
struct RoutesTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Show the route a sample task would take and its destinations; nothing is sent or stored."
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup(title: "The sample task") var sample: RouteMatchOptions

    func validate() throws {
        guard sample.type != nil else { throw ValidationError("--type is required") }
    }

    func run() async throws {
        try await reportingFailure {
            let routes = try await database.withPool { pool in try await RouteStore(pool: pool).list() }
            let route = Route.first(
                in: routes, type: sample.type ?? "", category: sample.category, team: sample.team,
                fallback: RouteLine.environmentDefault())
            print(RouteLine.text(route))
        }
    }
}
