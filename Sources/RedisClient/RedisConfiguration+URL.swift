extension RedisConfiguration {
    /// Reads `redis://[[user]:password@]host[:port][/db]`; the port defaults to 6379 and the database to 0. Or
    /// `redis+sentinel://[[user]:password@]host1[:port],host2[:port]/master[/db]`: Sentinels (port 26379 by default)
    /// that name the master `master`'s current address; the password is the master's.
    ///
    /// User and password may be percent-encoded. A malformed URL throws a `.configuration` error naming the
    /// problem, never quoting the URL (it may hold a password).
    public init(url: String) throws {
        func invalid(_ problem: String) -> RedisError {
            RedisError(.configuration, "REDIS_URL is invalid: \(problem)")
        }
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw invalid("it does not start with redis://")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "redis" || scheme == "redis+sentinel" else {
            throw invalid(
                scheme == "rediss"
                    ? "TLS (rediss://) is not supported" : "the scheme must be redis:// or redis+sentinel://, not \(scheme)://"
            )
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query parameters and fragments are not supported")
        }

        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }
        rest = authority

        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw invalid("the user name has no password (write redis://user:password@host)")
            }
            let rawUser = userInfo[..<colon]
            let rawPassword = userInfo[userInfo.index(after: colon)...]
            guard let decodedUser = Self.percentDecoded(rawUser) else {
                throw invalid("the user name has a malformed percent escape")
            }
            guard let decodedPassword = Self.percentDecoded(rawPassword) else {
                throw invalid("the password has a malformed percent escape")
            }
            guard !decodedPassword.isEmpty else { throw invalid("the password is empty") }
            user = decodedUser.isEmpty ? nil : decodedUser
            password = decodedPassword
        }

        guard scheme == "redis+sentinel" else {
            let (host, port) = try Self.hostAndPort(rest, defaultPort: 6379, invalid: invalid)
            var database = 0
            if !path.isEmpty {
                guard let value = Int(path), value >= 0 else {
                    throw invalid("the database (the path after the port) must be a number of 0 or more")
                }
                database = value
            }
            self.init(host: host, port: port, user: user, password: password, database: database)
            return
        }
        let addresses = try rest.split(separator: ",", omittingEmptySubsequences: false).map { text in
            let (host, port) = try Self.hostAndPort(text, defaultPort: 26379, invalid: invalid)
            return RedisSentinel.Address(host: host, port: port)
        }
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = names.first, !name.isEmpty, names.count <= 2 else {
            throw invalid("a redis+sentinel:// URL needs the master's name as its path: /mymaster or /mymaster/0")
        }
        var database = 0
        if names.count == 2 {
            guard let value = Int(names[1]), value >= 0 else {
                throw invalid("the database (the path after the master's name) must be a number of 0 or more")
            }
            database = value
        }
        self.init(host: addresses[0].host, port: addresses[0].port, user: user, password: password, database: database)
        sentinel = RedisSentinel(addresses: addresses, masterName: String(name))
    }

    /// One `host[:port]` (an IPv6 host in brackets).
    private static func hostAndPort(
        _ text: Substring, defaultPort: Int, invalid: (String) -> RedisError
    ) throws(RedisError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("the IPv6 address has no closing ]") }
            host = text[text.index(after: text.startIndex)..<close]
            let afterHost = text[text.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
                portText = afterHost.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw invalid("the host is missing") }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = value
        }
        return (String(host), port)
    }

    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.utf8) == bytes ? text : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
