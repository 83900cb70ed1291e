// The case's files on the console. Images (the KTP, the selfie) are served as the kiosk sent
// them; the SK and the letter are PDFs, and each of their pages is drawn as a PNG here (poppler
// with cairo), so no browser PDF viewer is needed. Drawn pages are kept in the preview folder.
#include "documents.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>
#include <optional>
#include <variant>

#include "../pdf_pages.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::office::console {

namespace {

constexpr int kPreviewWidth = 800;
constexpr int kFullWidth = 1600;

const sync::BlobRef* attachment(const CaseDetail& d, const std::string& sha) {
    for (const auto& a : d.payload.attachments) {
        if (a.sha256 == sha) {
            return &a;
        }
    }
    return nullptr;
}

bool is_pdf(const sync::BlobRef& a) {
    return a.media_type == "application/pdf";
}

// What every browser shows in an <img>.
bool shown_as_is(const sync::BlobRef& a) {
    return a.media_type == "image/jpeg" || a.media_type == "image/png" ||
           a.media_type == "image/webp" || a.media_type == "image/gif";
}

// The number of pages of a stored PDF (remembered), or the reason it cannot be read.
std::variant<int, std::string> page_count(api::Context& ctx, const std::string& sha) {
    static std::mutex m;
    static std::map<std::string, int> known;
    {
        std::lock_guard lock(m);
        if (const auto it = known.find(sha); it != known.end()) {
            return it->second;
        }
    }
    const auto counted = pdf::draw(ctx.blobs.read(sha), {.page = 0});
    if (!counted.ok()) {
        return counted.error;
    }
    const int n = counted.pages;
    std::lock_guard lock(m);
    known[sha] = n;
    return n;
}

}  // namespace

std::string pdf_page_png(const platform::Bytes& data, int n, int width, std::string& error) {
    auto drawn = pdf::draw(data, {.page = n, .width = width, .png = true});
    error = drawn.error;
    return std::move(drawn.png);
}

namespace {

std::string extension(const sync::BlobRef& a) {
    return is_pdf(a) ? "pdf" : a.media_type == "image/png" ? "png" : "jpg";
}

// A request for one of a case's files: the visit, the case, and the file (a reference into the
// case); or nothing with the answer written (sign-in, or 404 when the case does not hold it).
struct FileVisit {
    Visit v;
    CaseDetail d;
    sync::BlobRef file;
};

std::optional<FileVisit> file_visit(Console& c, const httplib::Request& req,
                                    httplib::Response& res) {
    auto v = visit(c, req, res);
    if (!v) {
        return std::nullopt;
    }
    auto d = c.ctx.storage.case_by_receipt(req.matches[1]);
    const sync::BlobRef* a = d ? attachment(*d, req.matches[2]) : nullptr;
    if (!a || !c.ctx.blobs.has(a->sha256)) {
        message_page(res, 404, *v, text("error_title", v->lang), text("page_missing", v->lang));
        return std::nullopt;
    }
    const sync::BlobRef file = *a;
    return FileVisit{std::move(*v), std::move(*d), file};
}

void get_file(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto f = file_visit(c, req, res);
    if (!f) {
        return;
    }
    const auto* a = &f->file;
    const auto* d = &f->d;
    const auto data = c.ctx.blobs.read(a->sha256);
    const bool download = param(req, "download") == "1";
    if (download) {
        const std::string name = d->row.receipt_no + "-" + a->kind +
                                 (a->page > 1 ? "-" + std::to_string(a->page) : "") + "." +
                                 extension(*a);
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        c.ctx.storage.audit(f->v.actor(), "file.download", d->row.case_id,
                            a->kind + " " + a->sha256, c.ctx.now_text());
    }
    res.status = 200;
    res.set_content(std::string(data.begin(), data.end()), a->media_type);
}

void get_page(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto f = file_visit(c, req, res);
    if (!f) {
        return;
    }
    const auto* a = &f->file;
    const auto* v = &f->v;
    const int n = std::stoi(req.matches[3]);
    const int width = param(req, "size") == "full" ? kFullWidth : kPreviewWidth;
    const auto& dir = c.ctx.options.preview_dir;
    const std::filesystem::path cached =
        dir.empty() ? std::filesystem::path()
                    : std::filesystem::path(dir) / (a->sha256 + "-" + std::to_string(n) + "-" +
                                                    std::to_string(width) + ".png");
    std::string png;
    std::error_code ec;
    // The cache is sealed like the blob it was drawn from (a page shows the applicant's data).
    const std::string context = "preview:" + cached.filename().string();
    std::optional<platform::Bytes> hit;
    if (!cached.empty() && std::filesystem::exists(cached, ec)) {
        hit = c.ctx.blobs.keys().open_bytes(platform::read_file(cached), context);
    }
    if (hit) {
        png.assign(hit->begin(), hit->end());
    } else {
        std::string error;
        png = pdf_page_png(c.ctx.blobs.read(a->sha256), n, width, error);
        if (png.empty()) {
            message_page(res, 404, *v, text("error_title", v->lang),
                         text("doc_unreadable", v->lang, error));
            return;
        }
        if (!cached.empty()) {
            try {
                platform::ensure_directory(dir, 0700);
                platform::write_file_durably(
                    cached,
                    c.ctx.blobs.keys().seal_bytes(
                        {reinterpret_cast<const std::uint8_t*>(png.data()), png.size()}, context));
            } catch (const std::exception& e) {
                spdlog::warn(json{{"event", "console.preview_cache"}, {"what", e.what()}}.dump());
            }
        }
    }
    res.status = 200;
    res.set_content(png, "image/png");
}

}  // namespace

json documents_json(api::Context& ctx, const CaseDetail& d, domain::Lang lang) {
    json out = json::array();
    const std::string base = "/console/cases/" + d.row.receipt_no + "/files/";
    for (const char* kind : {"ktp", "selfie", "sk", "letter"}) {
        for (const auto& a : d.payload.attachments) {
            if (a.kind != kind) {
                continue;
            }
            json doc = {{"label", text(std::string("doc_") + kind, lang)},
                        {"kind", kind},
                        {"download", base + a.sha256 + "?download=1"},
                        {"size_kb", std::to_string((a.size + 1023) / 1024) + " KB"},
                        {"pages", json::array()},
                        {"problem", false},
                        {"no_preview", false}};
            if (!ctx.blobs.has(a.sha256)) {
                doc["problem"] = text("doc_missing", lang);
            } else if (!is_pdf(a) && !shown_as_is(a)) {
                doc["no_preview"] = true;
            } else if (!is_pdf(a)) {
                doc["pages"].push_back({{"src", base + a.sha256},
                                        {"full", base + a.sha256},
                                        {"alt", text(std::string("doc_") + kind, lang)}});
            } else {
                const auto n = page_count(ctx, a.sha256);
                if (const auto* why = std::get_if<std::string>(&n)) {
                    doc["problem"] = text("doc_unreadable", lang, *why);
                } else {
                    for (int p = 1; p <= std::get<int>(n); ++p) {
                        const std::string src =
                            base + a.sha256 + "/pages/" + std::to_string(p) + ".png";
                        doc["pages"].push_back(
                            {{"src", src},
                             {"full", src + "?size=full"},
                             {"alt", text(std::string("doc_") + kind, lang) + ", " +
                                         text("page_n", lang, std::to_string(p))}});
                    }
                }
            }
            out.push_back(doc);
        }
    }
    return out;
}

void add_documents(httplib::Server& s, Console& c) {
    const std::string file = "/console/cases/([0-9A-Z-]{1,40})/files/([0-9a-f]{64})";
    s.Get(file, [&c](const auto& q, auto& r) { get_file(c, q, r); });
    s.Get(file + "/pages/([0-9]{1,3})\\.png", [&c](const auto& q, auto& r) { get_page(c, q, r); });
}

}  // namespace anjungan::office::console
