#include "anjungan/office/handoff.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <zip.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/office/csv.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "pdf_pages.hpp"

namespace anjungan::office {

namespace {

using Bytes = std::vector<std::uint8_t>;

// The case's blob of this kind (the first page), read whole; empty when missing.
Bytes blob_of(const CaseDetail& c, BlobStore& blobs, const std::string& kind,
              std::string* media_type) {
    for (const auto& a : c.payload.attachments) {
        if (a.kind == kind && a.page == 1 && blobs.has(a.sha256)) {
            *media_type = a.media_type;
            return blobs.read(a.sha256);
        }
    }
    return {};
}

struct PixbufDeleter {
    void operator()(GdkPixbuf* p) const { g_object_unref(p); }
};
using Pixbuf = std::unique_ptr<GdkPixbuf, PixbufDeleter>;

Pixbuf load_pixbuf(const Bytes& data) {
    GdkPixbufLoader* loader = gdk_pixbuf_loader_new();
    GError* error = nullptr;
    const bool ok = gdk_pixbuf_loader_write(loader, data.data(), data.size(), &error) &&
                    gdk_pixbuf_loader_close(loader, error ? nullptr : &error);
    if (error) {
        g_error_free(error);
    }
    GdkPixbuf* p = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : nullptr;
    if (p) {
        g_object_ref(p);
    }
    g_object_unref(loader);
    return Pixbuf(p);
}

Bytes save_jpeg(GdkPixbuf* p, int quality) {
    gchar* buffer = nullptr;
    gsize size = 0;
    GError* error = nullptr;
    const std::string q = std::to_string(quality);
    if (!gdk_pixbuf_save_to_buffer(p, &buffer, &size, "jpeg", &error, "quality", q.c_str(),
                                   nullptr)) {
        if (error) {
            g_error_free(error);
        }
        return {};
    }
    Bytes out(buffer, buffer + size);
    g_free(buffer);
    return out;
}

bool is_jpeg(const Bytes& b) {
    return b.size() > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<Bytes*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

struct PngReader {
    const std::string* png;
    std::size_t at = 0;
};
cairo_status_t read_from(void* closure, unsigned char* data, unsigned int length) {
    auto* r = static_cast<PngReader*>(closure);
    if (r->at + length > r->png->size()) {
        return CAIRO_STATUS_READ_ERROR;
    }
    std::memcpy(data, r->png->data() + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

bool Handoff::ready() const {
    for (const auto& f : fields) {
        if (f.value.empty() && f.key != "letter_no") {
            return false;
        }
    }
    for (const auto& f : files) {
        if (!f.problem.empty()) {
            return false;
        }
    }
    return true;
}

std::vector<std::uint8_t> jpeg_within(const std::vector<std::uint8_t>& image,
                                      std::size_t max_bytes) {
    Pixbuf p = load_pixbuf(image);
    if (!p) {
        return {};
    }
    for (int step = 0; step < 8; ++step) {
        for (int quality : {90, 80, 70, 60}) {
            Bytes out = save_jpeg(p.get(), quality);
            if (!out.empty() && out.size() <= max_bytes) {
                return out;
            }
        }
        const int w = gdk_pixbuf_get_width(p.get()) * 4 / 5;
        const int h = gdk_pixbuf_get_height(p.get()) * 4 / 5;
        if (w < 200 || h < 100) {
            break;
        }
        p.reset(gdk_pixbuf_scale_simple(p.get(), w, h, GDK_INTERP_BILINEAR));
        if (!p) {
            break;
        }
    }
    return {};
}

std::vector<std::uint8_t> pdf_within(const std::vector<std::uint8_t>& pdf, std::size_t max_bytes) {
    const auto count = pdf::draw(pdf, {.page = 0});
    if (!count.ok() || count.pages < 1) {
        return {};
    }
    for (double dpi : {150.0, 120.0, 100.0, 80.0}) {
        for (int quality : {80, 65, 50}) {
            Bytes out;
            cairo_surface_t* doc = cairo_pdf_surface_create_for_stream(append_to, &out, 595, 842);
            cairo_t* cr = cairo_create(doc);
            bool ok = true;
            for (int page = 1; page <= count.pages && ok; ++page) {
                const auto drawn = pdf::draw(pdf, {.page = page, .dpi = dpi, .png = true});
                Pixbuf pb =
                    drawn.ok() ? load_pixbuf(Bytes(drawn.png.begin(), drawn.png.end())) : Pixbuf();
                Bytes jpeg = pb ? save_jpeg(pb.get(), quality) : Bytes();
                if (jpeg.empty()) {
                    ok = false;
                    break;
                }
                PngReader reader{&drawn.png};
                cairo_surface_t* img =
                    cairo_image_surface_create_from_png_stream(read_from, &reader);
                auto* keep = new Bytes(std::move(jpeg));
                cairo_surface_set_mime_data(
                    img, CAIRO_MIME_TYPE_JPEG, keep->data(), keep->size(),
                    [](void* b) { delete static_cast<Bytes*>(b); }, keep);
                const double scale = 72.0 / dpi;
                cairo_pdf_surface_set_size(doc, drawn.width * scale, drawn.height * scale);
                cairo_save(cr);
                cairo_scale(cr, scale, scale);
                cairo_set_source_surface(cr, img, 0, 0);
                cairo_paint(cr);
                cairo_restore(cr);
                cairo_show_page(cr);
                cairo_surface_destroy(img);
            }
            cairo_destroy(cr);
            cairo_surface_finish(doc);
            ok = ok && cairo_surface_status(doc) == CAIRO_STATUS_SUCCESS;
            cairo_surface_destroy(doc);
            if (ok && out.size() <= max_bytes) {
                return out;
            }
        }
    }
    return {};
}

Handoff make_handoff(const CaseDetail& c, BlobStore& blobs,
                     const std::optional<LetterRecord>& letter, const HandoffConfig& config) {
    Handoff h;
    const auto& a = c.payload.applicant;
    const std::string sex = applicant_text(a, "sex");
    std::string province = applicant_text(a, "office_province"),
                city = applicant_text(a, "office_city");
    if (province.empty()) {
        province = config.default_province;
    }
    if (city.empty()) {
        city = config.default_city;
    }
    std::string name = applicant_text(a, "certificate_name");
    if (name.empty()) {
        name = applicant_text(a, "full_name");
    }
    // BSrE's registration form, in its order; then what the package adds for the record.
    h.fields = {
        {"nik", "NIK", "NIK", applicant_text(a, "nik")},
        {"nip", "NIP", "NIP", applicant_text(a, "nip")},
        {"name", "Nama (tanpa gelar)", "Name (without titles)", name},
        {"sex", "Jenis kelamin", "Sex",
         sex == "F"   ? "Perempuan"
         : sex == "M" ? "Laki-laki"
                      : ""},
        {"email", "E-mail dinas", "Official e-mail", applicant_text(a, "email")},
        {"phone", "Nomor ponsel", "Mobile phone", applicant_text(a, "phone")},
        {"position", "Jabatan", "Position", applicant_text(a, "position")},
        {"agency", "Instansi", "Agency", config.agency},
        {"work_unit", "Unit kerja", "Work unit", applicant_text(a, "work_unit")},
        {"province", "Provinsi", "Province", province},
        {"city", "Kabupaten/kota", "City or regency", city},
        {"street", "Alamat kantor (jalan)", "Office street address",
         applicant_text(a, "office_address")},
        {"full_name", "Nama lengkap (sesuai KTP)", "Full name (as on the KTP)",
         applicant_text(a, "full_name")},
        {"receipt_no", "Nomor tanda terima", "Receipt number", c.row.receipt_no},
        {"letter_no", "Nomor surat rekomendasi", "Recommendation letter number",
         letter ? letter->letter_no : ""},
    };

    const auto add_file = [&](const char* file_name, const char* id, const char* en,
                              const char* kind, bool jpeg, std::size_t limit) {
        HandoffFile f;
        f.name = file_name;
        f.label_id = id;
        f.label_en = en;
        f.content_type = jpeg ? "image/jpeg" : "application/pdf";
        f.limit = limit;
        std::string media;
        Bytes data = blob_of(c, blobs, kind, &media);
        f.original_size = data.size();
        if (data.empty()) {
            f.problem = "missing";
        } else if (jpeg && (!is_jpeg(data) || data.size() > limit)) {
            f.data = jpeg_within(data, limit);
            f.reencoded = true;
        } else if (!jpeg && data.size() > limit) {
            f.data = pdf_within(data, limit);
            f.reencoded = true;
        } else {
            f.data = std::move(data);
        }
        if (f.problem.empty() && f.data.empty()) {
            f.problem = "too_large";
        }
        h.files.push_back(std::move(f));
    };
    add_file("ktp.jpg", "KTP (JPEG, maks. 300 KB)", "KTP (JPEG, at most 300 KB)", "ktp", true,
             config.ktp_max_bytes);
    add_file("selfie.jpg", "Swafoto", "Selfie", "selfie", true, config.ktp_max_bytes);
    add_file("sk.pdf", "SK jabatan (PDF, maks. 500 KB)", "Position decree (PDF, at most 500 KB)",
             "sk", false, config.pdf_max_bytes);
    add_file("permohonan.pdf", "Surat permohonan (PDF, maks. 500 KB)",
             "Application letter (PDF, at most 500 KB)", "letter", false, config.pdf_max_bytes);
    HandoffFile rec;
    rec.name = "rekomendasi.pdf";
    rec.label_id = "Surat rekomendasi (PDF, maks. 500 KB)";
    rec.label_en = "Recommendation letter (PDF, at most 500 KB)";
    rec.content_type = "application/pdf";
    rec.limit = config.pdf_max_bytes;
    if (!letter || letter->pdf.empty()) {
        rec.problem = "no_letter";
    } else {
        rec.original_size = letter->pdf.size();
        rec.data = letter->pdf.size() <= config.pdf_max_bytes
                       ? letter->pdf
                       : pdf_within(letter->pdf, config.pdf_max_bytes);
        rec.reencoded = letter->pdf.size() > config.pdf_max_bytes;
        if (rec.data.empty()) {
            rec.problem = "too_large";
        }
    }
    h.files.push_back(std::move(rec));
    return h;
}

nlohmann::json fields_json(const Handoff& h) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : h.fields) {
        j[f.key] = f.value;
    }
    return j;
}

std::string fields_csv(const Handoff& h) {
    std::vector<std::string> keys, values;
    for (const char* key :
         {"receipt_no", "letter_no", "nik", "nip", "name", "full_name", "sex", "email", "phone",
          "position", "agency", "work_unit", "province", "city", "street"}) {
        keys.push_back(key);
        for (const auto& f : h.fields) {
            if (f.key == key) {
                values.push_back(f.value);
            }
        }
    }
    return std::string(kUtf8Bom) + csv_row(keys) + csv_row(values);
}

std::vector<std::uint8_t> handoff_zip(const Handoff& h) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!src) {
        throw std::runtime_error(std::string("zip: ") + zip_error_strerror(&error));
    }
    zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
    if (!za) {
        zip_source_free(src);
        throw std::runtime_error(std::string("zip: ") + zip_error_strerror(&error));
    }
    zip_source_keep(src);
    // zip copies nothing until zip_close: keep every buffer alive until then.
    std::vector<std::string> texts{fields_json(h).dump(2) + "\n", fields_csv(h)};
    const auto add = [&](const std::string& name, const void* data, std::size_t size) {
        zip_source_t* s = zip_source_buffer(za, data, size, 0);
        if (!s || zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
            if (s) {
                zip_source_free(s);
            }
            throw std::runtime_error("zip: cannot add " + name + ": " + zip_strerror(za));
        }
    };
    try {
        for (const auto& f : h.files) {
            if (!f.data.empty()) {
                add(f.name, f.data.data(), f.data.size());
            }
        }
        add("fields.json", texts[0].data(), texts[0].size());
        add("fields.csv", texts[1].data(), texts[1].size());
    } catch (...) {
        zip_discard(za);
        zip_source_free(src);
        throw;
    }
    if (zip_close(za) < 0) {
        const std::string why = zip_strerror(za);
        zip_discard(za);
        zip_source_free(src);
        throw std::runtime_error("zip: " + why);
    }
    Bytes out;
    zip_stat_t st;
    if (zip_source_open(src) == 0 && zip_source_stat(src, &st) == 0) {
        out.resize(st.size);
        const auto n = zip_source_read(src, out.data(), st.size);
        out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        zip_source_close(src);
    }
    zip_source_free(src);
    if (out.empty()) {
        throw std::runtime_error("zip: the archive could not be read back");
    }
    return out;
}

}  // namespace anjungan::office
