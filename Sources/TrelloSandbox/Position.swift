/// Where a new or moved list or card goes: Trello's `pos` parameter (`top`, `bottom` or a positive number).
enum Position: Sendable, Equatable {
    case top
    case bottom
    case at(Double)

    /// Trello spaces positions this far apart, so later inserts fit between them.
    static let spacing = 16384.0

    /// The position `text` names, `fallback` when absent, or 400 `invalid value for pos`.
    init(parameter text: String?, fallback: Position) throws(TrelloError) {
        switch text {
        case nil: self = fallback
        case "top": self = .top
        case "bottom": self = .bottom
        case let text?:
            guard let number = Double(text), number.isFinite, number >= 0 else { throw .invalidValue("pos") }
            self = .at(number)
        }
    }

    /// The number this position means among siblings whose positions run from `first` to `last`.
    func resolve(first: Double?, last: Double?) -> Double {
        switch self {
        case .top: first.map { $0 / 2 } ?? Self.spacing
        case .bottom: (last ?? 0) + Self.spacing
        case .at(let number): number
        }
    }
}
