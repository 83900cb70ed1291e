// Over 600 lines: one benchmark program with its rig (office, kiosks, baseline) and its report;
// its parts share the rig.
// Sync benchmark: kiosks sending their outboxes to a real office over loopback, with every part
// real (office::OfficeServer on SQLite and a BlobStore in a temporary folder, kiosk::Store
// databases, libcurl through sync::OfficeClient / sync::Sender / kiosk::StoreJournal), and a
// plain-HTTP baseline that uploads the same bytes with no protocol logic at all.
//
//   bench_sync --mode load [--kiosks 20] [--cases 50]   N kiosks send M cases each, at once
//   bench_sync --mode drain [--cases 1000]              one kiosk drains its outbox
//   bench_sync --mode plain [--cases 1000]              the same bytes as bare 1 MiB PUTs
//   bench_sync --mode compare [--cases 1000]            drain, then plain on the same data
//
// Human-readable lines, then one JSON line with every figure. Exits 1 when an invariant fails
// (the office holds exactly the cases sent, byte-identical blobs, every outbox drained), 2 when
// the setup fails, CLI11's code on a usage error. A plain timed program (not Google Benchmark),
// run by hand.
#include <curl/curl.h>
#include <fcntl.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "anjungan/kiosk/store.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "anjungan/office/blob_store.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/samples/sample_case.hpp"
#include "anjungan/samples/seed.hpp"
#include "anjungan/sync/client.hpp"
#include "anjungan/sync/sender.hpp"

namespace {

using namespace anjungan;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double mb(std::uint64_t bytes) {
    return static_cast<double>(bytes) / 1e6;
}

double round3(double v) {
    return std::round(v * 1000) / 1000;
}

// Nearest-rank percentile of `v` (sorted in place); 0 when empty.
double percentile(std::vector<double>& v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// A fresh folder, removed when the object goes (unless kept).
class TempDir {
  public:
    TempDir(const fs::path& parent, bool keep) : keep_(keep) {
        std::string tmpl = (parent / "anjungan-bench-sync-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("cannot create a folder under " + parent.string());
        }
        path_ = tmpl;
    }
    ~TempDir() {
        if (!keep_) {
            std::error_code ec;
            fs::remove_all(path_, ec);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
    bool keep_;
};

// ---- Synthetic cases: kiosk/seed.hpp (as `anjungan cases seed` makes them) ----------------

using samples::make_seed_images;
using samples::seed_case;
using samples::SeedImages;

// ---- Kiosks -------------------------------------------------------------------------------

// "K" and two (or three) letters of A-H: valid kiosk ids (platform::kiosk_id_problem).
std::string kiosk_id_for(int index, int total) {
    const int digits = total <= 64 ? 2 : 3;
    std::string id = "K";
    std::string tail;
    for (int d = 0; d < digits; ++d) {
        tail.insert(tail.begin(), static_cast<char>('A' + index % 8));
        index /= 8;
    }
    id += tail;
    if (const auto why = platform::kiosk_id_problem(id); !why.empty()) {
        throw std::runtime_error("kiosk id " + id + ": " + why);
    }
    return id;
}

struct Kiosk {
    std::string id;
    fs::path dir;
    std::vector<std::string> case_ids;
    std::uint64_t bytes = 0;
};

std::unique_ptr<kiosk::Store> open_kiosk_store(const Kiosk& k, bool create,
                                               const platform::Clock& clock) {
    kiosk::StoreOptions o;
    o.data_dir = k.dir;
    o.kiosk_id = k.id;
    o.create = create;
    return kiosk::Store::open(o, clock);
}

// Creates the kiosks' stores (with their keys), registers each at the office and seeds
// `cases` cases into each, on up to `threads` threads (the stores are independent).
std::vector<Kiosk> make_kiosks(const fs::path& root, int count, int cases, const SeedImages& images,
                               office::Storage& office, int threads) {
    platform::SystemClock clock;
    std::vector<Kiosk> kiosks(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        auto& k = kiosks[static_cast<std::size_t>(i)];
        k.id = kiosk_id_for(i, count);
        k.dir = root / ("kiosk-" + k.id);
        open_kiosk_store(k, true, clock);  // creates the database and the keys
        const auto key = platform::SigningKey::read_file(kiosk::signing_key_path(k.dir));
        office.add_kiosk(k.id, key.public_key_text(), platform::format_utc(clock.now()));
    }
    std::atomic<int> next{0};
    std::mutex error_mutex;
    std::string error;
    auto work = [&](unsigned seed) {
        std::mt19937 rng(seed);
        for (int i = next++; i < count; i = next++) {
            auto& k = kiosks[static_cast<std::size_t>(i)];
            try {
                auto store = open_kiosk_store(k, false, clock);
                for (int n = 0; n < cases; ++n) {
                    domain::NewCase c = seed_case(images, n, rng);
                    for (const auto& d : c.documents) {
                        k.bytes += d.content.size();
                    }
                    store->submit(c);
                    k.case_ids.push_back(c.case_id);
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(error_mutex);
                error = "seeding kiosk " + k.id + ": " + e.what();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, std::min(threads, count)); ++t) {
        pool.emplace_back(work, std::random_device{}());
    }
    for (auto& t : pool) {
        t.join();
    }
    if (!error.empty()) {
        throw std::runtime_error(error);
    }
    return kiosks;
}

// The kiosk's journal with a stopwatch: per-case latency (load_case .. acknowledged committed)
// and where the kiosk side spends its time. Everything is passed to the real StoreJournal.
class TimedJournal final : public sync::Journal {
  public:
    explicit TimedJournal(sync::Journal& inner) : inner_(inner) {}

    std::vector<sync::OutboxItem> pending(int limit) override {
        const auto t = Clock::now();
        auto out = inner_.pending(limit);
        other_s += seconds_since(t);
        return out;
    }
    sync::CasePayload load_case(const std::string& case_id) override {
        const auto t = Clock::now();
        started_[case_id] = t;
        auto out = inner_.load_case(case_id);
        load_case_s += seconds_since(t);
        return out;
    }
    platform::Bytes load_blob(const std::string& sha256) override {
        const auto t = Clock::now();
        auto out = inner_.load_blob(sha256);
        load_blob_s += seconds_since(t);
        return out;
    }
    void acknowledged(const std::string& case_id, const sync::CaseAck& ack) override {
        const auto t = Clock::now();
        inner_.acknowledged(case_id, ack);
        acknowledged_s += seconds_since(t);
        if (const auto it = started_.find(case_id); it != started_.end()) {
            latencies_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - it->second).count());
            started_.erase(it);
        }
    }
    void attempt_failed(const std::string& case_id, const std::string& error) override {
        inner_.attempt_failed(case_id, error);
    }
    void quarantine(const std::string& case_id, const std::string& reason) override {
        inner_.quarantine(case_id, reason);
    }
    std::int64_t status_cursor() override { return inner_.status_cursor(); }
    int apply_status(const std::vector<sync::StatusEntry>& changes, std::int64_t next) override {
        const auto t = Clock::now();
        const int n = inner_.apply_status(changes, next);
        other_s += seconds_since(t);
        return n;
    }
    void record_pass(bool success, const std::string& error) override {
        inner_.record_pass(success, error);
    }
    int purge_due() override {
        const auto t = Clock::now();
        const int n = inner_.purge_due();
        other_s += seconds_since(t);
        return n;
    }

    std::vector<double> latencies_ms;
    double load_case_s = 0, load_blob_s = 0, acknowledged_s = 0, other_s = 0;

  private:
    sync::Journal& inner_;
    std::map<std::string, Clock::time_point> started_;
};

// TCP connections opened on this machine (/proc/net/snmp, Tcp ActiveOpens): a delta around a
// run counts the connections the kiosks opened (approximately: other processes count too).
long tcp_active_opens() {
    std::ifstream in("/proc/net/snmp");
    std::string names, values;
    while (std::getline(in, names) && std::getline(in, values)) {
        if (names.rfind("Tcp:", 0) != 0) {
            continue;
        }
        std::istringstream n(names), v(values);
        std::string name, value;
        while (n >> name && v >> value) {
            if (name == "ActiveOpens") {
                return std::stol(value);
            }
        }
    }
    return -1;
}

// What one kiosk's sender thread did.
struct SendResult {
    int passes = 0;
    int acknowledged = 0;
    int quarantined = 0;
    int failed = 0;
    std::uint64_t bytes_uploaded = 0;
    double seconds = 0;  // from the start signal to its outbox being empty
    std::string error;
    std::vector<double> latencies_ms;
    double load_case_s = 0, load_blob_s = 0, acknowledged_s = 0, other_s = 0;
};

struct SendRun {
    double seconds = 0;
    long tcp_connects = 0;
    std::vector<SendResult> kiosks;
};

// Every kiosk's sender on a thread of its own (it owns its Store, OfficeClient, StoreJournal
// and Sender), all released at once; the clock runs from the release until the last outbox is
// empty. Opening the stores and reading the keys happens before the release.
SendRun send_all(const std::vector<Kiosk>& kiosks, const std::string& base_url, int max_passes) {
    platform::SystemClock clock;
    SendRun run;
    run.kiosks.resize(kiosks.size());
    std::latch ready(static_cast<std::ptrdiff_t>(kiosks.size()));
    std::latch go(1);
    Clock::time_point start;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        threads.emplace_back([&, i] {
            SendResult& out = run.kiosks[i];
            const Kiosk& k = kiosks[i];
            std::unique_ptr<kiosk::Store> store;
            std::optional<platform::SigningKey> key;
            try {
                store = open_kiosk_store(k, false, clock);
                key.emplace(platform::SigningKey::read_file(kiosk::signing_key_path(k.dir)));
            } catch (const std::exception& e) {
                out.error = std::string("opening the store: ") + e.what();
            }
            ready.count_down();
            go.wait();
            if (!store) {
                return;
            }
            try {
                sync::ClientOptions co;
                co.base_url = base_url;
                co.kiosk_id = k.id;
                sync::OfficeClient client(co, *key);
                // Purge far in the future: the check reads every blob back afterwards.
                kiosk::StoreJournal journal(*store, std::chrono::hours(24 * 365));
                TimedJournal timed(journal);
                sync::Sender sender(timed, client);
                while (out.passes < max_passes) {
                    const sync::PassReport r = sender.run_once();
                    ++out.passes;
                    out.acknowledged += r.acknowledged;
                    out.quarantined += r.quarantined;
                    out.failed += r.failed;
                    out.bytes_uploaded += r.bytes_uploaded;
                    if (out.error.empty() && !r.error.empty()) {
                        out.error = r.error;
                    }
                    if (store->outbox_counts().pending == 0) {
                        break;
                    }
                    if (r.link_down || r.unregistered) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    }
                }
                out.seconds = seconds_since(start);
                out.latencies_ms = std::move(timed.latencies_ms);
                out.load_case_s = timed.load_case_s;
                out.load_blob_s = timed.load_blob_s;
                out.acknowledged_s = timed.acknowledged_s;
                out.other_s = timed.other_s;
            } catch (const std::exception& e) {
                out.error = e.what();
            }
        });
    }
    ready.wait();
    const long opens = tcp_active_opens();
    start = Clock::now();
    go.count_down();
    for (auto& t : threads) {
        t.join();
    }
    run.seconds = seconds_since(start);
    run.tcp_connects = tcp_active_opens() - opens;
    return run;
}

// The invariant after a run: the office holds exactly the cases the kiosks sent, with the
// kiosks' attachment lists, every blob byte-identical in the BlobStore; every outbox drained.
std::vector<std::string> check_invariant(const std::vector<Kiosk>& kiosks, office::Storage& office,
                                         const office::BlobStore& blobs, double& read_seconds,
                                         std::uint64_t& read_bytes) {
    platform::SystemClock clock;
    std::vector<std::string> problems;
    auto problem = [&](const std::string& p) {
        if (problems.size() < 20) {
            problems.push_back(p);
        } else if (problems.size() == 20) {
            problems.push_back("(more problems not shown)");
        }
    };
    std::size_t expected = 0;
    for (const auto& k : kiosks) {
        expected += k.case_ids.size();
    }
    std::map<std::string, office::CaseRow> at_office;
    for (auto& row : office.cases({})) {
        at_office.emplace(row.case_id, std::move(row));
    }
    if (at_office.size() != expected) {
        problem("the office holds " + std::to_string(at_office.size()) + " cases, expected " +
                std::to_string(expected));
    }
    read_seconds = 0;
    read_bytes = 0;
    for (const auto& k : kiosks) {
        auto store = open_kiosk_store(k, false, clock);
        const auto counts = store->outbox_counts();
        if (counts.sent != static_cast<int>(k.case_ids.size()) || counts.pending != 0 ||
            counts.quarantined != 0) {
            problem("kiosk " + k.id + " outbox: sent " + std::to_string(counts.sent) +
                    ", pending " + std::to_string(counts.pending) + ", quarantined " +
                    std::to_string(counts.quarantined) + "; expected sent " +
                    std::to_string(k.case_ids.size()));
        }
        for (const auto& case_id : k.case_ids) {
            const auto rec = store->find_by_id(case_id);
            if (!rec) {
                problem("kiosk " + k.id + " lost case " + case_id);
                continue;
            }
            const auto it = at_office.find(case_id);
            if (it == at_office.end()) {
                problem("case " + rec->receipt_no + " of kiosk " + k.id + " is not at the office");
                continue;
            }
            const auto& row = it->second;
            if (row.kiosk_id != k.id || row.receipt_no != rec->receipt_no) {
                problem("case " + case_id + " is at the office as " + row.receipt_no + " of " +
                        row.kiosk_id);
            }
            std::set<std::string> kiosk_shas;
            for (const auto& a : rec->attachments) {
                kiosk_shas.insert(a.sha256);
                const auto t = Clock::now();
                platform::Bytes mine;
                try {
                    mine = store->read_attachment(a.sha256);
                } catch (const std::exception& e) {
                    problem("kiosk " + k.id + " cannot read blob " + a.sha256 + ": " + e.what());
                    continue;
                }
                read_seconds += seconds_since(t);
                read_bytes += mine.size();
                platform::Bytes theirs;
                bool held = blobs.has(a.sha256);
                try {
                    theirs = held ? blobs.read(a.sha256) : platform::Bytes();
                } catch (const std::exception&) {
                    held = false;
                }
                if (!held) {
                    problem("blob " + a.sha256 + " of case " + rec->receipt_no +
                            " is not in the office's BlobStore");
                } else if (theirs != mine) {
                    problem("blob " + a.sha256 + " of case " + rec->receipt_no + " differs (" +
                            std::to_string(theirs.size()) + " bytes at the office, " +
                            std::to_string(mine.size()) + " at the kiosk)");
                }
            }
            const std::set<std::string> office_shas(row.blobs.begin(), row.blobs.end());
            if (office_shas != kiosk_shas) {
                problem("case " + rec->receipt_no + ": the office's attachment list differs");
            }
        }
    }
    return problems;
}

// ---- The office ---------------------------------------------------------------------------

struct Office {
    std::unique_ptr<office::Storage> storage;
    std::unique_ptr<office::BlobStore> blobs;
    platform::SystemClock clock;
    std::unique_ptr<office::OfficeServer> server;
    std::string base_url;

    Office(const fs::path& dir, int threads) {
        storage = office::open_sqlite_storage(dir);
        blobs = std::make_unique<office::BlobStore>(dir);
        office::ServerOptions o;
        o.host = "127.0.0.1";
        o.port = 0;
        o.threads = threads;
        server = std::make_unique<office::OfficeServer>(o, *storage, *blobs, clock);
        base_url = "http://127.0.0.1:" + std::to_string(server->start());
    }
    ~Office() { server->stop(); }
};

// ---- Figures ------------------------------------------------------------------------------

json send_figures(const SendRun& run, int cases, std::uint64_t bytes) {
    std::vector<double> lat;
    int passes = 0, failed = 0, quarantined = 0, acknowledged = 0;
    std::uint64_t uploaded = 0;
    double load_case_s = 0, load_blob_s = 0, ack_s = 0, other_s = 0, slowest = 0;
    double fastest = run.kiosks.empty() ? 0 : run.kiosks.front().seconds;
    for (const auto& k : run.kiosks) {
        lat.insert(lat.end(), k.latencies_ms.begin(), k.latencies_ms.end());
        passes = std::max(passes, k.passes);
        failed += k.failed;
        quarantined += k.quarantined;
        acknowledged += k.acknowledged;
        uploaded += k.bytes_uploaded;
        load_case_s += k.load_case_s;
        load_blob_s += k.load_blob_s;
        ack_s += k.acknowledged_s;
        other_s += k.other_s;
        slowest = std::max(slowest, k.seconds);
        fastest = std::min(fastest, k.seconds);
    }
    const double s = run.seconds;
    json j = {{"cases", cases},
              {"bytes", bytes},
              {"bytes_uploaded", uploaded},
              {"seconds", round3(s)},
              {"cases_per_s", round3(cases / s)},
              {"mb_per_s", round3(mb(bytes) / s)},
              {"latency_p50_ms", round3(percentile(lat, 50))},
              {"latency_p95_ms", round3(percentile(lat, 95))},
              {"latency_max_ms", round3(lat.empty() ? 0 : lat.back())},
              {"acknowledged", acknowledged},
              {"failed_attempts", failed},
              {"quarantined", quarantined},
              {"max_passes", passes},
              {"tcp_connects", run.tcp_connects},
              {"first_kiosk_done_s", round3(fastest)},
              {"last_kiosk_done_s", round3(slowest)},
              {"kiosk_seconds",
               {{"load_case", round3(load_case_s)},
                {"load_blob", round3(load_blob_s)},
                {"acknowledged", round3(ack_s)},
                {"pending_status_purge", round3(other_s)}}}};
    return j;
}

void print_send(const std::string& title, const json& f) {
    std::printf(
        "%s: %d cases, %.1f MB of blobs (%.1f MB uploaded) in %.2f s: %.1f cases/s, %.1f MB/s\n",
        title.c_str(), f["cases"].get<int>(), mb(f["bytes"].get<std::uint64_t>()),
        mb(f["bytes_uploaded"].get<std::uint64_t>()), f["seconds"].get<double>(),
        f["cases_per_s"].get<double>(), f["mb_per_s"].get<double>());
    std::printf(
        "  per-case latency (load_case .. ack committed): p50 %.1f ms, p95 %.1f ms, max "
        "%.1f ms\n",
        f["latency_p50_ms"].get<double>(), f["latency_p95_ms"].get<double>(),
        f["latency_max_ms"].get<double>());
    const auto& ks = f["kiosk_seconds"];
    std::printf(
        "  kiosk-side time, summed over senders: load_case %.2f s, load_blob (decrypt) "
        "%.2f s, ack commit %.2f s, outbox/status/purge %.2f s\n",
        ks["load_case"].get<double>(), ks["load_blob"].get<double>(),
        ks["acknowledged"].get<double>(), ks["pending_status_purge"].get<double>());
    std::printf(
        "  passes (most by one kiosk) %d, failed attempts %d, quarantined %d, TCP "
        "connections opened ~%ld\n",
        f["max_passes"].get<int>(), f["failed_attempts"].get<int>(), f["quarantined"].get<int>(),
        f["tcp_connects"].get<long>());
    if (f.contains("kiosks") && f["kiosks"].get<int>() > 1) {
        std::printf("  first kiosk drained after %.2f s, last after %.2f s\n",
                    f["first_kiosk_done_s"].get<double>(), f["last_kiosk_done_s"].get<double>());
    }
}

// ---- The plain baseline -------------------------------------------------------------------

// The baseline is the transport at its best: Nagle off on the server (cpp-httplib leaves it
// on by default; libcurl turns it off on its side) and one connection for the whole run
// (cpp-httplib closes a connection after 5 requests by default). `httplib_defaults` keeps
// cpp-httplib's defaults instead, which is how office::OfficeServer runs.
struct PlainOptions {
    std::size_t chunk = sync::kMaxChunk;
    bool fsync = false;
    bool httplib_defaults = false;
};

struct PlainResult {
    std::uint64_t bytes = 0;
    std::uint64_t requests = 0;
    long connects = 0;
    double seconds = 0;
    std::string error;
};

// A bare httplib server whose PUT handler appends the body to one file (and fsyncs it when
// asked), and libcurl PUTs of every blob in `chunk`-sized requests over one keep-alive
// connection. The bytes are made again from the case ids (the same bytes the kiosks sent),
// outside the timed part only in the sense that making them is a memcpy.
PlainResult run_plain(const fs::path& dir, const SeedImages& images,
                      const std::vector<std::string>& case_ids, const PlainOptions& po) {
    PlainResult out;
    const fs::path file = dir / "plain.bin";
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0600);
    if (fd < 0) {
        out.error = "cannot open " + file.string();
        return out;
    }
    std::mutex write_mutex;
    std::atomic<bool> write_failed{false};
    httplib::Server http;
    http.set_payload_max_length(4u << 20);
    if (!po.httplib_defaults) {
        http.set_keep_alive_max_count(1000000);
        http.set_tcp_nodelay(true);
    }
    http.set_keep_alive_timeout(30);
    http.Put(R"(/plain/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard lock(write_mutex);
            std::size_t done = 0;
            while (done < req.body.size()) {
                const ssize_t n = ::write(fd, req.body.data() + done, req.body.size() - done);
                if (n <= 0) {
                    write_failed = true;
                    break;
                }
                done += static_cast<std::size_t>(n);
            }
            if (po.fsync && ::fsync(fd) != 0) {
                write_failed = true;
            }
        }
        res.set_content("{\"ok\":true}", "application/json");
    });
    const int port = http.bind_to_any_port("127.0.0.1");
    if (port <= 0) {
        ::close(fd);
        out.error = "the plain server cannot bind";
        return out;
    }
    std::thread server([&] { http.listen_after_bind(); });
    while (!http.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    CURL* h = curl_easy_init();
    struct Upload {
        const std::uint8_t* data = nullptr;
        std::size_t size = 0, pos = 0;
    } up;
    std::string body;
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(
        h, CURLOPT_READFUNCTION, +[](char* buf, std::size_t size, std::size_t n, void* user) {
            auto* u = static_cast<Upload*>(user);
            const std::size_t want = std::min(size * n, u->size - u->pos);
            std::memcpy(buf, u->data + u->pos, want);
            u->pos += want;
            return want;
        });
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(
        h, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t n, void* user) {
            static_cast<std::string*>(user)->append(data, size * n);
            return size * n;
        });
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/plain/";

    const auto start = Clock::now();
    for (const auto& case_id : case_ids) {
        if (!out.error.empty()) {
            break;
        }
        for (const auto& d : samples::seed_documents(images, case_id)) {
            for (std::size_t at = 0; at < d.content.size() && out.error.empty(); at += po.chunk) {
                up = {d.content.data() + at, std::min(po.chunk, d.content.size() - at), 0};
                body.clear();
                const std::string u = url + std::to_string(out.requests);
                curl_easy_setopt(h, CURLOPT_URL, u.c_str());
                curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(up.size));
                const CURLcode rc = curl_easy_perform(h);
                long code = 0;
                curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
                if (rc != CURLE_OK || code != 200) {
                    out.error = "PUT " + u + ": " + curl_easy_strerror(rc) + ", HTTP " +
                                std::to_string(code);
                }
                ++out.requests;
                out.bytes += up.size;
                long connects = 0;
                curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
                out.connects += connects;
            }
        }
    }
    out.seconds = seconds_since(start);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    http.stop();
    server.join();
    ::close(fd);
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (out.error.empty() && (write_failed || ec || size != out.bytes)) {
        out.error = "the plain server's file holds " + std::to_string(ec ? 0 : size) +
                    " bytes, expected " + std::to_string(out.bytes);
    }
    fs::remove(file, ec);
    return out;
}

json plain_figures(const PlainResult& r, const PlainOptions& po) {
    return {{"bytes", r.bytes},
            {"requests", r.requests},
            {"connections", r.connects},
            {"chunk", po.chunk},
            {"fsync", po.fsync},
            {"httplib_defaults", po.httplib_defaults},
            {"seconds", round3(r.seconds)},
            {"mb_per_s", round3(mb(r.bytes) / r.seconds)},
            {"ms_per_request", round3(r.seconds * 1000 / static_cast<double>(r.requests))},
            {"error", r.error}};
}

std::string plain_title(const PlainOptions& po) {
    std::string t = "plain";
    if (po.fsync) {
        t += ", fsync each";
    }
    if (po.httplib_defaults) {
        t += ", httplib defaults";
    }
    return t;
}

void print_plain(const std::string& title, const json& f) {
    std::printf(
        "%s: %.1f MB in %llu PUTs over %ld connection(s) in %.2f s: %.1f MB/s, %.2f "
        "ms/request\n",
        title.c_str(), mb(f["bytes"].get<std::uint64_t>()),
        static_cast<unsigned long long>(f["requests"].get<std::uint64_t>()),
        f["connections"].get<long>(), f["seconds"].get<double>(), f["mb_per_s"].get<double>(),
        f["ms_per_request"].get<double>());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Sync benchmark: kiosks -> office over loopback, and a plain-HTTP baseline"};
    std::string mode = "load";
    int kiosk_count = 20;
    int cases = -1;
    int office_threads = 32;
    int max_passes = 20;
    int seed_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::string dir = fs::temp_directory_path().string();
    bool keep = false;
    PlainOptions po;
    std::size_t chunk_kib = po.chunk / 1024;
    app.add_option("--mode", mode, "load | drain | plain | compare")
        ->check(CLI::IsMember({"load", "drain", "plain", "compare"}));
    app.add_option("--kiosks", kiosk_count, "Kiosks in load mode")->check(CLI::Range(1, 512));
    app.add_option("--cases", cases,
                   "Cases per kiosk (load: 50) or in all (drain, plain, compare: 1000)")
        ->check(CLI::Range(1, 9999));
    app.add_option("--office-threads", office_threads, "The office server's worker threads");
    app.add_option("--max-passes", max_passes, "Sender passes per kiosk before giving up");
    app.add_option("--seed-threads", seed_threads, "Threads seeding the kiosk stores");
    app.add_option("--dir", dir, "Where the temporary folder goes");
    app.add_flag("--keep", keep, "Keep the temporary folder (the stores, the office's data)");
    app.add_option("--plain-chunk-kib", chunk_kib, "Plain mode: request size")
        ->check(CLI::Range(1, 4096));
    app.add_flag("--plain-fsync", po.fsync, "Plain mode: fsync after every request");
    app.add_flag("--plain-httplib-defaults", po.httplib_defaults,
                 "Plain mode: keep cpp-httplib's defaults (Nagle on, 5 requests a connection) "
                 "as the office server does");
    CLI11_PARSE(app, argc, argv);
    po.chunk = chunk_kib * 1024;
    if (cases < 0) {
        cases = mode == "load" ? 50 : 1000;
    }
    if (mode != "load") {
        kiosk_count = 1;
    }

    spdlog::set_level(spdlog::level::warn);
    platform::init_crypto();
    curl_global_init(CURL_GLOBAL_DEFAULT);

    json result = {{"mode", mode}};
    int exit_code = 0;
    try {
        TempDir root(dir, keep);
        auto t = Clock::now();
        const SeedImages images = make_seed_images();
        const std::uint64_t per_case = images.ktp.size() + images.sk1.size() + images.sk2.size() +
                                       images.letter.size() + images.selfie.size();
        std::printf(
            "images encoded in %.2f s: KTP %zu, SK %zu + %zu, letter %zu, selfie %zu "
            "bytes (%.2f MB a case)\n",
            seconds_since(t), images.ktp.size(), images.sk1.size(), images.sk2.size(),
            images.letter.size(), images.selfie.size(), mb(per_case));

        std::vector<std::string> plain_ids;
        if (mode == "load" || mode == "drain" || mode == "compare") {
            Office office(root.path() / "office", office_threads);
            t = Clock::now();
            const auto kiosks =
                make_kiosks(root.path(), kiosk_count, cases, images, *office.storage, seed_threads);
            const double seed_s = seconds_since(t);
            std::uint64_t bytes = 0;
            for (const auto& k : kiosks) {
                bytes += k.bytes;
            }
            const int total = kiosk_count * cases;
            std::printf(
                "seeded %d kiosk(s) x %d cases (%.1f MB of blobs) in %.2f s on %d "
                "thread(s); office at %s\n",
                kiosk_count, cases, mb(bytes), seed_s, std::min(seed_threads, kiosk_count),
                office.base_url.c_str());
            std::fflush(stdout);

            const SendRun run = send_all(kiosks, office.base_url, max_passes);
            json f = send_figures(run, total, bytes);
            f["kiosks"] = kiosk_count;
            f["cases_per_kiosk"] = cases;
            f["seed_seconds"] = round3(seed_s);
            print_send(mode == "load" ? "load" : "drain", f);
            for (std::size_t i = 0; i < run.kiosks.size(); ++i) {
                if (!run.kiosks[i].error.empty()) {
                    std::printf("  kiosk %s: %s\n", kiosks[i].id.c_str(),
                                run.kiosks[i].error.c_str());
                }
            }

            double read_s = 0;
            std::uint64_t read_bytes = 0;
            t = Clock::now();
            const auto problems =
                check_invariant(kiosks, *office.storage, *office.blobs, read_s, read_bytes);
            std::printf(
                "invariant (%d cases at the office, blobs identical, outboxes drained): "
                "%s (checked in %.2f s; kiosk read_attachment %.1f MB/s)\n",
                total, problems.empty() ? "OK" : "FAILED", seconds_since(t),
                read_s > 0 ? mb(read_bytes) / read_s : 0.0);
            for (const auto& p : problems) {
                std::printf("  %s\n", p.c_str());
            }
            f["invariant_ok"] = problems.empty();
            f["problems"] = problems;
            f["kiosk_read_mb_per_s"] = round3(read_s > 0 ? mb(read_bytes) / read_s : 0.0);
            result[mode == "load" ? "load" : "drain"] = f;
            if (!problems.empty()) {
                exit_code = 1;
            }
            if (mode == "compare") {
                plain_ids = kiosks.front().case_ids;
            }
        }
        if (mode == "plain") {
            for (int i = 0; i < cases; ++i) {
                plain_ids.push_back(platform::new_uuid_v4());
            }
        }
        if (mode == "plain" || mode == "compare") {
            const PlainResult r = run_plain(root.path(), images, plain_ids, po);
            json f = plain_figures(r, po);
            f["cases"] = static_cast<int>(plain_ids.size());
            print_plain(plain_title(po), f);
            if (!r.error.empty()) {
                std::printf("  plain: %s\n", r.error.c_str());
                exit_code = 1;
            }
            result["plain"] = f;
            if (mode == "compare") {
                // The same bytes again with an fsync per request: what durability alone costs.
                PlainOptions durable = po;
                durable.fsync = true;
                const PlainResult rd = run_plain(root.path(), images, plain_ids, durable);
                json fd = plain_figures(rd, durable);
                print_plain(plain_title(durable), fd);
                if (!rd.error.empty()) {
                    std::printf("  plain: %s\n", rd.error.c_str());
                    exit_code = 1;
                }
                result["plain_fsync"] = fd;
                // And with cpp-httplib's defaults, as office::OfficeServer configures it.
                PlainOptions as_office = po;
                as_office.httplib_defaults = true;
                const PlainResult ro = run_plain(root.path(), images, plain_ids, as_office);
                json fo = plain_figures(ro, as_office);
                print_plain(plain_title(as_office), fo);
                if (!ro.error.empty()) {
                    std::printf("  plain: %s\n", ro.error.c_str());
                    exit_code = 1;
                }
                result["plain_httplib_defaults"] = fo;
                const double drain_s = result["drain"]["seconds"].get<double>();
                const double overhead = drain_s / r.seconds;
                const double overhead_durable = drain_s / rd.seconds;
                if (result["drain"]["bytes"].get<std::uint64_t>() != r.bytes) {
                    std::printf("  note: drain sent %llu bytes, plain %llu\n",
                                static_cast<unsigned long long>(
                                    result["drain"]["bytes"].get<std::uint64_t>()),
                                static_cast<unsigned long long>(r.bytes));
                }
                std::printf(
                    "overhead: drain takes %.2fx the plain upload's time (%.2fx the "
                    "plain upload with an fsync per request) for the same %.1f MB\n",
                    overhead, overhead_durable, mb(r.bytes));
                result["overhead"] = round3(overhead);
                result["overhead_vs_fsync"] = round3(overhead_durable);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sync: %s\n", e.what());
        result["error"] = e.what();
        std::cout << result.dump() << std::endl;
        return 2;
    }
    result["ok"] = exit_code == 0;
    std::cout << result.dump() << std::endl;
    return exit_code;
}
