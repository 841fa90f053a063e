import Foundation
import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct CardPlanTests {
    private let board = BoardMetadata(
        listName: "To Do",
        listID: "list0000000000000000000a",
        labelIDs: [
            "Bug": "label000000000000000bug0", "Maintenance": "label00000000000000maint",
            "Research": "label0000000000000resrch", "Test": "label000000000000000test",
        ],
        members: [
            BoardMember(id: "member00000000000000000a", fullName: "Ada Lovelace", username: "ada"),
            BoardMember(id: "member00000000000000000b", fullName: "Alan Turing", username: "alan"),
            BoardMember(id: "member00000000000000000c", fullName: "Grace Hopper", username: "grace"),
        ]
    )

    private func record(_ task: NewTask) -> TaskRecord {
        TaskRecord(id: UUID(), accepting: task, at: Date(timeIntervalSince1970: 0))
    }

    private func plan(_ task: TaskRecord, on board: BoardMetadata? = nil, seed: UInt64 = 1) throws(CardPlanError)
        -> CardPlan
    {
        var rng = SeededGenerator(seed: seed)
        return try TaskKinds.cardPlan(for: task, on: board ?? self.board, using: &rng)
    }

    @Test func anIssueGoesToTheListUnlabelledAndUnassigned() throws {
        let task = record(NewTask(type: "issue", title: "Login fails", description: "Steps"))
        #expect(try plan(task) == CardPlan(
            listID: "list0000000000000000000a",
            name: "Login fails",
            description: CardFooter.cardDescription(body: "Steps", taskID: task.id),
            labelIDs: [],
            memberIDs: []
        ))
    }

    @Test func aBugIsLabelledAndAssignedToOneMemberOfTheBoard() throws {
        let task = record(NewTask(type: "bug", title: "bug-otter-42", description: "It crashes"))
        let card = try plan(task)
        #expect(card.name == "bug-otter-42")
        #expect(card.listID == "list0000000000000000000a")
        #expect(card.labelIDs == ["label000000000000000bug0"])
        #expect(card.memberIDs.count == 1)
        #expect(board.members.map(\.id).contains(card.memberIDs[0]))
        #expect(CardFooter.taskID(in: card.description) == task.id)
        #expect(card.description.hasPrefix("It crashes\n\n---\n"))
    }

    @Test func aBugsAssigneeIsDrawnFromEveryMember() throws {
        let task = record(NewTask(type: "bug", title: "bug-otter-42", description: "It crashes"))
        let assignees = try Set((0..<64).map { seed in try plan(task, seed: UInt64(seed)).memberIDs[0] })
        #expect(assignees == Set(board.members.map(\.id)))
    }

    @Test func aBugsAssigneeRepeatsWithTheSameSeed() throws {
        let task = record(NewTask(type: "bug", title: "bug-otter-42", description: "It crashes"))
        #expect(try plan(task, seed: 5) == plan(task, seed: 5))
    }

    @Test(arguments: [("Maintenance", "label00000000000000maint"), ("Research", "label0000000000000resrch"),
                      ("Test", "label000000000000000test")])
    func aTaskCarriesItsCategorysLabel(category: String, labelID: String) throws {
        let task = record(NewTask(type: "task", title: "Rotate keys", category: category))
        #expect(try plan(task) == CardPlan(
            listID: "list0000000000000000000a",
            name: "Rotate keys",
            description: CardFooter.cardDescription(body: nil, taskID: task.id),
            labelIDs: [labelID],
            memberIDs: []
        ))
    }

    @Test func everyKindsCardCarriesTheFooter() throws {
        let tasks = [
            NewTask(type: "issue", title: "t", description: "d"),
            NewTask(type: "bug", title: "bug-otter-1", description: "d"),
            NewTask(type: "task", title: "t", category: "Test"),
        ].map(record)
        for task in tasks {
            #expect(CardFooter.taskID(in: try plan(task).description) == task.id)
        }
    }

    @Test func aMissingListIsNamedWithTheFix() {
        var bare = board
        bare.listID = nil
        let task = record(NewTask(type: "issue", title: "t", description: "d"))
        #expect(throws: CardPlanError.missingList("To Do")) { try plan(task, on: bare) }
        #expect(CardPlanError.missingList("To Do").description
            == #"list "To Do" is missing on the board; run taskbridge board sync"#)
    }

    @Test func aMissingLabelIsNamedWithTheFix() {
        var bare = board
        bare.labelIDs = [:]
        #expect(throws: CardPlanError.missingLabel("Bug")) {
            try plan(record(NewTask(type: "bug", title: "bug-otter-1", description: "d")), on: bare)
        }
        #expect(throws: CardPlanError.missingLabel("Research")) {
            try plan(record(NewTask(type: "task", title: "t", category: "Research")), on: bare)
        }
        #expect(CardPlanError.missingLabel("Bug").description
            == #"label "Bug" is missing on the board; run taskbridge board sync"#)
    }

    @Test func aBugNeedsAMember() {
        var empty = board
        empty.members = []
        #expect(throws: CardPlanError.noMembers) {
            try plan(record(NewTask(type: "bug", title: "bug-otter-1", description: "d")), on: empty)
        }
    }

    @Test func anUnknownStoredTypeCannotBePlanned() {
        let task = record(NewTask(type: "epic", title: "t"))
        #expect(throws: CardPlanError.invalidTask(#"unknown task type "epic""#)) { try plan(task) }
    }

    @Test func aValidatedSubmissionPlansItsCard() throws {
        var rng = SeededGenerator(seed: 3)
        let task = record(try TaskKinds.validate(try json(#"{"type":"bug","description":"Boom"}"#), using: &rng))
        let card = try TaskKinds.cardPlan(for: task, on: board, using: &rng)
        #expect(card.name == task.title)
        #expect(card.name.wholeMatch(of: /bug-[a-z]+-[0-9]+/) != nil)
    }

    @Test func boardMetadataRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(board)
        #expect(try JSONDecoder().decode(BoardMetadata.self, from: data) == board)
    }
}
