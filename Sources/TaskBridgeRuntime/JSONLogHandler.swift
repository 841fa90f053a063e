import Foundation
import Logging

/// Writes each log record as one JSON object on one line of stderr (`LOG_FORMAT=json`), for a fleet's log
/// collector: `time`, `level`, `label`, `message`, then every metadata key (`task.id`, `request.id`, ...) as a
/// field of its own, its value as a string.
public struct JSONLogHandler: LogHandler {
    /// The logger's label (the process or library).
    public let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    /// Metadata every record of this logger carries.
    public var metadata: Logger.Metadata = [:]

    /// A handler for the logger `label`.
    public init(label: String) {
        self.label = label
    }

    /// Metadata of this logger by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one record.
    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        FileHandle.standardError.write(Data(Self.line(
            time: Date(), level: event.level, label: label, message: "\(event.message)", metadata: fields).utf8))
    }

    /// One record as a JSON line, ending in a newline; the fixed fields first, then the metadata by key.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var pairs = [
            ("time", time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))),
            ("level", level.rawValue), ("label", label), ("message", message),
        ]
        let reserved: Set<String> = ["time", "level", "label", "message"]
        pairs += metadata.sorted { $0.key < $1.key }.filter { !reserved.contains($0.key) }.map { ($0.key, "\($0.value)") }
        return "{" + pairs.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}\n"
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, so a record stays one line.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
