// Over 600 lines: one proxy with every fault kind it imitates; each fault is a small branch of the
// same relay loop.
// FaultProxy: see fault_proxy.hpp for what each fault imitates.
#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <system_error>
#include <utility>

namespace anjungan::test {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kBufSize = 64 * 1024;
constexpr milliseconds kTick{20};                     // longest poll() without re-checking state
constexpr milliseconds kUnsentLimit{1000};            // wait for queued bytes before an RST
constexpr milliseconds kConnectLimit{5000};           // upstream connect() on loopback
constexpr std::size_t kInterimHeadLimit = 16 * 1024;  // longest 1xx head we look for
constexpr std::size_t kNeedMore = static_cast<std::size_t>(-1);

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);  // no retry on EINTR: Linux closes the descriptor anyway
        fd = -1;
    }
}

// Close with an RST instead of a FIN.
void abort_fd(int& fd) {
    if (fd >= 0) {
        linger l{};
        l.l_onoff = 1;
        l.l_linger = 0;
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        close_fd(fd);
    }
}

void set_nodelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Bytes still in the socket's send queue (not yet acknowledged by the peer).
int unsent_bytes(int fd) {
    int n = 0;
    if (::ioctl(fd, SIOCOUTQ, &n) != 0) {
        return 0;
    }
    return n;
}

int poll_ms(milliseconds d) {
    return static_cast<int>(std::max<milliseconds::rep>(0, std::min(d, kTick).count()));
}

// Length of a complete interim answer ("HTTP/1.x 1yz ...\r\n\r\n", not 101 Switching
// Protocols) at the start of `s`; 0 when `s` does not start with one; kNeedMore when more
// bytes are needed to tell.
std::size_t interim_length(std::string_view s) {
    constexpr std::string_view pattern = "HTTP/1.# 1##";  // # = digit
    const std::size_t n = std::min(s.size(), pattern.size());
    for (std::size_t i = 0; i < n; ++i) {
        const bool ok = pattern[i] == '#' ? (s[i] >= '0' && s[i] <= '9') : s[i] == pattern[i];
        if (!ok) {
            return 0;
        }
    }
    if (s.size() < pattern.size()) {
        return kNeedMore;
    }
    if (s.substr(9, 3) == "101") {
        return 0;
    }
    const std::size_t end = s.find("\r\n\r\n");
    return end == std::string_view::npos ? kNeedMore : end + 4;
}

// One direction of a relayed connection.
struct Dir {
    int* src = nullptr;
    int* dst = nullptr;
    std::vector<char> buf = std::vector<char>(kBufSize);
    std::size_t off = 0;  // buf[off, len) waits to be written to dst
    std::size_t len = 0;
    std::size_t uncounted = 0;  // leading bytes of buf[off, len) that do not count for N
    bool src_eof = false;
    bool dst_shut = false;
    std::uint64_t counted = 0;         // counted bytes written to dst
    std::uint64_t counted_queued = 0;  // counted bytes in buf[off, len)
    bool limited = false;              // a fault watches this direction's offset
    std::uint64_t limit = 0;
    bool limit_reads = false;     // read no more than the limit (upstream); else truncate
    bool cut_pending = false;     // bytes beyond the limit arrived: cut once buf is written
    std::uint64_t discarded = 0;  // bytes read beyond the limit (never forwarded)
    bool detect_interim = false;
    std::string head;  // bytes read while looking for a leading 1xx answer

    bool empty() const { return off == len; }
    bool done() const { return src_eof && empty() && dst_shut; }
    std::uint64_t budget() const { return limit - counted - counted_queued; }
    bool wants_read() const {
        return !src_eof && empty() && !cut_pending && !(limited && limit_reads && budget() == 0);
    }

    // Takes the bytes just read into the (empty) buffer: finds leading interim answers and
    // holds back bytes beyond the limit.
    void take(std::size_t n) {
        off = 0;
        len = n;
        uncounted = 0;
        if (detect_interim) {
            head.append(buf.data(), n);
            std::size_t interim = 0;
            bool need_more = false;
            for (;;) {
                const std::size_t l = interim_length(std::string_view(head).substr(interim));
                if (l == 0) {
                    break;
                }
                if (l == kNeedMore) {
                    need_more = !src_eof && head.size() - interim < kInterimHeadLimit;
                    break;
                }
                interim += l;
            }
            const std::size_t out = need_more ? interim : head.size();
            if (buf.size() < out) {
                buf.resize(out);
            }
            std::copy_n(head.data(), out, buf.data());
            head.erase(0, out);
            len = out;
            uncounted = interim;
            detect_interim = need_more;
        }
        std::uint64_t counted_now = len - uncounted;
        if (limited && counted_now > budget()) {
            discarded += counted_now - budget();
            counted_now = budget();
            len = uncounted + static_cast<std::size_t>(counted_now);
            cut_pending = true;
        }
        counted_queued = counted_now;
    }

    // Bookkeeping after n bytes of buf went to dst.
    void wrote(std::size_t n) {
        const std::size_t u = std::min(n, uncounted);
        uncounted -= u;
        counted += n - u;
        counted_queued -= n - u;
        off += n;
    }
};

}  // namespace

std::string Fault::describe() const {
    const std::string n = std::to_string(after_bytes);
    switch (kind) {
        case Kind::pass:
            return "pass";
        case Kind::cut_upstream:
            return "cut_upstream_after(" + n + ")";
        case Kind::cut_downstream:
            return "cut_downstream_after(" + n + ")";
        case Kind::stall:
            return "stall_after(" + n + ", " +
                   (stall_for.count() == 0 ? std::string("forever")
                                           : std::to_string(stall_for.count()) + "ms") +
                   ")";
        case Kind::refuse:
            return "refuse";
    }
    return "?";
}

struct FaultProxy::Conn {
    std::uint64_t index = 0;
    Fault fault;
    int client_fd = -1;  // owned by the connection's thread once it runs
    std::uint64_t epoch = 0;
    std::atomic<bool> upstream_connected{false};
    std::atomic<bool> fault_fired{false};
    std::atomic<bool> finished{false};
    std::atomic<std::uint64_t> bytes_up{0};
    std::atomic<std::uint64_t> bytes_down{0};
    std::atomic<std::uint64_t> bytes_dropped{0};
    std::thread thread;
};

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw_errno("FaultProxy: pipe2");
    }
    stop_r_ = p[0];
    stop_w_ = p[1];
    try {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (listen_fd_ < 0) {
            throw_errno("FaultProxy: socket");
        }
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            throw_errno("FaultProxy: bind 127.0.0.1:0");
        }
        if (::listen(listen_fd_, SOMAXCONN) != 0) {
            throw_errno("FaultProxy: listen");
        }
        socklen_t alen = sizeof a;
        if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &alen) != 0) {
            throw_errno("FaultProxy: getsockname");
        }
        port_ = ntohs(a.sin_port);
        accept_thread_ = std::thread([this] { accept_loop(); });
    } catch (...) {
        close_fd(listen_fd_);
        close_fd(stop_r_);
        close_fd(stop_w_);
        throw;
    }
}

FaultProxy::~FaultProxy() {
    stop();
    close_fd(stop_r_);
    close_fd(stop_w_);
}

void FaultProxy::stop() {
    std::lock_guard stop_lock(stop_mu_);
    if (!stopping_.exchange(true)) {
        const char b = 'x';
        while (::write(stop_w_, &b, 1) < 0 && errno == EINTR) {
        }
    }
    if (accept_thread_.joinable()) {
        accept_thread_.join();
    }
    close_fd(listen_fd_);
    {
        // Connection threads never take conns_mu_, so joining under it cannot deadlock.
        std::lock_guard lk(conns_mu_);
        for (auto& c : conns_) {
            if (c->thread.joinable()) {
                c->thread.join();
            }
        }
    }
    notify();
}

void FaultProxy::notify() const {
    { std::lock_guard lk(ev_mu_); }
    ev_cv_.notify_all();
}

// ---- the plan ----

void FaultProxy::push_fault(Fault fault) {
    std::lock_guard lk(plan_mu_);
    queue_.push_back(fault);
}

void FaultProxy::push_faults(const std::vector<Fault>& faults) {
    std::lock_guard lk(plan_mu_);
    queue_.insert(queue_.end(), faults.begin(), faults.end());
}

void FaultProxy::clear_faults() {
    std::lock_guard lk(plan_mu_);
    queue_.clear();
}

std::size_t FaultProxy::pending_faults() const {
    std::lock_guard lk(plan_mu_);
    return queue_.size();
}

void FaultProxy::set_default_fault(Fault fault) {
    std::lock_guard lk(plan_mu_);
    default_ = fault;
}

void FaultProxy::set_random(std::uint64_t seed, RandomFaults plan) {
    std::lock_guard lk(plan_mu_);
    random_ = plan;
    rng_.seed(seed);
}

void FaultProxy::clear_random() {
    std::lock_guard lk(plan_mu_);
    random_.reset();
}

void FaultProxy::set_drain_quiet(std::chrono::milliseconds quiet) {
    drain_quiet_ms_.store(quiet.count());
}

Fault FaultProxy::next_fault() {
    std::lock_guard lk(plan_mu_);
    if (!queue_.empty()) {
        const Fault f = queue_.front();
        queue_.pop_front();
        return f;
    }
    if (!random_) {
        return default_;
    }
    // Own arithmetic on mt19937_64 (fully specified) so a seed means the same everywhere.
    const RandomFaults& r = *random_;
    const double u = static_cast<double>(rng_() >> 11) / 9007199254740992.0;  // [0, 1)
    const std::uint64_t draw = rng_();
    const std::uint64_t offset = r.max_offset == UINT64_MAX ? draw : draw % (r.max_offset + 1);
    double edge = r.cut_upstream;
    if (u < edge) {
        return Fault::cut_upstream_after(offset);
    }
    edge += r.cut_downstream;
    if (u < edge) {
        return Fault::cut_downstream_after(offset);
    }
    edge += r.stall;
    if (u < edge) {
        return Fault::stall_after(offset, r.stall_for);
    }
    edge += r.refuse;
    if (u < edge) {
        return Fault::refuse();
    }
    return Fault::pass();
}

// ---- reports and waiting ----

std::uint64_t FaultProxy::open_connections() const {
    // Counted from the same flags as connections() reports, so both agree at any moment.
    std::lock_guard lk(conns_mu_);
    return static_cast<std::uint64_t>(std::count_if(
        conns_.begin(), conns_.end(), [](const auto& c) { return !c->finished.load(); }));
}

std::vector<ConnectionReport> FaultProxy::connections() const {
    std::lock_guard lk(conns_mu_);
    std::vector<ConnectionReport> out;
    out.reserve(conns_.size());
    for (const auto& c : conns_) {
        ConnectionReport r;
        r.index = c->index;
        r.fault = c->fault;
        r.upstream_connected = c->upstream_connected.load();
        r.fault_fired = c->fault_fired.load();
        r.finished = c->finished.load();
        r.bytes_up = c->bytes_up.load();
        r.bytes_down = c->bytes_down.load();
        r.bytes_dropped = c->bytes_dropped.load();
        out.push_back(r);
    }
    return out;
}

bool FaultProxy::wait_until(const std::function<bool()>& pred,
                            std::chrono::milliseconds limit) const {
    // pred() runs without ev_mu_ held (it may take other locks); a notification missed
    // between pred() and the wait costs at most one 10 ms slice.
    const auto deadline = Clock::now() + limit;
    while (!pred()) {
        const auto now = Clock::now();
        if (now >= deadline) {
            return false;
        }
        std::unique_lock lk(ev_mu_);
        ev_cv_.wait_for(lk, std::min<Clock::duration>(milliseconds(10), deadline - now));
    }
    return true;
}

bool FaultProxy::wait_for_accepted(std::uint64_t count, std::chrono::milliseconds limit) const {
    return wait_until([&] { return accepted_.load() >= count; }, limit);
}

bool FaultProxy::wait_for_faults_applied(std::uint64_t count,
                                         std::chrono::milliseconds limit) const {
    return wait_until([&] { return faults_applied_.load() >= count; }, limit);
}

bool FaultProxy::wait_for_idle(std::chrono::milliseconds limit) const {
    return wait_until([&] { return open_connections() == 0; }, limit);
}

void FaultProxy::reset_open_connections() {
    const std::uint64_t old = reset_epoch_.fetch_add(1);
    wait_until(
        [&] {
            std::lock_guard lk(conns_mu_);
            return std::all_of(conns_.begin(), conns_.end(),
                               [&](const auto& c) { return c->epoch > old || c->finished.load(); });
        },
        milliseconds(5000));
}

// ---- accepting ----

void FaultProxy::accept_loop() {
    while (!stopping_.load()) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_r_, POLLIN, 0}};
        const int r = ::poll(fds, 2, 100);
        if (r < 0 && errno != EINTR) {
            break;
        }
        if (r < 0 || fds[1].revents != 0) {
            continue;  // stopping_ is set before the stop byte is written
        }
        reap_finished();
        if ((fds[0].revents & POLLIN) == 0) {
            continue;
        }
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                pollfd s{stop_r_, POLLIN, 0};
                ::poll(&s, 1, 10);
            }
            continue;  // EINTR, EAGAIN, ECONNABORTED, ...
        }
        set_nodelay(fd);
        auto conn = std::make_unique<Conn>();
        conn->index = accepted_.load();
        conn->fault = next_fault();
        conn->client_fd = fd;
        conn->epoch = reset_epoch_.load();
        Conn& ref = *conn;
        {
            std::lock_guard lk(conns_mu_);
            conns_.push_back(std::move(conn));
            accepted_.fetch_add(1);
            try {
                ref.thread = std::thread([this, &ref] { serve(ref); });
            } catch (...) {
                abort_fd(ref.client_fd);
                ref.finished.store(true);
            }
        }
        notify();
    }
}

void FaultProxy::reap_finished() {
    std::lock_guard lk(conns_mu_);
    for (auto& c : conns_) {
        if (c->finished.load() && c->thread.joinable()) {
            c->thread.join();
        }
    }
}

// ---- one connection ----

bool FaultProxy::interrupted(const Conn& c) const {
    return stopping_.load() || reset_epoch_.load() != c.epoch;
}

bool FaultProxy::pause(const Conn& c, std::chrono::milliseconds d) const {
    const auto deadline = Clock::now() + d;
    for (;;) {
        if (interrupted(c)) {
            return false;
        }
        const auto now = Clock::now();
        if (now >= deadline) {
            return true;
        }
        pollfd s{stop_r_, POLLIN, 0};
        ::poll(&s, 1,
               poll_ms(std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1)));
    }
}

void FaultProxy::wait_unsent(const Conn& c, int fd) const {
    const auto deadline = Clock::now() + kUnsentLimit;
    while (unsent_bytes(fd) > 0 && Clock::now() < deadline && !interrupted(c)) {
        pollfd s{stop_r_, POLLIN, 0};
        ::poll(&s, 1, 1);
    }
}

void FaultProxy::fired(Conn& c) {
    c.fault_fired.store(true);
    faults_applied_.fetch_add(1);
    notify();
}

int FaultProxy::connect_upstream(const Conn& c) const {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    set_nodelay(fd);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(upstream_port_.load()));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        return fd;
    }
    if (errno != EINPROGRESS && errno != EINTR) {
        close_fd(fd);
        return -1;
    }
    const auto deadline = Clock::now() + kConnectLimit;
    for (;;) {
        if (interrupted(c) || Clock::now() >= deadline) {
            close_fd(fd);
            return -1;
        }
        pollfd fds[2] = {{fd, POLLOUT, 0}, {stop_r_, POLLIN, 0}};
        const int r = ::poll(fds, 2, poll_ms(kTick));
        if (r > 0 && fds[0].revents != 0) {
            int err = 0;
            socklen_t len = sizeof err;
            if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
                close_fd(fd);
                return -1;
            }
            return fd;
        }
    }
}

void FaultProxy::serve(Conn& c) {
    int cfd = c.client_fd;
    int ufd = -1;
    if (c.fault.kind == Fault::Kind::refuse) {
        abort_fd(cfd);
        fired(c);
    } else {
        ufd = connect_upstream(c);
        if (ufd < 0) {
            connect_failures_.fetch_add(1);
            abort_fd(cfd);
        } else {
            c.upstream_connected.store(true);
            relay(c, cfd, ufd);
        }
    }
    abort_fd(cfd);  // no-ops unless relay() left one open
    abort_fd(ufd);
    c.finished.store(true);
    notify();
}

void FaultProxy::relay(Conn& c, int& cfd, int& ufd) {
    const Fault f = c.fault;
    Dir up;  // client -> server
    up.src = &cfd;
    up.dst = &ufd;
    Dir down;  // server -> client
    down.src = &ufd;
    down.dst = &cfd;
    if (f.kind == Fault::Kind::cut_upstream || f.kind == Fault::Kind::stall) {
        up.limited = true;
        up.limit = f.after_bytes;
        up.limit_reads = true;
    } else if (f.kind == Fault::Kind::cut_downstream) {
        down.limited = true;
        down.limit = f.after_bytes;
        down.detect_interim = true;
    }

    const auto cut_upstream = [&] {
        wait_unsent(c, ufd);
        abort_fd(ufd);
        abort_fd(cfd);
        fired(c);
    };
    const auto stall = [&] {
        fired(c);
        if (f.stall_for.count() == 0) {
            while (pause(c, milliseconds(1000))) {
            }
        } else {
            pause(c, f.stall_for);
        }
        abort_fd(cfd);
        abort_fd(ufd);
    };
    const auto cut_downstream = [&] {
        wait_unsent(c, cfd);
        abort_fd(cfd);
        fired(c);
        // Read and drop the rest of the answer, so the server finishes writing it.
        c.bytes_dropped.fetch_add(down.discarded);
        bytes_dropped_.fetch_add(down.discarded);
        const milliseconds quiet(drain_quiet_ms_.load());
        auto quiet_until = Clock::now() + quiet;
        while (!interrupted(c) && Clock::now() < quiet_until) {
            pollfd fds[2] = {{ufd, POLLIN, 0}, {stop_r_, POLLIN, 0}};
            const auto left = std::chrono::duration_cast<milliseconds>(quiet_until - Clock::now());
            if (::poll(fds, 2, poll_ms(left + milliseconds(1))) <= 0 || fds[0].revents == 0) {
                continue;
            }
            const ssize_t n = ::recv(ufd, down.buf.data(), down.buf.size(), 0);
            if (n > 0) {
                c.bytes_dropped.fetch_add(static_cast<std::uint64_t>(n));
                bytes_dropped_.fetch_add(static_cast<std::uint64_t>(n));
                quiet_until = Clock::now() + quiet;
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
                break;
            }
        }
        abort_fd(ufd);
    };
    const auto count = [&](const Dir& d, std::size_t n) {
        const auto v = static_cast<std::uint64_t>(n);
        if (&d == &up) {
            c.bytes_up.fetch_add(v);
            bytes_up_.fetch_add(v);
        } else {
            c.bytes_down.fetch_add(v);
            bytes_down_.fetch_add(v);
        }
    };
    const auto shut_if_done = [](Dir& d) {
        if (d.src_eof && d.empty() && !d.dst_shut) {
            ::shutdown(*d.dst, SHUT_WR);
            d.dst_shut = true;
        }
    };

    for (;;) {
        if (interrupted(c)) {
            return;  // serve() resets both sides
        }
        // Faults whose offset is reached.
        if (up.limited && up.counted == up.limit) {
            if (f.kind == Fault::Kind::cut_upstream) {
                cut_upstream();
            } else {
                stall();
            }
            return;
        }
        if (down.cut_pending && down.empty()) {
            cut_downstream();
            return;
        }
        if (up.done() && down.done()) {
            close_fd(cfd);
            close_fd(ufd);
            return;
        }

        short cev = 0;
        short uev = 0;
        if (up.wants_read()) {
            cev |= POLLIN;
        }
        if (!down.empty()) {
            cev |= POLLOUT;
        }
        if (down.wants_read()) {
            uev |= POLLIN;
        }
        if (!up.empty()) {
            uev |= POLLOUT;
        }
        // A socket with nothing to wait for stays out: its POLLHUP would spin the loop.
        pollfd fds[3] = {
            {stop_r_, POLLIN, 0}, {cev != 0 ? cfd : -1, cev, 0}, {uev != 0 ? ufd : -1, uev, 0}};
        const int r = ::poll(fds, 3, poll_ms(kTick));
        if (r <= 0) {
            continue;  // time-out or EINTR
        }
        if (fds[0].revents != 0) {
            return;
        }

        for (Dir* d : {&up, &down}) {
            const short src_rev = d->src == &cfd ? fds[1].revents : fds[2].revents;
            const short dst_rev = d->dst == &cfd ? fds[1].revents : fds[2].revents;
            const short src_ev = d->src == &cfd ? cev : uev;
            const short dst_ev = d->dst == &cfd ? cev : uev;

            if ((dst_ev & POLLOUT) != 0 && dst_rev != 0 && !d->empty()) {
                const ssize_t n =
                    ::send(*d->dst, d->buf.data() + d->off, d->len - d->off, MSG_NOSIGNAL);
                if (n > 0) {
                    d->wrote(static_cast<std::size_t>(n));
                    count(*d, static_cast<std::size_t>(n));
                    shut_if_done(*d);
                    if (d == &up && up.limited && up.counted == up.limit) {
                        break;  // the fault fires before anything else moves
                    }
                } else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                    return;  // the peer is gone: reset the other side too
                }
            }
            if ((src_ev & POLLIN) != 0 && src_rev != 0 && d->wants_read()) {
                std::size_t want = d->buf.size();
                if (d->limited && d->limit_reads) {
                    want = static_cast<std::size_t>(std::min<std::uint64_t>(want, d->budget()));
                }
                const ssize_t n = ::recv(*d->src, d->buf.data(), want, 0);
                if (n > 0) {
                    d->take(static_cast<std::size_t>(n));
                } else if (n == 0) {
                    d->src_eof = true;
                    if (!d->head.empty()) {
                        d->take(0);  // a partial head read before EOF goes out as it is
                    }
                    shut_if_done(*d);
                } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                    return;  // reset by the peer: reset the other side too
                }
            }
        }
    }
}

}  // namespace anjungan::test
