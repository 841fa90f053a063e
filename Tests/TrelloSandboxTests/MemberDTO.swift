/// A Trello member.
struct MemberDTO: Decodable, Sendable, Equatable {
    let id: String
    let fullName: String
    let username: String
}
