// The kiosk's local case store: SQLite (WAL, synchronous=FULL) plus content-addressed,
// encrypted attachment files, in one data folder:
//
//   DATA/anjungan.db          cases, attachment rows, outbox, status history, audit log
//   DATA/blobs/ab/<sha256>    attachment content, encrypted (secretstream), named by the
//                             SHA-256 of the plain content
//   DATA/keys/device.key      the device key (mode 0600): protects personal data at rest
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
#include <vector>

#include "anjungan/kiosk/case.hpp"
#include "anjungan/platform/clock.hpp"

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
};

struct NewCase {
    std::string case_id;  // a UUID made when the capture started
    Applicant applicant;  // already checked with check_applicant
    std::vector<Document> documents;
};

struct CaseSummary {
    std::string case_id;
    std::string receipt_no;
    std::string created_at;
    CaseStatus status = CaseStatus::kReceived;
    std::string masked_name;
    std::string work_unit;
    int attachment_count = 0;
};

// What `verify` found: every problem named, so an operator can act on it.
struct StoreReport {
    int cases = 0;
    int attachments = 0;
    int outbox_pending = 0;
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

// One attempt to print a case's receipt.
struct PrintRecord {
    std::int64_t id = 0;
    std::string case_id;
    int copy = 0;  // 0 the original; n > 0 the n-th reprint, and the receipt says so
    std::string requested_by;
    std::string requested_at;
    std::string state;  // sending, printed, failed, not_sent
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
    int sent = 0;
    int quarantined = 0;
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
    CaseRecord submit(const NewCase& c);

    std::vector<CaseSummary> list_cases() const;
    std::optional<CaseRecord> find_by_receipt(const std::string& receipt_no) const;
    std::optional<CaseRecord> find_by_id(const std::string& case_id) const;
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
    void finish_print(std::int64_t print_id, const std::string& state, int job_id,
                      const std::string& printer_state, const std::string& detail);
    std::vector<PrintRecord> prints_of(const std::string& case_id) const;
    // Cases whose receipt was tried but never printed: staff reprint them from admin mode.
    std::vector<CaseSummary> awaiting_print() const;

    // Append-only audit log (updates and deletes are refused by the database itself).
    void audit(const std::string& actor, const std::string& action, const std::string& detail);
    // The newest `limit` entries, newest first.
    std::vector<AuditEntry> audit_log(int limit) const;
    OutboxCounts outbox_counts() const;

    const std::filesystem::path& data_dir() const;
    std::filesystem::path database_path() const;
    int schema_version() const;

    struct Impl;

  private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Paths of the key files in a data folder.
std::filesystem::path device_key_path(const std::filesystem::path& data_dir);
std::filesystem::path signing_key_path(const std::filesystem::path& data_dir);

}  // namespace anjungan::kiosk
