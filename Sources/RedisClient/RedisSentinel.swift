/// The Sentinels that know which server is a master's current address, and the master's name among them.
///
/// A connection asks the Sentinels in order (`SENTINEL get-master-addr-by-name`) each time it connects, checks with
/// `ROLE` that the server it reached is a master, and connects again after a failover: a dropped socket, or a
/// `READONLY` reply from a master that was demoted to a replica. Sentinels are reached without a password; the
/// URL's password is the master's.
public struct RedisSentinel: Sendable, Hashable {
    /// One Sentinel's address.
    public struct Address: Sendable, Hashable {
        /// Host name or IP address.
        public var host: String
        /// TCP port (26379 by default).
        public var port: Int

        /// An address.
        public init(host: String, port: Int = 26379) {
            self.host = host
            self.port = port
        }
    }

    /// The Sentinels, asked in this order.
    public var addresses: [Address]
    /// The master's name in the Sentinels' configuration (`sentinel monitor NAME ...`).
    public var masterName: String

    /// Sentinels watching the master `masterName`.
    public init(addresses: [Address], masterName: String) {
        self.addresses = addresses
        self.masterName = masterName
    }
}
