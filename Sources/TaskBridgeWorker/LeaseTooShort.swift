/// A Trello request that was not sent because the task's lease would have run out before it could finish:
/// another worker may take the task over then, and two requests must never race to make its card.
struct LeaseTooShort: Error, CustomStringConvertible {
    /// One line for the task's event.
    var description: String { "the lease would have expired before Trello answered; released to try again" }
}
