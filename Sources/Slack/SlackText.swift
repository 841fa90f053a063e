import Foundation

/// Slack's mrkdwn control characters.
public enum SlackText {
    /// `text` with `&`, `<` and `>` escaped, so what a task holds can never become a mention (`<!channel>`) or a
    /// link in Slack's mrkdwn. JSON escaping is the encoder's job, not this.
    public static func escaped(_ text: String) -> String {
        // `&` first, so the entities the next two make are not escaped again.
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
