import TaskBridgeCore
import Testing

/// Routes are evaluated in order, the first whose every set condition holds wins, and the default takes the rest.
@Suite(.timeLimit(.minutes(1))) struct RouteMatchTests {
    private static func route(_ name: String, _ position: Int, _ match: RouteMatch) -> Route {
        Route(
            name: name, position: position, match: match,
            destinations: [TrelloDestination(boardID: name, listName: "To Do", credential: name)])
    }

    private let fallback = Route.environmentDefault(boardID: "env-board", listName: "To Do")
    private let routes = [
        route("research", 2, RouteMatch(type: "task", category: "Research")),
        route("bugs", 1, RouteMatch(type: "bug")),
        route("ops-team", 3, RouteMatch(team: "ops")),
    ]

    private func pick(_ type: String, _ category: String? = nil, team: String? = nil) -> String {
        Route.first(in: routes, type: type, category: category, team: team, fallback: fallback).name
    }

    @Test func eachKindTakesItsRouteAndTheRestTheDefault() {
        #expect(pick("bug") == "bugs")
        #expect(pick("task", "Research") == "research")
        #expect(pick("task", "Test") == "default")
        #expect(pick("issue") == "default")
        #expect(fallback.destinations == [TrelloDestination(boardID: "env-board", listName: "To Do", credential: nil)])
    }

    @Test func theFirstMatchByPositionWins() {
        #expect(pick("bug", team: "ops") == "bugs")
        #expect(pick("issue", team: "ops") == "ops-team")
        #expect(pick("issue", team: "dev") == "default")
    }

    @Test func aSummarySaysWhatMatches() {
        #expect(RouteMatch().summary == "any task")
        #expect(RouteMatch(type: "task", category: "Research", team: "a").summary == "type=task category=Research team=a")
    }

    @Test func aConditionNoTaskCanMeetIsAProblem() {
        #expect(RouteMatch(type: "bug", category: "Research", team: "any").problems.isEmpty)
        #expect(RouteMatch(type: "bgu").problems == ["type must be one of issue, bug, task"])
        #expect(RouteMatch(category: "research").problems == ["category must be one of Maintenance, Research, Test"])
    }
}
