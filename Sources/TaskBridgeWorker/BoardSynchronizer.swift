import TaskBridgeCore
import Trello

/// Finds, and creates when asked, what the bridge needs on its board: the target list and every label a task
/// kind uses. Creating is idempotent: it reads the board first and makes only what is missing.
struct BoardSynchronizer: Sendable {
    /// Colours for the labels the kinds use; any other label is made colourless.
    static let labelColors = ["Bug": "red", "Maintenance": "yellow", "Research": "blue", "Test": "green"]

    let trello: TrelloGateway
    let boardID: String
    let listName: String
    /// The labels to find or create, by exact name.
    var requiredLabels: [String] = TaskKinds.requiredLabels

    /// The board's metadata as Trello has it now: three requests, sent together.
    func load() async throws -> BoardMetadata {
        let boardID = boardID
        async let lists = trello.perform(.lists) { try await $0.lists(board: boardID) }
        async let labels = trello.perform(.labels) { try await $0.labels(board: boardID) }
        async let members = trello.perform(.members) { try await $0.members(board: boardID) }
        var labelIDs: [String: String] = [:]
        for label in try await labels where !label.name.isEmpty && labelIDs[label.name] == nil {
            labelIDs[label.name] = label.id
        }
        return BoardMetadata(
            listName: listName,
            listID: try await lists.first { $0.name == listName && $0.closed != true }?.id,
            labelIDs: labelIDs,
            members: try await members.map {
                BoardMember(id: $0.id, fullName: $0.fullName ?? "", username: $0.username ?? "")
            }
        )
    }

    /// What the board lacks.
    func check() async throws -> BoardReport {
        report(for: try await load(), created: [])
    }

    /// Creates what the board lacks and returns the metadata afterwards, with what was created.
    func sync() async throws -> (metadata: BoardMetadata, report: BoardReport) {
        var metadata = try await load()
        var created: [String] = []
        if metadata.listID == nil {
            let (boardID, listName) = (boardID, listName)
            metadata.listID = try await trello.perform(.createList) { try await $0.createList(board: boardID, name: listName) }.id
            created.append("list \"\(listName)\"")
        }
        for name in requiredLabels where metadata.labelIDs[name] == nil {
            let (boardID, color) = (boardID, Self.labelColors[name])
            metadata.labelIDs[name] = try await trello.perform(.createLabel) {
                try await $0.createLabel(board: boardID, name: name, color: color)
            }.id
            created.append("label \"\(name)\"")
        }
        return (metadata, report(for: metadata, created: created))
    }

    private func report(for metadata: BoardMetadata, created: [String]) -> BoardReport {
        BoardReport(
            listName: listName,
            hasList: metadata.listID != nil,
            missingLabels: requiredLabels.filter { metadata.labelIDs[$0] == nil },
            created: created
        )
    }
}
