import ArgumentParser
import Foundation

/// Task ids named on the command line: checked as UUIDs before anything runs, then acted on one by one, with the
/// refusals gathered into one failure (exit 1) after the others were done.
enum TaskIDArguments {
    /// Refuses the first id that is not a UUID.
    static func validate(_ ids: [String]) throws {
        if let bad = ids.first(where: { UUID(uuidString: $0) == nil }) {
            throw ValidationError("\(bad) is not a task id (a UUID)")
        }
    }

    /// Runs `act` on each id; it returns why the task was refused, or nil when it was acted on.
    static func each(_ ids: [String], _ act: (UUID) async throws -> String?) async throws {
        var refused: [String] = []
        for id in ids.compactMap(UUID.init(uuidString:)) {
            if let reason = try await act(id) { refused.append(reason) }
        }
        if !refused.isEmpty { throw CommandFailure(refused.joined(separator: "; ")) }
    }
}
