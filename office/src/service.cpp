#include "anjungan/office/service.hpp"

namespace anjungan::office {

using nlohmann::json;

json case_row_json(const CaseRow& r, platform::TimePoint now) {
    const std::string now_text = platform::format_utc(now);
    return {{"case_id", r.case_id},
            {"receipt_no", r.receipt_no},
            {"kiosk_id", r.kiosk_id},
            {"status", domain::to_code(r.status)},
            {"blobs", r.blobs},
            {"created_at", r.created_at},
            {"received_at", r.received_at},
            {"status_at", r.status_at},
            {"due_at", r.due_at},
            {"overdue", !r.due_at.empty() && r.due_at < now_text}};
}

json case_detail_json(const CaseDetail& d, platform::TimePoint now) {
    json j = case_row_json(d.row, now);
    j["status_label"] = {{"id", domain::label(d.row.status, domain::Lang::kId)},
                         {"en", domain::label(d.row.status, domain::Lang::kEn)}};
    j["applicant"] = d.payload.applicant;
    j["attachments"] = json::array();
    for (const auto& a : d.payload.attachments) {
        j["attachments"].push_back({{"kind", a.kind},
                                    {"page", a.page},
                                    {"sha256", a.sha256},
                                    {"size", a.size},
                                    {"media_type", a.media_type}});
    }
    j["kiosk_signature"] = d.signature;
    j["history"] = json::array();
    for (const auto& h : d.history) {
        j["history"].push_back({{"seq", h.seq},
                                {"status", domain::to_code(h.status)},
                                {"at", h.at},
                                {"actor", h.actor},
                                {"role", h.role},
                                {"note", h.note},
                                {"reasons", h.reasons},
                                {"due_at", h.due_at}});
    }
    j["allowed_next"] = json::array();
    for (const auto s : domain::allowed_next(d.row.status)) {
        json roles = json::array();
        for (const auto r : roles_for(d.row.status, s)) {
            roles.push_back(to_code(r));
        }
        j["allowed_next"].push_back({{"status", domain::to_code(s)}, {"roles", roles}});
    }
    j["audit"] = json::array();
    for (const auto& a : d.audit) {
        j["audit"].push_back(
            {{"at", a.at}, {"actor", a.actor}, {"action", a.action}, {"detail", a.detail}});
    }
    return j;
}

std::string deadline_for(domain::CaseStatus status, platform::TimePoint now,
                         const std::string& previous_due, const WorkingTime& working) {
    if (keeps_deadline(status) && !previous_due.empty()) {
        return previous_due;
    }
    const auto t = step_time(status);
    return t ? platform::format_utc(working.add(now, working.span_of(*t))) : std::string();
}

AdvanceResult advance_case(Storage& storage, const std::string& receipt_no, const Move& move,
                           platform::TimePoint now, const WorkingTime& working) {
    AdvanceResult out;
    const auto before = storage.case_by_receipt(receipt_no);
    if (!before) {
        return {404, "not_found", "no case with receipt number " + receipt_no, std::nullopt};
    }
    std::string code;
    const std::string why = check_move(before->row.status, move, &code);
    if (!why.empty()) {
        const int http = code == "transition" ? 409 : code == "role" ? 403 : 422;
        return {http, code, why, before};
    }
    const std::string due = deadline_for(move.to, now, before->row.due_at, working);
    const auto seq = storage.move_case(before->row.case_id, before->row.status, move,
                                       platform::format_utc(now), due);
    if (!seq) {
        return {409, "conflict",
                "the case changed meanwhile (someone else moved it); reload and try again",
                storage.case_by_receipt(receipt_no)};
    }
    out.detail = storage.case_by_receipt(receipt_no);
    out.message = receipt_no + ": " + std::string(domain::to_code(before->row.status)) + " -> " +
                  std::string(domain::to_code(move.to));
    return out;
}

std::string applicant_text(const nlohmann::json& a, const char* key) {
    const auto it = a.find(key);
    return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
}

LetterResult case_letter(Storage& storage, const LetterConfig& config,
                         const platform::SigningKey& key, const std::string& receipt_no,
                         const std::string& actor, platform::TimePoint now, int utc_offset_minutes,
                         bool remake) {
    const auto d = storage.case_by_receipt(receipt_no);
    if (!d) {
        return {404, "no case with receipt number " + receipt_no, std::nullopt, false};
    }
    if (!remake) {
        if (auto current = storage.current_letter(d->row.case_id);
            current && !current->pdf.empty()) {
            return {200, "the current letter " + current->letter_no, std::move(current), false};
        }
    }
    const auto today = platform::civil_date(now, utc_offset_minutes);
    letter_number(config.number_scheme, 1, today);  // a bad scheme fails before a number is taken
    const auto& a = d->payload.applicant;
    LetterFacts f;
    f.case_id = d->row.case_id;
    f.receipt_no = d->row.receipt_no;
    f.date = today;
    f.name = applicant_text(a, "certificate_name");
    if (f.name.empty()) {
        f.name = applicant_text(a, "full_name");
    }
    f.nik = applicant_text(a, "nik");
    f.nip = applicant_text(a, "nip");
    f.position = applicant_text(a, "position");
    f.work_unit = applicant_text(a, "work_unit");
    f.email = applicant_text(a, "email");
    auto record = storage.issue_letter(
        d->row.case_id, today.year, platform::format_date(today),
        [&](int seq) { return letter_number(config.number_scheme, seq, today); }, actor,
        platform::format_utc(now));
    f.letter_no = record.letter_no;
    record.pdf = render_letter(config, f, letter_qr_text(f, key));
    storage.attach_letter_pdf(record.id, record.pdf);
    return {200, "letter " + record.letter_no + " made for " + receipt_no, std::move(record), true};
}

}  // namespace anjungan::office
