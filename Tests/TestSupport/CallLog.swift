/// What a test's HTTP receiver got, and how it answers: each call is kept, and a call that `consumes` the script
/// is answered with its next status (200 once it is used up), so a test can make a receiver fail exactly once.
public actor CallLog<Call: Sendable> {
    /// The calls so far, oldest first.
    public private(set) var calls: [Call] = []
    private var script: [Int]

    /// A log whose first calls are answered with `script`, in order.
    public init(script: [Int]) {
        self.script = script
    }

    /// Keeps `call` and returns the status to answer it with.
    public func record(_ call: Call, consumes: Bool = true) -> Int {
        calls.append(call)
        guard consumes, !script.isEmpty else { return 200 }
        return script.removeFirst()
    }
}
