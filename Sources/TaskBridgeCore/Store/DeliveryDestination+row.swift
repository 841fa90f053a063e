#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension DeliveryDestination {
    /// Reads a row holding a delivery's `delivery_id`, `route_name`, `position`, `board_id`, `list_name` and
    /// `credential_id`, by their names.
    init(row: PostgresRow) throws {
        self.init(
            deliveryID: try row.decode(UUID.self, column: "delivery_id"),
            routeName: try row.decode(String.self, column: "route_name"),
            position: try row.decode(Int.self, column: "position"),
            boardID: try row.decode(String?.self, column: "board_id"),
            listName: try row.decode(String?.self, column: "list_name"),
            credentialID: try row.decode(UUID?.self, column: "credential_id"))
    }
}
