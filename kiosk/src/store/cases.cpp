// Writing a case (durable files first, then one transaction) and reading cases back.
#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

// [SECTION] Writing a case ------------------------------------------------------------------

domain::CaseRecord Store::submit(const domain::NewCase& c) {
    if (!platform::is_uuid(c.case_id)) {
        throw StoreError(StoreError::Kind::kInvalidCase,
                         "case id '" + c.case_id + "' is not a lower-case UUID");
    }
    if (const auto problems = domain::check_documents(c.documents); !problems.empty()) {
        std::string why;
        for (const auto& p : problems) {
            why += (why.empty() ? "" : " ") + p.message_en;
        }
        throw StoreError(StoreError::Kind::kInvalidCase, "incomplete case: " + why);
    }
    const sql::Db& db = *impl_->db;
    {
        sql::Stmt dup(db, "SELECT 1 FROM cases WHERE case_id = ?");
        if (dup.bind(1, c.case_id).step()) {
            throw StoreError(
                StoreError::Kind::kDuplicateCase,
                "case id " + c.case_id + " was used before; a case id is never reused");
        }
    }

    domain::CaseRecord rec;
    rec.case_id = c.case_id;
    rec.kiosk_id = impl_->options.kiosk_id;
    rec.applicant = c.applicant;
    // 1. The case's own key (keys.cpp), and the attachment files, each durable before the
    // transaction that refers to them; each file's key sealed for this case.
    const CaseKey case_key = impl_->new_case_key(c.case_id);
    std::map<std::string, FileKey> written;
    std::vector<Bytes> file_keys;
    try {
        for (const auto& d : c.documents) {
            const std::string sha = platform::sha256_hex(d.content);
            file_keys.push_back(impl_->write_blob(sha, d, c.case_id, case_key, written));
            rec.attachments.push_back({d.kind, d.page, sha, d.content.size(), d.media_type});
        }
    } catch (const platform::FileError& e) {
        throw StoreError(StoreError::Kind::kIo, e.what());
    }

    // 2. One transaction: counter, case, attachment rows, outbox row, first status.
    const auto now_tp = impl_->clock.now();
    rec.created_at = platform::format_utc(now_tp);
    const auto local_day = platform::civil_date(now_tp, impl_->options.utc_offset_minutes);
    sql::Transaction tx(db);
    sql::Stmt counter(db,
                      "INSERT INTO receipt_counters(day, last) VALUES(?, 1) "
                      "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
    counter.bind(1, platform::format_date(local_day)).step();
    const auto n = counter.integer(0);
    counter.reset();
    if (n > domain::kMaxDailyReceipts) {
        throw StoreError(StoreError::Kind::kFull, "the kiosk has issued " +
                                                      std::to_string(domain::kMaxDailyReceipts) +
                                                      " receipts today, the most a day can number");
    }
    rec.receipt_no = domain::make_receipt_number(rec.kiosk_id, local_day, static_cast<int>(n));

    const std::string applicant_json = nlohmann::json(c.applicant).dump();
    const Bytes sealed =
        platform::seal(case_key.fields, as_bytes(applicant_json), "applicant:" + c.case_id);
    sql::Stmt(db,
              "INSERT INTO cases(case_id, receipt_no, kiosk_id, created_at, status, status_at, "
              "nik_lookup, applicant, attachment_count, case_key) "
              "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, rec.case_id)
        .bind(2, rec.receipt_no)
        .bind(3, rec.kiosk_id)
        .bind(4, rec.created_at)
        .bind(5, std::string(to_code(domain::CaseStatus::kReceived)))
        .bind(6, rec.created_at)
        .bind(7, platform::keyed_hash_hex(impl_->lookup_key, c.applicant.nik))
        .bind(8, sealed)
        .bind(9, static_cast<std::int64_t>(rec.attachments.size()))
        .bind(10, case_key.sealed)
        .run();
    sql::Stmt att(db,
                  "INSERT INTO attachments(case_id, kind, page, sha256, size, media_type, "
                  "blob_key) VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < rec.attachments.size(); ++i) {
        const auto& a = rec.attachments[i];
        att.bind(1, rec.case_id)
            .bind(2, std::string(to_code(a.kind)))
            .bind(3, static_cast<std::int64_t>(a.page))
            .bind(4, a.sha256)
            .bind(5, static_cast<std::int64_t>(a.size))
            .bind(6, a.media_type)
            .bind(7, file_keys[i])
            .run();
        att.reset();
    }
    sql::Stmt(db, "INSERT INTO outbox(case_id, created_at) VALUES(?, ?)")
        .bind(1, rec.case_id)
        .bind(2, rec.created_at)
        .run();
    sql::Stmt(db, "INSERT INTO status_history(case_id, status, at, note) VALUES(?, ?, ?, ?)")
        .bind(1, rec.case_id)
        .bind(2, std::string(to_code(domain::CaseStatus::kReceived)))
        .bind(3, rec.created_at)
        .bind(4, std::string("kiosk ") + rec.kiosk_id)
        .run();
    tx.commit();
    try {
        impl_->restore_blobs(c.documents, written);
    } catch (const platform::FileError& e) {
        // The case is stored and numbered: say so, and let `store verify` name the file.
        spdlog::error("case {}: an attachment file could not be written again: {}", rec.case_id,
                      e.what());
    }
    rec.history.push_back({domain::CaseStatus::kReceived, rec.created_at, "kiosk " + rec.kiosk_id});
    spdlog::info("case {} stored as {} with {} attachments", rec.case_id, rec.receipt_no,
                 rec.attachments.size());
    return rec;
}

// [SECTION] Reading -------------------------------------------------------------------------

std::vector<domain::Attachment> Store::Impl::attachments_of(const std::string& case_id) const {
    sql::Stmt q(*db,
                "SELECT kind, page, sha256, size, media_type FROM attachments WHERE case_id = ? "
                "ORDER BY CASE kind WHEN 'ktp' THEN 1 WHEN 'sk' THEN 2 WHEN 'letter' THEN 3 "
                "ELSE 4 END, page");
    q.bind(1, case_id);
    std::vector<domain::Attachment> out;
    while (q.step()) {
        out.push_back({domain::document_from_code(q.text(0)).value_or(domain::DocumentKind::kKtp),
                       static_cast<int>(q.integer(1)), q.text(2),
                       static_cast<std::uint64_t>(q.integer(3)), q.text(4)});
    }
    return out;
}

domain::CaseRecord Store::Impl::load(sql::Stmt& row) const {
    domain::CaseRecord r;
    r.case_id = row.text(0);
    r.receipt_no = row.text(1);
    r.kiosk_id = row.text(2);
    r.created_at = row.text(3);
    r.status = status_or_received(row.text(4));
    const auto key = fields_key(r.case_id, row.blob(kCaseKeyColumn));
    const auto plain =
        key ? platform::unseal(*key, row.blob(5), "applicant:" + r.case_id) : std::nullopt;
    if (!plain) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         "the personal data of case " + r.case_id + " cannot be decrypted");
    }
    r.applicant = nlohmann::json::parse(plain->begin(), plain->end()).get<domain::Applicant>();
    r.purged = row.integer(7) != 0;
    r.attachments = attachments_of(r.case_id);
    sql::Stmt h(*db, "SELECT status, at, note FROM status_history WHERE case_id = ? ORDER BY id");
    h.bind(1, r.case_id);
    while (h.step()) {
        r.history.push_back({status_or_received(h.text(0)), h.text(1), h.text(2)});
    }
    return r;
}

std::vector<CaseSummary> Store::Impl::summaries(sql::Stmt& rows) const {
    std::vector<CaseSummary> out;
    while (rows.step()) {
        CaseSummary s;
        s.case_id = rows.text(0);
        s.receipt_no = rows.text(1);
        s.created_at = rows.text(3);
        s.status = status_or_received(rows.text(4));
        s.attachment_count = static_cast<int>(rows.integer(6));
        s.purged = rows.integer(7) != 0;
        if (s.purged) {
            s.masked_name = "(dihapus / erased)";
        } else if (const auto key = fields_key(s.case_id, rows.blob(kCaseKeyColumn));
                   const auto plain =
                       key ? platform::unseal(*key, rows.blob(5), "applicant:" + s.case_id)
                           : std::nullopt) {
            const auto a =
                nlohmann::json::parse(plain->begin(), plain->end()).get<domain::Applicant>();
            s.masked_name =
                domain::mask_name(a.certificate_name.empty() ? a.full_name : a.certificate_name);
            s.work_unit = a.work_unit;
        } else {
            s.masked_name = "(tidak terbaca / unreadable)";
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<CaseSummary> Store::list_cases() const {
    sql::Stmt q(*impl_->db,
                (std::string(kCaseColumns) + "ORDER BY created_at, receipt_no").c_str());
    return impl_->summaries(q);
}

std::optional<domain::CaseRecord> Store::find_by_receipt(const std::string& receipt_no) const {
    const auto parsed = domain::parse_receipt_number(receipt_no);
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) + "WHERE receipt_no = ?").c_str());
    q.bind(1, parsed ? parsed->text : receipt_no);
    if (!q.step()) {
        return std::nullopt;
    }
    return impl_->load(q);
}

std::optional<domain::CaseRecord> Store::find_by_id(const std::string& case_id) const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) + "WHERE case_id = ?").c_str());
    q.bind(1, case_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return impl_->load(q);
}

std::vector<CaseSummary> Store::open_cases_for_nik(const std::string& nik) const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) +
                             "WHERE nik_lookup = ? AND status NOT IN ('issued', 'rejected') "
                             "ORDER BY created_at")
                                .c_str());
    q.bind(1, platform::keyed_hash_hex(impl_->lookup_key, nik));
    return impl_->summaries(q);
}

}  // namespace anjungan::kiosk
