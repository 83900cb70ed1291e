// The recommendation letter on the case page: shown (its first page drawn), downloadable, made
// or remade by the verifier (and the administrator); made by itself on the move to
// sent_to_bsre when there is none (cases.cpp calls make_letter_for).
#include <spdlog/spdlog.h>

#include <cstdio>

#include "anjungan/office/service.hpp"
#include "console.hpp"
#include "documents.hpp"

namespace anjungan::office::console {

namespace {

// "2026-12-04" as the letter prints it: "4 Desember 2026".
std::string printed_date(const std::string& iso) {
    platform::CivilDate d;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3) {
        return iso;
    }
    try {
        return indonesian_date(d);
    } catch (const LetterError&) {
        return iso;
    }
}

bool may_make(const Visit& v) {
    return v.staff().role == Role::kVerifier || v.staff().role == Role::kAdmin;
}

// The statuses from which a letter makes sense: the files are verified.
bool verified(domain::CaseStatus s) {
    using S = domain::CaseStatus;
    return s == S::kSectionVerified || s == S::kSentToBsre || s == S::kBsreRegistration ||
           s == S::kIssued;
}

void get_letter(Console& c, const httplib::Request& req, httplib::Response& res, bool png) {
    auto vd = case_visit(c, req, res);
    if (!vd) {
        return;
    }
    auto& [v, d] = *vd;
    const auto letter = c.ctx.storage.current_letter(d.row.case_id);
    if (!letter || letter->pdf.empty()) {
        message_page(res, 404, v, text("error_title", v.lang), text("letter_none", v.lang));
        return;
    }
    if (png) {
        std::string error;
        const std::string image =
            pdf_page_png(letter->pdf, 1, param(req, "size") == "full" ? 1600 : 800, error);
        if (image.empty()) {
            message_page(res, 500, v, text("error_title", v.lang),
                         text("doc_unreadable", v.lang, error));
            return;
        }
        res.set_content(image, "image/png");
        return;
    }
    if (param(req, "download") == "1") {
        res.set_header("Content-Disposition",
                       "attachment; filename=\"rekomendasi-" + d.row.receipt_no + ".pdf\"");
        c.ctx.storage.audit(v.actor(), "letter.download", d.row.case_id, letter->letter_no,
                            c.ctx.now_text());
    }
    res.set_content(std::string(letter->pdf.begin(), letter->pdf.end()), "application/pdf");
}

void post_letter(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto vd = case_visit(c, req, res);
    if (!vd) {
        return;
    }
    auto& [v, d] = *vd;
    if (!csrf_ok(c, v, req, res)) {
        return;
    }
    if (!may_make(v) || !verified(d.row.status)) {
        message_page(res, 403, v, text("error_title", v.lang), text("letter_not_yours", v.lang));
        return;
    }
    const bool remake = c.ctx.storage.current_letter(d.row.case_id).has_value();
    const std::string made = make_letter_for(c, v, d.row.receipt_no, remake);
    if (made.empty()) {
        message_page(res, 500, v, text("error_title", v.lang), text("letter_failed", v.lang));
        return;
    }
    see_other(res, "/console/cases/" + d.row.receipt_no + query({{"letter", made}}));
}

}  // namespace

std::string make_letter_for(Console& c, const Visit& v, const std::string& receipt_no,
                            bool remake) {
    if (!c.ctx.office_key) {
        return "";
    }
    try {
        const auto r =
            case_letter(c.ctx.storage, c.ctx.options.letter, *c.ctx.office_key, receipt_no,
                        v.actor(), c.ctx.clock.now(), c.ctx.options.utc_offset_minutes, remake);
        return r.letter ? r.letter->letter_no : "";
    } catch (const std::exception& e) {
        spdlog::error(
            json{{"event", "letter.failed"}, {"case", receipt_no}, {"what", e.what()}}.dump());
        return "";
    }
}

json letter_json(Console& c, const Visit& v, const CaseDetail& d) {
    const auto lang = v.lang;
    const std::string base = "/console/cases/" + d.row.receipt_no + "/letter";
    json j = {{"enabled", c.ctx.office_key.has_value()}};
    const auto all = c.ctx.storage.letters(d.row.case_id);
    json voided = json::array();
    for (const auto& l : all) {
        if (!l.void_at.empty()) {
            voided.push_back({{"letter_no", l.letter_no},
                              {"void_at", local_time(c.ctx, l.void_at)},
                              {"void_by", l.void_by}});
        }
    }
    j["voided"] = voided;
    j["has_voided"] = !voided.empty();
    if (!all.empty() && all.back().void_at.empty()) {
        const auto& l = all.back();
        j["current"] = {{"letter_no", l.letter_no},
                        {"issued_on", printed_date(l.issued_on)},
                        {"made", local_time(c.ctx, l.created_at)},
                        {"made_by", l.created_by},
                        {"pdf", base + ".pdf"},
                        {"download", base + ".pdf?download=1"},
                        {"png", base + ".png"},
                        {"full", base + ".png?size=full"}};
    } else {
        j["current"] = false;
    }
    const bool can = may_make(v) && verified(d.row.status) && c.ctx.office_key.has_value();
    j["form"] = can ? json{{"action", base},
                           {"label",
                            text(j["current"].is_object() ? "letter_remake" : "letter_make", lang)}}
                    : json(false);
    j["waiting"] = !j["current"].is_object() && !can;
    return j;
}

void add_letter_pages(httplib::Server& s, Console& c) {
    const std::string base = "/console/cases/([0-9A-Z-]{1,40})/letter";
    s.Get(base + "\\.pdf", [&c](const auto& q, auto& r) { get_letter(c, q, r, false); });
    s.Get(base + "\\.png", [&c](const auto& q, auto& r) { get_letter(c, q, r, true); });
    s.Post(base, [&c](const auto& q, auto& r) { post_letter(c, q, r); });
}

}  // namespace anjungan::office::console
