import CCurl
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one libcurl multi handle of a session and the dedicated thread that drives it.
///
/// Callers hand transfers over through `inbox` (a lock) and wake the thread with `curl_multi_wakeup`; the thread
/// adds them to the multi handle, runs `curl_multi_perform` / `curl_multi_poll`, and finishes each transfer when
/// `curl_multi_info_read` reports it done.
///
/// `@unchecked Sendable` is safe because: `multi` is used only by the loop thread, apart from `curl_multi_wakeup`
/// (documented thread-safe), which is called under the inbox lock while the phase is `.running`, and the loop thread
/// leaves `.running` under that lock before it cleans the handle up; `waiting`, `running` and `idleHandles` are
/// touched only by the loop thread; everything else is immutable or is the lock itself.
final class TransferLoop: @unchecked Sendable {
    private enum Phase {
        case running, stopping, stopped
    }

    private struct Inbox {
        var phase = Phase.running
        var submitted: [Transfer] = []
        var cancelled: [Transfer] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let multi: UnsafeMutableRawPointer
    private let configuration: HTTPSession.Configuration
    private let logger: Logger
    private let inbox = Mutex(Inbox())
    private var waiting = TransferQueue()
    private var running: [UnsafeMutableRawPointer: RunningTransfer] = [:]
    private var idleHandles: [EasyHandle] = []

    /// Makes the multi handle and starts the loop thread.
    init(configuration: HTTPSession.Configuration, logger: Logger) throws(HTTPClientError) {
        guard CurlGlobal.isInitialized, let multi = curl_multi_init() else {
            throw HTTPClientError(kind: .other, requestWasSent: false, detail: "libcurl could not make a multi handle")
        }
        self.multi = multi
        self.configuration = configuration
        self.logger = logger
        tb_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxConnections)
        tb_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        tb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxConnections)

        var thread = pthread_t()
        let started = pthread_create(
            &thread,
            nil,
            { context in
                Unmanaged<TransferLoop>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            },
            Unmanaged.passRetained(self).toOpaque()
        )
        guard started == 0 else {
            Unmanaged.passUnretained(self).release()  // the thread never took the reference meant for it
            curl_multi_cleanup(multi)
            throw HTTPClientError(kind: .other, requestWasSent: false, detail: "could not start the HTTP loop thread")
        }
        pthread_detach(thread)
    }

    /// Queues a transfer for the loop thread, or fails it at once when the session is shutting down.
    func submit(_ transfer: Transfer) {
        let accepted = inbox.withLock { inbox in
            guard inbox.phase == .running else { return false }
            inbox.submitted.append(transfer)
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted {
            transfer.finish(.failure(Self.shutdownError(requestWasSent: false)))
        }
    }

    /// Asks the loop thread to drop a transfer whose caller has been resumed with `CancellationError`.
    func cancel(_ transfer: Transfer) {
        inbox.withLock { inbox in
            guard inbox.phase == .running else { return }
            inbox.cancelled.append(transfer)
            curl_multi_wakeup(multi)
        }
    }

    /// Asks the loop thread to fail every request and stop, without waiting for it.
    func requestShutdown() {
        inbox.withLock { inbox in
            guard inbox.phase == .running else { return }
            inbox.phase = .stopping
            curl_multi_wakeup(multi)
        }
    }

    /// Asks the loop thread to stop and waits until it has failed every request and freed every handle.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = inbox.withLock { inbox in
                switch inbox.phase {
                case .stopped:
                    return true
                case .running:
                    inbox.phase = .stopping
                    curl_multi_wakeup(multi)
                case .stopping:
                    break
                }
                inbox.stopWaiters.append(continuation)
                return false
            }
            if stopped {
                continuation.resume()
            }
        }
    }

    private func run() {
        logger.debug("HTTP loop started", metadata: ["http.max_connections": "\(configuration.maxConnections)"])
        var submitted: [Transfer] = []
        var cancelled: [Transfer] = []
        while true {
            let stopping = inbox.withLock { inbox in
                swap(&submitted, &inbox.submitted)
                swap(&cancelled, &inbox.cancelled)
                return inbox.phase != .running
            }
            waiting.append(contentsOf: submitted)
            submitted.removeAll(keepingCapacity: true)
            for transfer in cancelled {
                drop(transfer)
            }
            cancelled.removeAll(keepingCapacity: true)
            if stopping {
                break
            }
            startWaiting()
            var stillRunning: Int32 = 0
            let performed = curl_multi_perform(multi, &stillRunning)
            if performed != CURLM_OK {
                logger.error("curl_multi_perform failed", metadata: ["curl.code": "\(performed.rawValue)"])
            }
            finishDone()
            if !waiting.isEmpty && running.count < configuration.maxConnections {
                continue  // finished transfers freed slots: fill them before sleeping
            }
            // Returns early on socket activity, on libcurl's next timer, or on curl_multi_wakeup.
            let polled = curl_multi_poll(multi, nil, 0, 1000, nil)
            if polled != CURLM_OK {
                logger.error("curl_multi_poll failed", metadata: ["curl.code": "\(polled.rawValue)"])
            }
        }
        stop()
    }

    /// Starts waiting transfers while there are free slots; a transfer whose deadline passed while it waited fails.
    private func startWaiting() {
        while running.count < configuration.maxConnections, let transfer = waiting.popFirst() {
            guard !transfer.isCancelled else { continue }
            let timeLeft = ContinuousClock.now.duration(to: transfer.deadline)
            guard timeLeft > .zero else {
                let detail = "the timeout expired while waiting for a free connection"
                transfer.finish(.failure(HTTPClientError(kind: .timedOut, requestWasSent: false, detail: detail)))
                continue
            }
            guard let easy = idleHandles.popLast() ?? EasyHandle() else {
                let detail = "libcurl could not make an easy handle"
                transfer.finish(.failure(HTTPClientError(kind: .other, requestWasSent: false, detail: detail)))
                continue
            }
            do throws(HTTPClientError) {
                let started = try RunningTransfer(
                    transfer, easy: easy, configuration: configuration, timeLeft: timeLeft)
                let added = curl_multi_add_handle(multi, easy.raw)
                guard added == CURLM_OK else {
                    let detail = "libcurl refused the transfer: \(String(cString: curl_multi_strerror(added)))"
                    throw HTTPClientError(kind: .other, requestWasSent: false, detail: detail)
                }
                running[easy.raw] = started
            } catch {
                recycle(easy)
                transfer.finish(.failure(error))
            }
        }
    }

    /// Finishes every transfer libcurl reports done, and puts its handle back for the next one.
    private func finishDone() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            // The message is only valid until the handle leaves the multi: copy what it says first.
            guard message.pointee.msg == CURLMSG_DONE, let raw = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            guard let done = running.removeValue(forKey: raw) else { continue }
            curl_multi_remove_handle(multi, raw)
            let outcome = done.outcome(code)
            recycle(done.easy)
            done.transfer.finish(outcome)
        }
    }

    /// Takes a cancelled transfer out of the multi handle; one still waiting is skipped when its turn comes.
    private func drop(_ transfer: Transfer) {
        guard let entry = running.first(where: { $0.value.transfer === transfer }) else { return }
        running[entry.key] = nil
        curl_multi_remove_handle(multi, entry.key)
        recycle(entry.value.easy)
    }

    private func recycle(_ easy: EasyHandle) {
        easy.reset()
        idleHandles.append(easy)
    }

    /// Fails everything still queued or running, frees every handle, and wakes whoever waits in `shutdown()`.
    private func stop() {
        for transfer in waiting.removeAll() {
            transfer.finish(.failure(Self.shutdownError(requestWasSent: false)))
        }
        for (raw, interrupted) in running {
            curl_multi_remove_handle(multi, raw)
            let requestWasSent = interrupted.easy.info(CURLINFO_REQUEST_SIZE) > 0
            interrupted.transfer.finish(.failure(Self.shutdownError(requestWasSent: requestWasSent)))
        }
        running.removeAll()
        idleHandles.removeAll()
        let waiters = inbox.withLock { inbox in
            inbox.phase = .stopped
            defer { inbox.stopWaiters.removeAll() }
            return inbox.stopWaiters
        }
        curl_multi_cleanup(multi)
        logger.debug("HTTP loop stopped")
        for waiter in waiters {
            waiter.resume()
        }
    }

    private static func shutdownError(requestWasSent: Bool) -> HTTPClientError {
        HTTPClientError(kind: .shutdown, requestWasSent: requestWasSent, detail: "the HTTP session was shut down")
    }
}
