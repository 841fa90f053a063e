/// Why a task's card cannot be planned; each is permanent until the board or the task changes.
public enum CardPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The board has no open list with the configured name.
    case missingList(String)
    /// The board has no label with this exact name.
    case missingLabel(String)
    /// The board has no member to assign a bug to.
    case noMembers
    /// The stored task cannot become a card (unknown type, missing field); says what is wrong.
    case invalidTask(String)

    /// One line naming what is missing and, for the board, the command that fixes it.
    public var description: String {
        switch self {
        case .missingList(let name):
            "list \"\(name)\" is missing on the board; run taskbridge board sync"
        case .missingLabel(let name):
            "label \"\(name)\" is missing on the board; run taskbridge board sync"
        case .noMembers:
            "the board has no members to assign a bug to; add one in Trello"
        case .invalidTask(let detail):
            detail
        }
    }
}
