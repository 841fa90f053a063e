/// Slack's mrkdwn control characters.
public enum SlackText {
    /// `text` with `&`, `<` and `>` escaped, so what a task holds can never become a mention (`<!channel>`) or a
    /// link in Slack's mrkdwn. JSON escaping is the encoder's job, not this.
    public static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
