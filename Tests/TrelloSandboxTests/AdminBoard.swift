/// `GET /_sandbox/board`.
struct AdminBoard: Decodable, Sendable {
    let board: BoardDTO
    let lists: [ListDTO]
    let labels: [LabelDTO]
    let members: [MemberDTO]
}
