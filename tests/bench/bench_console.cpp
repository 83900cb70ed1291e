// Over 600 lines: one benchmark program with its rig (a seeded office, kiosks, staff clients, a
// counting Storage) and its report; its parts share the rig.
// Console benchmark: the office console's pages with a full office database while kiosks send
// cases at once. Every part is real: office::OfficeServer on SQLite with a BlobStore in a
// temporary folder, kiosk::Store databases and the libcurl sync client (as bench_sync), and the
// staff as cpp-httplib clients signed in through POST /console/login.
//
//   bench_console [--cases 10000] [--kiosks 20] [--per-kiosk 20] [--seconds 10] [--json]
//
//   seed     --cases cases straight into the office's Storage (accept_case, then move_case
//            along the SOP so the statuses, the history and the audit trail look lived-in)
//   phase A  the kiosks send --per-kiosk cases each, at once, with no staff load: cases/s
//   phase B  the same again (fresh cases) while --staff threads loop over the inbox, a case
//            page and a search: page latency p50/p95/max and the kiosks' cases/s
//   phase C  the staff load alone for --seconds: page latency p50/p95/max
//   probe    each page kind alone, one request at a time: what the server asks its Storage
//            per page (calls, time, SQL statements, writes), through a counting decorator
//
// A readable table, and with --json one JSON line with every figure. Timing is never asserted
// (figures only; the issue's target is p95 under 200 ms). Exits 1 when a request failed (a page
// not 200, a case upload that failed or did not arrive), 2 when the setup fails, CLI11's code
// on a usage error. A plain timed program (not Google Benchmark), run by hand.
#include <curl/curl.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/case.hpp"
#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "anjungan/office/accounts.hpp"
#include "anjungan/office/blob_store.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/samples/seed.hpp"
#include "anjungan/sync/client.hpp"
#include "anjungan/sync/protocol.hpp"
#include "anjungan/sync/sender.hpp"

namespace {

using namespace anjungan;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using domain::CaseStatus;
using office::Role;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
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
        std::string tmpl = (parent / "anjungan-bench-console-XXXXXX").string();
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

template <class T, std::size_t N>
const T& pick(const T (&list)[N], std::mt19937& rng) {
    return list[rng() % N];
}

int between(std::mt19937& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}

std::string lower(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// ---- The storage the server is given: the real one, counted ---------------------------------

// The Storage methods that write: each is its own transaction, a commit (with synchronous=FULL
// an fsync of the WAL, when a page changed).
bool writes(const std::string& method) {
    static const std::set<std::string> w = {"add_kiosk",
                                            "set_kiosk_active",
                                            "add_staff",
                                            "set_staff_password",
                                            "set_staff_active",
                                            "create_console_session",
                                            "touch_console_session",
                                            "end_console_session",
                                            "set_login_failures",
                                            "clear_login_failures",
                                            "accept_case",
                                            "move_case",
                                            "audit"};
    return w.count(method) > 0;
}

struct OpStat {
    long calls = 0;
    double seconds = 0;  // in the call: waiting for the storage's lock, and the work
    long rows = 0;       // rows returned (the lists)
    long statements = 0;
};
using OpStats = std::map<std::string, OpStat>;

// Forwards every call to the real Storage and counts it: calls, time (lock wait included), rows
// and the SQL statements sqlite_storage.cpp issues for it (a list runs one more query per row
// for the row's attachments unless CaseFilter::with_blobs is false).
class CountingStorage final : public office::Storage {
    void record(const char* op, double seconds, long rows, long statements) {
        std::lock_guard lock(mutex_);
        auto& s = stats_[op];
        ++s.calls;
        s.seconds += seconds;
        s.rows += rows;
        s.statements += statements;
    }
    template <class F>
    auto run(const char* op, F&& f, long statements = 1) {
        const auto t = Clock::now();
        if constexpr (std::is_void_v<decltype(f())>) {
            f();
            record(op, seconds_since(t), 0, statements);
        } else {
            auto out = f();
            record(op, seconds_since(t), 0, statements);
            return out;
        }
    }
    // A list: one query, and one more per row when the rows get their attachments.
    template <class F>
    auto rows(const char* op, F&& f, bool with_blobs) {
        const auto t = Clock::now();
        auto out = f();
        const auto n = static_cast<long>(out.size());
        record(op, seconds_since(t), n, 1 + (with_blobs ? n : 0));
        return out;
    }

    office::Storage& inner_;
    std::mutex mutex_;
    OpStats stats_{};

  public:
    explicit CountingStorage(office::Storage& inner) : inner_(inner) {}

    using Storage::add_staff;
    using Storage::audit_log;

    OpStats snapshot() {
        std::lock_guard lock(mutex_);
        return stats_;
    }
    void reset() {
        std::lock_guard lock(mutex_);
        stats_ = {};
    }

    void add_kiosk(const std::string& id, const std::string& key, const std::string& at) override {
        run("add_kiosk", [&] { inner_.add_kiosk(id, key, at); });
    }
    void set_kiosk_active(const std::string& id, bool active) override {
        run("set_kiosk_active", [&] { inner_.set_kiosk_active(id, active); });
    }
    std::optional<office::KioskRecord> kiosk(const std::string& id) override {
        return run("kiosk", [&] { return inner_.kiosk(id); });
    }
    std::vector<office::KioskRecord> kiosks() override {
        return run("kiosks", [&] { return inner_.kiosks(); });
    }
    office::StaffRecord add_staff(const office::NewStaff& s, const std::string& at) override {
        return run("add_staff", [&] { return inner_.add_staff(s, at); });
    }
    std::optional<office::StaffRecord> staff_by_token_hash(const std::string& hash,
                                                           const std::string& now) override {
        return run("staff_by_token_hash", [&] { return inner_.staff_by_token_hash(hash, now); });
    }
    std::optional<office::StaffRecord> staff_by_name(const std::string& name) override {
        return run("staff_by_name", [&] { return inner_.staff_by_name(name); });
    }
    std::vector<office::StaffRecord> staff() override {
        return run("staff", [&] { return inner_.staff(); });
    }
    std::string staff_password_hash(const std::string& name) override {
        return run("staff_password_hash", [&] { return inner_.staff_password_hash(name); });
    }
    bool set_staff_password(const std::string& name, const std::string& hash,
                            const std::string& actor, const std::string& at) override {
        return run("set_staff_password",
                   [&] { return inner_.set_staff_password(name, hash, actor, at); });
    }
    bool set_staff_active(const std::string& name, bool active, const std::string& actor,
                          const std::string& at) override {
        return run("set_staff_active",
                   [&] { return inner_.set_staff_active(name, active, actor, at); });
    }
    void create_console_session(const std::string& hash,
                                const office::ConsoleSessionRecord& s) override {
        run("create_console_session", [&] { inner_.create_console_session(hash, s); });
    }
    std::optional<office::ConsoleSessionRecord> console_session(const std::string& hash) override {
        return run("console_session", [&] { return inner_.console_session(hash); });
    }
    void touch_console_session(const std::string& hash, const std::string& at) override {
        run("touch_console_session", [&] { inner_.touch_console_session(hash, at); });
    }
    void end_console_session(const std::string& hash) override {
        run("end_console_session", [&] { inner_.end_console_session(hash); });
    }
    int console_session_count(const std::string& name) override {
        return run("console_session_count", [&] { return inner_.console_session_count(name); });
    }
    office::LoginFailures login_failures(const std::string& key) override {
        return run("login_failures", [&] { return inner_.login_failures(key); });
    }
    void set_login_failures(const std::string& key, const office::LoginFailures& f) override {
        run("set_login_failures", [&] { inner_.set_login_failures(key, f); });
    }
    void clear_login_failures(const std::string& key) override {
        run("clear_login_failures", [&] { inner_.clear_login_failures(key); });
    }
    std::optional<Idempotent> idempotent(const std::string& key) override {
        return run("idempotent", [&] { return inner_.idempotent(key); });
    }
    Accepted accept_case(const sync::CasePayload& c, const std::string& signature,
                         const std::string& body_sha256, const std::string& at,
                         const std::string& due_at,
                         const std::function<std::string(std::int64_t)>& answer) override {
        return run(
            "accept_case",
            [&] { return inner_.accept_case(c, signature, body_sha256, at, due_at, answer); },
            6 + static_cast<long>(c.attachments.size()));
    }
    std::vector<office::CaseRow> cases(const office::CaseFilter& f) override {
        return rows(
            "cases", [&] { return inner_.cases(f); }, f.with_blobs);
    }
    int count_cases(const office::CaseFilter& f) override {
        return run("count_cases", [&] { return inner_.count_cases(f); });
    }
    office::Neighbours neighbours(const office::CaseFilter& f,
                                  const std::string& receipt_no) override {
        return run("neighbours", [&] { return inner_.neighbours(f, receipt_no); });
    }
    std::vector<std::pair<CaseStatus, int>> status_counts() override {
        return run("status_counts", [&] { return inner_.status_counts(); });
    }
    std::vector<office::CaseRow> cases_with_nik(const std::string& nik) override {
        return rows(
            "cases_with_nik", [&] { return inner_.cases_with_nik(nik); }, true);
    }
    std::vector<office::CaseRow> cases_with_blob(const std::string& sha256) override {
        return rows(
            "cases_with_blob", [&] { return inner_.cases_with_blob(sha256); }, false);
    }
    std::vector<std::string> work_units() override {
        return run("work_units", [&] { return inner_.work_units(); });
    }
    std::optional<office::CaseDetail> case_by_receipt(const std::string& receipt_no) override {
        // The row, its attachments, its history, its audit entries.
        const auto t = Clock::now();
        auto out = inner_.case_by_receipt(receipt_no);
        record("case_by_receipt", seconds_since(t), out ? 1 : 0, out ? 4 : 1);
        return out;
    }
    std::optional<std::int64_t> move_case(const std::string& case_id, CaseStatus from,
                                          const office::Move& move, const std::string& at,
                                          const std::string& due_at) override {
        return run(
            "move_case", [&] { return inner_.move_case(case_id, from, move, at, due_at); }, 3);
    }
    sync::StatusPage feed(const std::string& kiosk_id, std::int64_t since, int limit) override {
        return run(
            "feed", [&] { return inner_.feed(kiosk_id, since, limit); }, 2);
    }
    office::LetterRecord issue_letter(const std::string& case_id, int year,
                                      const std::string& issued_on,
                                      const std::function<std::string(int seq)>& number_of,
                                      const std::string& actor, const std::string& at) override {
        return run("issue_letter", [&] {
            return inner_.issue_letter(case_id, year, issued_on, number_of, actor, at);
        });
    }
    void attach_letter_pdf(std::int64_t letter_id, const std::vector<std::uint8_t>& pdf) override {
        run("attach_letter_pdf", [&] { inner_.attach_letter_pdf(letter_id, pdf); });
    }
    std::optional<office::LetterRecord> current_letter(const std::string& case_id) override {
        return run("current_letter", [&] { return inner_.current_letter(case_id); });
    }
    std::vector<office::LetterRecord> letters(const std::string& case_id) override {
        return run("letters", [&] { return inner_.letters(case_id); });
    }
    void audit(const std::string& actor, const std::string& action, const std::string& case_id,
               const std::string& detail, const std::string& at) override {
        run("audit", [&] { inner_.audit(actor, action, case_id, detail, at); });
    }
    std::vector<office::AuditRecord> audit_log(const office::AuditFilter& f) override {
        return run("audit_log", [&] { return inner_.audit_log(f); });
    }
    office::Counts counts(const std::string& now) override {
        return run("counts", [&] { return inner_.counts(now); });
    }
    bool queue_mail(const office::OutboxRecord& m) override {
        return run("queue_mail", [&] { return inner_.queue_mail(m); });
    }
    std::vector<FeedEntry> history_after(std::int64_t since, int limit) override {
        return run("history_after", [&] { return inner_.history_after(since, limit); });
    }
    std::int64_t cursor(const std::string& name) override {
        return run("cursor", [&] { return inner_.cursor(name); });
    }
    void queue_mail_batch(const std::vector<office::OutboxRecord>& messages,
                          const std::string& cursor_name, std::int64_t cursor_value) override {
        run("queue_mail_batch", [&] {
            inner_.queue_mail_batch(messages, cursor_name, cursor_value);
            return 0;
        });
    }
    std::optional<office::OutboxRecord> claim_mail(const std::string& now, const std::string& owner,
                                                   const std::string& lease_until) override {
        return run("claim_mail", [&] { return inner_.claim_mail(now, owner, lease_until); });
    }
    void finish_mail(std::int64_t id, bool sent, const std::string& error,
                     const std::string& next_at, const std::string& at) override {
        run("finish_mail", [&] {
            inner_.finish_mail(id, sent, error, next_at, at);
            return 0;
        });
    }
    bool retry_mail(std::int64_t id, const std::string& actor, const std::string& at) override {
        return run("retry_mail", [&] { return inner_.retry_mail(id, actor, at); });
    }
    std::vector<office::OutboxRecord> mail(const std::string& case_id, const std::string& state,
                                           int limit) override {
        return run("mail", [&] { return inner_.mail(case_id, state, limit); });
    }
    void add_email_token(const std::string& token_hash, const std::string& case_id,
                         const std::string& at, const std::string& expires_at) override {
        run("add_email_token", [&] {
            inner_.add_email_token(token_hash, case_id, at, expires_at);
            return 0;
        });
    }
    std::optional<std::string> confirm_email(const std::string& token_hash, const std::string& at,
                                             std::string* why) override {
        return run("confirm_email", [&] { return inner_.confirm_email(token_hash, at, why); });
    }
    std::optional<office::EmailConfirmation> email_confirmation(
        const std::string& case_id) override {
        return run("email_confirmation", [&] { return inner_.email_confirmation(case_id); });
    }
    // Reports (office/reports.hpp).
    ReachData reach_data(const std::string& from, const std::string& before) override {
        return run(
            "reach_data", [&] { return inner_.reach_data(from, before); }, 2);
    }
    // The schedule book (office/schedule.hpp).
    ScheduleSession add_schedule_session(const ScheduleSession& s, const std::string& actor,
                                         const std::string& at) override {
        return run("add_schedule_session",
                   [&] { return inner_.add_schedule_session(s, actor, at); });
    }
    std::optional<ScheduleSession> schedule_session(std::int64_t id) override {
        return run("schedule_session", [&] { return inner_.schedule_session(id); });
    }
    std::vector<ScheduleSession> schedule_sessions(const std::string& from,
                                                   const std::string& before,
                                                   bool with_cancelled) override {
        return run("schedule_sessions",
                   [&] { return inner_.schedule_sessions(from, before, with_cancelled); });
    }
    std::optional<ScheduleSession> change_schedule_session(const ScheduleSession& s,
                                                           const std::string& actor,
                                                           const std::string& at) override {
        return run("change_schedule_session",
                   [&] { return inner_.change_schedule_session(s, actor, at); });
    }
    bool cancel_schedule_session(std::int64_t id, const std::string& actor,
                                 const std::string& at) override {
        return run("cancel_schedule_session",
                   [&] { return inner_.cancel_schedule_session(id, actor, at); });
    }
    ScheduleAssign assign_schedule(std::int64_t session_id, const std::string& case_id,
                                   const std::string& actor, const std::string& at) override {
        return run("assign_schedule",
                   [&] { return inner_.assign_schedule(session_id, case_id, actor, at); });
    }
    std::optional<ScheduleAssignment> unassign_schedule(std::int64_t session_id,
                                                        const std::string& case_id,
                                                        const std::string& actor,
                                                        const std::string& at) override {
        return run("unassign_schedule",
                   [&] { return inner_.unassign_schedule(session_id, case_id, actor, at); });
    }
    std::vector<ScheduleAssignment> schedule_assignments(std::int64_t session_id) override {
        return run("schedule_assignments", [&] { return inner_.schedule_assignments(session_id); });
    }
    std::optional<ScheduleAssignment> schedule_of_case(const std::string& case_id) override {
        return run("schedule_of_case", [&] { return inner_.schedule_of_case(case_id); });
    }
    std::vector<office::CaseRow> unscheduled_cases(const std::vector<domain::CaseStatus>& statuses,
                                                   int limit) override {
        return run("unscheduled_cases", [&] { return inner_.unscheduled_cases(statuses, limit); });
    }
};

// ---- The office ---------------------------------------------------------------------------

struct Office {
    std::unique_ptr<office::Storage> real;
    std::unique_ptr<CountingStorage> storage;  // what the server uses
    std::unique_ptr<office::BlobStore> blobs;
    platform::SystemClock clock;
    std::unique_ptr<office::OfficeServer> server;
    fs::path dir;
    int port = 0;
    std::string base_url;

    explicit Office(const fs::path& d) : dir(d) {
        real = office::open_sqlite_storage(dir);
        storage = std::make_unique<CountingStorage>(*real);
        blobs = std::make_unique<office::BlobStore>(dir);
    }
    void start(int threads) {
        office::ServerOptions o;
        o.host = "127.0.0.1";
        o.port = 0;
        o.threads = threads;
        server = std::make_unique<office::OfficeServer>(o, *storage, *blobs, clock);
        port = server->start();
        base_url = "http://127.0.0.1:" + std::to_string(port);
    }
    std::string now_text() const { return platform::format_utc(clock.now()); }
    ~Office() {
        if (server) {
            server->stop();
        }
    }
};

// ---- Applicants ----------------------------------------------------------------------------

constexpr const char* kMen[] = {"Budi",  "Agus",    "Ahmad", "Yohanes", "Rudi",  "Hendra", "Eko",
                                "Dedi",  "Bambang", "Fajar", "Rizky",   "Andi",  "Joko",   "Slamet",
                                "Teguh", "Wahyu",   "Arif",  "Dimas",   "Yusuf", "Imam"};
constexpr const char* kWomen[] = {
    "Siti",  "Dewi",  "Rina", "Maria", "Sri",  "Nur",    "Ratna", "Lestari", "Yuliana", "Fitri",
    "Wulan", "Indah", "Ayu",  "Putri", "Desi", "Novita", "Rahma", "Kartika", "Mega",    "Anisa"};
constexpr const char* kFamilies[] = {
    "Santoso",   "Rahmawati",   "Salim",     "Lestari",    "Dju",      "Marlina", "Fauzi",
    "Ulfa",      "Hidayat",     "Saputra",   "Wijaya",     "Kusuma",   "Pratama", "Nugroho",
    "Setiawan",  "Simanjuntak", "Siregar",   "Nainggolan", "Tambunan", "Harahap", "Ningsih",
    "Handayani", "Susanti",     "Purnama",   "Gunawan",    "Halim",    "Ramli",   "Syahputra",
    "Ampung",    "Dehen",       "Anggraini", "Permana"};
constexpr const char* kBefore[] = {"", "", "", "", "", "Dr. ", "Ir. ", "drg. "};
constexpr const char* kAfter[] = {"",       "",        "",        ", S.Kom.",     ", S.E.",
                                  ", S.H.", ", S.Pd.", ", M.Si.", ", S.T., M.T.", ", S.Sos."};
constexpr const char* kUnits[] = {"Dinas Komunikasi, Informatika, Statistik dan Persandian",
                                  "Badan Kepegawaian Daerah",
                                  "Dinas Pendidikan",
                                  "Dinas Kesehatan",
                                  "Badan Pengelolaan Keuangan dan Aset Daerah",
                                  "Dinas Pekerjaan Umum dan Penataan Ruang",
                                  "Badan Perencanaan Pembangunan Daerah",
                                  "Dinas Kependudukan dan Pencatatan Sipil",
                                  "Dinas Sosial",
                                  "Dinas Perhubungan",
                                  "Inspektorat",
                                  "Sekretariat Daerah",
                                  "Sekretariat DPRD",
                                  "Dinas Lingkungan Hidup",
                                  "Dinas Pertanian",
                                  "Dinas Perindustrian dan Perdagangan",
                                  "Dinas Penanaman Modal dan PTSP",
                                  "Badan Pendapatan Daerah",
                                  "Satuan Polisi Pamong Praja",
                                  "Badan Penanggulangan Bencana Daerah",
                                  "RSUD dr. Doris Sylvanus",
                                  "Dinas Pariwisata",
                                  "Dinas Perpustakaan dan Kearsipan",
                                  "Kecamatan Pahandut",
                                  "Kecamatan Jekan Raya"};
constexpr const char* kPositions[] = {"Pranata Komputer Ahli Muda",
                                      "Analis Kebijakan Ahli Pertama",
                                      "Kepala Seksi",
                                      "Kepala Bidang",
                                      "Sekretaris",
                                      "Bendahara",
                                      "Pengadministrasi Umum",
                                      "Arsiparis Terampil",
                                      "Perencana Ahli Muda",
                                      "Auditor Ahli Pertama",
                                      "Guru Ahli Pertama",
                                      "Perawat Terampil",
                                      "Dokter Ahli Muda",
                                      "Pegawai ASN"};
constexpr const char* kStreets[] = {"Jl. Tjilik Riwut Km. 5,5", "Jl. RTA Milono No. 12",
                                    "Jl. Imam Bonjol No. 3",    "Jl. S. Parman No. 7",
                                    "Jl. G. Obos No. 21",       "Jl. Diponegoro No. 60"};

// The words the staff search for: family names and first names, as typed (lower case, or a
// part of a name).
std::vector<std::string> search_terms() {
    std::vector<std::string> out;
    for (const char* f : kFamilies) {
        out.push_back(lower(f));
    }
    for (const char* m : {"Budi", "Siti", "Rahma", "Yohanes", "Dewi", "Agus"}) {
        out.push_back(lower(m));
    }
    return out;
}

// An applicant with valid numbers: a NIK of Kalimantan Tengah (Palangka Raya half the time),
// a PNS or PPPK NIP that agrees with it, an official e-mail address, one of the work units.
domain::Applicant make_applicant(std::mt19937& rng) {
    domain::Applicant a;
    const bool woman = rng() % 2 == 0;
    const std::string first = woman ? pick(kWomen, rng) : pick(kMen, rng);
    const std::string family = pick(kFamilies, rng);
    a.certificate_name = first + " " + family;
    a.full_name = std::string(pick(kBefore, rng)) + a.certificate_name + pick(kAfter, rng);
    a.sex = woman ? domain::Sex::kFemale : domain::Sex::kMale;
    const int year = between(rng, 1965, 2000), month = between(rng, 1, 12),
              day = between(rng, 1, 28);
    const int regency = rng() % 2 == 0 ? 71 : between(rng, 1, 13);
    char nik[40];
    std::snprintf(nik, sizeof nik, "62%02d%02d%02d%02d%02d%04d", regency, between(rng, 1, 12),
                  day + (woman ? 40 : 0), month, year % 100, between(rng, 1, 9999));
    a.nik = nik;
    char nip[64];
    if (rng() % 8 == 0) {
        a.employment = domain::EmploymentStatus::kPppk;
        std::snprintf(nip, sizeof nip, "%04d%02d%02d%04d21%d%03d", year, month, day,
                      between(rng, 2021, 2024), woman ? 2 : 1, between(rng, 1, 999));
    } else {
        a.employment = domain::EmploymentStatus::kPns;
        std::snprintf(nip, sizeof nip, "%04d%02d%02d%04d%02d%d%03d", year, month, day,
                      std::min(2024, year + between(rng, 22, 35)), between(rng, 1, 12),
                      woman ? 2 : 1, between(rng, 1, 999));
    }
    a.nip = nip;
    a.email = lower(first) + "." + lower(family) + std::to_string(between(rng, 1, 99)) +
              (rng() % 3 == 0 ? "@kalteng.go.id" : "@palangkaraya.go.id");
    a.phone = "+62811" + std::to_string(between(rng, 1000000, 9999999));
    a.position = pick(kPositions, rng);
    a.work_unit = pick(kUnits, rng);
    a.office_address = std::string(pick(kStreets, rng)) + ", Palangka Raya, Kalimantan Tengah";
    return a;
}

// ---- Seeding the office -------------------------------------------------------------------

struct Step {
    CaseStatus to;
    Role role;
    const char* actor;
};

// The SOP's moves from "received" to `target`, by the roles that make them.
std::vector<Step> path_to(CaseStatus target, std::mt19937& rng) {
    using S = CaseStatus;
    const std::vector<Step> forward = {{S::kHeadDisposition, Role::kHead, "kadis"},
                                       {S::kDivisionDisposition, Role::kDivisionHead, "kabid"},
                                       {S::kSectionVerified, Role::kSectionHead, "kasi"},
                                       {S::kSentToBsre, Role::kVerifier, "verifikator"},
                                       {S::kBsreRegistration, Role::kVerifier, "verifikator"},
                                       {S::kIssued, Role::kVerifier, "verifikator"}};
    if (target == S::kReturned) {
        return {forward[0], forward[1], {S::kReturned, Role::kSectionHead, "kasi"}};
    }
    if (target == S::kRejected) {
        if (rng() % 2 == 0) {
            return {{S::kRejected, Role::kHead, "kadis"}};
        }
        return {forward[0], {S::kRejected, Role::kDivisionHead, "kabid"}};
    }
    std::vector<Step> out;
    for (const auto& s : forward) {
        if (target == S::kReceived) {
            break;
        }
        out.push_back(s);
        if (s.to == target) {
            break;
        }
    }
    return out;
}

// Where a case of this age (in days) stands: an office that keeps up, with some backlog.
CaseStatus status_for_age(double days, std::mt19937& rng) {
    using S = CaseStatus;
    const int r = between(rng, 0, 99);
    if (days >= 14) {
        return r < 86   ? S::kIssued
               : r < 92 ? S::kRejected
               : r < 96 ? S::kReturned
                        : S::kBsreRegistration;
    }
    if (days >= 3) {
        return r < 35   ? S::kIssued
               : r < 60 ? S::kBsreRegistration
               : r < 75 ? S::kSentToBsre
               : r < 83 ? S::kReturned
               : r < 88 ? S::kRejected
               : r < 95 ? S::kSectionVerified
                        : S::kDivisionDisposition;
    }
    return r < 35   ? S::kReceived
           : r < 55 ? S::kHeadDisposition
           : r < 70 ? S::kDivisionDisposition
           : r < 80 ? S::kSectionVerified
           : r < 90 ? S::kSentToBsre
           : r < 95 ? S::kReturned
                    : S::kRejected;
}

struct SeedOutcome {
    int cases = 0;
    int moves = 0;
    double seconds = 0, accept_seconds = 0, move_seconds = 0;
    std::vector<std::string> receipts;
    std::map<std::string, int> statuses;
};

// `n` cases from 8 kiosks of their own, received over the last n/40 days (at least 30), signed
// with their kiosks' keys, each moved along the SOP as far as its age makes likely. All cases
// name the same five attachment files, stored once in the BlobStore (so the case page finds
// them); 4% are a second application by an earlier applicant (the same NIK).
SeedOutcome seed_office(office::Storage& storage, office::BlobStore& blobs,
                        const samples::SeedImages& images, int n, std::mt19937& rng) {
    SeedOutcome out;
    const auto start = Clock::now();
    std::vector<sync::BlobRef> attachments;
    for (const auto& d : samples::seed_documents(images, "office-seed")) {
        const std::string sha = platform::sha256_hex(d.content);
        const auto r = blobs.append(sha, 0, d.content.size(), d.content);
        if (r.result != office::BlobStore::Patch::Result::kOk || !r.state.complete) {
            throw std::runtime_error("cannot store a seed blob: " + r.message);
        }
        attachments.push_back(
            {std::string(domain::to_code(d.kind)), d.page, sha, d.content.size(), d.media_type});
    }
    const auto now = platform::SystemClock().now();
    const std::chrono::seconds span = std::chrono::hours(24) * std::max(30, n / 40);
    const auto first = now - span;
    struct SeedKiosk {
        std::string id;
        platform::SigningKey key;
    };
    std::vector<SeedKiosk> kiosks;
    for (int i = 0; i < 8; ++i) {
        std::string id = "KH" + std::string(1, static_cast<char>('A' + i));
        kiosks.push_back({id, platform::SigningKey::generate()});
        storage.add_kiosk(id, kiosks.back().key.public_key_text(), platform::format_utc(first));
    }
    std::map<std::string, int> counters;  // kiosk + local date -> last receipt counter
    std::vector<json> applicants;
    applicants.reserve(static_cast<std::size_t>(n));
    const auto step = span / std::max(1, n);
    for (int i = 0; i < n; ++i) {
        const auto received = first + step * i +
                              std::chrono::duration_cast<platform::TimePoint::duration>(
                                  step * std::uniform_real_distribution<double>(0, 0.9)(rng));
        auto& k = kiosks[rng() % kiosks.size()];
        const auto date = platform::civil_date(received, 420);
        const int counter = ++counters[k.id + platform::format_date(date)];
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = domain::make_receipt_number(k.id, date, counter);
        c.kiosk_id = k.id;
        c.created_at = platform::format_utc(received - std::chrono::minutes(between(rng, 1, 30)));
        if (!applicants.empty() && between(rng, 0, 99) < 4) {
            c.applicant = applicants[rng() % applicants.size()];
        } else {
            c.applicant = make_applicant(rng);
        }
        applicants.push_back(c.applicant);
        c.attachments = attachments;
        const std::string text = sync::case_signing_text(c);
        const std::string signature = platform::base64url(
            k.key.sign({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
        const std::string body = json{{"case", sync::to_json(c)}, {"signature", signature}}.dump();
        const std::string at = platform::format_utc(received);
        std::string due = office::deadline_for(CaseStatus::kReceived, received, "",
                                               office::WorkingTime::always());
        auto t = Clock::now();
        storage.accept_case(
            c, signature, platform::sha256_hex(body), at, due, [&](std::int64_t seq) {
                return sync::to_json(sync::CaseAck{c.case_id, c.receipt_no, "received", at, seq})
                    .dump();
            });
        out.accept_seconds += seconds_since(t);
        out.receipts.push_back(c.receipt_no);

        const double age_days = std::chrono::duration<double>(now - received).count() / 86400;
        const CaseStatus target = status_for_age(age_days, rng);
        CaseStatus current = CaseStatus::kReceived;
        auto when = received;
        t = Clock::now();
        for (const auto& s : path_to(target, rng)) {
            const bool bsre = s.to == CaseStatus::kBsreRegistration || s.to == CaseStatus::kIssued;
            when += bsre ? std::chrono::minutes(between(rng, 12 * 60, 72 * 60))
                         : std::chrono::minutes(between(rng, 3, 90));
            when = std::min(when, now - std::chrono::seconds(1));
            office::Move m;
            m.to = s.to;
            m.role = s.role;
            m.actor = s.actor;
            if (s.to == CaseStatus::kReturned) {
                m.reasons = {"KTP tidak terbaca / The KTP is not readable"};
                m.note = "Mohon unggah ulang KTP yang jelas.";
            } else if (s.to == CaseStatus::kRejected) {
                m.note = "Bukan ASN di lingkungan pemerintah provinsi.";
            }
            due = office::deadline_for(s.to, when, due, office::WorkingTime::always());
            if (!storage.move_case(c.case_id, current, m, platform::format_utc(when), due)) {
                throw std::runtime_error("seeding: case " + c.receipt_no + " did not move");
            }
            current = s.to;
            ++out.moves;
        }
        out.move_seconds += seconds_since(t);
        ++out.statuses[std::string(domain::to_code(current))];
    }
    out.cases = n;
    out.seconds = seconds_since(start);
    return out;
}

// ---- Kiosks (as bench_sync runs them) -------------------------------------------------------

// "K" and two (or three) letters of A-H: valid kiosk ids. The seed's kiosks are KHA..KHH, so
// up to 56 kiosks here have ids of their own.
std::string kiosk_id_for(int index, int total) {
    const int digits = total <= 56 ? 2 : 3;
    std::string tail;
    for (int d = 0; d < digits; ++d) {
        tail.insert(tail.begin(), static_cast<char>('A' + index % 8));
        index /= 8;
    }
    const std::string id = "K" + tail;
    if (const auto why = platform::kiosk_id_problem(id); !why.empty()) {
        throw std::runtime_error("kiosk id " + id + ": " + why);
    }
    return id;
}

struct Kiosk {
    std::string id;
    fs::path dir;
    int submitted = 0;        // every case ever put in its outbox
    std::uint64_t bytes = 0;  // of the latest fill
};

std::unique_ptr<kiosk::Store> open_kiosk_store(const Kiosk& k, bool create,
                                               const platform::Clock& clock) {
    kiosk::StoreOptions o;
    o.data_dir = k.dir;
    o.kiosk_id = k.id;
    o.create = create;
    return kiosk::Store::open(o, clock);
}

// Creates the kiosks' stores (with their keys) and registers each at the office.
std::vector<Kiosk> make_kiosks(const fs::path& root, int count, office::Storage& office) {
    platform::SystemClock clock;
    std::vector<Kiosk> kiosks(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        auto& k = kiosks[static_cast<std::size_t>(i)];
        k.id = kiosk_id_for(i, count);
        k.dir = root / ("kiosk-" + k.id);
        open_kiosk_store(k, true, clock);
        const auto key = platform::SigningKey::read_file(kiosk::signing_key_path(k.dir));
        office.add_kiosk(k.id, key.public_key_text(), platform::format_utc(clock.now()));
    }
    return kiosks;
}

// Puts `cases` new cases (~1.3 MB of documents each, samples/seed.hpp, with a varied applicant)
// into each kiosk's outbox, on up to `threads` threads.
void fill_kiosks(std::vector<Kiosk>& kiosks, int cases, const samples::SeedImages& images,
                 int threads, unsigned seed) {
    platform::SystemClock clock;
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::string error;
    auto work = [&](unsigned s) {
        std::mt19937 rng(s);
        for (std::size_t i = next++; i < kiosks.size(); i = next++) {
            auto& k = kiosks[i];
            k.bytes = 0;
            try {
                auto store = open_kiosk_store(k, false, clock);
                for (int n = 0; n < cases; ++n) {
                    domain::NewCase c = samples::seed_case(images, n, rng);
                    c.applicant = make_applicant(rng);
                    for (const auto& d : c.documents) {
                        k.bytes += d.content.size();
                    }
                    store->submit(c);
                    ++k.submitted;
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(error_mutex);
                error = "filling kiosk " + k.id + ": " + e.what();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, std::min<int>(threads, static_cast<int>(kiosks.size()))); ++t) {
        pool.emplace_back(work, seed + static_cast<unsigned>(t));
    }
    for (auto& t : pool) {
        t.join();
    }
    if (!error.empty()) {
        throw std::runtime_error(error);
    }
}

struct SendResult {
    int acknowledged = 0, quarantined = 0, failed = 0, passes = 0;
    std::uint64_t bytes_uploaded = 0;
    double seconds = 0;
    std::string error;
};

struct SendRun {
    double seconds = 0;
    std::vector<SendResult> kiosks;
};

// Every kiosk's sender on a thread of its own, all released at once (`on_release` runs just
// before); the clock runs from the release until the last outbox is empty.
SendRun send_all(const std::vector<Kiosk>& kiosks, const std::string& base_url, int max_passes,
                 const std::function<void()>& on_release) {
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
                kiosk::StoreJournal journal(*store, std::chrono::hours(24 * 365));
                sync::Sender sender(journal, client);
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
            } catch (const std::exception& e) {
                out.error = e.what();
            }
        });
    }
    ready.wait();
    if (on_release) {
        on_release();
    }
    start = Clock::now();
    go.count_down();
    for (auto& t : threads) {
        t.join();
    }
    run.seconds = seconds_since(start);
    return run;
}

// After a send: every outbox drained with nothing quarantined, and the office holds every case.
std::vector<std::string> check_kiosks(const std::vector<Kiosk>& kiosks, office::Storage& office,
                                      int office_expected) {
    platform::SystemClock clock;
    std::vector<std::string> problems;
    for (const auto& k : kiosks) {
        const auto c = open_kiosk_store(k, false, clock)->outbox_counts();
        if (c.sent != k.submitted || c.pending != 0 || c.quarantined != 0) {
            problems.push_back("kiosk " + k.id + " outbox: sent " + std::to_string(c.sent) +
                               ", pending " + std::to_string(c.pending) + ", quarantined " +
                               std::to_string(c.quarantined) + "; expected sent " +
                               std::to_string(k.submitted));
        }
    }
    const int held = office.count_cases({});
    if (held != office_expected) {
        problems.push_back("the office holds " + std::to_string(held) + " cases, expected " +
                           std::to_string(office_expected));
    }
    return problems;
}

json send_figures(const SendRun& run, const std::vector<Kiosk>& kiosks, int per_kiosk) {
    int acknowledged = 0, quarantined = 0, failed = 0, passes = 0;
    std::uint64_t bytes = 0, uploaded = 0;
    double last = 0;
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < run.kiosks.size(); ++i) {
        const auto& r = run.kiosks[i];
        acknowledged += r.acknowledged;
        quarantined += r.quarantined;
        failed += r.failed;
        passes = std::max(passes, r.passes);
        uploaded += r.bytes_uploaded;
        bytes += kiosks[i].bytes;
        last = std::max(last, r.seconds);
        if (!r.error.empty() && errors.size() < 10) {
            errors.push_back("kiosk " + kiosks[i].id + ": " + r.error);
        }
    }
    const int cases = per_kiosk * static_cast<int>(kiosks.size());
    return {{"kiosks", kiosks.size()},
            {"cases", cases},
            {"bytes", bytes},
            {"bytes_uploaded", uploaded},
            {"seconds", round3(run.seconds)},
            {"cases_per_s", round3(cases / run.seconds)},
            {"mb_per_s", round3(mb(bytes) / run.seconds)},
            {"acknowledged", acknowledged},
            {"failed_attempts", failed},
            {"quarantined", quarantined},
            {"max_passes", passes},
            {"last_kiosk_done_s", round3(last)},
            {"errors", errors}};
}

// ---- Staff ---------------------------------------------------------------------------------

enum Kind { kInbox, kCase, kSearch, kKinds };
constexpr const char* kKindNames[kKinds] = {"inbox", "case", "search"};

struct Account {
    std::string name;
    Role role;
    std::string cookie;  // the session cookie's value
};

// Signs in through the form as a browser does; the session cookie's value.
std::string sign_in(int port, const std::string& user, const std::string& password) {
    httplib::Client cli("127.0.0.1", port);
    const auto res = cli.Post("/console/login",
                              "username=" + httplib::detail::encode_query_param(user) +
                                  "&password=" + httplib::detail::encode_query_param(password),
                              "application/x-www-form-urlencoded");
    if (!res || res->status != 303) {
        throw std::runtime_error(
            "signing in as " + user + ": " +
            (res ? "HTTP " + std::to_string(res->status) : httplib::to_string(res.error())));
    }
    const std::string set = res->get_header_value("Set-Cookie");
    const std::string prefix = "anjungan_session=";
    if (set.rfind(prefix, 0) != 0) {
        throw std::runtime_error("signing in as " + user + ": no session cookie");
    }
    return set.substr(prefix.size(), set.find(';') - prefix.size());
}

struct PageResult {
    bool ok = false;
    double ms = 0;
    std::size_t bytes = 0;
    std::string error;
};

// One page as a signed-in browser asks for it (keep-alive; no redirect followed, so an ended
// session counts as a failure).
PageResult get_page(httplib::Client& cli, const Account& a, Kind kind,
                    const std::vector<std::string>& receipts, const std::vector<std::string>& terms,
                    std::mt19937& rng) {
    std::string path, expect;
    switch (kind) {
        case kInbox:
            path = "/console/";
            break;
        case kCase:
            expect = receipts[rng() % receipts.size()];
            path = "/console/cases/" + expect;
            break;
        default:
            path = "/console/cases?q=" +
                   httplib::detail::encode_query_param(terms[rng() % terms.size()]);
            break;
    }
    const httplib::Headers headers = {{"Cookie", "anjungan_session=" + a.cookie}};
    PageResult r;
    const auto t = Clock::now();
    const auto res = cli.Get(path, headers);
    r.ms = ms_since(t);
    if (!res) {
        r.error = "GET " + path + ": " + httplib::to_string(res.error());
    } else if (res->status != 200) {
        r.error = "GET " + path + ": HTTP " + std::to_string(res->status);
    } else if (!expect.empty() && res->body.find(expect) == std::string::npos) {
        r.error = "GET " + path + ": the page does not name the case";
    } else {
        r.ok = true;
        r.bytes = res->body.size();
    }
    return r;
}

struct StaffFigures {
    std::array<std::vector<double>, kKinds> ms;
    std::array<std::uint64_t, kKinds> bytes{};
    int failures = 0;
    std::vector<std::string> errors;
    double seconds = 0;
};

// `threads` staff members (accounts taken in turn) asking for the inbox, a case page and a
// search in turn, with no pause, until stop(); only requests begun while recording count.
class StaffLoad {
  public:
    StaffLoad(int port, const std::vector<Account>& accounts,
              const std::vector<std::string>& receipts, const std::vector<std::string>& terms)
        : port_(port), accounts_(accounts), receipts_(receipts), terms_(terms) {}

    void start(int threads, unsigned seed, bool recording) {
        stop_ = false;
        recording_ = recording;
        figures_ = {};
        if (recording) {
            since_ = Clock::now();
        }
        for (int t = 0; t < threads; ++t) {
            threads_.emplace_back([this, t, seed] { loop(t, seed + static_cast<unsigned>(t)); });
        }
    }
    void record() {
        since_ = Clock::now();
        recording_ = true;
    }
    ~StaffLoad() {
        stop_ = true;
        for (auto& t : threads_) {
            t.join();
        }
    }
    StaffLoad(const StaffLoad&) = delete;
    StaffLoad& operator=(const StaffLoad&) = delete;

    StaffFigures stop() {
        recording_ = false;
        const double s = seconds_since(since_);
        stop_ = true;
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
        figures_.seconds = s;
        return std::move(figures_);
    }

  private:
    void loop(int t, unsigned seed) {
        std::mt19937 rng(seed);
        const Account& a = accounts_[static_cast<std::size_t>(t) % accounts_.size()];
        httplib::Client cli("127.0.0.1", port_);
        cli.set_keep_alive(true);
        cli.set_read_timeout(60, 0);
        for (int i = t; !stop_; ++i) {
            const auto kind = static_cast<Kind>(i % kKinds);
            const bool counted = recording_;
            const PageResult r = get_page(cli, a, kind, receipts_, terms_, rng);
            if (!counted) {  // begun while recording: counted however late it ends
                continue;
            }
            std::lock_guard lock(mutex_);
            if (r.ok) {
                figures_.ms[kind].push_back(r.ms);
                figures_.bytes[kind] += r.bytes;
            } else {
                ++figures_.failures;
                if (figures_.errors.size() < 10) {
                    figures_.errors.push_back(a.name + ": " + r.error);
                }
            }
        }
    }

    int port_;
    const std::vector<Account>& accounts_;
    const std::vector<std::string>& receipts_;
    const std::vector<std::string>& terms_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> recording_{false};
    Clock::time_point since_;
    std::mutex mutex_;
    StaffFigures figures_;
};

json page_figures(StaffFigures& f) {
    json pages = json::object();
    for (int k = 0; k < kKinds; ++k) {
        auto& v = f.ms[static_cast<std::size_t>(k)];
        const double mean =
            v.empty() ? 0
                      : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
        pages[kKindNames[k]] = {
            {"requests", v.size()},
            {"p50_ms", round3(percentile(v, 50))},
            {"p95_ms", round3(percentile(v, 95))},
            {"max_ms", round3(v.empty() ? 0 : v.back())},
            {"mean_ms", round3(mean)},
            {"kb_per_page",
             round3(v.empty() ? 0
                              : static_cast<double>(f.bytes[static_cast<std::size_t>(k)]) / 1024.0 /
                                    static_cast<double>(v.size()))}};
    }
    return {{"pages", pages},
            {"seconds", round3(f.seconds)},
            {"failures", f.failures},
            {"errors", f.errors}};
}

json op_figures(const OpStats& s) {
    json out = json::object();
    for (const auto& [name, o] : s) {
        out[name] = {{"calls", o.calls},
                     {"ms_total", round3(o.seconds * 1000)},
                     {"ms_mean", round3(o.seconds * 1000 / static_cast<double>(o.calls))},
                     {"rows", o.rows},
                     {"statements", o.statements},
                     {"writes", writes(name)}};
    }
    return out;
}

// Each page kind alone, `n` requests one after another: what one page asks of the storage.
json probe(Office& office, const Account& a, const std::vector<std::string>& receipts,
           const std::vector<std::string>& terms, int n, std::vector<std::string>& errors) {
    json out = json::object();
    httplib::Client cli("127.0.0.1", office.port);
    cli.set_keep_alive(true);
    std::mt19937 rng(7);
    for (int k = 0; k < kKinds; ++k) {
        const auto kind = static_cast<Kind>(k);
        get_page(cli, a, kind, receipts, terms, rng);  // warm
        office.storage->reset();
        std::vector<double> ms;
        for (int i = 0; i < n; ++i) {
            const auto r = get_page(cli, a, kind, receipts, terms, rng);
            if (!r.ok) {
                errors.push_back("probe " + std::string(kKindNames[k]) + ": " + r.error);
            }
            ms.push_back(r.ms);
        }
        const OpStats s = office.storage->snapshot();
        json ops = json::object();
        double storage_ms = 0;
        long statements = 0, writes_n = 0, calls = 0;
        const double per = static_cast<double>(n);
        for (const auto& [name, o] : s) {
            ops[name] = {{"calls", round3(static_cast<double>(o.calls) / per)},
                         {"ms", round3(o.seconds * 1000 / per)},
                         {"rows", round3(static_cast<double>(o.rows) / per)},
                         {"statements", round3(static_cast<double>(o.statements) / per)},
                         {"writes", writes(name)}};
            storage_ms += o.seconds * 1000;
            statements += o.statements;
            calls += o.calls;
            if (writes(name)) {
                writes_n += o.calls;
            }
        }
        const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / n;
        out[kKindNames[k]] = {{"requests", n},
                              {"page_ms", round3(mean)},
                              {"storage_ms", round3(storage_ms / n)},
                              {"other_ms", round3(mean - storage_ms / n)},
                              {"storage_calls", round3(static_cast<double>(calls) / n)},
                              {"statements", round3(static_cast<double>(statements) / n)},
                              {"commits", round3(static_cast<double>(writes_n) / n)},
                              {"by_method", ops}};
    }
    return out;
}

// ---- The report ----------------------------------------------------------------------------

void print_pages(const char* title, const json& f) {
    std::printf("  %-10s %9s %9s %9s %9s %9s %8s\n", title, "requests", "p50 ms", "p95 ms",
                "max ms", "mean ms", "KB/page");
    for (int k = 0; k < kKinds; ++k) {
        const auto& p = f["pages"][kKindNames[k]];
        std::printf("  %-10s %9d %9.1f %9.1f %9.1f %9.1f %8.1f%s\n", kKindNames[k],
                    p["requests"].get<int>(), p["p50_ms"].get<double>(), p["p95_ms"].get<double>(),
                    p["max_ms"].get<double>(), p["mean_ms"].get<double>(),
                    p["kb_per_page"].get<double>(),
                    p["p95_ms"].get<double>() >= 200 ? "   (p95 over the 200 ms target)" : "");
    }
    if (f["failures"].get<int>() > 0) {
        std::printf("  FAILED requests: %d\n", f["failures"].get<int>());
        for (const auto& e : f["errors"]) {
            std::printf("    %s\n", e.get<std::string>().c_str());
        }
    }
}

void print_send(const char* title, const json& f) {
    std::printf(
        "%s: %d kiosks x %d cases (%.0f MB) in %.2f s: %.1f cases/s, %.1f MB/s; failed "
        "attempts %d, quarantined %d, passes (most) %d\n",
        title, f["kiosks"].get<int>(), f["cases"].get<int>() / std::max(1, f["kiosks"].get<int>()),
        mb(f["bytes"].get<std::uint64_t>()), f["seconds"].get<double>(),
        f["cases_per_s"].get<double>(), f["mb_per_s"].get<double>(),
        f["failed_attempts"].get<int>(), f["quarantined"].get<int>(), f["max_passes"].get<int>());
    for (const auto& e : f["errors"]) {
        std::printf("  %s\n", e.get<std::string>().c_str());
    }
    for (const auto& p : f["problems"]) {
        std::printf("  PROBLEM: %s\n", p.get<std::string>().c_str());
    }
}

void print_probe(const json& p) {
    std::printf(
        "per page, one at a time (storage: every call through the counting Storage; "
        "statements as sqlite_storage.cpp issues them; commits: write transactions):\n");
    std::printf("  %-8s %9s %11s %9s %7s %11s %8s\n", "page", "page ms", "storage ms", "other ms",
                "calls", "statements", "commits");
    for (int k = 0; k < kKinds; ++k) {
        const auto& f = p[kKindNames[k]];
        std::printf("  %-8s %9.1f %11.1f %9.1f %7.1f %11.1f %8.1f\n", kKindNames[k],
                    f["page_ms"].get<double>(), f["storage_ms"].get<double>(),
                    f["other_ms"].get<double>(), f["storage_calls"].get<double>(),
                    f["statements"].get<double>(), f["commits"].get<double>());
        std::vector<std::pair<double, std::string>> ops;
        for (const auto& [name, o] : f["by_method"].items()) {
            ops.emplace_back(o["ms"].get<double>(), name);
        }
        std::sort(ops.rbegin(), ops.rend());
        for (const auto& [ms, name] : ops) {
            const auto& o = f["by_method"][name];
            std::printf("      %-22s %5.1f calls %8.2f ms %7.1f rows %7.1f statements%s\n",
                        name.c_str(), o["calls"].get<double>(), ms, o["rows"].get<double>(),
                        o["statements"].get<double>(), o["writes"].get<bool>() ? "  (write)" : "");
        }
    }
}

// The mean time of a call to the storage methods the kiosks and the pages use, in each phase:
// what waiting for the storage's one lock adds under load.
void print_storage(const json& a, const json& b, const json& c) {
    std::printf("storage, mean ms a call (calls) in phase A (kiosks) / B (both) / C (staff):\n");
    for (const char* name :
         {"accept_case", "idempotent", "kiosk", "feed", "cases", "count_cases", "work_units",
          "status_counts", "counts", "case_by_receipt", "neighbours", "cases_with_nik",
          "console_session", "touch_console_session", "staff_by_name", "audit"}) {
        std::string line;
        for (const json* f : {&a, &b, &c}) {
            const auto& st = (*f)["storage"];
            char cell[64];
            if (st.contains(name)) {
                std::snprintf(cell, sizeof cell, " %9.2f (%6ld)", st[name]["ms_mean"].get<double>(),
                              st[name]["calls"].get<long>());
            } else {
                std::snprintf(cell, sizeof cell, " %9s (%6s)", "-", "-");
            }
            line += cell;
        }
        std::printf("  %-22s%s\n", name, line.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Console benchmark: the inbox, a case page and a search with a full office "
        "database, while kiosks send cases at once"};
    int cases = 10000;
    int kiosk_count = 20;
    int per_kiosk = 20;
    double staff_seconds = 10;
    int staff_threads = 2;
    int office_threads = 32;
    int max_passes = 20;
    int probe_n = 15;
    int fill_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    unsigned seed = 20261124;
    std::string dir = fs::temp_directory_path().string();
    bool keep = false;
    bool as_json = false;
    app.add_option("--cases", cases, "Cases seeded into the office's database")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--kiosks", kiosk_count, "Kiosks sending at once")->check(CLI::Range(1, 256));
    app.add_option("--per-kiosk", per_kiosk, "Cases each kiosk sends in phase A and again in B")
        ->check(CLI::Range(1, 9999));
    app.add_option("--seconds", staff_seconds, "Phase C: seconds of staff load alone")
        ->check(CLI::Range(0.5, 600.0));
    app.add_option("--staff", staff_threads, "Staff threads (head, verifier, ... in turn)")
        ->check(CLI::Range(1, 16));
    app.add_option("--office-threads", office_threads, "The office server's worker threads");
    app.add_option("--max-passes", max_passes, "Sender passes per kiosk before giving up");
    app.add_option("--probe", probe_n, "Requests per page kind in the per-page probe")
        ->check(CLI::Range(1, 1000));
    app.add_option("--seed", seed, "Random seed (applicants, statuses, pages asked for)");
    app.add_option("--dir", dir, "Where the temporary folder goes");
    app.add_flag("--keep", keep, "Keep the temporary folder (office.db, the kiosks' stores)");
    app.add_flag("--json", as_json, "Also print one JSON line with every figure");
    CLI11_PARSE(app, argc, argv);

    spdlog::set_level(spdlog::level::warn);
    platform::init_crypto();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto run_start = Clock::now();
    json result = {{"cases_seeded", cases},
                   {"kiosks", kiosk_count},
                   {"per_kiosk", per_kiosk},
                   {"staff_threads", staff_threads}};
    int exit_code = 0;
    try {
        TempDir root(dir, keep);
        std::mt19937 rng(seed);
        const samples::SeedImages images = samples::make_seed_images();
        Office office(root.path() / "office");

        // ---- seed
        const SeedOutcome s = seed_office(*office.real, *office.blobs, images, cases, rng);
        auto size_of = [](const fs::path& f) {
            std::error_code ec;
            const auto n = fs::file_size(f, ec);
            return ec ? std::uintmax_t{0} : n;
        };
        const auto db_bytes =
            size_of(office.dir / "office.db") + size_of(office.dir / "office.db-wal");
        std::printf(
            "seeded the office: %d cases and %d moves in %.2f s (accept_case %.2f s, move_case "
            "%.2f s: %.2f ms a transaction); office.db %.1f MB\n",
            s.cases, s.moves, s.seconds, s.accept_seconds, s.move_seconds,
            1000 * (s.accept_seconds + s.move_seconds) / std::max(1, s.cases + s.moves),
            mb(db_bytes));
        std::string mix;
        for (const auto& [status, n] : s.statuses) {
            mix += (mix.empty() ? "" : ", ") + status + " " + std::to_string(n);
        }
        std::printf("  statuses: %s\n", mix.c_str());
        result["seed"] = {{"cases", s.cases},
                          {"moves", s.moves},
                          {"seconds", round3(s.seconds)},
                          {"accept_seconds", round3(s.accept_seconds)},
                          {"move_seconds", round3(s.move_seconds)},
                          {"db_mb", round3(mb(db_bytes))},
                          {"statuses", s.statuses}};
        std::fflush(stdout);

        // ---- the server, the staff, the kiosks
        office.start(office_threads);
        const std::string password = "bench-console-sandi-2026";
        const std::pair<const char*, Role> roles[] = {{"kadis", Role::kHead},
                                                      {"verifikator", Role::kVerifier},
                                                      {"kabid", Role::kDivisionHead},
                                                      {"kasi", Role::kSectionHead},
                                                      {"admin", Role::kAdmin}};
        std::vector<Account> accounts;
        auto t = Clock::now();
        for (int i = 0; i < std::min<int>(staff_threads, static_cast<int>(std::size(roles))); ++i) {
            const auto token = office::make_api_token(office.clock.now(), 365);
            office.real->add_staff(
                office::NewStaff{roles[i].first, roles[i].second, "", token.hash, token.expires_at,
                                 office::hash_password(password)},
                office.now_text());
            accounts.push_back(
                {roles[i].first, roles[i].second, sign_in(office.port, roles[i].first, password)});
        }
        std::printf("%zu staff account(s) made and signed in in %.2f s; office at %s\n",
                    accounts.size(), seconds_since(t), office.base_url.c_str());
        const auto terms = search_terms();

        auto kiosks = make_kiosks(root.path(), kiosk_count, *office.real);
        t = Clock::now();
        fill_kiosks(kiosks, per_kiosk, images, fill_threads, seed + 100);
        std::printf("filled %d kiosks with %d cases each in %.2f s\n", kiosk_count, per_kiosk,
                    seconds_since(t));
        std::fflush(stdout);
        int expected = cases;

        // ---- phase A: the kiosks alone
        office.storage->reset();
        SendRun run = send_all(kiosks, office.base_url, max_passes, {});
        expected += kiosk_count * per_kiosk;
        json a = send_figures(run, kiosks, per_kiosk);
        a["problems"] = check_kiosks(kiosks, *office.real, expected);
        a["storage"] = op_figures(office.storage->snapshot());
        print_send("phase A, kiosks alone", a);
        if (!a["problems"].empty() || a["failed_attempts"].get<int>() > 0 ||
            a["quarantined"].get<int>() > 0) {
            exit_code = 1;
        }
        result["phase_a"] = a;
        std::fflush(stdout);

        t = Clock::now();
        fill_kiosks(kiosks, per_kiosk, images, fill_threads, seed + 200);
        std::printf("filled the kiosks again in %.2f s\n", seconds_since(t));

        // ---- phase B: the kiosks with the staff
        StaffLoad staff(office.port, accounts, s.receipts, terms);
        {
            // Warm: every staff member's first pages (not counted).
            std::vector<std::string> ignored;
            std::mt19937 warm(seed + 300);
            for (const auto& acc : accounts) {
                httplib::Client cli("127.0.0.1", office.port);
                for (int k = 0; k < kKinds; ++k) {
                    get_page(cli, acc, static_cast<Kind>(k), s.receipts, terms, warm);
                }
            }
        }
        office.storage->reset();
        staff.start(staff_threads, seed + 400, false);
        run = send_all(kiosks, office.base_url, max_passes, [&] { staff.record(); });
        StaffFigures during = staff.stop();
        expected += kiosk_count * per_kiosk;
        json b = send_figures(run, kiosks, per_kiosk);
        b["problems"] = check_kiosks(kiosks, *office.real, expected);
        json b_pages = page_figures(during);
        b["staff"] = b_pages;
        b["storage"] = op_figures(office.storage->snapshot());
        const double a_rate = a["cases_per_s"].get<double>();
        const double b_rate = b["cases_per_s"].get<double>();
        b["cases_per_s_vs_alone"] = round3(a_rate > 0 ? b_rate / a_rate : 0);
        print_send("phase B, kiosks with staff load", b);
        std::printf(
            "  kiosks: %.1f cases/s with %d staff thread(s) vs %.1f cases/s alone (%.0f%%)\n",
            b_rate, staff_threads, a_rate, 100 * b["cases_per_s_vs_alone"].get<double>());
        print_pages("pages", b_pages);
        if (!b["problems"].empty() || b["failed_attempts"].get<int>() > 0 ||
            b["quarantined"].get<int>() > 0 || during.failures > 0) {
            exit_code = 1;
        }
        result["phase_b"] = b;
        std::fflush(stdout);

        // ---- phase C: the staff alone
        office.storage->reset();
        staff.start(staff_threads, seed + 500, true);
        std::this_thread::sleep_for(std::chrono::duration<double>(staff_seconds));
        StaffFigures alone = staff.stop();
        json c = page_figures(alone);
        c["storage"] = op_figures(office.storage->snapshot());
        std::printf("phase C, staff alone for %.1f s (%d thread(s)):\n", alone.seconds,
                    staff_threads);
        print_pages("pages", c);
        if (alone.failures > 0) {
            exit_code = 1;
        }
        result["phase_c"] = c;

        // ---- the probe
        std::vector<std::string> probe_errors;
        const json p = probe(office, accounts.front(), s.receipts, terms, probe_n, probe_errors);
        print_probe(p);
        for (const auto& e : probe_errors) {
            std::printf("  FAILED: %s\n", e.c_str());
            exit_code = 1;
        }
        result["probe"] = p;
        print_storage(a, b, c);

        // ---- summary
        std::printf("\nsummary (%d cases in the office at the start, %d at the end):\n", cases,
                    expected);
        std::printf("  %-28s %10s %10s %10s\n", "", "p50 ms", "p95 ms", "max ms");
        for (int k = 0; k < kKinds; ++k) {
            const auto& pb = b_pages["pages"][kKindNames[k]];
            const auto& pc = c["pages"][kKindNames[k]];
            std::printf("  %-28s %10.1f %10.1f %10.1f\n",
                        (std::string(kKindNames[k]) + ", with kiosks").c_str(),
                        pb["p50_ms"].get<double>(), pb["p95_ms"].get<double>(),
                        pb["max_ms"].get<double>());
            std::printf("  %-28s %10.1f %10.1f %10.1f\n",
                        (std::string(kKindNames[k]) + ", staff alone").c_str(),
                        pc["p50_ms"].get<double>(), pc["p95_ms"].get<double>(),
                        pc["max_ms"].get<double>());
        }
        std::printf("  kiosks: %.1f cases/s alone, %.1f cases/s with staff load\n", a_rate, b_rate);
        if (keep) {
            std::printf("  kept: %s\n", root.path().c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_console: %s\n", e.what());
        result["error"] = e.what();
        if (as_json) {
            std::cout << result.dump() << std::endl;
        }
        return 2;
    }
    result["ok"] = exit_code == 0;
    result["run_seconds"] = round3(seconds_since(run_start));
    std::printf("run time %.1f s; %s\n", seconds_since(run_start),
                exit_code == 0 ? "every request succeeded" : "SOME REQUESTS FAILED");
    if (as_json) {
        std::cout << result.dump() << std::endl;
    }
    return exit_code;
}
