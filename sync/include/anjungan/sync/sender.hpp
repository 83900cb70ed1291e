// The kiosk's side of sync: the outbox sender, the status pull and the purge, over a Journal
// (the kiosk's store implements it) and an OfficeClient. `Sender::run_once` is one pass;
// `SyncService` runs passes on its own thread with backoff, link probing and wake-ups.
//
// Guarantees (what the fault tests check):
// - a case is acknowledged only on an answer that is exactly the office's acceptance of it;
//   anything else (no answer, a cut, a 5xx, a 2xx with another body) leaves it pending, and the
//   next attempt is a replay the office answers from its idempotency record;
// - blobs go first, resumably (HEAD for the office's offset, PATCH chunks of 256 KiB-1 MiB);
// - a case the office refuses for good is quarantined with the reason and the rest keep going;
// - status changes and the feed cursor are applied in one transaction by the journal.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "anjungan/sync/client.hpp"
#include "anjungan/sync/protocol.hpp"

namespace anjungan::sync {

// A case or blob the kiosk itself cannot send (unreadable, damaged): quarantined at once.
class PoisonError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OutboxItem {
    std::string case_id;
    std::string receipt_no;
    int attempts = 0;
};

// What the sender needs from the kiosk's store. Every method is one durable transaction.
class Journal {
  public:
    virtual ~Journal() = default;
    // Pending cases, oldest first.
    virtual std::vector<OutboxItem> pending(int limit) = 0;
    // Throw PoisonError when the case or the blob cannot be read as stored.
    virtual CasePayload load_case(const std::string& case_id) = 0;
    virtual platform::Bytes load_blob(const std::string& sha256) = 0;
    virtual void acknowledged(const std::string& case_id, const CaseAck& ack) = 0;
    virtual void attempt_failed(const std::string& case_id, const std::string& error) = 0;
    virtual void quarantine(const std::string& case_id, const std::string& reason) = 0;
    virtual std::int64_t status_cursor() = 0;
    // Applies the changes of cases this kiosk holds (others are skipped) and moves the cursor
    // to `next`, all in one transaction; returns how many changes altered a case.
    virtual int apply_status(const std::vector<StatusEntry>& changes, std::int64_t next) = 0;
    virtual void record_pass(bool success, const std::string& error) = 0;
    // Erases personal data of cases acknowledged long enough ago; returns how many.
    virtual int purge_due() = 0;
    // The office's list of kiosk public keys (a JSON array of {"kiosk_id","public_key"}), so
    // this kiosk verifies receipts printed by any kiosk.
    virtual void save_kiosk_keys(const std::string& json_array) { (void)json_array; }
};

struct SenderOptions {
    std::size_t max_chunk = kMaxChunk;  // 256 KiB .. 1 MiB
    int status_page = 500;
    int max_pages = 20;  // per pass, so a long feed does not starve the outbox
};

struct PassReport {
    int acknowledged = 0;
    int quarantined = 0;
    int failed = 0;          // cases that stay pending after an answer from the office
    int status_applied = 0;  // status changes that altered a case
    int purged = 0;
    std::uint64_t bytes_uploaded = 0;
    bool link_down = false;     // no answer at all (refused, cut, stalled)
    bool unregistered = false;  // 401/403: register the kiosk at the office
    std::string error;          // the first problem, for operators
    bool clean() const { return !link_down && !unregistered && failed == 0; }
};

class Sender {
  public:
    Sender(Journal& journal, OfficeClient& client, SenderOptions options = {});
    // One pass: the outbox in order, then the status feed, then the purge.
    PassReport run_once();
    // Is the office there (its health endpoint answers)?
    bool probe();

  private:
    enum class Outcome { kDone, kRetry, kRefused, kLinkDown, kUnregistered };
    struct Step {
        Outcome outcome = Outcome::kDone;
        std::string error;
    };
    Step send_case(const OutboxItem& item, PassReport& report);
    Step upload_blob(const BlobRef& ref, PassReport& report);
    Step answer_problem(const HttpResponse& r, const std::string& what);
    void pull_status(PassReport& report);
    void refresh_keys();

    Journal& journal_;
    OfficeClient& client_;
    SenderOptions options_;
    std::size_t chunk_;
};

struct ServiceOptions {
    std::chrono::milliseconds poll{std::chrono::seconds(60)};  // quiet: pull status this often
    std::chrono::milliseconds probe{std::chrono::seconds(5)};  // link down: probe this often
    std::chrono::milliseconds backoff_min{std::chrono::seconds(1)};
    std::chrono::milliseconds backoff_max{std::chrono::seconds(300)};
};

// What admin mode and `anjungan sync status` show about the running service.
struct ServiceState {
    bool running = false;
    int consecutive_failures = 0;
    std::optional<std::chrono::system_clock::time_point> last_pass;
    std::optional<std::chrono::system_clock::time_point> last_success;
    PassReport last_report;
};

// The sender thread. The factory runs on that thread (so the journal's database connection
// belongs to it alone): it builds a Sender whose client aborts when `cancel` turns true, and
// hands it to `run`.
class SyncService {
  public:
    using Factory = std::function<void(const std::atomic<bool>& cancel,
                                       const std::function<void(Sender&)>& run)>;
    SyncService(Factory with_sender, ServiceOptions options);
    ~SyncService();
    void start();
    void stop();
    // Run a pass now (a case was just stored, or staff pressed "retry sync").
    void wake();
    ServiceState state() const;

    // The wait after `failures` failed passes in a row: exponential, capped, with jitter
    // (uniform in [d/2, d]) so kiosks that lost the link together do not return together.
    static std::chrono::milliseconds backoff(int failures, const ServiceOptions& o,
                                             double unit_random);

  private:
    void loop();
    bool stop_requested() const;
    Factory factory_;
    ServiceOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool wake_ = false;
    std::atomic<bool> cancel_{false};  // aborts a transfer under way when stopping
    ServiceState state_;
    std::thread thread_;
};

}  // namespace anjungan::sync
