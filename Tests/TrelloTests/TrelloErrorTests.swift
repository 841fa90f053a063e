import Testing
import Trello

/// Which failures are Trello being unavailable (retried for a time budget) rather than the request at fault.
@Suite(.timeLimit(.minutes(3))) struct TrelloErrorTests {
    private func error(_ kind: TrelloError.Kind, _ status: Int?) -> TrelloError {
        TrelloError(kind: kind, operation: .createCard, status: status, message: "m")
    }

    @Test func rateLimitsServerErrorsTimeoutsAndBrokenConnectionsAreUnavailability() {
        for status in [408, 429, 500, 502, 503, 504] {
            #expect(error(.transient, status).isUnavailable, "\(status)")
        }
        #expect(error(.transient, nil).isUnavailable)
        #expect(error(.outcomeUnknown, nil).isUnavailable)
    }

    @Test func refusalsCredentialsAndUnreadableAnswersAreNot() {
        #expect(!error(.permanent, 400).isUnavailable)
        #expect(!error(.permanent, 404).isUnavailable)
        #expect(!error(.credentials, 401).isUnavailable)
        // A 2xx whose body cannot be read: Trello answered, so it counts attempts instead.
        #expect(!error(.transient, 200).isUnavailable)
        #expect(!error(.outcomeUnknown, 200).isUnavailable)
    }
}
