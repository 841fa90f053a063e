import Foundation
import TaskBridgeCore
import Testing

/// Notification templates: parsed once, unknown placeholders refused, values substituted and never re-read.
@Suite(.timeLimit(.minutes(2))) struct MessageTemplateTests {
    static let values: [TemplatePlaceholder: String] = [
        .title: "Login fails", .type: "bug", .category: "auth", .description: "Steps:\n1. log in",
        .cardURL: "https://trello.com/c/abc", .taskURL: "https://bridge.example.com/v1/tasks/42", .moment: "carded",
    ]

    @Test func everyDocumentedPlaceholderIsReplaced() throws {
        let template = try MessageTemplate(
            "[{{type}}/{{category}}] {{title}} ({{moment}})\n{{description}}\nCard: {{card_url}} Task: {{ task_url }}")
        #expect(template.placeholders == Set(TemplatePlaceholder.allCases))
        #expect(template.render(Self.values) == """
            [bug/auth] Login fails (carded)
            Steps:
            1. log in
            Card: https://trello.com/c/abc Task: https://bridge.example.com/v1/tasks/42
            """)
    }

    @Test func anUnknownPlaceholderIsRefusedWithTheKnownOnes() {
        #expect(throws: TemplateError(text: "titel", offset: 4, isUnknownPlaceholder: true)) {
            try MessageTemplate("New {{titel}}")
        }
        do {
            _ = try MessageTemplate("{{assignee}}")
        } catch {
            #expect(error.description.contains("{{assignee}}"))
            #expect(error.description.contains("{{card_url}}"))
        }
    }

    @Test func anUnclosedPlaceholderIsRefused() {
        #expect(throws: TemplateError(text: "{{title", offset: 2, isUnknownPlaceholder: false)) {
            try MessageTemplate("x {{title")
        }
    }

    @Test func aValueIsNeverReadAsATemplate() throws {
        let template = try MessageTemplate("{{title}}!")
        #expect(template.render([.title: "{{task_url}}"]) == "{{task_url}}!")
    }

    @Test func aMissingValueIsEmptyAndTheEscapingAppliesToValuesOnly() throws {
        let template = try MessageTemplate("<{{title}}> card: {{card_url}}.")
        let rendered = template.render([.title: "a<b"]) { $0.replacingOccurrences(of: "<", with: "&lt;") }
        #expect(rendered == "<a&lt;b> card: .")
    }

    @Test func textWithoutPlaceholdersStaysAsItIs() throws {
        #expect(try MessageTemplate("plain } { text").render([:]) == "plain } { text")
        #expect(try MessageTemplate("").render([:]) == "")
    }
}
