import Foundation
import TaskBridgeCore
import Testing

/// Callback signatures and the secrets behind them, checked against values openssl computed.
@Suite(.timeLimit(.minutes(1))) struct CallbackSigningTests {
    @Test func theHeaderIsTheTimestampAndTheHMACOfTimestampDotBody() {
        let header = CallbackSigning.header(secret: "whsec_test", timestamp: 1_700_000_000, body: Array(#"{"a":1}"#.utf8))
        #expect(header == "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789")
    }

    @Test func aTokensSecretComesFromTheServerKeyItsIDAndItsGeneration() throws {
        let signing = try #require(CallbackSigning(serverKey: "0123456789abcdef0123456789abcdef"))
        let id = try #require(UUID(uuidString: "00000000-0000-4000-8000-000000000001"))
        #expect(signing.secret(tokenID: id, generation: 2)
            == "whsec_bd9c304aa3132f67867208e11c5688b2c84638729d5ea88cd0044e9506d4ccc3")
        #expect(signing.secret(tokenID: id, generation: 3) != signing.secret(tokenID: id, generation: 2))
        #expect(CallbackSigning(serverKey: "too short") == nil)
    }
}
