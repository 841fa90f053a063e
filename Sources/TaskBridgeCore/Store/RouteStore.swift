#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// Routes in PostgreSQL (`routes`, `route_destinations`): listed in evaluation order, added at the end (or at a
/// position, moving the others down), removed by name.
public struct RouteStore: Sendable {
    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Every stored route in evaluation order, with its destinations in order.
    public func list() async throws -> [Route] {
        let rows = try await pool.query("""
            SELECT r.name, r.position, r.match_type, r.match_category, r.match_team, d.board_id, d.list_name, c.name
            FROM routes r
            JOIN route_destinations d ON d.route_id = r.id
            JOIN credentials c ON c.id = d.credential_id
            ORDER BY r.position, d.position
            """)
        var routes: [Route] = []
        for row in rows {
            let (name, position, type, category, team, board, list, credential) = try row.decode(
                (String, Int, String?, String?, String?, String, String, String).self)
            let destination = TrelloDestination(boardID: board, listName: list, credential: credential)
            if routes.last?.name == name {
                routes[routes.count - 1].destinations.append(destination)
            } else {
                routes.append(
                    Route(
                        name: name, position: position, match: RouteMatch(type: type, category: category, team: team),
                        destinations: [destination]))
            }
        }
        return routes
    }

    /// Adds a route named `name` that sends what `match` takes to `destinations` (each naming a stored credential),
    /// last in the order, or at `position` (1 is first), moving the routes from there one place down.
    @discardableResult
    public func add(name: String, match: RouteMatch, destinations: [TrelloDestination], position: Int? = nil)
        async throws -> Route
    {
        guard !destinations.isEmpty else { throw RouteStoreError.noDestination }
        if let problem = match.problems.first { throw RouteStoreError.badMatch(problem) }
        guard name != Route.defaultName else { throw RouteStoreError.nameTaken(name) }
        return try await pool.withTransaction { connection in
            // One writer at a time: positions are read, then shifted.
            try await connection.query("LOCK TABLE routes IN SHARE ROW EXCLUSIVE MODE")
            let taken = try await connection.query("SELECT 1 FROM routes WHERE name = \(name)")
            guard taken.first == nil else { throw RouteStoreError.nameTaken(name) }
            let last = try await connection.query("SELECT coalesce(max(position), 0) FROM routes")
            let end = try last.first?.decode(Int.self, at: 0) ?? 0
            let place = min(max(position ?? end + 1, 1), end + 1)
            // Two steps, so no position is ever held twice mid-statement under the unique constraint.
            try await connection.query("UPDATE routes SET position = -position - 1 WHERE position >= \(place)")
            try await connection.query("UPDATE routes SET position = -position WHERE position < 0")
            let id = UUID.timeOrdered()
            try await connection.query("""
                INSERT INTO routes (id, name, position, match_type, match_category, match_team)
                VALUES (\(id), \(name), \(place), \(match.type), \(match.category), \(match.team))
                """)
            for (index, destination) in destinations.enumerated() {
                let inserted = try await connection.query("""
                    INSERT INTO route_destinations (route_id, position, board_id, list_name, credential_id)
                    SELECT \(id), \(index), \(destination.boardID), \(destination.listName), id
                    FROM credentials WHERE name = \(destination.credential ?? "")
                    """)
                guard inserted.affectedRows == 1 else {
                    throw RouteStoreError.unknownCredential(destination.credential ?? "")
                }
            }
            return Route(name: name, position: place, match: match, destinations: destinations)
        }
    }

    /// Removes the route `name`, closing the gap it leaves; false when there is none.
    @discardableResult
    public func remove(name: String) async throws -> Bool {
        try await pool.withTransaction { connection in
            try await connection.query("LOCK TABLE routes IN SHARE ROW EXCLUSIVE MODE")
            let removed = try await connection.query("DELETE FROM routes WHERE name = \(name) RETURNING position")
            guard let row = removed.first else { return false }
            let position = try row.decode(Int.self, at: 0)
            try await connection.query("UPDATE routes SET position = -(position - 1) WHERE position > \(position)")
            try await connection.query("UPDATE routes SET position = -position WHERE position < 0")
            return true
        }
    }
}

/// Why a route could not be added.
public enum RouteStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another route has this name (or it is `default`, the environment's).
    case nameTaken(String)
    /// A destination names a credential that is not stored.
    case unknownCredential(String)
    /// The route has no destination.
    case noDestination
    /// A condition no task can meet.
    case badMatch(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "a route named \(name) already exists"
        case .unknownCredential(let name): "no credential is named \(name); add it with taskbridge credentials add"
        case .noDestination: "a route needs at least one destination"
        case .badMatch(let problem): "the route's \(problem)"
        }
    }
}
