extension Duration {
    /// The duration in whole milliseconds, rounded toward zero: what Redis's `PX` and SQL intervals take.
    public var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// The duration in whole microseconds, rounded toward zero: the rate limiter's unit.
    public var wholeMicroseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
