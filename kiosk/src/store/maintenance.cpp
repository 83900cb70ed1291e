// Maintenance: the full verification, collecting what interrupted writes leave behind, and the
// append-only audit log.
#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

// [SECTION] Verification and audit ----------------------------------------------------------

StoreReport Store::verify() const {
    StoreReport report;
    const sql::Db& db = *impl_->db;
    try {
        check_integrity(db, database_path());
    } catch (const StoreError& e) {
        report.problems.push_back(e.what());
        return report;
    }
    sql::Stmt q(db, (std::string(kCaseColumns) + "ORDER BY created_at").c_str());
    while (q.step()) {
        ++report.cases;
        const std::string id = q.text(0);
        domain::CaseRecord rec;
        try {
            rec = impl_->load(q);
        } catch (const std::exception& e) {
            report.problems.push_back("case " + id + ": " + e.what());
            continue;
        }
        if (static_cast<int>(rec.attachments.size()) != q.integer(6)) {
            report.problems.push_back("case " + id + ": " + std::to_string(rec.attachments.size()) +
                                      " attachment rows, expected " + std::to_string(q.integer(6)));
        }
        for (const auto& a : rec.attachments) {
            ++report.attachments;
            if (rec.purged) {
                continue;  // erased on purpose after the office acknowledged the case
            }
            try {
                const Bytes content = read_attachment(a.sha256);
                if (content.size() != a.size) {
                    report.problems.push_back("case " + id + ": attachment " + a.sha256 +
                                              " has the wrong size");
                }
            } catch (const StoreError& e) {
                report.problems.push_back("case " + id + ": " + e.what());
            }
        }
        sql::Stmt ob(db, "SELECT 1 FROM outbox WHERE case_id = ?");
        if (!ob.bind(1, id).step()) {
            report.problems.push_back("case " + id + ": no outbox row");
        }
    }
    sql::Stmt pending(db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    pending.step();
    report.outbox_pending = static_cast<int>(pending.integer(0));
    return report;
}

Store::Cleanup Store::collect_garbage(std::chrono::seconds min_age) {
    Cleanup c;
    const fs::path blobs = impl_->options.data_dir / "blobs";
    std::error_code ec;
    if (!fs::is_directory(blobs, ec)) {
        return c;
    }
    const auto cutoff = fs::file_time_type::clock::now() - min_age;
    sql::Stmt used(*impl_->db, "SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1");
    std::vector<fs::path> doomed;
    for (const auto& e : fs::recursive_directory_iterator(blobs, ec)) {
        if (!e.is_regular_file() || e.last_write_time() > cutoff) {
            continue;
        }
        const std::string name = e.path().filename().string();
        if (platform::is_temporary_name(name)) {
            ++c.temp_files;
        } else {
            const bool referenced = used.bind(1, name).step();
            used.reset();
            if (referenced) {
                continue;
            }
            ++c.orphan_files;
        }
        c.bytes += e.file_size();
        doomed.push_back(e.path());
    }
    for (const auto& p : doomed) {
        fs::remove(p, ec);
    }
    if (!doomed.empty()) {
        spdlog::info("store cleanup: removed {} temporary and {} unreferenced files ({} bytes)",
                     c.temp_files, c.orphan_files, c.bytes);
    }
    return c;
}

void Store::audit(const std::string& actor, const std::string& action, const std::string& detail) {
    sql::Stmt(*impl_->db, "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, ?, ?, ?)")
        .bind(1, impl_->now())
        .bind(2, actor)
        .bind(3, action)
        .bind(4, detail)
        .run();
}

std::vector<AuditEntry> Store::audit_log(int limit) const {
    sql::Stmt q(*impl_->db,
                "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    while (q.step()) {
        out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    }
    return out;
}

}  // namespace anjungan::kiosk
