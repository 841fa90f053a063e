import ArgumentParser
import TaskBridgeCore

/// Lets `--status` take a status by name, listing the valid ones in `--help` and in its error.
extension TaskStatus: ExpressibleByArgument {}
