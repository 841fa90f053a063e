import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow to send: a complete request head must arrive within
/// `headTimeout` of the connection opening or of the previous response (so this is also the keep-alive idle
/// limit), and the rest of the body within `bodyTimeout` of the head. A slow-loris client that trickles a
/// head byte by byte therefore holds its connection, and its file descriptor, for `headTimeout` at most.
final class RequestReadDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Where the connection is in its current request.
    private enum Phase {
        /// Idle, or part way through a head the decoder has not finished.
        case awaitingHead
        /// The head arrived; the body is still coming.
        case readingBody
        /// The request is read; the handler is answering it.
        case answering
    }

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var phase = Phase.awaitingHead
    private var deadline: Scheduled<Void>?

    /// Makes the handler for one connection.
    init(headTimeout: Duration, bodyTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
        self.bodyTimeout = TimeAmount(bodyTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(headTimeout, context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(headTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            phase = .readingBody
            arm(bodyTimeout, context: context)
        case .body:
            break
        case .end:
            phase = .answering
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A response that ends after its request was read opens the wait for the next head. One that ends early
        // (an error before the body was read) leaves the body's deadline running.
        if case .end = unwrapOutboundIn(data), phase == .answering {
            phase = .awaitingHead
            arm(headTimeout, context: context)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
