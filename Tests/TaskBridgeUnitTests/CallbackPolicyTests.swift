import TaskBridgeCore
import Testing

/// The SSRF guard on `callback_url`: what is refused at submission and which addresses a delivery may reach.
@Suite(.timeLimit(.minutes(1))) struct CallbackPolicyTests {
    @Test(arguments: [
        "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook", "https://127.0.0.1/", "https://[::1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:a9fe:a9fe]/", "https://100.64.0.1/", "https://0.0.0.0/",
        "https://172.16.5.4/", "https://192.168.1.1:8443/", "https://[fc00::1]/", "https://[fd12::1]/",
        "https://[fe80::1]/", "https://2130706433/", "https://0x7f.1/", "https://127.1/", "https://[::]/",
    ])
    func aLiteralInternalAddressIsRefused(url: String) {
        #expect(CallbackPolicy().check(url) == .failure(.blockedAddress), "\(url)")
    }

    @Test func userInfoPlainHTTPAndNonsenseAreRefused() {
        let policy = CallbackPolicy()
        #expect(policy.check("https://user:pass@example.com/") == .failure(.userInfo))
        #expect(policy.check("https://user@example.com/") == .failure(.userInfo))
        #expect(policy.check("http://example.com/") == .failure(.notHTTPS))
        #expect(CallbackPolicy(allowsHTTP: true).check("http://example.com/").map(\.port) == .success(80))
        for url in ["ftp://example.com/", "https://", "example.com", "https://exa mple.com/", "https://example.com:0/",
                    "https://example.com:99999/", "https://a\\@10.0.0.1/", "https://[::1/"] {
            #expect(policy.check(url) == .failure(.malformed), "\(url)")
        }
    }

    @Test func publicAddressesAndNamesPass() {
        let policy = CallbackPolicy()
        #expect(policy.check("https://hooks.example.com/taskbridge?x=1").map(\.host) == .success("hooks.example.com"))
        #expect(policy.check("https://93.184.216.34:8443/").map(\.port) == .success(8443))
        #expect(policy.check("https://[2606:4700::1]/").map(\.host) == .success("2606:4700::1"))
        #expect(!policy.refuses(IPAddress(literal: "8.8.8.8")!))
        #expect(!policy.refuses(IPAddress(literal: "::ffff:8.8.8.8")!))
    }

    @Test func anAllowedNetworkLetsOnlyItselfThrough() throws {
        let policy = CallbackPolicy(allowsHTTP: true, allowedNetworks: [try #require(IPNetwork("127.0.0.0/8"))])
        #expect(!policy.refuses(IPAddress(literal: "127.0.0.1")!))
        #expect(!policy.refuses(IPAddress(literal: "::ffff:127.0.0.1")!))
        #expect(policy.refuses(IPAddress(literal: "10.0.0.1")!))
        #expect(policy.refuses(IPAddress(literal: "::1")!))
    }

    @Test func networksParseAndContain() throws {
        let network = try #require(IPNetwork("100.64.0.0/10"))
        #expect(network.contains(IPAddress(literal: "100.127.255.255")!))
        #expect(!network.contains(IPAddress(literal: "100.128.0.0")!))
        #expect(!network.contains(IPAddress(literal: "::1")!))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("nonsense/8") == nil)
        #expect(IPAddress(literal: "::ffff:10.1.2.3")?.embeddedIPv4?.description == "10.1.2.3")
    }
}
