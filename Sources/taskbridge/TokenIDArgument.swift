import ArgumentParser
import Foundation

/// The one token id that `tokens revoke` and `tokens rotate-secret` act on.
struct TokenIDArgument: ParsableArguments {
    @Argument(help: "The token's id (see `tokens list`).")
    var id: String

    /// The id as a UUID; a plain one-line failure when it is not one.
    func uuid() throws -> UUID {
        guard let uuid = UUID(uuidString: id) else { throw CommandFailure("\(id) is not a token id (a UUID)") }
        return uuid
    }
}
