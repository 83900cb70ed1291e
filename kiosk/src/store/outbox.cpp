// The outbox the sync sender works through, the office's status feed, and purging personal data
// the office has acknowledged.
#include <algorithm>
#include <array>

#include "anjungan/platform/codes.hpp"
#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

namespace {

constexpr std::array<std::pair<OutboxState, std::string_view>, 3> kOutboxStates{{
    {OutboxState::kPending, "pending"},
    {OutboxState::kSent, "sent"},
    {OutboxState::kQuarantined, "quarantined"},
}};

}  // namespace

std::string_view to_code(OutboxState s) {
    return platform::code_of(kOutboxStates, s);
}

std::optional<OutboxState> outbox_state_from_code(std::string_view code) {
    return platform::value_of<OutboxState>(kOutboxStates, code);
}

OutboxCounts Store::outbox_counts() const {
    sql::Stmt q(*impl_->db, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
    OutboxCounts c;
    while (q.step()) {
        const auto state = outbox_state_from_code(q.text(0));
        const int n = static_cast<int>(q.integer(1));
        if (state == OutboxState::kPending) {
            c.pending = n;
        } else if (state == OutboxState::kSent) {
            c.sent = n;
        } else if (state == OutboxState::kQuarantined) {
            c.quarantined = n;
        }
    }
    return c;
}

std::vector<OutboxEntry> Store::outbox(std::optional<OutboxState> state, int limit) const {
    sql::Stmt q(
        *impl_->db,
        "SELECT o.seq, o.case_id, c.receipt_no, o.state, o.attempts, IFNULL(o.last_error, "
        "''), IFNULL(o.acked_at, ''), IFNULL(c.purged_at, ''), IFNULL(o.quarantined_at, '') "
        "FROM outbox o JOIN cases c "
        "ON c.case_id = o.case_id WHERE (?1 = '' OR o.state = ?1) ORDER BY o.seq LIMIT ?2");
    q.bind(1, state ? std::string(to_code(*state)) : std::string())
        .bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxEntry> out;
    while (q.step()) {
        out.push_back({q.integer(0), q.text(1), q.text(2),
                       outbox_state_from_code(q.text(3)).value_or(OutboxState::kPending),
                       static_cast<int>(q.integer(4)), q.text(5), q.text(6), q.text(7), q.text(8)});
    }
    return out;
}

void Store::outbox_failed(const std::string& case_id, const std::string& error) {
    sql::Stmt(*impl_->db,
              "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
              "WHERE case_id = ? AND state = 'pending'")
        .bind(1, error)
        .bind(2, impl_->now())
        .bind(3, case_id)
        .run();
}

void Store::outbox_acknowledged(const std::string& case_id, std::int64_t office_seq) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt(db,
              "UPDATE outbox SET state = 'sent', attempts = attempts + 1, acked_at = ?, "
              "office_seq = ?, last_error = NULL WHERE case_id = ? AND state != 'sent'")
        .bind(1, impl_->now())
        .bind(2, office_seq)
        .bind(3, case_id)
        .run();
    if (sqlite3_changes(db.get()) > 0) {
        sql::Stmt(db,
                  "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', "
                  "'sync.acknowledged', ?)")
            .bind(1, impl_->now())
            .bind(2, case_id)
            .run();
    }
    tx.commit();
}

void Store::outbox_quarantine(const std::string& case_id, const std::string& reason) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt(db,
              "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_error = ?, "
              "quarantined_at = ?, purge_warned_at = NULL WHERE case_id = ? AND state = 'pending'")
        .bind(1, reason)
        .bind(2, impl_->now())
        .bind(3, case_id)
        .run();
    sql::Stmt(db,
              "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', "
              "'sync.quarantine', ?)")
        .bind(1, impl_->now())
        .bind(2, case_id + ": " + reason)
        .run();
    tx.commit();
}

bool Store::outbox_requeue(const std::string& case_id) {
    sql::Stmt(*impl_->db,
              "UPDATE outbox SET state = 'pending', quarantined_at = NULL, purge_warned_at = NULL "
              "WHERE case_id = ? AND state = 'quarantined'")
        .bind(1, case_id)
        .run();
    return sqlite3_changes(impl_->db->get()) > 0;
}

std::int64_t Store::status_cursor() const {
    const std::string v = meta_text(*impl_->db, "status_cursor");
    return v.empty() ? 0 : std::stoll(v);
}

int Store::apply_office_status(const std::vector<OfficeStatus>& changes, std::int64_t next) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt find(db, "SELECT status, office_seq FROM cases WHERE case_id = ?");
    int applied = 0;
    for (const auto& ch : changes) {
        find.bind(1, ch.case_id);
        if (!find.step()) {
            find.reset();
            continue;  // not a case of this kiosk's store
        }
        const std::string current = find.text(0);
        const std::int64_t seen = find.integer(1);
        find.reset();
        if (ch.seq <= seen || !domain::status_from_code(ch.status)) {
            continue;  // applied before (a replayed page), or a status this kiosk does not know
        }
        if (ch.status != current) {
            sql::Stmt(db,
                      "INSERT INTO status_history(case_id, status, at, note) VALUES(?, ?, ?, ?)")
                .bind(1, ch.case_id)
                .bind(2, ch.status)
                .bind(3, ch.at)
                .bind(4, ch.note)
                .run();
            ++applied;
        }
        sql::Stmt(db,
                  "UPDATE cases SET status = ?, status_at = ?, office_seq = ? WHERE case_id = ?")
            .bind(1, ch.status)
            .bind(2, ch.at)
            .bind(3, ch.seq)
            .bind(4, ch.case_id)
            .run();
    }
    if (next > status_cursor()) {
        set_meta(db, "status_cursor", std::to_string(next));
    }
    tx.commit();
    return applied;
}

void Store::record_sync(bool success, const std::string& error) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    const std::string now = impl_->now();
    set_meta(db, "sync_last_attempt", now);
    set_meta(db, "sync_last_error", success ? std::string() : error);
    if (success) {
        set_meta(db, "sync_last_success", now);
    }
    tx.commit();
}

SyncSummary Store::sync_summary() const {
    SyncSummary s;
    s.counts = outbox_counts();
    const sql::Db& db = *impl_->db;
    s.last_success = meta_text(db, "sync_last_success");
    s.last_attempt = meta_text(db, "sync_last_attempt");
    s.last_error = meta_text(db, "sync_last_error");
    s.status_cursor = status_cursor();
    sql::Stmt q(db, "SELECT COUNT(*) FROM cases WHERE purged_at IS NOT NULL");
    q.step();
    s.purged = static_cast<int>(q.integer(0));
    return s;
}

int Store::purge_acknowledged(std::chrono::seconds after) {
    const sql::Db& db = *impl_->db;
    const std::string cutoff = platform::format_utc(impl_->clock.now() - after);
    std::vector<std::string> ids;
    {
        sql::Stmt q(db,
                    "SELECT c.case_id FROM cases c JOIN outbox o ON o.case_id = c.case_id WHERE "
                    "o.state = 'sent' AND o.acked_at IS NOT NULL AND o.acked_at <= ? AND "
                    "c.purged_at IS NULL");
        q.bind(1, cutoff);
        while (q.step()) {
            ids.push_back(q.text(0));
        }
    }
    if (ids.empty()) {
        if (impl_->wal_truncate_pending) {
            impl_->truncate_wal();
        }
        return 0;
    }
    const int files = impl_->erase_cases(
        ids, "sync.purge", std::to_string(ids.size()) + " case(s) acknowledged before " + cutoff);
    spdlog::info("sync: personal data of {} acknowledged case(s) erased ({} files)", ids.size(),
                 files);
    return static_cast<int>(ids.size());
}

Store::QuarantinePurge Store::purge_quarantined(std::chrono::seconds after,
                                                std::chrono::seconds warn_before) {
    const sql::Db& db = *impl_->db;
    const auto now = impl_->clock.now();
    // The operator is told `warn_before` ahead; a case is erased `after` from its quarantine,
    // and never sooner than `warn_before` after that warning (a kiosk that was off meanwhile).
    const auto erase_at = [&](const std::string& quarantined_at, const std::string& warned_at) {
        platform::TimePoint q = now, w = now;
        platform::parse_utc(quarantined_at, q);
        if (!warned_at.empty()) {
            platform::parse_utc(warned_at, w);
        }
        return std::max(q + after, w + warn_before);
    };
    QuarantinePurge result;
    struct Quarantined {
        std::string case_id, receipt_no, quarantined_at, reason;
    };
    std::vector<Quarantined> due, warn;
    {
        sql::Stmt q(db,
                    "SELECT c.case_id, c.receipt_no, o.quarantined_at, IFNULL(o.last_error, ''), "
                    "IFNULL(o.purge_warned_at, '') FROM cases c JOIN outbox o ON o.case_id = "
                    "c.case_id WHERE o.state = 'quarantined' AND o.quarantined_at IS NOT NULL "
                    "AND o.quarantined_at <= ? AND c.purged_at IS NULL ORDER BY o.quarantined_at");
        q.bind(1, platform::format_utc(now - after + warn_before));
        while (q.step()) {
            Quarantined c{q.text(0), q.text(1), q.text(2), q.text(3)};
            const std::string warned_at = q.text(4);
            if (warned_at.empty()) {
                warn.push_back(std::move(c));
            } else if (erase_at(c.quarantined_at, warned_at) <= now) {
                due.push_back(std::move(c));
            }
        }
    }
    for (const auto& c : warn) {
        const std::string when = platform::format_utc(erase_at(c.quarantined_at, ""));
        spdlog::warn(
            "store: quarantined case {} ({}) keeps its personal data only until {}, then it is "
            "erased; fix the cause ({}) and `anjungan sync requeue {}` before then",
            c.receipt_no, c.case_id, when, c.reason, c.receipt_no);
        sql::Transaction tx(db);
        sql::Stmt(db, "UPDATE outbox SET purge_warned_at = ? WHERE case_id = ?")
            .bind(1, impl_->now())
            .bind(2, c.case_id)
            .run();
        audit("sync", "sync.purge_warning",
              c.receipt_no + ": quarantined since " + c.quarantined_at +
                  "; its personal data is erased at " + when + " unless it is requeued");
        tx.commit();
        ++result.warned;
    }
    if (due.empty()) {
        return result;
    }
    std::vector<std::string> ids;
    std::string receipts;
    for (const auto& c : due) {
        ids.push_back(c.case_id);
        receipts += (receipts.empty() ? "" : ", ") + c.receipt_no;
        spdlog::warn(
            "store: personal data of quarantined case {} ({}) erased: quarantined since {}, "
            "never taken by the office ({})",
            c.receipt_no, c.case_id, c.quarantined_at, c.reason);
    }
    impl_->erase_cases(ids, "sync.purge_quarantined",
                       receipts + ": quarantined, never taken by the office; personal data erased");
    result.purged = static_cast<int>(ids.size());
    return result;
}

}  // namespace anjungan::kiosk
