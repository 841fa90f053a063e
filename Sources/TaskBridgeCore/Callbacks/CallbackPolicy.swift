/// Where a task's `callback_url` may point: the SSRF guard. https only unless http is allowed; no userinfo; no
/// address in a blocked network (loopback, private, link-local, CGNAT, "this network", their IPv6 counterparts,
/// and the IPv4-mapped forms of all of them) unless it is in an allowed one.
///
/// At submission only literal addresses can be checked (a name may not resolve where the task is accepted); at
/// delivery every address the name resolves to is, and the connection goes to the address that was checked.
public struct CallbackPolicy: Sendable, Hashable {
    /// The networks refused unless allowed.
    public static let blockedNetworks: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "::/128", "::1/128", "fc00::/7", "fe80::/10",
    ].compactMap(IPNetwork.init)

    /// Whether `http://` callback URLs are accepted (development only).
    public var allowsHTTP: Bool
    /// Blocked networks that are allowed after all, such as `127.0.0.0/8` for tests.
    public var allowedNetworks: [IPNetwork]

    /// A policy; by default https only and nothing blocked allowed.
    public init(allowsHTTP: Bool = false, allowedNetworks: [IPNetwork] = []) {
        self.allowsHTTP = allowsHTTP
        self.allowedNetworks = allowedNetworks
    }

    /// The networks of a comma-separated list (`127.0.0.0/8, ::1`), or nil when one does not parse.
    public static func networks(parsing text: String) -> [IPNetwork]? {
        var networks: [IPNetwork] = []
        for item in text.split(separator: ",") {
            guard let network = IPNetwork(String(item.filter { !$0.isWhitespace })) else { return nil }
            networks.append(network)
        }
        return networks
    }

    /// Whether a connection to `address` is refused.
    public func refuses(_ address: IPAddress) -> Bool {
        let candidates = [address] + (address.embeddedIPv4.map { [$0] } ?? [])
        return candidates.contains { candidate in
            Self.blockedNetworks.contains { $0.contains(candidate) } && !allowedNetworks.contains { $0.contains(candidate) }
        }
    }

    /// The URL's parts, or why it is refused: the problem a client gets at submission.
    public func check(_ url: String) -> Result<CallbackTarget, CallbackRefusal> {
        guard let target = CallbackTarget(url) else { return .failure(.malformed) }
        if target.scheme == "http" && !allowsHTTP { return .failure(.notHTTPS) }
        if target.hasUserInfo { return .failure(.userInfo) }
        if let address = IPAddress(literal: target.host), refuses(address) { return .failure(.blockedAddress) }
        return .success(target)
    }
}

/// Why a callback URL is refused.
public enum CallbackRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed
    case notHTTPS
    case userInfo
    case blockedAddress

    public var description: String {
        switch self {
        case .malformed: "must be an absolute http(s) URL with a host"
        case .notHTTPS: "must use https"
        case .userInfo: "must not carry a user name or password"
        case .blockedAddress: "must not point at a loopback, private, link-local or otherwise internal address"
        }
    }
}
