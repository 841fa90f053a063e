import Foundation
import TaskBridgeCore

/// What a channel is told about one task at one moment: the seam between deliveries and the senders.
///
/// The dispatcher makes one from the task's row and its delivery; `SlackSender` and `MailSender` render their
/// destination's templates with `values`.
public struct ChannelNotice: Sendable {
    /// The task's id.
    public var taskID: UUID
    /// The delivery's id: with the moment, it names the mail (`Message-ID`), so letters, digits, `-` and `_` only.
    public var deliveryID: String
    /// The moment notified of.
    public var moment: NotificationMoment
    /// The task's title (a bug's built title).
    public var title: String
    /// `bug`, `issue` or `task`.
    public var type: String
    /// The category, nil when it has none.
    public var category: String?
    /// The description.
    public var description: String
    /// The card's URL, nil until there is a card.
    public var cardURL: String?
    /// The task's URL in the API (`ChannelSettings.taskURL(for:)`), nil without `PUBLIC_BASE_URL`.
    public var taskURL: String?

    /// A notice.
    public init(
        taskID: UUID, deliveryID: String, moment: NotificationMoment, title: String, type: String, category: String?,
        description: String, cardURL: String?, taskURL: String?
    ) {
        self.taskID = taskID
        self.deliveryID = deliveryID
        self.moment = moment
        self.title = title
        self.type = type
        self.category = category
        self.description = description
        self.cardURL = cardURL
        self.taskURL = taskURL
    }

    /// The placeholders' values, as the task holds them: each channel escapes them its own way.
    public var values: [TemplatePlaceholder: String] {
        [
            .title: title, .type: type, .category: category ?? "", .description: description,
            .cardURL: cardURL ?? "", .taskURL: taskURL ?? "", .moment: moment.rawValue,
        ]
    }
}
