import Foundation

/// What /proc says about a child process that has not been waited for yet.
enum ProcessStatus {
    /// Whether the process is still running: it exists and is not a zombie (one that exited, not yet reaped).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        return stat[afterName.upperBound...].first.map { $0 != "Z" && $0 != "X" } ?? false
    }

    /// Whether the process ignores `signal`, from the `SigIgn` mask in /proc/pid/status.
    static func ignores(_ signal: Int32, pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
            let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }
}
