// The kiosk's local case store (split by feature in kiosk/src/store/): SQLite (WAL,
// synchronous=FULL) plus content-addressed, encrypted attachment files, in one data folder:
//
//   DATA/anjungan.db          cases, attachment rows, outbox, status history, audit log
//   DATA/blobs/ab/<sha256>    attachment content, encrypted (secretstream) with the file's own
//                             key, named by the SHA-256 of the plain content
//   DATA/keys/device.key      the device key (mode 0600): protects personal data at rest
//
// Crypto-shredding: each case has its own key, sealed with the device key in its row; it seals
// the applicant's fields and the key of each of the case's files. The purge destroys it, so
// nothing of a purged case opens again, even with the device key and a copy of every file.
// (Cases stored before schema 4 are sealed with the device key itself and stay readable.)
//   DATA/keys/signing.key     the kiosk's Ed25519 signing key (mode 0600)
//
// Durability: attachment files are durable (temp, fsync, rename, fsync folder) before the one
// transaction that writes the case, its attachment rows, its outbox row and its first status.
// A crash at any moment leaves either the whole case or none of it visible.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/case.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::kiosk {

// A store that cannot be used. `reason` is for an operator: what is wrong and what to do.
class StoreError : public std::runtime_error {
  public:
    enum class Kind {
        kNotADatabase,   // the file is not SQLite, or damaged beyond reading
        kCorrupt,        // integrity check failed
        kWrongKey,       // the device key does not belong to this store
        kMissingKey,     // a store exists but its key does not
        kKeyFile,        // a key file is unsafe or unreadable
        kTooNew,         // written by a newer Anjungan
        kDamagedStore,   // keys or attachment files without their database (deleted, emptied)
        kInvalidCase,    // a case that breaks the domain rules
        kDuplicateCase,  // a case id used before
        kFull,           // the daily receipt counter is exhausted
        kIo,             // the file system refused
    };
    StoreError(Kind kind, const std::string& reason) : std::runtime_error(reason), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

struct StoreOptions {
    std::filesystem::path data_dir;
    std::string kiosk_id = "PKY1";
    int utc_offset_minutes = 7 * 60;
    // Create the database and keys when the folder holds none. Off for read-only tools that
    // must not create an empty store by mistake.
    bool create = true;
    // Open for reading only (implies no create): SQLite's read-only mode, no migrations, no
    // journal-mode change, so `cases list` works on a read-only folder or mount and changes
    // no byte of the store. Writing through such a store throws StoreError.
    bool read_only = false;

    // The store of a kiosk's configuration: its data folder, kiosk id and UTC offset.
    static StoreOptions from(const platform::Config& config, bool create = true);
};

struct CaseSummary {
    std::string case_id;
    std::string receipt_no;
    std::string created_at;
    domain::CaseStatus status = domain::CaseStatus::kReceived;
    std::string masked_name;
    std::string work_unit;
    int attachment_count = 0;
    bool purged = false;  // personal data erased after the office acknowledged the case
};

// What `verify` found: every problem named, so an operator can act on it.
struct StoreReport {
    int cases = 0;
    int attachments = 0;
    int outbox_pending = 0;
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

// Where one print attempt is. Stored by its code ("sending", "printed", "failed", "not_sent").
enum class PrintState {
    kSending,  // recorded before anything was sent; still so after a crash mid-print
    kPrinted,
    kFailed,   // the printer took the job and did not finish it: paper may be out
    kNotSent,  // it never left the kiosk, so the next copy keeps its number
};
std::string_view to_code(PrintState s);
std::optional<PrintState> print_state_from_code(std::string_view code);

// One attempt to print a case's receipt.
struct PrintRecord {
    std::int64_t id = 0;
    std::string case_id;
    int copy = 0;  // 0 the original; n > 0 the n-th reprint, and the receipt says so
    std::string requested_by;
    std::string requested_at;
    PrintState state = PrintState::kSending;
    int job_id = 0;
    std::string printer_state;  // printing::to_code(PrinterState) at the end
    std::string detail;
    std::string finished_at;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string action;
    std::string detail;
};

struct OutboxCounts {
    int pending = 0;
    int sent = 0;  // acknowledged by the office
    int quarantined = 0;
};

// Where a case is in the outbox. Stored by its code ("pending", "sent", "quarantined").
enum class OutboxState {
    kPending,      // waiting to be sent, or sent and not acknowledged yet
    kSent,         // acknowledged by the office
    kQuarantined,  // refused by the office for good; staff look at it, it blocks nothing
};
std::string_view to_code(OutboxState s);
std::optional<OutboxState> outbox_state_from_code(std::string_view code);

// One case's place in the outbox.
struct OutboxEntry {
    std::int64_t seq = 0;
    std::string case_id;
    std::string receipt_no;
    OutboxState state = OutboxState::kPending;
    int attempts = 0;
    std::string last_error;      // the last failure, or the quarantine reason
    std::string acked_at;        // when the office's acknowledgement arrived (kiosk clock, UTC)
    std::string purged_at;       // when the personal data was erased; empty while it is kept
    std::string quarantined_at;  // when it was quarantined (kiosk clock, UTC); empty otherwise
};

// A status change from the office's feed.
struct OfficeStatus {
    std::int64_t seq = 0;
    std::string case_id;
    std::string status;  // CaseStatus code
    std::string at;
    std::string note;
};

// What `anjungan sync status` and admin mode show.
struct SyncSummary {
    OutboxCounts counts;
    int purged = 0;
    std::string last_success;  // the last pass that finished without a problem; empty: never
    std::string last_attempt;
    std::string last_error;
    std::int64_t status_cursor = 0;
};

class Store {
  public:
    // Opens (or, with options.create, creates) the store: checks the database's integrity,
    // the key files' permissions and that the device key belongs to this database, then
    // applies migrations. Throws StoreError with a clear reason and changes nothing when any
    // check fails.
    static std::unique_ptr<Store> open(const StoreOptions& options, const platform::Clock& clock);
    ~Store();

    // Writes a complete case. Throws StoreError(kInvalidCase) for incomplete documents or a
    // malformed case id, kDuplicateCase for a case id used before. Returns the stored record
    // with its new receipt number.
    domain::CaseRecord submit(const domain::NewCase& c);

    std::vector<CaseSummary> list_cases() const;
    std::optional<domain::CaseRecord> find_by_receipt(const std::string& receipt_no) const;
    std::optional<domain::CaseRecord> find_by_id(const std::string& case_id) const;
    // Cases of the same NIK that are not final: shown before starting another one.
    std::vector<CaseSummary> open_cases_for_nik(const std::string& nik) const;

    // Decrypts an attachment and checks its hash; throws StoreError(kCorrupt) when the file is
    // missing, altered or decrypts to other content.
    platform::Bytes read_attachment(const std::string& sha256) const;

    // Full check: database integrity, every case's fields decrypt, every attachment file is
    // present and hash-correct, every case has its outbox row.
    StoreReport verify() const;

    // Removes what interrupted writes leave behind: temporary files, and attachment files no
    // case refers to (written just before a crash, before their case was committed). Only
    // files older than `min_age` are touched, so a submit running in another process is safe.
    struct Cleanup {
        int temp_files = 0;
        int orphan_files = 0;
        std::uint64_t bytes = 0;
    };
    Cleanup collect_garbage(std::chrono::seconds min_age = std::chrono::hours(1));

    // Receipt prints. begin_print records the attempt durably before anything is sent and
    // gives its copy number: 0 only when no earlier attempt can have put paper out (one that
    // was interrupted counts as printed). finish_print closes it as printed, failed (the printer
    // took the job) or not_sent (it never left the kiosk, so the next copy keeps its number).
    PrintRecord begin_print(const std::string& case_id, const std::string& requested_by);
    void finish_print(std::int64_t print_id, PrintState state, int job_id,
                      const std::string& printer_state, const std::string& detail);
    std::vector<PrintRecord> prints_of(const std::string& case_id) const;
    // Cases whose receipt was tried but never printed: staff reprint them from admin mode.
    std::vector<CaseSummary> awaiting_print() const;

    // Append-only audit log (updates and deletes are refused by the database itself).
    void audit(const std::string& actor, const std::string& action, const std::string& detail);
    // The newest `limit` entries, newest first.
    std::vector<AuditEntry> audit_log(int limit) const;
    OutboxCounts outbox_counts() const;

    // Sync (sync/ drives these through kiosk::StoreJournal). Each is one transaction.
    // The entries in `state` (none: every entry), oldest first.
    std::vector<OutboxEntry> outbox(std::optional<OutboxState> state = std::nullopt,
                                    int limit = 1000) const;
    void outbox_failed(const std::string& case_id, const std::string& error);
    void outbox_acknowledged(const std::string& case_id, std::int64_t office_seq);
    void outbox_quarantine(const std::string& case_id, const std::string& reason);
    // Staff put a quarantined case back in line (after the office fixed the cause).
    bool outbox_requeue(const std::string& case_id);
    std::int64_t status_cursor() const;
    // Applies the changes of cases held here (others are skipped; a change already applied is
    // skipped by its number) and moves the cursor to `next`, in one transaction. Returns how
    // many changes altered a case.
    int apply_office_status(const std::vector<OfficeStatus>& changes, std::int64_t next);
    void record_sync(bool success, const std::string& error);
    SyncSummary sync_summary() const;
    // Erases the personal data and document files of cases the office acknowledged at least
    // `after` ago (never earlier): the applicant fields, the NIK lookup, the images. The
    // receipt number, the status and its history stay. Returns how many cases were purged.
    int purge_acknowledged(std::chrono::seconds after);
    // Erases, the same way, the personal data of cases quarantined at least `after` ago: the
    // office never took them, and they may not stay on the kiosk for ever. Each case is
    // announced once, `warn_before` ahead (a warning in the log and "sync.purge_warning" in
    // the audit log, which admin mode shows), and again when it is erased
    // ("sync.purge_quarantined"). `anjungan sync status` shows each one's date.
    struct QuarantinePurge {
        int purged = 0;
        int warned = 0;
    };
    QuarantinePurge purge_quarantined(std::chrono::seconds after, std::chrono::seconds warn_before);

    const std::filesystem::path& data_dir() const;
    std::filesystem::path database_path() const;

    struct Impl;

  private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Paths of the key files in a data folder.
std::filesystem::path device_key_path(const std::filesystem::path& data_dir);
std::filesystem::path signing_key_path(const std::filesystem::path& data_dir);

}  // namespace anjungan::kiosk
