#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Duration {
    /// The duration in whole milliseconds, as Redis takes times (`BLOCK`, `IDLE`, min-idle-time).
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The duration as the `timeval` hiredis takes for connect and socket timeouts.
    var timeval: timeval {
        let (seconds, attoseconds) = components
        return .init(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
    }
}
