/// Why Slack refuses a hook for good, with the status and body Slack answers it with.
public enum DeadHookReason: String, Sendable, CaseIterable, Codable {
    /// The hook was removed or never existed.
    case noService = "no_service"
    /// The workspace is gone.
    case noTeam = "no_team"
    /// The channel was deleted.
    case channelNotFound = "channel_not_found"
    /// The channel was archived.
    case channelIsArchived = "channel_is_archived"
    /// An admin restricted posting to the channel.
    case actionProhibited = "action_prohibited"
    /// The workspace was disabled.
    case teamDisabled = "team_disabled"
    /// The hook's token was revoked.
    case invalidToken = "invalid_token"

    /// The HTTP status Slack answers with: 404 for what is gone, 410 for an archived channel, 403 for a refusal.
    public var status: Int {
        switch self {
        case .noService, .noTeam, .channelNotFound: 404
        case .channelIsArchived: 410
        case .actionProhibited, .teamDisabled, .invalidToken: 403
        }
    }
}
