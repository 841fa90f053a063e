/// PostgreSQL's answers: `TaskStore+Dispatch.swift`, `TaskStore+Relay.swift` and `markNotEnqueued`.
extension TaskStore: DispatchRepository {}
