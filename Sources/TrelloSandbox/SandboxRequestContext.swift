import Foundation
import Hummingbird
import NIOCore

/// The request context of the sandbox: it keeps the connection so a handler can drop it on purpose.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel
    /// Set by the gate when this card creation must end with the connection closed and no answer.
    var dropAfterCreate = false

    /// JSON for the admin routes, slashes unescaped so `"POST /1/cards"` reads as it is written.
    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The path parameter `name` as a Trello id, or Trello's 400 `invalid id`.
    func id(_ name: String = "id") throws(TrelloError) -> String {
        guard let value = self.parameters.get(name), let id = TrelloID.normalized(value) else { throw .invalidID }
        return id
    }

    /// Closes the connection without an answer when the gate asked for it: the work is done, the client never
    /// learns it, as when Trello or the network fails after a write.
    func dropConnectionIfAsked() async throws {
        guard self.dropAfterCreate else { return }
        try? await self.channel.close()
        throw ConnectionDropped()
    }
}
