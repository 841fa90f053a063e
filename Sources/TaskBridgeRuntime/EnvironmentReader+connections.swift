extension EnvironmentReader {
    /// `DATABASE_URL` (required): `postgres://` or `postgresql://`; PostgresClient parses the rest.
    public mutating func databaseURL() -> String {
        url("DATABASE_URL", schemes: ["postgres", "postgresql"])
    }

    /// `REDIS_URL` (required): `redis://`; RedisClient parses the rest.
    public mutating func redisURL() -> String {
        url("REDIS_URL", schemes: ["redis"])
    }
}
