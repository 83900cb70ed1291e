// Receipt prints: every attempt recorded before anything is sent, copy numbers that never lie.
#include <array>

#include "anjungan/platform/codes.hpp"
#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

namespace {

constexpr std::array<std::pair<PrintState, std::string_view>, 4> kPrintStates{{
    {PrintState::kSending, "sending"},
    {PrintState::kPrinted, "printed"},
    {PrintState::kFailed, "failed"},
    {PrintState::kNotSent, "not_sent"},
}};

}  // namespace

std::string_view to_code(PrintState s) {
    return platform::code_of(kPrintStates, s);
}

std::optional<PrintState> print_state_from_code(std::string_view code) {
    return platform::value_of<PrintState>(kPrintStates, code);
}

namespace {

PrintRecord print_from(const sql::Stmt& q) {
    PrintRecord r;
    r.id = q.integer(0);
    r.case_id = q.text(1);
    r.copy = static_cast<int>(q.integer(2));
    r.requested_by = q.text(3);
    r.requested_at = q.text(4);
    r.state = print_state_from_code(q.text(5)).value_or(PrintState::kSending);
    r.job_id = static_cast<int>(q.integer(6));
    r.printer_state = q.text(7);
    r.detail = q.text(8);
    r.finished_at = q.text(9);
    return r;
}

constexpr const char* kPrintColumns =
    "SELECT id, case_id, copy, requested_by, requested_at, state, IFNULL(job_id, 0), "
    "IFNULL(printer_state, ''), detail, IFNULL(finished_at, '') FROM prints ";

}  // namespace

PrintRecord Store::begin_print(const std::string& case_id, const std::string& requested_by) {
    sql::Transaction tx(*impl_->db);
    {
        sql::Stmt exists(*impl_->db, "SELECT 1 FROM cases WHERE case_id = ?");
        exists.bind(1, case_id);
        if (!exists.step()) {
            throw StoreError(StoreError::Kind::kInvalidCase, "no case " + case_id + " to print");
        }
    }
    // Every earlier attempt that may have put paper out counts: one that was sending when the
    // kiosk stopped, one that printed, one that failed after the printer took it.
    sql::Stmt count(*impl_->db,
                    "SELECT COUNT(*) FROM prints WHERE case_id = ? AND state != 'not_sent'");
    count.bind(1, case_id);
    count.step();
    PrintRecord r;
    r.case_id = case_id;
    r.copy = static_cast<int>(count.integer(0));
    r.requested_by = requested_by;
    r.requested_at = impl_->now();
    r.state = PrintState::kSending;
    sql::Stmt(*impl_->db,
              "INSERT INTO prints(case_id, copy, requested_by, requested_at, state) "
              "VALUES(?, ?, ?, ?, 'sending')")
        .bind(1, case_id)
        .bind(2, static_cast<std::int64_t>(r.copy))
        .bind(3, requested_by)
        .bind(4, r.requested_at)
        .run();
    r.id = sqlite3_last_insert_rowid(impl_->db->get());
    tx.commit();
    return r;
}

void Store::finish_print(std::int64_t print_id, PrintState state, int job_id,
                         const std::string& printer_state, const std::string& detail) {
    if (state == PrintState::kSending) {
        throw std::invalid_argument("a print ends printed, failed or not_sent, not sending");
    }
    sql::Stmt(*impl_->db,
              "UPDATE prints SET state = ?, job_id = ?, printer_state = ?, detail = ?, "
              "finished_at = ? WHERE id = ? AND state = 'sending'")
        .bind(1, std::string(to_code(state)))
        .bind(2, static_cast<std::int64_t>(job_id))
        .bind(3, printer_state)
        .bind(4, detail)
        .bind(5, impl_->now())
        .bind(6, print_id)
        .run();
}

std::vector<PrintRecord> Store::prints_of(const std::string& case_id) const {
    sql::Stmt q(*impl_->db, (std::string(kPrintColumns) + "WHERE case_id = ? ORDER BY id").c_str());
    q.bind(1, case_id);
    std::vector<PrintRecord> out;
    while (q.step()) {
        out.push_back(print_from(q));
    }
    return out;
}

std::vector<CaseSummary> Store::awaiting_print() const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) +
                             "WHERE case_id IN (SELECT case_id FROM prints) AND case_id NOT IN "
                             "(SELECT case_id FROM prints WHERE state = 'printed') "
                             "ORDER BY created_at, receipt_no")
                                .c_str());
    return impl_->summaries(q);
}

}  // namespace anjungan::kiosk
