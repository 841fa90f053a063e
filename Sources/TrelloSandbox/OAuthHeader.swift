import Foundation

/// Trello's `Authorization: OAuth oauth_consumer_key="KEY", oauth_token="TOKEN"` header.
struct OAuthHeader: Sendable {
    let consumerKey: String?
    let token: String?

    /// The credentials in `header`, or nil when it is not an OAuth header.
    init?(_ header: String) {
        guard header.count > 6, header.prefix(6).lowercased() == "oauth " else { return nil }
        var values: [String: String] = [:]
        for part in header.dropFirst(6).split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value.removingPercentEncoding ?? value
        }
        self.consumerKey = values["oauth_consumer_key"]
        self.token = values["oauth_token"]
    }
}
