import Foundation
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct CardFooterTests {
    private let id = UUID(uuidString: "3F2C8A1E-5B7D-4C2A-9E0F-1A2B3C4D5E6F")!

    @Test func endsTheBodyWithARuleAndTheLowercaseId() {
        let text = CardFooter.cardDescription(body: "Steps", taskID: id)
        #expect(text == "Steps\n\n---\nTaskBridge task 3f2c8a1e-5b7d-4c2a-9e0f-1a2b3c4d5e6f")
    }

    @Test func isTheWholeDescriptionWithoutABody() {
        #expect(CardFooter.cardDescription(body: nil, taskID: id) == "TaskBridge task 3f2c8a1e-5b7d-4c2a-9e0f-1a2b3c4d5e6f")
        #expect(CardFooter.cardDescription(body: "", taskID: id) == "TaskBridge task 3f2c8a1e-5b7d-4c2a-9e0f-1a2b3c4d5e6f")
    }

    @Test(arguments: [nil, "", "Steps", "Quoting another card:\nTaskBridge task 00000000-0000-0000-0000-000000000001"])
    func roundTrips(body: String?) {
        #expect(CardFooter.taskID(in: CardFooter.cardDescription(body: body, taskID: id)) == id)
    }

    @Test func aLaterDeliveryIsNamedAfterTheTaskAndTheFirstIsTheTaskAlone() throws {
        let delivery = try #require(UUID(uuidString: "0A0B0C0D-0000-4000-8000-000000000002"))
        let later = CardFooter.cardDescription(body: "Steps", taskID: id, deliveryID: delivery)
        #expect(later.hasSuffix("TaskBridge task 3f2c8a1e-5b7d-4c2a-9e0f-1a2b3c4d5e6f delivery 0a0b0c0d-0000-4000-8000-000000000002"))
        #expect(CardFooter.taskID(in: later) == id)
        #expect(CardFooter.deliveryID(in: later) == delivery)
        // The first delivery has the task's id: its footer, and every card's from before deliveries, is unchanged.
        let first = CardFooter.cardDescription(body: "Steps", taskID: id, deliveryID: id)
        #expect(first == CardFooter.cardDescription(body: "Steps", taskID: id))
        #expect(CardFooter.deliveryID(in: first) == id)
        #expect(CardFooter.deliveryID(in: "no footer") == nil)
    }

    @Test func aLaterDeliverysFooterSurvivesTheLengthLimit() {
        let delivery = UUID()
        let text = CardFooter.cardDescription(
            body: String(repeating: "a", count: CardFooter.descriptionLimit), taskID: id, deliveryID: delivery)
        #expect(text.utf16.count <= CardFooter.descriptionLimit)
        #expect(CardFooter.deliveryID(in: text) == delivery)
    }

    @Test func findsTheIdEvenIfTrelloTrimsOrRewrapsTheText() {
        #expect(CardFooter.taskID(in: "x\n\n***\nTaskBridge task 3F2C8A1E-5B7D-4C2A-9E0F-1A2B3C4D5E6F\n") == id)
    }

    @Test(arguments: ["", "a plain description", "TaskBridge task ", "TaskBridge task not-a-uuid-at-all-but-36-characters!!"])
    func findsNothingWithoutAFooter(description: String) {
        #expect(CardFooter.taskID(in: description) == nil)
    }

    @Test func keepsADescriptionThatFitsWhole() {
        let footerLength = CardFooter.cardDescription(body: "x", taskID: id).utf16.count - 1
        let body = String(repeating: "a", count: CardFooter.descriptionLimit - footerLength)
        let text = CardFooter.cardDescription(body: body, taskID: id)
        #expect(text.utf16.count == CardFooter.descriptionLimit)
        #expect(text.hasPrefix(body + "\n\n---\n"))
    }

    @Test func cutsALongDescriptionToMakeRoomForTheFooter() {
        let body = String(repeating: "a", count: 16384)
        let text = CardFooter.cardDescription(body: body, taskID: id)
        #expect(text.utf16.count == CardFooter.descriptionLimit)
        #expect(text.contains("a…\n\n---\nTaskBridge task "))
        #expect(CardFooter.taskID(in: text) == id)
    }

    @Test func cutsAtACharacterBoundaryCountingUTF16() throws {
        // Each "👍🏽" is 4 UTF-16 units; a cut must never split one.
        let body = String(repeating: "👍🏽", count: 8000)
        let text = CardFooter.cardDescription(body: body, taskID: id)
        #expect(text.utf16.count <= CardFooter.descriptionLimit)
        let kept = try #require(text.split(separator: "…").first)
        #expect(kept.allSatisfy { $0 == "👍🏽" })
        #expect(CardFooter.taskID(in: text) == id)
    }
}
