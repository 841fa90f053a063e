/// The API's bearer tokens in PostgreSQL.
extension TokenStore: TokenRepository {}
