#include "anjungan/kiosk/sync_journal.hpp"

#include <nlohmann/json.hpp>

#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::kiosk {

StoreJournal::StoreJournal(Store& store, std::chrono::seconds purge_after)
    : store_(store),
      purge_{purge_after, PurgePolicy{}.quarantined, PurgePolicy{}.quarantine_warning} {}

StoreJournal::StoreJournal(Store& store, const PurgePolicy& purge) : store_(store), purge_(purge) {}

std::vector<sync::OutboxItem> StoreJournal::pending(int limit) {
    std::vector<sync::OutboxItem> out;
    for (const auto& e : store_.outbox(OutboxState::kPending, limit)) {
        out.push_back({e.case_id, e.receipt_no, e.attempts});
    }
    return out;
}

sync::CasePayload StoreJournal::load_case(const std::string& case_id) {
    std::optional<domain::CaseRecord> rec;
    try {
        rec = store_.find_by_id(case_id);
    } catch (const StoreError& e) {
        if (e.kind() == StoreError::Kind::kCorrupt) {
            throw sync::PoisonError(e.what());
        }
        throw;
    }
    if (!rec) {
        throw sync::PoisonError("case " + case_id + " is not in the store");
    }
    if (rec->purged) {
        throw sync::PoisonError("case " + case_id + " was purged before the office had it");
    }
    sync::CasePayload p;
    p.case_id = rec->case_id;
    p.receipt_no = rec->receipt_no;
    p.kiosk_id = rec->kiosk_id;
    p.created_at = rec->created_at;
    p.applicant = nlohmann::json(rec->applicant);
    for (const auto& a : rec->attachments) {
        p.attachments.push_back(
            {std::string(to_code(a.kind)), a.page, a.sha256, a.size, a.media_type});
    }
    return p;
}

platform::Bytes StoreJournal::load_blob(const std::string& sha256) {
    try {
        return store_.read_attachment(sha256);
    } catch (const StoreError& e) {
        if (e.kind() == StoreError::Kind::kCorrupt || e.kind() == StoreError::Kind::kInvalidCase) {
            throw sync::PoisonError(e.what());
        }
        throw;
    }
}

void StoreJournal::acknowledged(const std::string& case_id, const sync::CaseAck& ack) {
    store_.outbox_acknowledged(case_id, ack.seq);
}

void StoreJournal::attempt_failed(const std::string& case_id, const std::string& error) {
    store_.outbox_failed(case_id, error);
}

void StoreJournal::quarantine(const std::string& case_id, const std::string& reason) {
    store_.outbox_quarantine(case_id, reason);
}

std::int64_t StoreJournal::status_cursor() {
    return store_.status_cursor();
}

int StoreJournal::apply_status(const std::vector<sync::StatusEntry>& changes, std::int64_t next) {
    std::vector<OfficeStatus> in;
    in.reserve(changes.size());
    for (const auto& c : changes) {
        in.push_back({c.seq, c.case_id, c.status, c.at, c.note});
    }
    return store_.apply_office_status(in, next);
}

void StoreJournal::record_pass(bool success, const std::string& error) {
    store_.record_sync(success, error);
}

int StoreJournal::purge_due() {
    const int acknowledged = store_.purge_acknowledged(purge_.acknowledged);
    return acknowledged +
           store_.purge_quarantined(purge_.quarantined, purge_.quarantine_warning).purged;
}

void StoreJournal::save_kiosk_keys(const std::string& json_array) {
    const auto path = store_.data_dir() / "keys" / "kiosk-keys.json";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        const auto old = platform::read_file(path);
        if (std::string(old.begin(), old.end()) == json_array) {
            return;
        }
    }
    platform::write_file_durably(
        path, {reinterpret_cast<const std::uint8_t*>(json_array.data()), json_array.size()}, 0600);
}

sync::ClientOptions client_options(const platform::Config& config) {
    sync::ClientOptions o;
    o.base_url = config.office_url;
    o.kiosk_id = config.kiosk_id;
    o.connect_seconds = config.timeouts.network_connect_seconds;
    o.stall_seconds = config.timeouts.network_stall_seconds;
    o.total_seconds = config.timeouts.network_request_seconds;
    o.ca_file = config.office_ca_file;
    o.pinned_public_key = config.office_pinned_key;
    return o;
}

namespace {
sync::SenderOptions sender_options(const platform::Config& config) {
    sync::SenderOptions o;
    o.max_chunk = static_cast<std::size_t>(config.sync.chunk_kib) * 1024;
    return o;
}
PurgePolicy purge_after(const platform::Config& config) {
    return {std::chrono::hours(config.sync.purge_after_hours),
            std::chrono::days(config.sync.quarantine_purge_days),
            std::chrono::days(config.sync.quarantine_warning_days)};
}
}  // namespace

sync::PassReport sync_once(Store& store, const platform::Config& config) {
    const auto key = platform::SigningKey::read_file(signing_key_path(store.data_dir()));
    sync::OfficeClient client(client_options(config), key);
    StoreJournal journal(store, purge_after(config));
    sync::Sender sender(journal, client, sender_options(config));
    return sender.run_once();
}

std::unique_ptr<sync::SyncService> make_sync_service(const platform::Config& config,
                                                     const platform::Clock& clock) {
    sync::ServiceOptions o;
    o.poll = std::chrono::seconds(config.sync.status_poll_seconds);
    o.probe = std::chrono::seconds(config.sync.probe_seconds);
    o.backoff_max = std::chrono::seconds(config.sync.backoff_max_seconds);
    return std::make_unique<sync::SyncService>(
        [config, &clock](const std::atomic<bool>& cancel,
                         const std::function<void(sync::Sender&)>& run) {
            auto store = Store::open(StoreOptions::from(config, false), clock);
            const auto key = platform::SigningKey::read_file(signing_key_path(config.data_dir));
            auto options = client_options(config);
            options.cancel = &cancel;
            sync::OfficeClient client(options, key);
            StoreJournal journal(*store, purge_after(config));
            sync::Sender sender(journal, client, sender_options(config));
            run(sender);
        },
        o);
}

}  // namespace anjungan::kiosk
