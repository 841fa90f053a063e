#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a route sends its tasks in Trello: a board, the list cards go to, and the credential the requests carry.
public struct TrelloDestination: Sendable, Hashable, Codable {
    /// The board's id.
    public var boardID: String
    /// The list's name on that board ("To Do").
    public var listName: String
    /// The stored credential's name; nil for the environment's `TRELLO_API_KEY` and `TRELLO_API_TOKEN`.
    public var credential: String?

    /// A destination.
    public init(boardID: String, listName: String, credential: String?) {
        self.boardID = boardID
        self.listName = listName
        self.credential = credential
    }

    /// The destination as people read them: `board B, list "To Do", credential team-b`.
    public var summary: String {
        "board \(boardID), list \"\(listName)\", credential \(credential ?? "from the environment")"
    }
}
