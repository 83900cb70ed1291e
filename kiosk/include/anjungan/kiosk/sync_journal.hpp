// The kiosk's store as the sync sender's journal (sync/sender.hpp), and the wiring of the
// sync service from the configuration: one place for the CLI's `sync --once` and the kiosk.
#pragma once

#include <chrono>
#include <memory>

#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/sync/sender.hpp"

namespace anjungan::kiosk {

// When the journal's purge erases personal data ([sync] in the configuration).
struct PurgePolicy {
    std::chrono::seconds acknowledged = std::chrono::hours(72);  // after the office's ack
    std::chrono::seconds quarantined = std::chrono::days(30);    // after the quarantine
    std::chrono::seconds quarantine_warning = std::chrono::days(7);
};

class StoreJournal final : public sync::Journal {
  public:
    StoreJournal(Store& store, std::chrono::seconds purge_after);
    StoreJournal(Store& store, const PurgePolicy& purge);
    std::vector<sync::OutboxItem> pending(int limit) override;
    sync::CasePayload load_case(const std::string& case_id) override;
    platform::Bytes load_blob(const std::string& sha256) override;
    void acknowledged(const std::string& case_id, const sync::CaseAck& ack) override;
    void attempt_failed(const std::string& case_id, const std::string& error) override;
    void quarantine(const std::string& case_id, const std::string& reason) override;
    std::int64_t status_cursor() override;
    int apply_status(const std::vector<sync::StatusEntry>& changes, std::int64_t next) override;
    void record_pass(bool success, const std::string& error) override;
    // Acknowledged cases past their time, then quarantined ones (Store::purge_quarantined).
    int purge_due() override;
    // Writes DATA/keys/kiosk-keys.json (read by receipt verification) when it changed.
    void save_kiosk_keys(const std::string& json_array) override;

  private:
    Store& store_;
    PurgePolicy purge_;
};

sync::ClientOptions client_options(const platform::Config& config);

// One pass over the outbox and the status feed with the store's own signing key.
sync::PassReport sync_once(Store& store, const platform::Config& config);

// The sender thread for the kiosk: it opens its own connection to the store in
// `config.data_dir` (SQLite in WAL mode lets it work beside the UI's).
std::unique_ptr<sync::SyncService> make_sync_service(const platform::Config& config,
                                                     const platform::Clock& clock);

}  // namespace anjungan::kiosk
