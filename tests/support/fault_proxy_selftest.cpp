// Over 600 lines: each fault kind of the proxy against the same raw-socket upstream.
// Self-test of the FaultProxy fixture with a raw-socket upstream written here (no project
// libraries): every fault kind, the plan queue, counters, and prompt shutdown.
#include <arpa/inet.h>
#include <errno.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fault_proxy.hpp"

namespace anjungan::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds kGenerous{10000};  // "eventually" in every check below

bool eventually(const std::function<bool()>& pred, milliseconds limit = kGenerous) {
    const auto deadline = Clock::now() + limit;
    while (!pred()) {
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
}

std::string pattern(std::size_t n, std::uint32_t seed) {
    std::string s(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1u;
    for (auto& ch : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        ch = static_cast<char>(x & 0xffu);
    }
    return s;
}

bool send_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t k = ::send(fd, data, n, MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

bool send_all(int fd, const std::string& s) {
    return send_all(fd, s.data(), s.size());
}

void set_rcvtimeo(int fd, milliseconds d) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(d.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((d.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// How a read ended.
enum class End { eof, reset, timeout, count };

struct ReadResult {
    std::string data;
    End end = End::count;
};

// Reads until `want` bytes arrived, the peer closed, or one recv() waited longer than `idle`.
ReadResult read_some(int fd, std::size_t want, milliseconds idle = kGenerous) {
    set_rcvtimeo(fd, idle);
    ReadResult r;
    std::vector<char> buf(64 * 1024);
    while (r.data.size() < want) {
        const std::size_t n = std::min(buf.size(), want - r.data.size());
        const ssize_t k = ::recv(fd, buf.data(), n, 0);
        if (k > 0) {
            r.data.append(buf.data(), static_cast<std::size_t>(k));
        } else if (k == 0) {
            r.end = End::eof;
            return r;
        } else if (errno == EINTR) {
            continue;
        } else {
            r.end = (errno == EAGAIN || errno == EWOULDBLOCK) ? End::timeout : End::reset;
            return r;
        }
    }
    r.end = End::count;
    return r;
}

ReadResult read_to_close(int fd, milliseconds idle = kGenerous) {
    return read_some(fd, static_cast<std::size_t>(-1), idle);
}

bool closed(const ReadResult& r) {
    return r.end == End::eof || r.end == End::reset;
}

// A blocking client socket connected to 127.0.0.1:port; closed when it goes.
class Client {
  public:
    explicit Client(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~Client() { close(); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    int fd() const { return fd_; }
    bool connected() const { return connected_; }
    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

  private:
    int fd_ = -1;
    bool connected_ = false;
};

// A raw-socket server on 127.0.0.1 standing in for the office. One thread per connection;
// what each connection received is kept.
class Upstream {
  public:
    enum class Mode {
        echo,     // send back every byte received; half-close when the client does
        sink,     // read until the peer closes
        respond,  // after request_size bytes, send response_size bytes, then read on
    };
    struct Record {
        std::string received;
        bool response_sent = false;  // all of the response went into the socket
        bool finished = false;
        bool reset = false;  // ended with a read error (RST) rather than EOF
    };

    // respond: after request_size bytes, send response_size bytes; `interim` (e.g.
    // "HTTP/1.1 100 Continue\r\n\r\n") goes out once interim_after bytes arrived.
    explicit Upstream(Mode mode = Mode::echo, std::size_t request_size = 0,
                      std::size_t response_size = 0, std::string interim = {},
                      std::size_t interim_after = 0)
        : mode_(mode),
          request_size_(request_size),
          response_size_(response_size),
          interim_(std::move(interim)),
          interim_after_(interim_after) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(listen_fd_, 64) != 0) {
            throw std::runtime_error("Upstream: bind/listen failed");
        }
        socklen_t len = sizeof a;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        accept_thread_ = std::thread([this] { accept_loop(); });
    }
    ~Upstream() {
        stop_ = true;
        accept_thread_.join();
        {
            std::lock_guard lk(mu_);
            for (const int fd : fds_) {
                ::shutdown(fd, SHUT_RDWR);  // unblocks a send() stuck on a full window
            }
        }
        for (auto& t : threads_) {
            t.join();
        }
        for (const int fd : fds_) {
            ::close(fd);
        }
        ::close(listen_fd_);
    }
    Upstream(const Upstream&) = delete;
    Upstream& operator=(const Upstream&) = delete;

    int port() const { return port_; }
    std::size_t connections() const {
        std::lock_guard lk(mu_);
        return records_.size();
    }
    Record record(std::size_t i) const {
        std::lock_guard lk(mu_);
        return records_.at(i);
    }
    bool finished(std::size_t i) const {
        std::lock_guard lk(mu_);
        return i < records_.size() && records_[i].finished;
    }

  private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) {
                continue;
            }
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            std::lock_guard lk(mu_);
            const std::size_t i = records_.size();
            records_.emplace_back();
            fds_.push_back(fd);
            threads_.emplace_back([this, fd, i] { serve(fd, i); });
        }
    }

    void serve(int fd, std::size_t i) {
        set_rcvtimeo(fd, milliseconds(20));
        std::vector<char> buf(64 * 1024);
        std::size_t total = 0;
        bool interim_sent = interim_.empty();
        bool responded = false;
        bool reset = false;
        while (!stop_) {
            const ssize_t k = ::recv(fd, buf.data(), buf.size(), 0);
            if (k == 0) {
                break;
            }
            if (k < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    continue;
                }
                reset = true;
                break;
            }
            const auto n = static_cast<std::size_t>(k);
            total += n;
            {
                std::lock_guard lk(mu_);
                records_[i].received.append(buf.data(), n);
            }
            if (mode_ == Mode::echo && !send_all(fd, buf.data(), n)) {
                reset = true;
                break;
            }
            if (mode_ != Mode::respond) {
                continue;
            }
            if (!interim_sent && total >= interim_after_) {
                interim_sent = true;
                send_all(fd, interim_);
            }
            if (!responded && total >= request_size_) {
                responded = true;
                const bool ok = send_all(fd, pattern(response_size_, 7));
                std::lock_guard lk(mu_);
                records_[i].response_sent = ok;
            }
        }
        if (mode_ == Mode::echo && !reset) {
            ::shutdown(fd, SHUT_WR);
        }
        std::lock_guard lk(mu_);
        records_[i].reset = reset;
        records_[i].finished = true;
    }

    Mode mode_;
    std::size_t request_size_;
    std::size_t response_size_;
    std::string interim_;
    std::size_t interim_after_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mu_;
    std::deque<Record> records_;
    std::vector<int> fds_;
    std::vector<std::thread> threads_;
    std::thread accept_thread_;
};

// A port nothing listens on (bound once, then released).
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

TEST(FaultProxy, PassForwardsBothWaysUntouchedIncludingThreeMebibytes) {
    Upstream server;
    FaultProxy proxy(server.port());
    ASSERT_GT(proxy.port(), 0);
    ASSERT_NE(proxy.port(), server.port());

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(send_all(client.fd(), "hello"));
    EXPECT_EQ(read_some(client.fd(), 5).data, "hello");

    // 3 MiB each way at once (the echo needs the client to read while it sends).
    const std::string payload = pattern(3 * 1024 * 1024, 1);
    bool sent = false;
    std::thread sender([&] {
        sent = send_all(client.fd(), payload);
        ::shutdown(client.fd(), SHUT_WR);  // the FIN must travel through the proxy too
    });
    const ReadResult back = read_to_close(client.fd());
    sender.join();
    EXPECT_TRUE(sent);
    EXPECT_EQ(back.end, End::eof);
    ASSERT_EQ(back.data.size(), payload.size());
    EXPECT_TRUE(back.data == payload);

    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    const Upstream::Record rec = server.record(0);
    EXPECT_FALSE(rec.reset);
    EXPECT_TRUE(rec.received == "hello" + payload);

    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.connections_accepted(), 1u);
    EXPECT_EQ(proxy.bytes_upstream(), payload.size() + 5);
    EXPECT_EQ(proxy.bytes_downstream(), payload.size() + 5);
    EXPECT_EQ(proxy.faults_applied(), 0u);
    const auto reports = proxy.connections();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].fault, Fault::pass());
    EXPECT_TRUE(reports[0].upstream_connected);
    EXPECT_FALSE(reports[0].fault_fired);
    EXPECT_TRUE(reports[0].finished);
}

TEST(FaultProxy, CutUpstreamDeliversExactlyTheFirstBytesThenResetsBothSides) {
    Upstream server(Upstream::Mode::sink);
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::cut_upstream_after(1000));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    send_all(client.fd(), pattern(5000, 2));  // may fail part-way: the proxy resets it
    const ReadResult r = read_to_close(client.fd());
    EXPECT_TRUE(closed(r));
    EXPECT_EQ(r.data.size(), 0u);

    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    const Upstream::Record rec = server.record(0);
    EXPECT_EQ(rec.received.size(), 1000u);
    EXPECT_TRUE(rec.received == pattern(5000, 2).substr(0, 1000));
    EXPECT_TRUE(rec.reset);
    EXPECT_TRUE(proxy.wait_for_faults_applied(1, kGenerous));
    EXPECT_EQ(proxy.bytes_upstream(), 1000u);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_TRUE(proxy.connections().at(0).fault_fired);
}

TEST(FaultProxy, CutUpstreamAtZeroResetsBeforeAnyByte) {
    Upstream server(Upstream::Mode::sink);
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::cut_upstream_after(0));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    send_all(client.fd(), "GET / HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(closed(read_to_close(client.fd())));
    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    EXPECT_EQ(server.record(0).received.size(), 0u);
}

TEST(FaultProxy, CutDownstreamAtZeroLosesTheAnswerAfterTheServerCommitted) {
    // 4 MiB answer: more than the socket buffers hold, so the server finishes writing it
    // only because the proxy reads and drops it.
    constexpr std::size_t kResponse = 4 * 1024 * 1024;
    Upstream server(Upstream::Mode::respond, 2000, kResponse);
    FaultProxy proxy(server.port());
    proxy.set_drain_quiet(seconds(2));  // a loaded machine may pause the server's writes
    proxy.push_fault(Fault::cut_downstream_after(0));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    const std::string request = pattern(2000, 3);
    ASSERT_TRUE(send_all(client.fd(), request));
    const ReadResult r = read_to_close(client.fd());
    EXPECT_TRUE(closed(r));
    EXPECT_EQ(r.data.size(), 0u);

    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    const Upstream::Record rec = server.record(0);
    EXPECT_TRUE(rec.received == request);
    EXPECT_TRUE(rec.response_sent);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.faults_applied(), 1u);
    EXPECT_EQ(proxy.bytes_downstream(), 0u);
    EXPECT_EQ(proxy.bytes_upstream(), 2000u);
    EXPECT_EQ(proxy.bytes_dropped(), kResponse);
    EXPECT_EQ(proxy.connections().at(0).bytes_dropped, kResponse);
}

TEST(FaultProxy, CutDownstreamAfterSomeBytesDeliversExactlyThose) {
    Upstream server(Upstream::Mode::respond, 300, 5000);
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::cut_downstream_after(100));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(send_all(client.fd(), pattern(300, 4)));
    const ReadResult r = read_to_close(client.fd());
    EXPECT_TRUE(closed(r));
    EXPECT_TRUE(r.data == pattern(5000, 7).substr(0, 100));
    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    EXPECT_TRUE(server.record(0).response_sent);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.bytes_downstream(), 100u);
    EXPECT_EQ(proxy.bytes_dropped(), 4900u);
}

TEST(FaultProxy, CutDownstreamLetsAHundredContinueThroughSoTheBodyArrives) {
    const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
    Upstream server(Upstream::Mode::respond, 2000, 3000, interim, 100);
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::cut_downstream_after(0));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    const std::string request = pattern(2000, 5);
    ASSERT_TRUE(send_all(client.fd(), request.substr(0, 100)));  // the "headers"
    const ReadResult first = read_some(client.fd(), interim.size());
    EXPECT_EQ(first.data, interim);
    ASSERT_TRUE(send_all(client.fd(), request.substr(100)));  // the body after 100 Continue
    const ReadResult rest = read_to_close(client.fd());
    EXPECT_TRUE(closed(rest));
    EXPECT_EQ(rest.data.size(), 0u);

    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    EXPECT_TRUE(server.record(0).received == request);
    EXPECT_TRUE(server.record(0).response_sent);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.bytes_downstream(), interim.size());
    EXPECT_EQ(proxy.bytes_dropped(), 3000u);
}

TEST(FaultProxy, StallForeverMakesTheClientsReadTimeOutWithNoByte) {
    Upstream server;  // echo
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::stall_after(10));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(send_all(client.fd(), pattern(100, 6)));
    ASSERT_TRUE(proxy.wait_for_faults_applied(1, kGenerous));
    const ReadResult r = read_to_close(client.fd(), milliseconds(300));
    EXPECT_EQ(r.end, End::timeout);
    EXPECT_EQ(r.data.size(), 0u);
    ASSERT_TRUE(eventually([&] { return server.record(0).received.size() == 10; }));
    EXPECT_FALSE(server.finished(0));  // both sockets stay open
    EXPECT_EQ(proxy.bytes_upstream(), 10u);
    EXPECT_EQ(proxy.bytes_downstream(), 0u);
    EXPECT_EQ(proxy.open_connections(), 1u);

    proxy.stop();  // a stall without a duration lasts until the proxy goes
    EXPECT_TRUE(closed(read_to_close(client.fd())));
    EXPECT_TRUE(eventually([&] { return server.finished(0); }));
}

TEST(FaultProxy, StallWithADurationResetsAfterIt) {
    Upstream server;  // echo
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::stall_after(0, milliseconds(1500)));

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(send_all(client.fd(), "anyone there?"));
    const ReadResult r = read_to_close(client.fd(), milliseconds(300));
    EXPECT_EQ(r.end, End::timeout);
    EXPECT_EQ(r.data.size(), 0u);
    const ReadResult later = read_to_close(client.fd());
    EXPECT_EQ(later.end, End::reset);
    EXPECT_EQ(later.data.size(), 0u);
    ASSERT_TRUE(eventually([&] { return server.finished(0); }));
    EXPECT_EQ(server.record(0).received.size(), 0u);
}

TEST(FaultProxy, RefuseResetsAtOnceAndTheServerNeverSeesIt) {
    Upstream server;
    FaultProxy proxy(server.port());
    proxy.push_fault(Fault::refuse());

    Client client(proxy.port());
    ASSERT_TRUE(client.connected());  // the proxy accepts, then resets
    send_all(client.fd(), "hello");
    const ReadResult r = read_to_close(client.fd());
    EXPECT_TRUE(closed(r));
    EXPECT_EQ(r.data.size(), 0u);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.faults_applied(), 1u);
    EXPECT_FALSE(proxy.connections().at(0).upstream_connected);
    EXPECT_EQ(server.connections(), 0u);
}

TEST(FaultProxy, QueueThenDefaultInAcceptOrder) {
    Upstream server;
    FaultProxy proxy(server.port());
    proxy.push_faults({Fault::refuse(), Fault::pass()});
    proxy.set_default_fault(Fault::cut_upstream_after(5));
    EXPECT_EQ(proxy.pending_faults(), 2u);

    {
        Client c(proxy.port());
        EXPECT_TRUE(closed(read_to_close(c.fd())));
    }
    {
        Client c(proxy.port());
        ASSERT_TRUE(send_all(c.fd(), "ping"));
        EXPECT_EQ(read_some(c.fd(), 4).data, "ping");
    }
    EXPECT_EQ(proxy.pending_faults(), 0u);
    {
        Client c(proxy.port());
        send_all(c.fd(), "hello world");
        const ReadResult r = read_to_close(c.fd());
        EXPECT_TRUE(closed(r));
        EXPECT_TRUE(r.data.empty() || r.data == "hello");  // the echo may race the cut
    }
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    const auto reports = proxy.connections();
    ASSERT_EQ(reports.size(), 3u);
    EXPECT_EQ(reports[0].fault, Fault::refuse());
    EXPECT_EQ(reports[1].fault, Fault::pass());
    EXPECT_EQ(reports[2].fault, Fault::cut_upstream_after(5));
    EXPECT_TRUE(reports[0].fault_fired);
    EXPECT_FALSE(reports[1].fault_fired);
    EXPECT_TRUE(reports[2].fault_fired);
    EXPECT_EQ(reports[2].bytes_up, 5u);
    EXPECT_EQ(proxy.faults_applied(), 2u);
    EXPECT_EQ(proxy.connections_accepted(), 3u);
    ASSERT_TRUE(eventually([&] { return server.finished(1); }));
    EXPECT_EQ(server.record(1).received, "hello");
    EXPECT_EQ(Fault::stall_after(3, seconds(2)).describe(), "stall_after(3, 2000ms)");
    EXPECT_EQ(Fault::stall_after(0).describe(), "stall_after(0, forever)");
}

TEST(FaultProxy, NewUpstreamPortAppliesToNewConnections) {
    Upstream a;
    Upstream b;
    FaultProxy proxy(a.port());
    Client first(proxy.port());
    ASSERT_TRUE(send_all(first.fd(), "to a"));
    EXPECT_EQ(read_some(first.fd(), 4).data, "to a");

    proxy.set_upstream_port(b.port());
    EXPECT_EQ(proxy.upstream_port(), b.port());
    Client second(proxy.port());
    ASSERT_TRUE(send_all(second.fd(), "to b"));
    EXPECT_EQ(read_some(second.fd(), 4).data, "to b");
    ASSERT_TRUE(send_all(first.fd(), "a again"));  // the open connection keeps its upstream
    EXPECT_EQ(read_some(first.fd(), 7).data, "a again");

    EXPECT_EQ(a.connections(), 1u);
    EXPECT_EQ(b.connections(), 1u);
    EXPECT_EQ(b.record(0).received, "to b");
}

TEST(FaultProxy, ServerDownResetsTheClientAndCountsIt) {
    FaultProxy proxy(closed_port());
    Client client(proxy.port());
    ASSERT_TRUE(client.connected());
    const ReadResult r = read_to_close(client.fd());
    EXPECT_TRUE(closed(r));
    EXPECT_EQ(r.data.size(), 0u);
    ASSERT_TRUE(proxy.wait_for_idle(kGenerous));
    EXPECT_EQ(proxy.upstream_connect_failures(), 1u);
    EXPECT_FALSE(proxy.connections().at(0).upstream_connected);

    Upstream server;  // the office is back, on a new port
    proxy.set_upstream_port(server.port());
    Client again(proxy.port());
    ASSERT_TRUE(send_all(again.fd(), "back"));
    EXPECT_EQ(read_some(again.fd(), 4).data, "back");
}

TEST(FaultProxy, ResetOpenConnectionsCutsKeepAliveConnectionsOnly) {
    Upstream server;
    FaultProxy proxy(server.port());
    Client old_client(proxy.port());
    ASSERT_TRUE(send_all(old_client.fd(), "one"));
    EXPECT_EQ(read_some(old_client.fd(), 3).data, "one");

    proxy.reset_open_connections();
    EXPECT_EQ(proxy.open_connections(), 0u);
    EXPECT_EQ(read_to_close(old_client.fd()).end, End::reset);

    Client fresh(proxy.port());
    ASSERT_TRUE(send_all(fresh.fd(), "two"));
    EXPECT_EQ(read_some(fresh.fd(), 3).data, "two");
}

TEST(FaultProxy, RandomPlanIsReproducibleFromItsSeed) {
    Upstream server;
    const RandomFaults plan{.cut_upstream = 0.25,
                            .cut_downstream = 0.25,
                            .stall = 0.2,
                            .refuse = 0.2,
                            .max_offset = 64,
                            .stall_for = milliseconds(20)};
    std::vector<std::vector<Fault>> runs;
    for (int run = 0; run < 2; ++run) {
        FaultProxy proxy(server.port());
        proxy.set_random(42, plan);
        for (int i = 0; i < 30; ++i) {
            Client c(proxy.port());
            ASSERT_TRUE(proxy.wait_for_accepted(static_cast<std::uint64_t>(i + 1), kGenerous));
        }
        std::vector<Fault> faults;
        for (const auto& r : proxy.connections()) {
            faults.push_back(r.fault);
        }
        runs.push_back(faults);
    }
    ASSERT_EQ(runs[0].size(), 30u);
    EXPECT_EQ(runs[0], runs[1]);
    std::vector<int> kinds(5, 0);
    for (const Fault& f : runs[0]) {
        ++kinds[static_cast<std::size_t>(f.kind)];
        EXPECT_LE(f.after_bytes, 64u);
    }
    for (int k : kinds) {
        EXPECT_GT(k, 0);  // every kind shows up in 30 draws with these odds and this seed
    }
}

TEST(FaultProxy, DestructionWithOpenConnectionsReturnsPromptly) {
    Upstream server;  // echo
    auto proxy = std::make_unique<FaultProxy>(server.port());
    proxy->push_faults({Fault::pass(), Fault::stall_after(0), Fault::pass()});

    Client idle(proxy->port());
    ASSERT_TRUE(send_all(idle.fd(), "x"));
    EXPECT_EQ(read_some(idle.fd(), 1).data, "x");
    Client stalled(proxy->port());
    ASSERT_TRUE(send_all(stalled.fd(), "y"));
    // A client that sends 8 MiB and reads nothing: every buffer on the way fills up.
    Client busy(proxy->port());
    std::thread flood([&] { send_all(busy.fd(), pattern(8 * 1024 * 1024, 8)); });
    ASSERT_TRUE(proxy->wait_for_accepted(3, kGenerous));
    ASSERT_TRUE(eventually([&] { return proxy->bytes_upstream() > 0; }));

    const auto t0 = Clock::now();
    proxy.reset();
    EXPECT_LT(Clock::now() - t0, seconds(5));

    EXPECT_TRUE(closed(read_to_close(idle.fd())));
    EXPECT_TRUE(closed(read_to_close(stalled.fd())));
    ::shutdown(busy.fd(), SHUT_RDWR);  // in case the flood still blocks in send()
    flood.join();
}

}  // namespace
}  // namespace anjungan::test
