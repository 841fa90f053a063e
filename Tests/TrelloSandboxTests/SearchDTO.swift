/// The part of `GET /1/search`'s answer the tests read.
struct SearchDTO: Decodable {
    let cards: [CardDTO]
}
