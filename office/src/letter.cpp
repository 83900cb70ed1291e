// The recommendation letter: its number, its Indonesian date, its signed QR code, the A4 PDF
// (cairo + pango, the emblem through librsvg), and checking a letter file (poppler, ZXing).
#include "anjungan/office/letter.hpp"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <cstdio>
#include <regex>

#include "anjungan/platform/durable_file.hpp"
#include "pdf_pages.hpp"

namespace anjungan::office {

namespace {

constexpr char kQrPrefix[] = "ANJLTR1";
constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kLeft = 72, kRight = 60, kTop = 42;
const char* const kFont = "Noto Sans";
constexpr double kBody = 11;  // points

std::string two(int n) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", n);
    return b;
}

std::string iso_date(const platform::CivilDate& d) {
    return std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day);
}

}  // namespace

std::string roman_numeral(int n) {
    if (n < 1 || n > 3999) {
        throw LetterError("no Roman numeral for " + std::to_string(n));
    }
    static const std::pair<int, const char*> kDigits[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
        {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    std::string out;
    for (const auto& [value, text] : kDigits) {
        for (; n >= value; n -= value) {
            out += text;
        }
    }
    return out;
}

std::string indonesian_date(const platform::CivilDate& d) {
    static const char* const kMonths[] = {"Januari",   "Februari", "Maret",    "April",
                                          "Mei",       "Juni",     "Juli",     "Agustus",
                                          "September", "Oktober",  "November", "Desember"};
    if (d.month < 1 || d.month > 12) {
        throw LetterError("no month " + std::to_string(d.month));
    }
    return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

std::string letter_number(const std::string& scheme, int seq, const platform::CivilDate& date) {
    std::string out;
    bool has_seq = false;
    for (std::size_t i = 0; i < scheme.size();) {
        if (scheme[i] != '{') {
            out += scheme[i++];
            continue;
        }
        const auto end = scheme.find('}', i);
        if (end == std::string::npos) {
            throw LetterError("letter number scheme '" + scheme + "': a '{' without '}'");
        }
        const std::string field = scheme.substr(i + 1, end - i - 1);
        if (field == "seq") {
            out += std::to_string(seq);
            has_seq = true;
        } else if (field.rfind("seq:", 0) == 0 && field.size() == 5 && std::isdigit(field[4])) {
            std::string s = std::to_string(seq);
            s.insert(0,
                     s.size() < static_cast<std::size_t>(field[4] - '0')
                         ? static_cast<std::size_t>(field[4] - '0') - s.size()
                         : 0,
                     '0');
            out += s;
            has_seq = true;
        } else if (field == "roman_month") {
            out += roman_numeral(date.month);
        } else if (field == "month") {
            out += two(date.month);
        } else if (field == "year") {
            out += std::to_string(date.year);
        } else {
            throw LetterError("letter number scheme '" + scheme + "': unknown field {" + field +
                              "} (known: seq, seq:N, roman_month, month, year)");
        }
        i = end + 1;
    }
    if (!has_seq) {
        throw LetterError("letter number scheme '" + scheme +
                          "' has no {seq}: every letter would get the same number");
    }
    return out;
}

namespace {

std::string signed_part(const std::string& letter_no, const std::string& case_id,
                        const std::string& date) {
    return std::string(kQrPrefix) + "|" + letter_no + "|" + case_id + "|" + date;
}

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

std::string letter_qr_text(const LetterFacts& f, const platform::SigningKey& key) {
    if (f.letter_no.find('|') != std::string::npos || f.case_id.find('|') != std::string::npos) {
        throw LetterError("a letter number or case id holds '|'");
    }
    const std::string text = signed_part(f.letter_no, f.case_id, iso_date(f.date));
    const auto sig = key.sign(bytes(text));
    return text + "|" + platform::base64url(sig);
}

LetterCheck check_letter_qr(const std::string& text, std::span<const std::uint8_t> public_key) {
    LetterCheck c;
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto bar = text.find('|', start);
        parts.push_back(text.substr(start, bar == std::string::npos ? bar : bar - start));
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 1;
    }
    if (parts.empty() || parts[0] != kQrPrefix) {
        c.code = "letter.not_anjungan";
        c.message = "the QR code is not an Anjungan letter's";
        return c;
    }
    static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
    if (parts.size() != 5 || parts[1].empty() || parts[2].empty() ||
        !std::regex_match(parts[3], kDate)) {
        c.code = "letter.malformed";
        c.message = "the letter's QR code is malformed";
        return c;
    }
    c.letter_no = parts[1];
    c.case_id = parts[2];
    c.date = parts[3];
    const auto sig = platform::from_base64url(parts[4]);
    if (!sig || !platform::verify_signature(
                    public_key, bytes(signed_part(parts[1], parts[2], parts[3])), *sig)) {
        c.code = "letter.bad_signature";
        c.message =
            "the signature does not match: the number, the case or the date was changed, "
            "or another office's key signed it";
        return c;
    }
    c.genuine = true;
    return c;
}

namespace {

struct Pen {
    cairo_t* cr;
    double y = kTop;

    // Text at (x, y) in a box `width` wide; returns its height.
    double text(const std::string& t, double x, double width, double points, bool bold = false,
                PangoAlignment align = PANGO_ALIGN_LEFT, bool underline = false) {
        PangoLayout* l = pango_cairo_create_layout(cr);
        // Points are the page's units: 72 per inch (pango assumes 96 otherwise).
        pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
        pango_layout_context_changed(l);
        PangoFontDescription* f = pango_font_description_new();
        pango_font_description_set_family(f, kFont);
        pango_font_description_set_size(f, static_cast<int>(points * PANGO_SCALE));
        pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(l, f);
        pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align);
        pango_layout_set_text(l, t.c_str(), -1);
        if (underline) {
            PangoAttrList* attrs = pango_attr_list_new();
            pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
            pango_layout_set_attributes(l, attrs);
            pango_attr_list_unref(attrs);
        }
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, l);
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        pango_font_description_free(f);
        g_object_unref(l);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    // A line of text; the pen moves down.
    void line(const std::string& t, double points, bool bold = false,
              PangoAlignment align = PANGO_ALIGN_LEFT, double x = kLeft,
              double width = kPageW - kLeft - kRight) {
        y += text(t, x, width, points, bold, align);
    }
};

void placeholder_emblem(cairo_t* cr, double x, double y, double w, double h) {
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_line_to(cr, x + w, y + h * 0.6);
    cairo_curve_to(cr, x + w, y + h * 0.85, x + w * 0.6, y + h * 0.95, x + w / 2, y + h);
    cairo_curve_to(cr, x + w * 0.4, y + h * 0.95, x, y + h * 0.85, x, y + h * 0.6);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.05, 0.3, 0.55);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.8, 0.65, 0.1);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void emblem(cairo_t* cr, const std::string& svg, double x, double y, double w, double h) {
    if (svg.empty()) {
        placeholder_emblem(cr, x, y, w, h);
        return;
    }
    GError* err = nullptr;
    RsvgHandle* handle = rsvg_handle_new_from_file(svg.c_str(), &err);
    if (!handle) {
        const std::string why = err ? err->message : "unreadable";
        if (err) {
            g_error_free(err);
        }
        throw LetterError("the letter's emblem " + svg + ": " + why);
    }
    const RsvgRectangle viewport{x, y, w, h};
    const bool ok = rsvg_handle_render_document(handle, cr, &viewport, &err);
    g_object_unref(handle);
    if (!ok) {
        const std::string why = err ? err->message : "cannot be drawn";
        if (err) {
            g_error_free(err);
        }
        throw LetterError("the letter's emblem " + svg + ": " + why);
    }
}

void qr_code(cairo_t* cr, const std::string& text, double x, double y, double side) {
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                   .setEccLevel(4)
                                   .setMargin(0)
                                   .encode(text, 0, 0);
    const double dot = side / m.width();
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < m.height(); ++r) {
        for (int c = 0; c < m.width(); ++c) {
            if (m.get(c, r)) {
                cairo_rectangle(cr, x + c * dot, y + r * dot, dot, dot);
            }
        }
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::vector<std::uint8_t> render_letter(const LetterConfig& cfg, const LetterFacts& f,
                                        const std::string& qr_text) {
    std::vector<std::uint8_t> pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &pdf, kPageW, kPageH);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   (cfg.subject + " " + f.letter_no).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, cfg.department.c_str());
    cairo_t* cr = cairo_create(surface);
    const double text_w = kPageW - kLeft - kRight;
    try {
        // Letterhead: the emblem, the names, the address; a double rule.
        emblem(cr, cfg.emblem_svg, kLeft, kTop, 62, 72);
        Pen p{cr, kTop};
        const double head_x = kLeft + 70, head_w = text_w - 70;
        p.line(cfg.government, 15, true, PANGO_ALIGN_CENTER, head_x, head_w);
        p.line(cfg.department, 13, true, PANGO_ALIGN_CENTER, head_x, head_w);
        p.line(cfg.address, 9, false, PANGO_ALIGN_CENTER, head_x, head_w);
        p.line("Telepon " + cfg.phone + "  ·  " + cfg.website + "  ·  " + cfg.email, 9, false,
               PANGO_ALIGN_CENTER, head_x, head_w);
        p.y = std::max(p.y, kTop + 72) + 6;
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 2.2);
        cairo_move_to(cr, kLeft, p.y);
        cairo_line_to(cr, kPageW - kRight, p.y);
        cairo_stroke(cr);
        cairo_set_line_width(cr, 0.7);
        cairo_move_to(cr, kLeft, p.y + 3);
        cairo_line_to(cr, kPageW - kRight, p.y + 3);
        cairo_stroke(cr);
        p.y += 14;

        p.line(cfg.place + ", " + indonesian_date(f.date), kBody, false, PANGO_ALIGN_RIGHT);
        p.y += 4;
        const double label_w = 58;
        for (const auto& [label, value] :
             std::vector<std::pair<std::string, std::string>>{{"Nomor", f.letter_no},
                                                              {"Sifat", "Biasa"},
                                                              {"Lampiran", "1 (satu) berkas"},
                                                              {"Perihal", cfg.subject}}) {
            p.text(label, kLeft, label_w, kBody);
            p.text(":", kLeft + label_w, 8, kBody);
            p.y += p.text(value, kLeft + label_w + 10, text_w - label_w - 10, kBody,
                          label == "Perihal");
        }
        p.y += 10;
        p.line("Kepada Yth.", kBody);
        for (const auto& l : cfg.addressee) {
            p.line(l, kBody, false, PANGO_ALIGN_LEFT, kLeft + 10, text_w - 10);
        }
        p.y += 10;
        p.line("Dengan hormat,", kBody);
        p.y += 4;
        p.line("Bersama ini kami merekomendasikan Aparatur Sipil Negara di lingkungan " +
                   cfg.jurisdiction +
                   " berikut untuk diterbitkan sertifikat elektronik oleh Balai Sertifikasi "
                   "Elektronik:",
               11);
        p.y += 6;
        const double field_w = 110;
        for (const auto& [label, value] :
             std::vector<std::pair<std::string, std::string>>{{"Nama", f.name},
                                                              {"NIK", f.nik},
                                                              {"NIP", f.nip.empty() ? "-" : f.nip},
                                                              {"Jabatan", f.position},
                                                              {"Unit kerja", f.work_unit},
                                                              {"E-mail dinas", f.email}}) {
            p.text(label, kLeft + 20, field_w, kBody);
            p.text(":", kLeft + 20 + field_w, 8, kBody);
            p.y += p.text(value, kLeft + 20 + field_w + 10, text_w - field_w - 30, kBody, true) + 2;
        }
        p.y += 8;
        p.line(
            "Yang bersangkutan telah melengkapi persyaratan permohonan (KTP berwarna, SK "
            "jabatan, surat permohonan, dan alamat e-mail dinas) yang telah kami verifikasi "
            "(nomor berkas " +
                f.receipt_no +
                "). Demikian rekomendasi ini kami sampaikan; atas perhatian dan kerja sama "
                "Bapak/Ibu kami ucapkan terima kasih.",
            11);

        // The signature block, right half.
        const double sign_x = kLeft + text_w / 2 + 10, sign_w = text_w / 2 - 10;
        p.y += 18;
        p.y += p.text(cfg.signer_title + ",", sign_x, sign_w, kBody, false, PANGO_ALIGN_CENTER);
        const double qr_top = p.y - 10;
        p.y += 56;
        p.y += p.text(cfg.signer_name, sign_x, sign_w, kBody, true, PANGO_ALIGN_CENTER, true);
        p.y += p.text(cfg.signer_rank, sign_x, sign_w, kBody, false, PANGO_ALIGN_CENTER);
        p.y += p.text("NIP. " + cfg.signer_nip, sign_x, sign_w, kBody, false, PANGO_ALIGN_CENTER);

        // The QR code, left of the signature, with what it proves.
        const double side = 84;
        qr_code(cr, qr_text, kLeft, qr_top, side);
        Pen caption{cr, qr_top + side + 4};
        const double bottom =
            std::max(p.y, caption.y + caption.text("Pindai untuk memeriksa keaslian: nomor, "
                                                   "berkas dan tanggal surat ini ditandatangani "
                                                   "secara elektronik oleh kantor.",
                                                   kLeft, text_w / 2 - 20, 7));
        if (bottom > kPageH - 28) {
            throw LetterError("the letter does not fit on one A4 page (" +
                              std::to_string(static_cast<int>(bottom)) + " of " +
                              std::to_string(static_cast<int>(kPageH - 28)) +
                              " pt): shorten the [letter] texts");
        }
    } catch (...) {
        cairo_destroy(cr);
        cairo_surface_destroy(surface);
        throw;
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const auto status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        throw LetterError(std::string("the letter cannot be written: ") +
                          cairo_status_to_string(status));
    }
    return pdf;
}

namespace {

std::vector<std::string> qr_texts(const std::uint8_t* grey, int width, int height, int stride) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    const ZXing::ImageView view(grey, width, height, ZXing::ImageFormat::Lum, stride);
    std::vector<std::string> out;
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        if (r.isValid()) {
            out.push_back(r.text());
        }
    }
    return out;
}

}  // namespace

LetterCheck verify_letter_file(const std::filesystem::path& file,
                               std::span<const std::uint8_t> public_key) {
    LetterCheck c;
    platform::Bytes data;
    try {
        data = platform::read_file(file);
    } catch (const std::exception& e) {
        c.code = "letter.unreadable";
        c.message = e.what();
        return c;
    }
    const bool pdf = data.size() > 4 && std::equal(data.begin(), data.begin() + 5, "%PDF-");
    std::vector<std::string> found;
    std::string page_text;
    if (pdf) {
        const auto drawn = pdf::draw(data, {.page = 1, .dpi = 200, .grey = true, .text = true});
        if (!drawn.ok()) {
            c.code = "letter.unreadable";
            c.message = "not a readable PDF: " + drawn.error;
            return c;
        }
        found = qr_texts(drawn.grey.data(), drawn.width, drawn.height, drawn.width);
        page_text = drawn.text;
    } else {
        const auto image = pdf::read_png(file.string());
        if (!image.ok()) {
            c.code = "letter.unreadable";
            c.message = "neither a PDF nor a PNG image";
            return c;
        }
        found = qr_texts(image.grey.data(), image.width, image.height, image.width);
    }
    if (found.empty()) {
        c.code = "letter.no_qr";
        c.message = "no QR code found on the letter";
        return c;
    }
    c = check_letter_qr(found.front(), public_key);
    if (!c.genuine || !pdf) {
        return c;
    }
    // The printed number and date must be the signed ones.
    platform::CivilDate d;
    std::sscanf(c.date.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day);
    if (page_text.find(c.letter_no) == std::string::npos ||
        page_text.find(indonesian_date(d)) == std::string::npos) {
        c.genuine = false;
        c.code = "letter.text_differs";
        c.message = "the letter's printed number or date is not the one its QR code signs";
    }
    return c;
}

platform::SigningKey office_signing_key(const std::filesystem::path& data_dir) {
    const auto path = data_dir / "keys" / "office.key";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return platform::SigningKey::read_file(path);
    }
    platform::ensure_directory(data_dir / "keys", 0700);
    auto key = platform::SigningKey::generate();
    key.write_file(path);
    return key;
}

}  // namespace anjungan::office
