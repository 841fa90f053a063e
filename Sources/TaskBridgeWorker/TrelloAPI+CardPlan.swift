import TaskBridgeCore
import Trello

extension TrelloAPI {
    /// Creates the card `plan` describes: the one place a plan becomes Trello's request.
    func createCard(_ plan: CardPlan) async throws(TrelloError) -> TrelloReply<TrelloCard> {
        try await createCard(
            listID: plan.listID, name: plan.name, description: plan.description, labelIDs: plan.labelIDs,
            memberIDs: plan.memberIDs)
    }
}
