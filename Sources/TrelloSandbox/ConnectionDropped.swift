/// Thrown after the sandbox closed a connection on purpose; nothing can be answered any more.
struct ConnectionDropped: Error, CustomStringConvertible {
    var description: String { "connection dropped after the card was created" }
}
