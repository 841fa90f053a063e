/// The parts of a callback URL the guard and the courier need: scheme, host (IPv6 without brackets), port.
public struct CallbackTarget: Sendable, Hashable {
    /// `http` or `https`, lower-cased.
    public var scheme: String
    /// The host as written, brackets of an IPv6 literal removed.
    public var host: String
    /// The port, explicit or the scheme's.
    public var port: Int
    /// Whether the authority names a user (`user:pass@host`).
    public var hasUserInfo: Bool

    /// The parts of `url`, or nil when it is not an absolute http(s) URL with a host and a valid port.
    public init?(_ url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // A backslash is a path separator to some parsers and part of the host to others: refuse it outright.
        guard !authority.isEmpty, !url.contains("\\"), !url.contains(where: { $0.isWhitespace }) else { return nil }
        let hasUserInfo = authority.contains("@")
        let hostPort = authority.split(separator: "@").last.map(Substring.init) ?? authority
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let pieces = hostPort.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = pieces[0]
            portText = pieces.count == 2 ? pieces[1] : nil
        }
        let defaultPort = scheme == "https" ? 443 : 80
        guard !host.isEmpty, let port = portText.map({ Int($0) }) ?? defaultPort, (1...65535).contains(port) else {
            return nil
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.hasUserInfo = hasUserInfo
    }
}
