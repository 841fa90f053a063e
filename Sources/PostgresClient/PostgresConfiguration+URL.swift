extension PostgresConfiguration {
    /// Parses `postgres://user:password@host:port/database?sslmode=require` (or `postgresql://`).
    ///
    /// Components are percent-decoded; a unix socket directory goes in the host as `%2Fvar%2Frun%2Fpostgresql` or
    /// in `?host=/var/run/postgresql`. `connect_timeout` (seconds) sets `connectTimeout`; other query parameters
    /// must be libpq connection keywords. Errors name the part that is wrong and never quote the URL's values.
    public init(url: String) throws {
        self.init()
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            throw Self.invalid("the URL must start with postgres:// or postgresql://")
        }
        let rest = url.dropFirst(scheme.count)
        if rest.contains("#") {
            throw Self.invalid("the URL must not contain '#' (percent-encode it in a password as %23)")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var pathAndQuery = rest[authorityEnd...]
        var query: Substring = ""
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            query = pathAndQuery[pathAndQuery.index(after: questionMark)...]
            pathAndQuery = pathAndQuery[..<questionMark]
        }
        if pathAndQuery.contains("@") {
            // An unencoded '/' in a password ends the authority early and leaves its '@' behind.
            throw Self.invalid("the user name or password contains '/' or '@' unencoded; percent-encode it")
        }

        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostAndPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], part: "user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
            } else {
                user = try Self.decode(userInfo, part: "user name")
            }
        }
        try parseHostAndPort(hostAndPort)

        let path = pathAndQuery.dropFirst()
        if path.contains("/") {
            throw Self.invalid("the database name must not contain '/' (percent-encode it as %2F)")
        }
        database = try Self.decode(path, part: "database name")
        if !query.isEmpty {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                try parseParameter(pair)
            }
        }
        if user?.isEmpty == true { user = nil }
        if password?.isEmpty == true { password = nil }
        if database?.isEmpty == true { database = nil }
        if host?.isEmpty == true { host = nil }
    }

    private mutating func parseHostAndPort(_ text: Substring) throws {
        var hostText = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw Self.invalid("the IPv6 host is missing its closing ']'")
            }
            hostText = text[text.index(after: text.startIndex)..<close]
            let afterHost = text[text.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw Self.invalid("unexpected text after the IPv6 host") }
                portText = afterHost.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if hostText.contains(",") {
            throw Self.invalid("multiple hosts are not supported")
        }
        host = try Self.decode(hostText, part: "host")
        if let portText {
            port = try Self.parsePort(portText)
        }
    }

    private mutating func parseParameter(_ pair: Substring) throws {
        guard let equals = pair.firstIndex(of: "=") else {
            throw Self.invalid("a URL parameter has no '=value'")
        }
        let key = try Self.decode(pair[..<equals], part: "URL parameter name")
        let value = try Self.decode(pair[pair.index(after: equals)...], part: "value of URL parameter '\(key)'")
        switch key {
        case "host": host = value
        case "port": port = try Self.parsePort(Substring(value))
        case "user": user = value
        case "password": password = value
        case "dbname": database = value
        case "connect_timeout":
            guard let seconds = Int(value), seconds >= 0 else {
                throw Self.invalid("connect_timeout must be a whole number of seconds")
            }
            connectTimeout = .seconds(seconds)
        case "sslmode":
            let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
            guard modes.contains(value) else {
                throw Self.invalid("sslmode must be one of \(modes.joined(separator: ", "))")
            }
            parameters[key] = value
        case "client_encoding":
            guard value.uppercased() == "UTF8" || value.uppercased() == "UTF-8" else {
                throw Self.invalid("client_encoding must be UTF8")
            }
        default:
            guard Self.passThroughKeywords.contains(key) else {
                // Only a keyword-shaped name is echoed: text after a stray '?' in a password must not be.
                let keywordShaped = key.count <= 40 && key.utf8.allSatisfy { (97...122).contains($0) || $0 == 95 }
                let name = keywordShaped ? "'\(key)'" : "a URL parameter"
                throw Self.invalid("\(name) is not a supported connection parameter")
            }
            parameters[key] = value
        }
    }

    /// libpq keywords a URL may set that need no checking of ours.
    private static let passThroughKeywords: Set<String> = [
        "application_name", "fallback_application_name", "options", "hostaddr", "passfile",
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "sslcompression", "sslpassword",
        "ssl_min_protocol_version", "ssl_max_protocol_version", "gssencmode", "krbsrvname", "gsslib",
        "channel_binding", "target_session_attrs", "service", "requirepeer",
    ]

    private static func parsePort(_ text: Substring) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw invalid("the port must be a number from 1 to 65535")
        }
        return port
    }

    /// Percent-decodes one component; `part` names it in errors so the value itself is never shown.
    private static func decode(_ text: Substring, part: String) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next()?.hexDigitValue, let low = iterator.next()?.hexDigitValue else {
                throw invalid("the \(part) has a '%' that is not followed by two hex digits")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("the \(part) is not valid UTF-8 once percent-decoded")
        }
        return decoded
    }


    private static func invalid(_ problem: String) -> PostgresError {
        PostgresError(kind: .configuration, message: "invalid PostgreSQL URL: \(problem)")
    }
}
