import Foundation

/// A Redis master, a replica of it and three Sentinels watching it, all of one test's own on loopback ports: for
/// tests that kill the master and watch the Sentinels promote the replica.
public final class RedisSentinelGroup: Sendable {
    /// The name the Sentinels know the master by.
    public static let masterName = "mymaster"
    /// The master's and the replica's ports, in that order at start.
    public let serverPorts: [Int]
    /// The Sentinels' ports.
    public let sentinelPorts: [Int]
    private let servers: [ChildProcess]
    private let sentinels: [ChildProcess]
    private let folder: URL

    private init(serverPorts: [Int], sentinelPorts: [Int], servers: [ChildProcess], sentinels: [ChildProcess], folder: URL) {
        self.serverPorts = serverPorts
        self.sentinelPorts = sentinelPorts
        self.servers = servers
        self.sentinels = sentinels
        self.folder = folder
    }

    /// Whether Debian's `redis-sentinel` is installed (`scripts/install-deps` tries to install it).
    public static let isInstalled: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-sentinel")

    /// `redis+sentinel://` naming the three Sentinels, as a process's `REDIS_URL`.
    public var url: String {
        "redis+sentinel://" + sentinelPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/\(Self.masterName)/0"
    }

    /// Starts the group and waits until the replica is in sync and every Sentinel knows both.
    public static func start() async throws -> RedisSentinelGroup {
        let folder = URL(fileURLWithPath: TestServices.servicesFolder).appendingPathComponent("private/sentinel-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ports = try freePorts(5)
        let common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"]
        var servers = [try ChildProcess("/usr/bin/redis-server", ["--port", "\(ports[0])"] + common, environment: [:])]
        servers.append(try ChildProcess(
            "/usr/bin/redis-server", ["--port", "\(ports[1])", "--replicaof", "127.0.0.1", "\(ports[0])"] + common, environment: [:]))
        var sentinels: [ChildProcess] = []
        for port in ports[2...] {
            // A Sentinel rewrites its configuration file, so each gets a file of its own.
            let file = folder.appendingPathComponent("sentinel-\(port).conf")
            try """
                port \(port)
                bind 127.0.0.1
                protected-mode no
                dir \(folder.path)
                sentinel monitor \(masterName) 127.0.0.1 \(ports[0]) 2
                sentinel down-after-milliseconds \(masterName) 1000
                sentinel failover-timeout \(masterName) 10000
                sentinel parallel-syncs \(masterName) 1

                """.write(to: file, atomically: true, encoding: .utf8)
            sentinels.append(try ChildProcess("/usr/bin/redis-sentinel", [file.path], environment: [:]))
        }
        let group = RedisSentinelGroup(
            serverPorts: Array(ports[0...1]), sentinelPorts: Array(ports[2...]), servers: servers, sentinels: sentinels, folder: folder)
        // Ready when the replica reports its link up and each Sentinel has found the replica.
        for _ in 0..<150 {
            let linked = (try? await cli(ports[1], ["INFO", "replication"]))?.contains("master_link_status:up") == true
            var known = linked
            for port in ports[2...] where known {
                known = (try? await cli(port, ["SENTINEL", "replicas", masterName]))?.contains("\(ports[1])") == true
            }
            if known { return group }
            try await Task.sleep(for: .milliseconds(200))
        }
        await group.stop()
        throw ChildProcess.SpawnError(description: "the Sentinel group did not come up")
    }

    /// Kills the process serving on `port` (the master's, to fail it over) at once, like a host that died.
    public func kill(serverOn port: Int) async {
        guard let index = serverPorts.firstIndex(of: port) else { return }
        servers[index].send(SIGKILL)
        _ = await servers[index].wait()
    }

    /// The port of the server the Sentinels now name as master.
    public func masterPort() async throws -> Int? {
        let reply = try await Self.cli(sentinelPorts[0], ["SENTINEL", "get-master-addr-by-name", Self.masterName])
        return reply.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Stops every process of the group and deletes its folder.
    public func stop() async {
        for process in servers + sentinels {
            process.send(SIGKILL)
            _ = await process.wait()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `redis-cli -p port ARGS…` and returns what it printed.
    static func cli(_ port: Int, _ arguments: [String]) async throws -> String {
        let outcome = try await ChildProcess.run("/usr/bin/redis-cli", ["-p", "\(port)"] + arguments, environment: [:])
        return outcome.stdout
    }

    /// `count` distinct ports that are free now, below the kernel's ephemeral range.
    private static func freePorts(_ count: Int) throws -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = try FreePort.pick()
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }
}
