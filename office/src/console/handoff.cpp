// The hand-off to BSrE (office/handoff.hpp) on the console: the page the verifier works from
// while registering the applicant at BSrE (every field of BSrE's form in its order, each with
// a copy button; the files within BSrE's limits), each file, and the whole as one ZIP.
#include "anjungan/office/handoff.hpp"

#include "console.hpp"

namespace anjungan::office::console {

namespace {

bool may_hand_off(const Visit& v) {
    return v.staff().role == Role::kVerifier || v.staff().role == Role::kAdmin;
}

std::string kb(std::size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1000.0);
    return buf;
}

struct Loaded {
    Visit visit;
    CaseDetail detail;
    Handoff handoff;
};

std::optional<Loaded> load(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto vd = case_visit(c, req, res);
    if (!vd) {
        return std::nullopt;
    }
    auto& [v, d] = *vd;
    if (!may_hand_off(v)) {
        message_page(res, 403, v, text("error_title", v.lang), text("handoff_not_yours", v.lang));
        return std::nullopt;
    }
    Handoff h = make_handoff(d, c.ctx.blobs, c.ctx.storage.current_letter(d.row.case_id),
                             c.ctx.options.handoff);
    return Loaded{std::move(v), std::move(d), std::move(h)};
}

void get_page(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load(c, req, res);
    if (!l) {
        return;
    }
    const auto lang = l->visit.lang;
    const bool id = lang == domain::Lang::kId;
    const std::string base = "/console/cases/" + l->detail.row.receipt_no;
    json fields = json::array(), extra = json::array();
    int n = 0;
    for (const auto& f : l->handoff.fields) {
        json j = {{"key", f.key},
                  {"label", id ? f.label_id : f.label_en},
                  {"value", f.value},
                  {"empty", f.value.empty()},
                  {"n", ++n}};
        (f.key == "full_name" || f.key == "receipt_no" || f.key == "letter_no" ? extra : fields)
            .push_back(j);
    }
    json files = json::array();
    for (const auto& f : l->handoff.files) {
        std::string state;
        if (f.problem == "missing") {
            state = text("handoff_missing", lang);
        } else if (f.problem == "no_letter") {
            state = text("handoff_no_letter", lang);
        } else if (f.problem == "too_large") {
            state = text("handoff_too_large", lang, kb(f.original_size));
        } else if (f.reencoded) {
            state = text("handoff_reencoded", lang, kb(f.original_size));
        } else {
            state = text("handoff_ok", lang);
        }
        files.push_back({{"name", f.name},
                         {"label", id ? f.label_id : f.label_en},
                         {"size", f.data.empty() ? "-" : kb(f.data.size())},
                         {"limit", f.limit ? kb(f.limit) : "-"},
                         {"state", state},
                         {"problem", !f.problem.empty()},
                         {"url", f.data.empty() ? "" : base + "/handoff/" + f.name}});
    }
    c.ctx.storage.audit(l->visit.actor(), "handoff.view", l->detail.row.case_id, "",
                        c.ctx.now_text());
    page(res, 200, l->visit, "handoff",
         {{"receipt_no", l->detail.row.receipt_no},
          {"case_url", base},
          {"fields", fields},
          {"extra", extra},
          {"files", files},
          {"ready", l->handoff.ready()},
          {"zip", base + "/package.zip"},
          {"status_label", std::string(domain::label(l->detail.row.status, lang))}},
         text("handoff_title", lang) + " " + l->detail.row.receipt_no);
}

void get_file(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load(c, req, res);
    if (!l) {
        return;
    }
    const std::string name = req.matches[2];
    for (const auto& f : l->handoff.files) {
        if (f.name == name && !f.data.empty()) {
            c.ctx.storage.audit(l->visit.actor(), "handoff.file", l->detail.row.case_id, name,
                                c.ctx.now_text());
            secure_headers(res);
            res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            res.set_content(std::string(f.data.begin(), f.data.end()), f.content_type);
            return;
        }
    }
    message_page(res, 404, l->visit, text("error_title", l->visit.lang),
                 text("handoff_missing", l->visit.lang));
}

void get_zip(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load(c, req, res);
    if (!l) {
        return;
    }
    const auto zip = handoff_zip(l->handoff);
    secure_headers(res);
    c.ctx.storage.audit(l->visit.actor(), "package.download", l->detail.row.case_id,
                        std::to_string(zip.size()) + " bytes", c.ctx.now_text());
    res.set_header("Content-Disposition",
                   "attachment; filename=\"bsre-" + l->detail.row.receipt_no + ".zip\"");
    res.set_content(std::string(zip.begin(), zip.end()), "application/zip");
}

}  // namespace

void add_handoff_pages(httplib::Server& s, Console& c) {
    const std::string base = "/console/cases/([0-9A-Z-]{1,40})";
    s.Get(base + "/handoff", [&c](const auto& q, auto& r) { get_page(c, q, r); });
    s.Get(base + "/handoff/(ktp\\.jpg|selfie\\.jpg|sk\\.pdf|permohonan\\.pdf|rekomendasi\\.pdf)",
          [&c](const auto& q, auto& r) { get_file(c, q, r); });
    s.Get(base + "/package\\.zip", [&c](const auto& q, auto& r) { get_zip(c, q, r); });
}

}  // namespace anjungan::office::console
