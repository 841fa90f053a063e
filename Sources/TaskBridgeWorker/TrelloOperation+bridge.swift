import Trello

extension TrelloOperation {
    /// A page of the board's cards read to find the card an earlier attempt may have made (`CardIndex`).
    static let lookupCards = TrelloOperation.boardCards(.all).named("lookup_cards")
    /// A page of the board's cards read to compare them with the tasks (`ReconcilePass`).
    static let reconcileCards = TrelloOperation.boardCards(.all).named("reconcile_cards")
}
