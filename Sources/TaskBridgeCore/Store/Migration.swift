/// One numbered `.sql` file of the migrations folder.
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with; migrations apply in this order and are recorded by it.
    public var version: Int
    /// The file name, e.g. `001_initial.sql`.
    public var fileName: String
    /// The SQL script.
    public var sql: String
    /// The SHA-256 of the script, recorded so a changed file can be noticed.
    public var checksum: String
}
