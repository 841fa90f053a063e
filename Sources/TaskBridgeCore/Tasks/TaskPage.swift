/// One page of tasks, newest first, and where the next page starts.
public struct TaskPage: Sendable, Hashable {
    /// The tasks, newest first.
    public var tasks: [TaskRecord]
    /// The cursor of the next page; nil on the last page.
    public var next: TaskCursor?

    /// Makes a page.
    public init(tasks: [TaskRecord], next: TaskCursor?) {
        self.tasks = tasks
        self.next = next
    }
}
