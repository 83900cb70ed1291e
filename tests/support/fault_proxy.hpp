// An in-process TCP proxy on 127.0.0.1 that injects network faults on a schedule, for tests
// of the kiosk -> office upload path (libcurl client, cpp-httplib server) where `tc netem` is
// not available. Point the client at 127.0.0.1:port() instead of the server's port.
//
//   client (curl) ──> 127.0.0.1:port()  FaultProxy  ──> 127.0.0.1:upstream_port (httplib)
//
// Every accepted TCP connection takes the next Fault from a queue (then, when the queue is
// empty, a seeded random plan if one is set, else the default fault, normally pass). A fault
// applies to the whole TCP connection: byte offsets count from the start of the connection,
// so on an HTTP/1.1 keep-alive connection they run across requests.
//
// What each fault imitates:
//   pass                       a healthy network; bytes are forwarded untouched both ways,
//                              including half-close (FIN) and resets (RST) of either peer.
//   cut_upstream_after(N)      the link dies at a chosen (or random) offset of the request:
//                              the server receives exactly the first N request bytes (the proxy
//                              waits until they left its socket), then both sides get an RST.
//                              The server sees a truncated request, the client a reset
//                              (curl: CURLE_SEND_ERROR / CURLE_RECV_ERROR / CURLE_GOT_NOTHING).
//                              N = 0: the server sees a connection reset before any byte.
//   cut_downstream_after(N)    the answer is lost after the server committed: the whole request
//                              goes through, the server handles it and answers; the client
//                              receives only the first N bytes of the answer and is reset as
//                              soon as the server sends byte N+1. The proxy keeps reading the
//                              server's answer and drops it (so the server completes its write
//                              and its work), until the server closes or stays quiet for
//                              drain_quiet (500 ms by default), then resets the server side.
//                              N = 0: the client never sees a byte of the answer. N does not
//                              count leading interim `HTTP/1.x 1xx` responses at the start of
//                              the connection (cpp-httplib answers curl's `Expect:
//                              100-continue`, sent for large bodies, with `100 Continue`):
//                              those are forwarded, so the body still reaches the server.
//                              An answer of exactly N bytes is not cut.
//   stall_after(N, duration)   a stalled peer (dead Wi-Fi, a hung office, a black-holing
//                              firewall): after N request bytes went upstream the proxy stops
//                              forwarding and reading in both directions while keeping both
//                              sockets open, so the client's reads time out; after `duration`
//                              both sides are reset. duration 0 = stall until the proxy is
//                              destroyed (or reset_open_connections()). N = 0: stall at once.
//   refuse                     the office is down: the connection is accepted and reset at
//                              once, the server never sees it. (A real refusal fails in
//                              connect() with ECONNREFUSED. Through the proxy curl reports,
//                              depending on timing, CURLE_COULDNT_CONNECT (7) or a reset,
//                              CURLE_RECV_ERROR (56) / CURLE_SEND_ERROR / CURLE_GOT_NOTHING; a
//                              test must accept all of them, or, for a true refusal, point the
//                              client at a closed port.) When the upstream port does not
//                              answer (server stopped), every connection behaves like refuse
//                              and upstream_connect_failures() counts it.
//
// Things to know:
//   - libcurl reuses connections (the kiosk's OfficeClient keeps one alive between requests):
//     a fault is taken per TCP connection, not per request, and covers every request sent on
//     it. To aim a queued fault at the next request, call reset_open_connections() first so
//     curl has to open a new connection (or disable reuse with CURLOPT_FORBID_REUSE). curl
//     also resends a request by itself on a fresh connection when a *reused* one turns out
//     dead before any answer byte; that new connection takes the next fault in the queue.
//   - A stall is only noticed by the client's own progress limit (OfficeClient:
//     CURLOPT_LOW_SPEED_TIME = stall_seconds); keep that short in tests that stall.
//   - Threads: one accept thread plus one thread per connection (poll-based, non-blocking
//     sockets). The destructor (or stop()) resets all open connections and joins every thread.
//   - All setters and counters are thread-safe. A queued fault is taken when a connection is
//     accepted, so push faults before the client connects.
//   - Linux only (SIOCOUTQ, accept4, MSG_NOSIGNAL); SIGPIPE is never raised by the proxy.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace anjungan::test {

// What the proxy does to one TCP connection (see the header comment for the failure each kind
// imitates).
struct Fault {
    enum class Kind { pass, cut_upstream, cut_downstream, stall, refuse };

    Kind kind = Kind::pass;
    std::uint64_t after_bytes = 0;           // cut_upstream, stall: request bytes; cut_downstream:
                                             // answer bytes (after leading 1xx interim answers)
    std::chrono::milliseconds stall_for{0};  // stall only; 0 = until the proxy goes

    static Fault pass() { return {}; }
    static Fault cut_upstream_after(std::uint64_t bytes) { return {Kind::cut_upstream, bytes, {}}; }
    static Fault cut_downstream_after(std::uint64_t bytes) {
        return {Kind::cut_downstream, bytes, {}};
    }
    static Fault stall_after(std::uint64_t bytes, std::chrono::milliseconds duration = {}) {
        return {Kind::stall, bytes, duration};
    }
    static Fault refuse() { return {Kind::refuse, 0, {}}; }

    // "pass", "cut_upstream_after(1000)", "stall_after(10, 1500ms)", "stall_after(0, forever)"
    std::string describe() const;
    friend bool operator==(const Fault&, const Fault&) = default;
    friend std::ostream& operator<<(std::ostream& os, const Fault& f) { return os << f.describe(); }
};

// A seeded random plan, used for connections when the queue is empty. The probabilities are
// for each new connection; what remains up to 1 is pass. Offsets are uniform in
// [0, max_offset]. The same seed gives the same sequence of faults in accept order.
struct RandomFaults {
    double cut_upstream = 0;
    double cut_downstream = 0;
    double stall = 0;
    double refuse = 0;
    std::uint64_t max_offset = 4096;
    std::chrono::milliseconds stall_for{2000};
};

// What happened to one accepted connection.
struct ConnectionReport {
    std::uint64_t index = 0;  // 0-based, in accept order
    Fault fault;              // the plan the connection got
    bool upstream_connected = false;
    bool fault_fired = false;         // the fault took effect (pass never fires)
    bool finished = false;            // both sockets closed, thread done
    std::uint64_t bytes_up = 0;       // written to the server
    std::uint64_t bytes_down = 0;     // written to the client
    std::uint64_t bytes_dropped = 0;  // read from the server after a downstream cut
};

class FaultProxy {
  public:
    // Listens on 127.0.0.1, ephemeral port, and forwards to 127.0.0.1:upstream_port.
    // Throws std::system_error when the listening socket cannot be set up.
    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }  // where the client connects
    // Where new connections go from now on (e.g. the server restarted on another port);
    // connections already open keep their upstream.
    void set_upstream_port(int port) { upstream_port_.store(port); }
    int upstream_port() const { return upstream_port_.load(); }

    // ---- the plan ----
    void push_fault(Fault fault);
    void push_faults(const std::vector<Fault>& faults);
    void clear_faults();
    std::size_t pending_faults() const;
    // Used when the queue is empty and no random plan is set (initially Fault::pass()).
    void set_default_fault(Fault fault);
    // Replaces the default fault while set (the queue still comes first).
    void set_random(std::uint64_t seed, RandomFaults plan);
    void clear_random();
    // How long the server must stay quiet before a downstream cut stops draining its answer.
    void set_drain_quiet(std::chrono::milliseconds quiet);

    // Resets (RST) every connection open now, as a network blip would; returns when their
    // threads are done (or after 5 s). The plan is unchanged.
    void reset_open_connections();
    // Stops accepting, resets all connections and joins all threads; idempotent. The
    // destructor calls it.
    void stop();

    // ---- counters (all connections so far) ----
    std::uint64_t connections_accepted() const { return accepted_.load(); }
    std::uint64_t open_connections() const;
    std::uint64_t bytes_upstream() const { return bytes_up_.load(); }      // client -> server
    std::uint64_t bytes_downstream() const { return bytes_down_.load(); }  // server -> client
    std::uint64_t bytes_dropped() const { return bytes_dropped_.load(); }
    std::uint64_t faults_applied() const { return faults_applied_.load(); }
    std::uint64_t upstream_connect_failures() const { return connect_failures_.load(); }
    std::vector<ConnectionReport> connections() const;

    // Waits until pred() holds (re-checked on every proxy event and at least every 10 ms);
    // false on time-out.
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) const;
    bool wait_for_accepted(std::uint64_t count, std::chrono::milliseconds limit) const;
    bool wait_for_faults_applied(std::uint64_t count, std::chrono::milliseconds limit) const;
    bool wait_for_idle(std::chrono::milliseconds limit) const;  // no connection open

  private:
    struct Conn;

    void accept_loop();
    void reap_finished();
    Fault next_fault();
    int connect_upstream(const Conn& c) const;
    void serve(Conn& c);
    void relay(Conn& c, int& cfd, int& ufd);
    bool interrupted(const Conn& c) const;
    bool pause(const Conn& c, std::chrono::milliseconds d) const;  // false when interrupted
    void wait_unsent(const Conn& c, int fd) const;
    void fired(Conn& c);
    void notify() const;

    int port_ = 0;
    int listen_fd_ = -1;
    int stop_r_ = -1;  // self-pipe: one byte written on stop wakes every poll()
    int stop_w_ = -1;
    std::atomic<int> upstream_port_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> reset_epoch_{0};
    std::atomic<std::int64_t> drain_quiet_ms_{500};

    mutable std::mutex plan_mu_;
    std::deque<Fault> queue_;
    Fault default_;
    std::optional<RandomFaults> random_;
    std::mt19937_64 rng_;

    mutable std::mutex conns_mu_;
    std::vector<std::unique_ptr<Conn>> conns_;

    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<std::uint64_t> bytes_up_{0};
    std::atomic<std::uint64_t> bytes_down_{0};
    std::atomic<std::uint64_t> bytes_dropped_{0};
    std::atomic<std::uint64_t> faults_applied_{0};
    std::atomic<std::uint64_t> connect_failures_{0};

    mutable std::mutex ev_mu_;
    mutable std::condition_variable ev_cv_;

    std::mutex stop_mu_;
    std::thread accept_thread_;
};

}  // namespace anjungan::test
