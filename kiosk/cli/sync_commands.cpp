#include "sync_commands.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "anjungan/kiosk/store.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/samples/seed.hpp"

namespace anjungan::cli {

using nlohmann::json;

bool SyncArgs::selected() const {
    return (sync && sync->parsed()) || (keys_show && keys_show->parsed()) ||
           (seed && seed->parsed());
}

void add_sync_commands(CLI::App& app, CLI::App& cases, SyncArgs& a) {
    a.sync = app.add_subcommand("sync", "Send the outbox to the office and pull case status");
    a.sync->add_flag("--once", a.once, "One pass over the outbox and the status feed, then exit");
    a.sync->add_flag("--json", a.as_json, "One JSON object on stdout");
    a.status = a.sync->add_subcommand("status", "Pending, acknowledged and quarantined cases");
    a.status->add_flag("--json", a.as_json,
                       "{\"pending\", \"acknowledged\", \"quarantined\", \"last_success\", ...}");
    a.requeue = a.sync->add_subcommand(
        "requeue", "Put a quarantined case back in line (after the office fixed the cause)");
    a.requeue->add_option("receipt_no", a.receipt_no, "Its receipt number")->required();
    auto* keys = app.add_subcommand("keys", "The kiosk's signing key");
    keys->require_subcommand(1);
    a.keys_show = keys->add_subcommand("show",
                                       "The kiosk id and public key, to register it at "
                                       "the office (`anjungan-office kiosks add`)");
    a.keys_show->add_flag("--json", a.as_json, "{\"kiosk_id\", \"public_key\"}");
    a.seed = cases.add_subcommand(
        "seed", "Create synthetic cases with realistic document images (demos, load tests)");
    a.seed->add_option("--count", a.count, "How many cases")->check(CLI::Range(1, 9999));
    a.seed->add_flag("--json", a.as_json, "One JSON object on stdout");
}

namespace {

std::unique_ptr<kiosk::Store> open_store(const platform::Config& c, bool create,
                                         const platform::Clock& clock) {
    return kiosk::Store::open(kiosk::StoreOptions::from(c, create), clock);
}

json report_json(const sync::PassReport& r) {
    return {{"acknowledged", r.acknowledged},
            {"quarantined", r.quarantined},
            {"failed", r.failed},
            {"status_applied", r.status_applied},
            {"purged", r.purged},
            {"bytes_uploaded", r.bytes_uploaded},
            {"link_down", r.link_down},
            {"unregistered", r.unregistered},
            {"error", r.error}};
}

int run_seed(const platform::Config& config, const SyncArgs& a) {
    platform::SystemClock clock;
    auto store = open_store(config, true, clock);
    const samples::SeedImages images = samples::make_seed_images();
    std::mt19937 rng{std::random_device{}()};
    std::uint64_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> receipts;
    for (int i = 0; i < a.count; ++i) {
        const domain::NewCase c = samples::seed_case(images, i, rng);
        for (const auto& d : c.documents) {
            bytes += d.content.size();
        }
        receipts.push_back(store->submit(c).receipt_no);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    store->audit("cli", "cases seed", std::to_string(a.count) + " synthetic cases");
    if (a.as_json) {
        std::cout << json{{"cases", a.count},
                          {"bytes", bytes},
                          {"seconds", seconds},
                          {"first", receipts.front()},
                          {"last", receipts.back()}}
                         .dump()
                  << "\n";
    } else {
        std::cout << a.count << " synthetic cases stored (" << bytes / 1024 << " KiB of images, "
                  << seconds << " s): " << receipts.front() << " .. " << receipts.back() << "\n";
    }
    return 0;
}

int run_status(const platform::Config& config, const SyncArgs& a) {
    platform::SystemClock clock;
    auto store = open_store(config, false, clock);
    const auto s = store->sync_summary();
    json quarantine = json::array();
    for (const auto& e : store->outbox(kiosk::OutboxState::kQuarantined)) {
        // Its personal data is erased [sync] quarantine_purge_days after the quarantine (and
        // never sooner than quarantine_warning_days after staff were told).
        platform::TimePoint t;
        const std::string erase_from =
            platform::parse_utc(e.quarantined_at, t)
                ? platform::format_utc(t + std::chrono::days(config.sync.quarantine_purge_days))
                : std::string();
        quarantine.push_back(
            {{"receipt_no", e.receipt_no},
             {"case_id", e.case_id},
             {"reason", e.last_error},
             {"quarantined_at", e.quarantined_at},
             {"erased_from", erase_from.empty() ? json(nullptr) : json(erase_from)},
             {"erased", !e.purged_at.empty()}});
    }
    if (a.as_json) {
        std::cout
            << json{{"pending", s.counts.pending},
                    {"acknowledged", s.counts.sent},
                    {"quarantined", s.counts.quarantined},
                    {"last_success", s.last_success.empty() ? json(nullptr) : json(s.last_success)},
                    {"last_attempt", s.last_attempt.empty() ? json(nullptr) : json(s.last_attempt)},
                    {"last_error", s.last_error},
                    {"purged", s.purged},
                    {"status_cursor", s.status_cursor},
                    {"office_url", config.office_url},
                    {"quarantine", quarantine}}
                   .dump()
            << "\n";
        return 0;
    }
    std::cout << "office        " << config.office_url << "\n"
              << "pending       " << s.counts.pending << "\n"
              << "acknowledged  " << s.counts.sent << " (personal data erased: " << s.purged
              << ")\n"
              << "quarantined   " << s.counts.quarantined << "\n"
              << "last success  " << (s.last_success.empty() ? "never" : s.last_success) << "\n"
              << "last attempt  " << (s.last_attempt.empty() ? "never" : s.last_attempt) << "\n";
    if (!s.last_error.empty()) {
        std::cout << "last error    " << s.last_error << "\n";
    }
    for (const auto& q : quarantine) {
        std::cout << "  quarantined " << q["receipt_no"].get<std::string>() << ": "
                  << q["reason"].get<std::string>() << "\n";
        if (q["erased"].get<bool>()) {
            std::cout << "    personal data erased (the office never took it)\n";
        } else if (q["erased_from"].is_string()) {
            std::cout << "    personal data erased from " << q["erased_from"].get<std::string>()
                      << " unless requeued ([sync] quarantine_purge_days = "
                      << config.sync.quarantine_purge_days << ")\n";
        }
    }
    return 0;
}

}  // namespace

int run_sync_command(const platform::Config& config, const std::string& actor, const SyncArgs& a) {
    if (a.keys_show->parsed()) {
        const auto key = platform::SigningKey::read_file(kiosk::signing_key_path(config.data_dir));
        if (a.as_json) {
            std::cout
                << json{{"kiosk_id", config.kiosk_id}, {"public_key", key.public_key_text()}}.dump()
                << "\n";
        } else {
            std::cout << config.kiosk_id << " " << key.public_key_text() << "\n"
                      << "register it at the office with:\n  anjungan-office kiosks add "
                      << config.kiosk_id << " " << key.public_key_text() << "\n";
        }
        return 0;
    }
    if (a.seed->parsed()) {
        return run_seed(config, a);
    }
    if (a.status->parsed()) {
        return run_status(config, a);
    }
    platform::SystemClock clock;
    if (a.requeue->parsed()) {
        auto store = open_store(config, false, clock);
        const auto rec = store->find_by_receipt(a.receipt_no);
        if (!rec) {
            std::cerr << "anjungan: no case " << a.receipt_no << "\n";
            return 1;
        }
        if (!store->outbox_requeue(rec->case_id)) {
            std::cerr << "anjungan: " << a.receipt_no << " is not quarantined\n";
            return 1;
        }
        store->audit(actor, "sync.requeue", rec->receipt_no);
        std::cout << a.receipt_no << " is back in the outbox\n";
        return 0;
    }
    if (!a.once) {
        std::cerr << "anjungan: sync runs inside anjungan-kiosk; use `sync --once` for one pass "
                     "or `sync status`\n";
        return 2;
    }
    auto store = open_store(config, false, clock);
    const auto start = std::chrono::steady_clock::now();
    const auto r = kiosk::sync_once(*store, config);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto counts = store->outbox_counts();
    if (a.as_json) {
        json j = report_json(r);
        j["seconds"] = seconds;
        j["pending"] = counts.pending;
        std::cout << j.dump() << "\n";
    } else {
        std::cout << "acknowledged " << r.acknowledged << ", quarantined " << r.quarantined
                  << ", status changes " << r.status_applied << ", purged " << r.purged << ", "
                  << r.bytes_uploaded / 1024 << " KiB in " << seconds << " s; pending "
                  << counts.pending << "\n";
    }
    if (!r.error.empty()) {
        std::cerr << "anjungan: sync: " << r.error << "\n";
    }
    return r.clean() && counts.pending == 0 ? 0 : 4;
}

}  // namespace anjungan::cli
