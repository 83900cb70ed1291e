// The case's files on the console. Images (the KTP, the selfie) are served as the kiosk sent
// them; the SK and the letter are PDFs, and each of their pages is drawn as a PNG here (poppler
// with cairo), so no browser PDF viewer is needed. Drawn pages are kept in the preview folder.
#include "documents.hpp"

#include <cairo.h>
#include <poppler.h>
#include <spdlog/spdlog.h>

#include <map>
#include <mutex>
#include <variant>

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

// One poppler document at a time: its global state is not meant for many threads at once.
std::mutex g_poppler;

struct Pdf {
    PopplerDocument* doc = nullptr;
    std::string error;
    ~Pdf() {
        if (doc) {
            g_object_unref(doc);
        }
    }
};

void open_pdf(Pdf& pdf, const platform::Bytes& data) {
    GBytes* bytes = g_bytes_new(data.data(), data.size());
    GError* err = nullptr;
    pdf.doc = poppler_document_new_from_bytes(bytes, nullptr, &err);
    g_bytes_unref(bytes);
    if (!pdf.doc) {
        pdf.error = err ? err->message : "not a PDF";
        if (err) {
            g_error_free(err);
        }
    }
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
    const auto data = platform::read_file(ctx.blobs.path(sha));
    std::lock_guard p(g_poppler);
    Pdf pdf;
    open_pdf(pdf, data);
    if (!pdf.doc) {
        return pdf.error;
    }
    const int n = poppler_document_get_n_pages(pdf.doc);
    std::lock_guard lock(m);
    known[sha] = n;
    return n;
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Page `n` (1-based) of a PDF drawn `width` pixels wide, as PNG; "" when there is no such page.
}  // namespace

std::string pdf_page_png(const platform::Bytes& data, int n, int width, std::string& error) {
    std::lock_guard lock(g_poppler);
    Pdf pdf;
    open_pdf(pdf, data);
    if (!pdf.doc) {
        error = pdf.error;
        return "";
    }
    if (n < 1 || n > poppler_document_get_n_pages(pdf.doc)) {
        error = "no such page";
        return "";
    }
    PopplerPage* page = poppler_document_get_page(pdf.doc, n - 1);
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    const double scale = w > 0 ? width / w : 1;
    const int height = std::max(1, static_cast<int>(h * scale + 0.5));
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    std::string png;
    cairo_surface_write_to_png_stream(surface, append_png, &png);
    cairo_surface_destroy(surface);
    g_object_unref(page);
    return png;
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
    const auto data = platform::read_file(c.ctx.blobs.path(a->sha256));
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
    if (!cached.empty() && std::filesystem::exists(cached, ec)) {
        const auto bytes = platform::read_file(cached);
        png.assign(bytes.begin(), bytes.end());
    } else {
        std::string error;
        png = pdf_page_png(platform::read_file(c.ctx.blobs.path(a->sha256)), n, width, error);
        if (png.empty()) {
            message_page(res, 404, *v, text("error_title", v->lang),
                         text("doc_unreadable", v->lang, error));
            return;
        }
        if (!cached.empty()) {
            try {
                platform::ensure_directory(dir, 0700);
                platform::write_file_durably(
                    cached, {reinterpret_cast<const std::uint8_t*>(png.data()), png.size()});
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
