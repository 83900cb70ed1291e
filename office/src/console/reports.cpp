// The console's reach report (monitoring jumlah jangkauan, office/reports.hpp) for any signed-in
// staff member: /console/reports?from=&to= (local dates; default: the current month) with the
// cases per work unit, month, status and employment status and the SOP steps' times, and each
// table as CSV at /console/reports.csv?from=&to=&by=. The tables are the page; the charts
// (static/reports.js with chart.js, both files of the console's own) only draw what the page's
// JSON block (<script type="application/json" id="reach-data">, never run) holds.
#include "anjungan/office/reports.hpp"

#include <cstdio>

#include "console.hpp"

namespace anjungan::office::console {

namespace {

using domain::Lang;

// A share as people read it: "12,5%" / "12.5%".
std::string percent(double share, Lang lang) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
    std::string out = buf;
    if (lang == Lang::kId) {
        for (auto& ch : out) {
            if (ch == '.') {
                ch = ',';
            }
        }
    }
    return out;
}

std::string month_label(const std::string& key, Lang lang) {
    const int month = std::stoi(key.substr(5, 2));
    return text("month_" + std::to_string(month), lang) + " " + key.substr(0, 4);
}

std::string key_label(ReachBy by, const std::string& key, Lang lang) {
    switch (by) {
        case ReachBy::kUnit:
            return key.empty() ? text("report_no_unit", lang) : key;
        case ReachBy::kMonth:
            return month_label(key, lang);
        case ReachBy::kStatus: {
            const auto s = domain::status_from_code(key);
            return s ? std::string(domain::label(*s, lang)) : key;
        }
        case ReachBy::kEmployment:
            return text("employment_" + key, lang);
        case ReachBy::kStep:
            break;
    }
    return key;
}

std::string standard_text(const StepFigures& f, Lang lang) {
    if (f.standard.count() >= 24 * 60) {
        return text("report_working_days", lang, std::to_string(f.standard.count() / (24 * 60)));
    }
    return duration_text(f.standard, lang);
}

// JSON inside <script type="application/json">: no "</script" or "<!--" can appear in it.
std::string script_safe(const json& j) {
    std::string out;
    for (const char ch : j.dump()) {
        switch (ch) {
            case '<':
                out += "\\u003c";
                break;
            case '>':
                out += "\\u003e";
                break;
            case '&':
                out += "\\u0026";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

// The range asked for, or the current local month; an error (catalogue text) when malformed.
struct Range {
    platform::CivilDate from, to;
    std::string error;
};

Range range_of(const Console& c, const httplib::Request& req, Lang lang) {
    const auto today = platform::civil_date(c.ctx.clock.now(), c.ctx.options.utc_offset_minutes);
    Range r;
    r.from = {today.year, today.month, 1};
    r.to = r.from;
    for (int d = 31; d >= 28; --d) {
        if (platform::is_valid_date(today.year, today.month, d)) {
            r.to.day = d;
            break;
        }
    }
    const std::string from = param(req, "from"), to = param(req, "to");
    if (from.empty() && to.empty()) {
        return r;
    }
    const auto f = parse_date(from.empty() ? platform::format_date(r.from) : from);
    const auto t = parse_date(to.empty() ? platform::format_date(r.to) : to);
    if (!f || !t) {
        r.error = text("report_bad_date", lang);
    } else if (*t < *f) {
        r.error = text("report_to_before_from", lang);
    } else {
        r.from = *f;
        r.to = *t;
    }
    return r;
}

std::string csv_url(const Range& r, ReachBy by) {
    return "/console/reports.csv" + query({{"from", platform::format_date(r.from)},
                                           {"to", platform::format_date(r.to)},
                                           {"by", std::string(to_code(by))}});
}

void get_reports(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    const Lang lang = v->lang;
    const Range range = range_of(c, req, lang);
    json model = {{"from", platform::format_date(range.from)},
                  {"to", platform::format_date(range.to)},
                  {"error", range.error}};
    if (!range.error.empty()) {
        model["from"] = param(req, "from");
        model["to"] = param(req, "to");
        page(res, 400, *v, "reports", model, text("report_title", lang));
        return;
    }
    const ReachReport r = reach_report(c.ctx.storage, range.from, range.to, c.ctx.options.working);
    json charts = json::object();
    json sections = json::array();
    const std::pair<ReachBy, const std::vector<ReachCount>*> parts[] = {
        {ReachBy::kUnit, &r.by_unit},
        {ReachBy::kMonth, &r.by_month},
        {ReachBy::kStatus, &r.by_status},
        {ReachBy::kEmployment, &r.by_employment},
    };
    for (const auto& [by, list] : parts) {
        const std::string code(to_code(by));
        json rows = json::array(), labels = json::array(), values = json::array();
        for (const auto& n : *list) {
            const std::string label = key_label(by, n.key, lang);
            rows.push_back({{"label", label},
                            {"cases", std::to_string(n.cases)},
                            {"share", r.total ? percent(double(n.cases) / r.total, lang) : "-"}});
            labels.push_back(label);
            values.push_back(n.cases);
        }
        charts[code] = {{"labels", labels}, {"values", values}};
        sections.push_back({{"code", code},
                            {"title", text("report_by_" + code, lang)},
                            {"key_head", text("report_key_" + code, lang)},
                            {"rows", rows},
                            {"empty", rows.empty()},
                            {"csv_url", csv_url(range, by)}});
    }
    json steps = json::array(), step_labels = json::array(), step_values = json::array();
    for (const auto& f : r.steps) {
        const std::string what = text("report_step_" + std::to_string(f.step), lang);
        steps.push_back({{"step", std::to_string(f.step)},
                         {"what", what},
                         {"standard", standard_text(f, lang)},
                         {"finished", std::to_string(f.finished)},
                         {"open", std::to_string(f.open)},
                         {"within", f.share_within ? percent(*f.share_within, lang) : "-"},
                         {"within_n", std::to_string(f.within)},
                         {"median", f.median ? duration_text(*f.median, lang) : "-"},
                         {"p90", f.p90 ? duration_text(*f.p90, lang) : "-"}});
        step_labels.push_back(std::to_string(f.step) + ". " + what);
        step_values.push_back(f.share_within ? json(*f.share_within * 100.0) : json(nullptr));
    }
    charts["step"] = {{"labels", step_labels}, {"values", step_values}};
    charts["text"] = {{"cases", text("report_cases", lang)},
                      {"within", text("report_within_chart", lang)}};
    model["total"] = std::to_string(r.total);
    const auto local = [](const platform::CivilDate& d) {  // "01-12-2026", as format_local
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d-%02d-%04d", d.day, d.month, d.year);
        return std::string(buf);
    };
    model["period"] = text("report_period", lang, local(range.from), local(range.to));
    model["sections"] = sections;
    model["steps"] = steps;
    model["step_csv_url"] = csv_url(range, ReachBy::kStep);
    model["chart_json"] = script_safe(charts);
    page(res, 200, *v, "reports", model, text("report_title", lang));
}

void get_reports_csv(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    const Lang lang = v->lang;
    const Range range = range_of(c, req, lang);
    const auto by = reach_by_from_code(param(req, "by").empty() ? "unit" : param(req, "by"));
    if (!range.error.empty() || !by) {
        message_page(res, 400, *v, text("error_title", lang),
                     range.error.empty() ? text("report_bad_by", lang) : range.error);
        return;
    }
    const ReachReport r = reach_report(c.ctx.storage, range.from, range.to, c.ctx.options.working);
    const std::string name = "jangkauan-" + std::string(to_code(*by)) + "-" +
                             platform::format_date(range.from) + "-" +
                             platform::format_date(range.to) + ".csv";
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.status = 200;
    res.set_content(reach_csv(r, *by), "text/csv; charset=utf-8");
}

}  // namespace

void add_report_pages(httplib::Server& s, Console& c) {
    s.Get("/console/reports", [&c](const auto& q, auto& r) { get_reports(c, q, r); });
    s.Get(R"(/console/reports\.csv)", [&c](const auto& q, auto& r) { get_reports_csv(c, q, r); });
}

}  // namespace anjungan::office::console
