import TaskBridgeCore

/// Opens a channel's credential by name; the fleet's is `CredentialStore.open(name:sealer:)`.
public typealias ChannelCredentialOpener = @Sendable (_ name: String) async throws -> CredentialSecret?

/// An attempt that ended before reaching its channel, carrying the outcome the sender returns.
struct ChannelStop: Error {
    let outcome: ChannelOutcome

    /// The fields of the credential `name`: a stop with `.release` when it does not open under the secret keys,
    /// `.retry` when the database cannot be asked, `.fail` when it is gone or lacks `fields`.
    static func fields(
        of name: String, needing fields: [String], using open: ChannelCredentialOpener
    ) async throws(ChannelStop) -> [String: String] {
        let secret: CredentialSecret?
        do {
            secret = try await open(name)
        } catch let error as CredentialSealerError {
            throw ChannelStop(outcome: .release(error: "the credential \(name) cannot be opened: \(error)"))
        } catch {
            throw ChannelStop(outcome: .retry(after: nil, error: "the credential \(name) could not be read: \(error)"))
        }
        guard let secret, fields.allSatisfy({ !(secret.fields[$0] ?? "").isEmpty }) else {
            throw ChannelStop(outcome: .fail(error: "the credential \(name) is missing or not of the channel's kind"))
        }
        return secret.fields
    }

    /// `text` parsed as a template; a stop with `.fail` when it does not parse (it was checked when stored).
    static func template(_ text: String, _ field: String) throws(ChannelStop) -> MessageTemplate {
        do {
            return try MessageTemplate(text)
        } catch {
            throw ChannelStop(outcome: .fail(error: "the channel's \(field) template: \(error)"))
        }
    }
}
