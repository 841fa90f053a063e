#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the bridge's executables survive a peer that goes away while they write to it.
public enum BrokenPipes {
    /// Ignores SIGPIPE for the whole process. hiredis writes with plain `write(2)`, so a Redis killed mid-write
    /// would otherwise kill the process with the signal; ignored, the write fails with `EPIPE`, the connection is
    /// dropped and the next command reconnects. (SwiftNIO ignores it too, but
    /// only once it opens its first socket, which a worker without `WORKER_HTTP_PORT` never does.)
    public static func ignore() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
