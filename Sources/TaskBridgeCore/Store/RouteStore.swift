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

    /// Every stored route in evaluation order, with its boards and its channels, each in order.
    public func list() async throws -> [Route] {
        let rows = try await pool.query("""
            SELECT r.name, r.position, r.match_type, r.match_category, r.match_team, d.kind, d.board_id, d.list_name,
                c.name, d.moments, d.templates::text
            FROM routes r
            JOIN route_destinations d ON d.route_id = r.id
            JOIN credentials c ON c.id = d.credential_id
            ORDER BY r.position, d.position
            """)
        var routes: [Route] = []
        for row in rows {
            let name = try row.decode(String.self, at: 0)
            let kind = try row.decode(String.self, at: 5)
            if routes.last?.name != name {
                let match = RouteMatch(
                    type: try row.decode(String?.self, at: 2), category: try row.decode(String?.self, at: 3),
                    team: try row.decode(String?.self, at: 4))
                routes.append(Route(name: name, position: try row.decode(Int.self, at: 1), match: match, destinations: []))
            }
            let credential = try row.decode(String.self, at: 8)
            if kind == "trello" {
                let (board, list) = (try row.decode(String.self, at: 6), try row.decode(String.self, at: 7))
                routes[routes.count - 1].destinations.append(
                    TrelloDestination(boardID: board, listName: list, credential: credential))
            } else {
                let moments = try row.decode([String].self, at: 9).compactMap(NotificationMoment.init(rawValue:))
                let templates = try StoredTemplates.decoding(try row.decode(String.self, at: 10))
                routes[routes.count - 1].channels.append(
                    try ChannelDestination(credential: credential, moments: moments, message: templates.message(kind: kind)))
            }
        }
        return routes
    }

    /// Adds a route named `name` that sends what `match` takes to `destinations` and notifies `channels` (each
    /// naming a stored credential of the kind it needs), last in the order, or at `position` (1 is first), moving
    /// the routes from there one place down.
    @discardableResult
    public func add(
        name: String, match: RouteMatch, destinations: [TrelloDestination], channels: [ChannelDestination] = [],
        position: Int? = nil
    ) async throws -> Route {
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
                    FROM credentials WHERE name = \(destination.credential ?? "") AND kind = 'trello'
                    """)
                guard inserted.affectedRows == 1 else {
                    throw RouteStoreError.unknownCredential(destination.credential ?? "", kind: "trello")
                }
            }
            for (offset, channel) in channels.enumerated() {
                let templates = try StoredTemplates(channel.message).encoded()
                let inserted = try await connection.query("""
                    INSERT INTO route_destinations (route_id, position, kind, credential_id, moments, templates)
                    SELECT \(id), \(destinations.count + offset), \(channel.kind), id,
                        \(channel.moments.map(\.rawValue))::text[], \(templates)::jsonb
                    FROM credentials WHERE name = \(channel.credential) AND kind = \(channel.credentialKind)
                    """)
                guard inserted.affectedRows == 1 else {
                    throw RouteStoreError.unknownCredential(channel.credential, kind: channel.credentialKind)
                }
            }
            return Route(name: name, position: place, match: match, destinations: destinations, channels: channels)
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
    /// A destination names no stored credential of the kind it needs (`trello`, `slack`, `smtp`).
    case unknownCredential(String, kind: String)
    /// The route has no destination.
    case noDestination
    /// A condition no task can meet.
    case badMatch(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "a route named \(name) already exists"
        case .unknownCredential(let name, let kind):
            "no \(kind) credential is named \(name); add it with taskbridge credentials add --kind \(kind)"
        case .noDestination: "a route needs at least one destination"
        case .badMatch(let problem): "the route's \(problem)"
        }
    }
}
