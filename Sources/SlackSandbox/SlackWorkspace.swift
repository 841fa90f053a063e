/// The stand-in's state: its hooks (live or dead), the pending fault, and every message accepted.
actor SlackWorkspace {
    /// What a post to a hook gets.
    enum Answer: Equatable {
        case accepted
        case dead(DeadHookReason)
        case fault(HookFault)
    }

    private var hooks: [SlackHookAddress: DeadHookReason?] = [:]
    private var fault: HookFault?
    private(set) var messages: [ReceivedMessage] = []

    /// Adds a live hook (or brings a dead one back).
    func create(_ address: SlackHookAddress) {
        hooks[address] = .some(nil)
    }

    /// Marks a hook dead: `noService` removes it, any other reason keeps it answering that reason.
    func kill(_ address: SlackHookAddress, reason: DeadHookReason) -> Bool {
        guard hooks[address] != nil else { return false }
        hooks[address] = reason == .noService ? nil : .some(reason)
        return true
    }

    /// Sets the fault the next posts get; a count of 0 clears it.
    func setFault(_ fault: HookFault) {
        self.fault = fault.count > 0 ? fault : nil
    }

    /// Decides a post's answer: an unknown hook is `no_service`, a dead one its reason, then a pending fault.
    /// `message` is called only for a post that is to be accepted, and may throw to refuse its payload.
    func post(
        to address: SlackHookAddress,
        _ message: (Int) throws -> ReceivedMessage
    ) rethrows -> Answer {
        guard let state = hooks[address] else { return .dead(.noService) }
        if let reason = state { return .dead(reason) }
        if var pending = fault {
            pending.count -= 1
            fault = pending.count > 0 ? pending : nil
            return .fault(pending)
        }
        messages.append(try message(messages.count + 1))
        return .accepted
    }

    /// Forgets every hook, message and fault.
    func reset() {
        hooks = [:]
        fault = nil
        messages = []
    }
}
