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
