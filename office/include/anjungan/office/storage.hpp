// The office's records behind one interface: SQLite by default (open_sqlite_storage); a
// PostgreSQL implementation can take its place later. Every method is one transaction.
//
// What it keeps: registered kiosks and their public keys, staff and their roles (token
// hashes only), cases as the kiosks signed them, their status history (which is also the
// change feed: its ids are the feed's sequence numbers), the idempotency record of every
// accepted case, and an append-only audit trail.
//
// Note for another implementation: the feed's sequence numbers must become visible in order.
// SQLite has one writer at a time, so they do; in PostgreSQL assign them under a lock (or
// from a single sequencer) so that a reader never skips a number a slower transaction fills in
// later.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "anjungan/domain/case.hpp"
#include "anjungan/office/workflow.hpp"
#include "anjungan/sync/protocol.hpp"

namespace anjungan::office {

class StorageError : public std::runtime_error {
  public:
    enum class Kind { kIo, kCorrupt, kNotFound, kConflict, kRefused };
    StorageError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

struct KioskRecord {
    std::string kiosk_id;
    std::string public_key;  // base64url Ed25519 (43 characters)
    std::string added_at;
    bool active = true;
};

struct StaffRecord {
    std::int64_t id = 0;
    std::string name;  // the login name
    Role role = Role::kAdmin;
    std::string added_at;
    bool active = true;            // disabled: no sign-in, no API token
    std::string display_name;      // as the console shows the person; empty: the login name
    bool has_password = false;     // a console account (else API token only)
    std::string token_expires_at;  // the API token's end (UTC); empty: never (older tokens)
};

// A new staff member: an API token (its hash) and, for the console, a password (its hash).
struct NewStaff {
    std::string name;
    Role role = Role::kAdmin;
    std::string display_name;
    std::string token_hash;
    std::string token_expires_at;
    std::string password_hash;  // empty: no console sign-in until `staff passwd`
};

// A signed-in console session. Only the hash of its cookie is stored.
struct ConsoleSessionRecord {
    std::string staff_name;
    std::string csrf;  // the token every state-changing form carries
    std::string created_at;
    std::string last_seen_at;
};

// Failed sign-ins counted under one key ("account:NAME" or "address:IP").
struct LoginFailures {
    int count = 0;
    std::string last_at;
    std::string blocked_until;  // no sign-in under this key before then; empty: none
};

// A stored HTTP answer: what a replay of the same request gets.
struct StoredAnswer {
    int status = 0;
    std::string body;
};

struct CaseRow {
    std::string case_id;
    std::string receipt_no;
    std::string kiosk_id;
    std::string created_at;   // at the kiosk
    std::string received_at;  // at the office
    domain::CaseStatus status = domain::CaseStatus::kReceived;
    std::string status_at;
    std::string due_at;  // the current step's deadline (empty: none)
    std::vector<std::string> blobs;
    std::string applicant_name;  // full_name as the kiosk sent it (for lists)
    std::string work_unit;
};

struct HistoryEntry {
    std::int64_t seq = 0;
    domain::CaseStatus status = domain::CaseStatus::kReceived;
    std::string at;
    std::string actor;
    std::string role;  // role code, or "kiosk"
    std::string note;
    std::vector<std::string> reasons;
    std::string due_at;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string action;
    std::string case_id;
    std::string detail;
    std::string receipt_no;  // of case_id, when it names a case (audit_log)
};

struct CaseDetail {
    CaseRow row;
    sync::CasePayload payload;  // as the kiosk signed it (applicant data included)
    std::string signature;
    std::vector<HistoryEntry> history;
    std::vector<AuditRecord> audit;
};

struct CaseFilter {
    std::optional<domain::CaseStatus> status;
    std::vector<domain::CaseStatus> statuses;  // not empty: any of these
    std::string kiosk_id;
    bool overdue_only = false;
    std::string now;              // for overdue_only
    std::string work_unit;        // exactly this work unit
    std::string received_from;    // received at or after (UTC, format_utc)
    std::string received_before;  // received before (UTC)
    // A receipt number (its beginning, any case) or a part of the applicant's name.
    std::string text;
    bool newest_first = false;  // default: oldest received first
    int limit = 0;              // 0: all
    int offset = 0;
    bool with_blobs = true;  // fill CaseRow::blobs (one more query per row)
};

// A case's place in a filtered list (in the filter's order): the receipt numbers before and
// after it (empty at either end), its 1-based position (0: not in the list) and the count.
struct Neighbours {
    std::string previous;
    std::string next;
    int position = 0;
    int total = 0;
};

struct AuditFilter {
    std::string actor;    // a part of the actor
    std::string action;   // the action, or its beginning ("case.", "staff.")
    std::string case_id;  // exactly this case
    std::string from;     // at or after (UTC)
    std::string before;   // before (UTC)
    int limit = 100;
    int offset = 0;
};

// A recommendation letter (office/letter.hpp). Its number is never reused: the year's
// sequence only grows, and a remade letter takes a new number while the old one is void.
struct LetterRecord {
    std::int64_t id = 0;
    std::string case_id;
    std::string letter_no;
    int year = 0;
    int seq = 0;
    std::string issued_on;  // YYYY-MM-DD, the date the letter bears
    std::string created_at;
    std::string created_by;
    std::string void_at;  // empty: the case's current letter
    std::string void_by;
    std::vector<std::uint8_t> pdf;  // empty until attach_letter_pdf (letters(), current_letter())
};

// A message in the e-mail outbox (office/mail.hpp).
struct OutboxRecord {
    std::int64_t id = 0;
    std::string case_id;      // empty for a message about no case
    std::string kind;         // received, returned, rejected, sent_to_bsre, issued, invitation
    std::string key;          // unique: the same key is never queued twice
    std::string recipient;    // one address
    std::string subject;      // UTF-8
    std::string text;         // the plain-text part
    std::string html;         // the HTML part
    std::string attachments;  // JSON [{"filename","content_type","data_base64url"}]
    std::string message_id;   // "<...@...>", fixed when queued
    std::string state = "pending";  // pending, sent, failed (gave up)
    int attempts = 0;
    std::string next_at;     // the next try (UTC)
    std::string last_error;  // the last try's error
    std::string created_at;
    std::string sent_at;
};

// A case's applicant e-mail confirmation (the first e-mail's link).
struct EmailConfirmation {
    std::string case_id;
    std::string created_at;
    std::string expires_at;
    std::string confirmed_at;  // empty: not confirmed
};

struct Counts {
    int kiosks = 0;
    int cases = 0;
    int open_cases = 0;
    int overdue = 0;
    std::int64_t last_seq = 0;
};

class Storage {
  public:
    virtual ~Storage() = default;

    virtual void add_kiosk(const std::string& kiosk_id, const std::string& public_key,
                           const std::string& at) = 0;
    virtual void set_kiosk_active(const std::string& kiosk_id, bool active) = 0;
    virtual std::optional<KioskRecord> kiosk(const std::string& kiosk_id) = 0;
    virtual std::vector<KioskRecord> kiosks() = 0;

    // Adds a staff member, audited as "staff.add". Throws StorageError when the name is taken.
    virtual StaffRecord add_staff(const NewStaff& staff, const std::string& at) = 0;
    StaffRecord add_staff(const std::string& name, Role role, const std::string& token_hash,
                          const std::string& at) {
        return add_staff(NewStaff{name, role, "", token_hash, "", ""}, at);
    }
    // The active staff member whose API token has this hash and has not expired at `now`.
    virtual std::optional<StaffRecord> staff_by_token_hash(const std::string& token_hash,
                                                           const std::string& now) = 0;
    virtual std::optional<StaffRecord> staff_by_name(const std::string& name) = 0;
    virtual std::vector<StaffRecord> staff() = 0;
    // The password hash of a console account; empty when it has none.
    virtual std::string staff_password_hash(const std::string& name) = 0;
    // Sets (or, on sign-in, rehashes) the password; audited as "staff.passwd" by `actor`. False
    // when there is no such staff member.
    virtual bool set_staff_password(const std::string& name, const std::string& hash,
                                    const std::string& actor, const std::string& at) = 0;
    // Disables (no sign-in, the API token refused at once) or enables an account; audited as
    // "staff.disable" / "staff.enable". False when there is no such staff member.
    virtual bool set_staff_active(const std::string& name, bool active, const std::string& actor,
                                  const std::string& at) = 0;

    // Console sessions (office/src/console/): kept here, so any office process can answer any
    // request. Disabling an account (set_staff_active false) ends all of its sessions.
    virtual void create_console_session(const std::string& token_hash,
                                        const ConsoleSessionRecord& session) = 0;
    virtual std::optional<ConsoleSessionRecord> console_session(const std::string& token_hash) = 0;
    virtual void touch_console_session(const std::string& token_hash, const std::string& at) = 0;
    virtual void end_console_session(const std::string& token_hash) = 0;
    virtual int console_session_count(const std::string& staff_name) = 0;
    virtual LoginFailures login_failures(const std::string& key) = 0;
    virtual void set_login_failures(const std::string& key, const LoginFailures& f) = 0;
    virtual void clear_login_failures(const std::string& key) = 0;

    // The stored answer for an idempotency key, with the SHA-256 of the body it answered.
    struct Idempotent {
        std::string body_sha256;
        StoredAnswer answer;
    };
    virtual std::optional<Idempotent> idempotent(const std::string& key) = 0;

    // Stores an accepted case, its first status ("received", with the step's deadline), the
    // idempotency record (answer 201 with `make_answer(seq)`) and the audit entry, at once.
    // When the key was stored meanwhile (a concurrent replay), returns that record instead.
    struct Accepted {
        std::int64_t seq = 0;
        bool replay = false;
        std::string body_sha256;
        StoredAnswer answer;
    };
    virtual Accepted accept_case(const sync::CasePayload& c, const std::string& signature,
                                 const std::string& body_sha256, const std::string& at,
                                 const std::string& due_at,
                                 const std::function<std::string(std::int64_t seq)>& answer) = 0;

    virtual std::vector<CaseRow> cases(const CaseFilter& filter) = 0;
    // How many cases the filter matches (its limit and offset ignored).
    virtual int count_cases(const CaseFilter& filter) = 0;
    virtual Neighbours neighbours(const CaseFilter& filter, const std::string& receipt_no) = 0;
    // The number of cases in each status that has any, in the SOP's order.
    virtual std::vector<std::pair<domain::CaseStatus, int>> status_counts() = 0;
    // Every case whose applicant gave this NIK, oldest first.
    virtual std::vector<CaseRow> cases_with_nik(const std::string& nik) = 0;
    // Every case that holds this blob as an attachment, oldest first (rows without blobs).
    virtual std::vector<CaseRow> cases_with_blob(const std::string& sha256) = 0;
    // The work units the cases name, sorted.
    virtual std::vector<std::string> work_units() = 0;
    virtual std::optional<CaseDetail> case_by_receipt(const std::string& receipt_no) = 0;

    // Moves a case if it is still in `from` (compare and set); false when it moved meanwhile.
    // Writes the history entry (the feed) and the audit entry in the same transaction.
    virtual std::optional<std::int64_t> move_case(const std::string& case_id,
                                                  domain::CaseStatus from, const Move& move,
                                                  const std::string& at,
                                                  const std::string& due_at) = 0;

    // The feed for one kiosk's cases after `since`, oldest first, at most `limit`.
    virtual sync::StatusPage feed(const std::string& kiosk_id, std::int64_t since, int limit) = 0;

    // Takes the next number of `year` (number_of(seq) writes it), voids the case's current
    // letter if any, and records the new one, audited ("letter.issue", "letter.void"), in one
    // transaction; the PDF follows with attach_letter_pdf.
    virtual LetterRecord issue_letter(const std::string& case_id, int year,
                                      const std::string& issued_on,
                                      const std::function<std::string(int seq)>& number_of,
                                      const std::string& actor, const std::string& at) = 0;
    virtual void attach_letter_pdf(std::int64_t letter_id,
                                   const std::vector<std::uint8_t>& pdf) = 0;
    // The case's letter that is not void, with its PDF.
    virtual std::optional<LetterRecord> current_letter(const std::string& case_id) = 0;
    // Every letter of the case, the current one last (PDFs not loaded).
    virtual std::vector<LetterRecord> letters(const std::string& case_id) = 0;

    virtual void audit(const std::string& actor, const std::string& action,
                       const std::string& case_id, const std::string& detail,
                       const std::string& at) = 0;
    // The audit trail, newest first.
    virtual std::vector<AuditRecord> audit_log(const AuditFilter& filter) = 0;
    std::vector<AuditRecord> audit_log(int limit) {
        AuditFilter f;
        f.limit = limit;
        return audit_log(f);
    }
    virtual Counts counts(const std::string& now) = 0;

    // The e-mail outbox (office/mail.hpp). Queues a message unless one with its key is there
    // (true when queued), audited "mail.queue".
    virtual bool queue_mail(const OutboxRecord& message) = 0;
    // The history entries after `since` (the mail cursor's value) with their case ids, oldest
    // first, at most `limit`.
    struct FeedEntry {
        std::string case_id;
        std::string receipt_no;
        HistoryEntry entry;
    };
    virtual std::vector<FeedEntry> history_after(std::int64_t since, int limit) = 0;
    // A named cursor ("mail"): 0 when never set.
    virtual std::int64_t cursor(const std::string& name) = 0;
    // Queues the messages and moves the cursor in one transaction (a message whose key is
    // already queued is skipped).
    virtual void queue_mail_batch(const std::vector<OutboxRecord>& messages,
                                  const std::string& cursor_name, std::int64_t cursor_value) = 0;
    // Claims the oldest message due at `now` for `owner` until `lease_until` (nothing when none
    // is due); a claim another owner holds past its lease may be taken.
    virtual std::optional<OutboxRecord> claim_mail(const std::string& now, const std::string& owner,
                                                   const std::string& lease_until) = 0;
    // Records a try: sent (state "sent"), or failed with the next try at `next_at` (empty:
    // gave up, state "failed").
    virtual void finish_mail(std::int64_t id, bool sent, const std::string& error,
                             const std::string& next_at, const std::string& at) = 0;
    // Puts a failed or pending message back to be tried now (the admin's "try again").
    virtual bool retry_mail(std::int64_t id, const std::string& actor, const std::string& at) = 0;
    // A case's messages, oldest first; or (case_id empty) the newest `limit` of all, with an
    // optional state.
    virtual std::vector<OutboxRecord> mail(const std::string& case_id, const std::string& state,
                                           int limit) = 0;
    // E-mail confirmation: a token's hash for a case, expiring; confirming is single use.
    virtual void add_email_token(const std::string& token_hash, const std::string& case_id,
                                 const std::string& at, const std::string& expires_at) = 0;
    // Confirms the case of this token if it is unused and not expired at `at`; the case id, or
    // nothing (with `why`: unknown, used, expired).
    virtual std::optional<std::string> confirm_email(const std::string& token_hash,
                                                     const std::string& at, std::string* why) = 0;
    virtual std::optional<EmailConfirmation> email_confirmation(const std::string& case_id) = 0;

    // Reports (office/reports.hpp).
    // What the reach report reads: light rows of the cases received in [received_from,
    // received_before) (UTC, format_utc), and every history entry of those cases, by case id
    // and then seq.
    struct ReachCase {
        std::string case_id;
        std::string received_at;  // UTC
        std::string work_unit;
        domain::CaseStatus status = domain::CaseStatus::kReceived;
        std::string employment;  // the applicant's "employment" code; "" when absent
    };
    struct ReachStatus {
        std::string case_id;
        std::int64_t seq = 0;
        domain::CaseStatus status = domain::CaseStatus::kReceived;
        std::string at;  // UTC
    };
    struct ReachData {
        std::vector<ReachCase> cases;
        std::vector<ReachStatus> history;
    };
    virtual ReachData reach_data(const std::string& received_from,
                                 const std::string& received_before) = 0;

    // The schedule book (office/schedule.hpp).
    // A session of assisted registration at BSrE (the SOP's step 4), and who is in it.
    struct ScheduleSession {
        std::int64_t id = 0;
        std::string starts_at;  // UTC (format_utc)
        std::string ends_at;    // UTC
        std::string place;
        int capacity = 0;
        std::string note;
        std::string created_by;
        std::string created_at;
        std::string cancelled_at;  // empty: not cancelled
        std::string cancelled_by;
        int revision = 0;  // grows with every change (the .ics SEQUENCE)
        int assigned = 0;  // applicants in it now (a cancelled one: at its cancellation)
        int places_left() const { return capacity > assigned ? capacity - assigned : 0; }
    };
    struct ScheduleAssignment {
        std::int64_t id = 0;  // a re-assignment is a new one
        std::int64_t session_id = 0;
        std::string case_id;
        std::string receipt_no;
        std::string applicant_name;
        std::string work_unit;
        domain::CaseStatus status = domain::CaseStatus::kReceived;
        std::string assigned_by;
        std::string assigned_at;
        std::string ended_at;   // empty: current
        std::string ended_why;  // unassigned, moved, cancelled
    };
    struct ScheduleAssign {
        enum class Outcome { kAssigned, kAlreadyThere, kFull, kCancelled, kNoSession, kNoCase };
        Outcome outcome = Outcome::kNoSession;
        ScheduleAssignment assignment;                 // kAssigned, kAlreadyThere
        std::optional<ScheduleAssignment> moved_from;  // the case's assignment it replaced
    };
    // Adds a session (its id and times as stored), audited "schedule.add".
    virtual ScheduleSession add_schedule_session(const ScheduleSession& s, const std::string& actor,
                                                 const std::string& at) = 0;
    virtual std::optional<ScheduleSession> schedule_session(std::int64_t id) = 0;
    // Sessions starting in [from, before) (UTC; empty: no bound), by start, cancelled ones too
    // when asked.
    virtual std::vector<ScheduleSession> schedule_sessions(const std::string& from,
                                                           const std::string& before,
                                                           bool with_cancelled) = 0;
    // Changes a live session's times, place, capacity and note (revision + 1), audited
    // "schedule.change"; nothing when there is none or it is cancelled; StorageError kRefused
    // when the capacity would be below the applicants already in it.
    virtual std::optional<ScheduleSession> change_schedule_session(const ScheduleSession& s,
                                                                   const std::string& actor,
                                                                   const std::string& at) = 0;
    // Cancels a live session (its assignments end, "cancelled"), audited "schedule.cancel";
    // false when there is none or it was cancelled already.
    virtual bool cancel_schedule_session(std::int64_t id, const std::string& actor,
                                         const std::string& at) = 0;
    // Puts a case in a session, in one transaction: refused when the session is full (however
    // many ask at once) or cancelled; the case's assignment to another session ends ("moved").
    // Audited "schedule.assign" (or "schedule.move").
    virtual ScheduleAssign assign_schedule(std::int64_t session_id, const std::string& case_id,
                                           const std::string& actor, const std::string& at) = 0;
    // Ends the case's assignment to this session ("unassigned"), audited "schedule.unassign";
    // the assignment that ended, or nothing.
    virtual std::optional<ScheduleAssignment> unassign_schedule(std::int64_t session_id,
                                                                const std::string& case_id,
                                                                const std::string& actor,
                                                                const std::string& at) = 0;
    // A session's applicants by assignment (a cancelled session: those it had), oldest first.
    virtual std::vector<ScheduleAssignment> schedule_assignments(std::int64_t session_id) = 0;
    // The case's current assignment (to a session not cancelled), if any.
    virtual std::optional<ScheduleAssignment> schedule_of_case(const std::string& case_id) = 0;
    // Cases in these statuses in no session now, oldest received first, at most `limit`.
    virtual std::vector<CaseRow> unscheduled_cases(const std::vector<domain::CaseStatus>& statuses,
                                                   int limit) = 0;
};

class DataKeys;

// The office's SQLite database in `data_dir/office.db` (WAL, synchronous=FULL), created with
// its folder when missing. The applicant's data (the signed payload, letters, e-mail bodies and
// attachments) is sealed with `keys` (empty: DataKeys::open(DataKeys::default_path(data_dir)));
// the NIK is kept only as a keyed hash (cases_with_nik, and a 16-digit CaseFilter::text).
std::unique_ptr<Storage> open_sqlite_storage(const std::filesystem::path& data_dir,
                                             std::shared_ptr<const DataKeys> keys = nullptr);

// After DataKeys::add_key: re-seals every row sealed with an older key (and the NIK hashes) in
// one transaction; what each key id still seals afterwards.
struct ResealReport {
    int rows = 0;
    std::map<std::uint32_t, int> key_use;
};
ResealReport reseal_sqlite_storage(const std::filesystem::path& data_dir,
                                   std::shared_ptr<const DataKeys> keys);

}  // namespace anjungan::office
