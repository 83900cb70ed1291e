#include "anjungan/printing/receipt.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace anjungan::printing {

namespace {

constexpr const char* kFamily = "Noto Sans";
// At least 4 dots per module and a 4-module quiet zone (toolchain.md; ISO/IEC 18004).
constexpr int kMinModuleDots = 4;
constexpr int kMaxModuleDots = 10;
constexpr int kQuietModules = 4;
// ZXing's error-correction scale: 3-4 is level M (15 % of the code may be lost).
constexpr int kEccLevel = 4;

template <typename T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const { F(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Context = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;

void unref_layout(PangoLayout* l) {
    g_object_unref(l);
}
using LayoutPtr = std::unique_ptr<PangoLayout, Deleter<PangoLayout, unref_layout>>;
using FontDesc = std::unique_ptr<PangoFontDescription,
                                 Deleter<PangoFontDescription, pango_font_description_free>>;

ZXing::BitMatrix qr_matrix(const std::string& payload) {
    try {
        return ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
            .setEccLevel(kEccLevel)
            .setMargin(0)
            .encode(payload, 0, 0);
    } catch (const std::exception& e) {
        throw RenderError(std::string("the QR code cannot be made: ") + e.what());
    }
}

enum class Align { kLeft, kCenter, kRight };

struct Style {
    double points = 8.0;
    bool bold = false;
    bool italic = false;
    Align align = Align::kLeft;
};

// Lays out the receipt top to bottom in dot units on whatever surface `cr` draws to; returns
// the height used. Called once on a recording surface to measure, once to draw.
class Composer {
  public:
    Composer(cairo_t* cr, const ReceiptContent& c, const Layout& layout, int width)
        : cr_(cr), c_(c), layout_(layout), width_(width) {
        pad_ = static_cast<int>(std::lround(1.0 / 25.4 * layout.dpi));  // 1 mm
        gap_ = static_cast<int>(std::lround(1.2 / 25.4 * layout.dpi));
        scale_ = layout.paper == Paper::k80mm ? 1.15 : 1.0;
    }

    int compose() {
        y_ = pad_;
        if (c_.sample) {
            banner("CONTOH \xE2\x80\x94 BUKAN TANDA TERIMA", "SAMPLE \xE2\x80\x94 NOT A RECEIPT");
        }
        if (c_.reprint > 0) {
            banner("CETAK ULANG ke-" + std::to_string(c_.reprint),
                   "REPRINT " + std::to_string(c_.reprint) +
                       (c_.reprinted_local.empty() ? "" : " \xC2\xB7 " + c_.reprinted_local));
        }
        for (const auto& h : c_.header) {
            text(h, {7.0, true, false, Align::kCenter});
        }
        rule();
        text(c_.service.id, {9.0, true, false, Align::kCenter});
        text(c_.service.en, {7.0, false, true, Align::kCenter});
        y_ += gap_;
        text("Nomor tanda terima / Receipt number", {7.0, false, false, Align::kCenter});
        fitted(c_.receipt_no, 20.0, true);
        y_ += gap_;
        rows({{"Waktu / Time", c_.issued_local},
              {"Anjungan / Kiosk", c_.kiosk_id},
              {"Nama / Name", c_.masked_name},
              {"NIP", c_.masked_nip}});
        rule();
        heading("Berkas diterima", "Documents received");
        for (const auto& d : c_.documents) {
            checked(d);
        }
        rule();
        heading("Langkah berikutnya", "Next steps");
        int n = 1;
        for (const auto& s : c_.next_steps) {
            step(n++, s);
        }
        rule();
        heading("Pantau permohonan Anda", "Follow your application");
        text("Pindai kode ini di anjungan untuk melihat status permohonan.",
             {7.5, false, false, Align::kCenter});
        text("Scan this code at the kiosk to see where your case is.",
             {6.5, false, true, Align::kCenter});
        qr();
        text("Sidik jari / Fingerprint  " + c_.fingerprint, {7.0, true, false, Align::kCenter});
        y_ += gap_;
        text("Simpan tanda terima ini sampai sertifikat terbit.",
             {6.5, false, false, Align::kCenter});
        text("Keep this receipt until the certificate is issued.",
             {6.0, false, true, Align::kCenter});
        y_ += 3 * pad_;  // room for the cutter
        return y_;
    }

    const QrPlacement& placement() const { return qr_; }

  private:
    LayoutPtr make_layout(const std::string& s, const Style& st, int width) {
        LayoutPtr l(pango_cairo_create_layout(cr_));
        PangoContext* ctx = pango_layout_get_context(l.get());
        pango_cairo_context_set_resolution(ctx, layout_.dpi);
        cairo_font_options_t* fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(ctx, fo);
        cairo_font_options_destroy(fo);
        pango_layout_context_changed(l.get());

        FontDesc fd(pango_font_description_new());
        pango_font_description_set_family(fd.get(), kFamily);
        pango_font_description_set_weight(fd.get(),
                                          st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(fd.get(),
                                         st.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_font_description_set_size(
            fd.get(), static_cast<int>(std::lround(st.points * scale_ * PANGO_SCALE)));
        pango_layout_set_font_description(l.get(), fd.get());
        pango_layout_set_width(l.get(), width * PANGO_SCALE);
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l.get(), st.align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                            : st.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                        : PANGO_ALIGN_LEFT);
        pango_layout_set_text(l.get(), s.c_str(), -1);
        return l;
    }

    int draw_at(PangoLayout* l, int x, int y) {
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, l);
        int w = 0;
        int h = 0;
        pango_layout_get_pixel_size(l, &w, &h);
        return h;
    }

    void text(const std::string& s, const Style& st) {
        if (s.empty()) {
            return;
        }
        auto l = make_layout(s, st, width_ - 2 * pad_);
        y_ += draw_at(l.get(), pad_, y_);
    }

    // The largest size up to `points` at which `s` fits on one line.
    void fitted(const std::string& s, double points, bool bold) {
        const int avail = width_ - 2 * pad_;
        for (double p = points; p >= 6.0; p -= 0.5) {
            auto l = make_layout(s, {p, bold, false, Align::kCenter}, avail);
            PangoRectangle ink;
            PangoRectangle logical;
            pango_layout_get_pixel_extents(l.get(), &ink, &logical);
            if (pango_layout_get_line_count(l.get()) == 1 && logical.width <= avail) {
                y_ += draw_at(l.get(), pad_, y_);
                return;
            }
        }
        text(s, {6.0, bold, false, Align::kCenter});
    }

    void heading(const std::string& id, const std::string& en) {
        text(id + " / " + en, {7.5, true, false, Align::kLeft});
        y_ += pad_ / 2;
    }

    // Key-value rows; the key column is as wide as its widest key (at most half the paper).
    void rows(const std::vector<std::pair<std::string, std::string>>& items) {
        const int avail = width_ - 2 * pad_;
        int key_w = 0;
        for (const auto& [key, value] : items) {
            auto k = make_layout(key, {6.5, false, false, Align::kLeft}, avail);
            PangoRectangle ink;
            PangoRectangle logical;
            pango_layout_get_pixel_extents(k.get(), &ink, &logical);
            key_w = std::max(key_w, logical.width + pad_);
        }
        key_w = std::min(key_w, avail / 2);
        for (const auto& [key, value] : items) {
            auto k = make_layout(key, {6.5, false, false, Align::kLeft}, key_w);
            auto v = make_layout(value.empty() ? "-" : value, {7.0, true, false, Align::kLeft},
                                 avail - key_w);
            if (pango_layout_get_line_count(v.get()) > 1) {
                // Too long beside its key (58 mm paper): the value goes on the next line.
                auto whole = make_layout(value, {7.0, true, false, Align::kRight}, avail);
                y_ += draw_at(k.get(), pad_, y_);
                y_ += draw_at(whole.get(), pad_, y_);
                continue;
            }
            const int h1 = draw_at(k.get(), pad_, y_);
            const int h2 = draw_at(v.get(), pad_ + key_w, y_);
            y_ += std::max(h1, h2);
        }
    }

    void check_mark(int x, int y, int size) {
        cairo_save(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_set_line_width(cr_, std::max(2.0, size / 6.0));
        cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
        cairo_move_to(cr_, x + size * 0.12, y + size * 0.55);
        cairo_line_to(cr_, x + size * 0.40, y + size * 0.82);
        cairo_line_to(cr_, x + size * 0.90, y + size * 0.18);
        cairo_stroke(cr_);
        cairo_restore(cr_);
    }

    void checked(const ReceiptDocument& d) {
        const int box = static_cast<int>(std::lround(2.6 / 25.4 * layout_.dpi * scale_));
        const int indent = box + pad_;
        std::string label = d.label.id;
        if (d.pages > 1) {
            label += " (" + std::to_string(d.pages) + " hlm / pages)";
        }
        auto l = make_layout(label, {7.5, false, false, Align::kLeft}, width_ - 2 * pad_ - indent);
        check_mark(pad_, y_ + box / 4, box);
        y_ += draw_at(l.get(), pad_ + indent, y_);
        if (!d.label.en.empty()) {
            auto e = make_layout(d.label.en, {6.5, false, true, Align::kLeft},
                                 width_ - 2 * pad_ - indent);
            y_ += draw_at(e.get(), pad_ + indent, y_);
        }
    }

    void step(int n, const ReceiptStep& s) {
        const int avail = width_ - 2 * pad_;
        auto num = make_layout(std::to_string(n) + ".", {7.5, true, false, Align::kLeft}, avail);
        int num_w = 0;
        int num_h = 0;
        pango_layout_get_pixel_size(num.get(), &num_w, &num_h);
        const int indent = num_w + pad_;
        auto when = make_layout(s.expected.id, {7.5, true, false, Align::kRight}, avail);
        int when_w = 0;
        int when_h = 0;
        pango_layout_get_pixel_size(when.get(), &when_w, &when_h);
        PangoRectangle ink;
        PangoRectangle logical;
        pango_layout_get_pixel_extents(when.get(), &ink, &logical);
        const int time_w = logical.width + pad_;
        draw_at(num.get(), pad_, y_);
        auto what =
            make_layout(s.what.id, {7.5, false, false, Align::kLeft}, avail - indent - time_w);
        draw_at(when.get(), pad_, y_);
        y_ += std::max(draw_at(what.get(), pad_ + indent, y_), when_h);
        if (!s.what.en.empty()) {
            const std::string en =
                s.what.en + (s.expected.en.empty() ? "" : " \xC2\xB7 " + s.expected.en);
            auto e = make_layout(en, {6.5, false, true, Align::kLeft}, avail - indent);
            y_ += draw_at(e.get(), pad_ + indent, y_);
        }
        y_ += pad_ / 3;
    }

    void rule() {
        y_ += gap_;
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_rectangle(cr_, pad_, y_, width_ - 2 * pad_, std::max(2, layout_.dpi / 100));
        cairo_fill(cr_);
        y_ += std::max(2, layout_.dpi / 100) + gap_;
    }

    // White text on a black bar: a sample or a reprint must be impossible to miss.
    void banner(const std::string& id, const std::string& en) {
        const int avail = width_ - 2 * pad_;
        auto a = make_layout(id, {10.0, true, false, Align::kCenter}, avail);
        auto b = make_layout(en, {7.5, true, false, Align::kCenter}, avail);
        int wa = 0, ha = 0, wb = 0, hb = 0;
        pango_layout_get_pixel_size(a.get(), &wa, &ha);
        pango_layout_get_pixel_size(b.get(), &wb, &hb);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_rectangle(cr_, 0, y_, width_, ha + hb + 2 * pad_);
        cairo_fill(cr_);
        cairo_set_source_rgb(cr_, 1, 1, 1);
        cairo_move_to(cr_, pad_, y_ + pad_);
        pango_cairo_show_layout(cr_, a.get());
        cairo_move_to(cr_, pad_, y_ + pad_ + ha);
        pango_cairo_show_layout(cr_, b.get());
        y_ += ha + hb + 2 * pad_ + gap_;
    }

    void qr() {
        const ZXing::BitMatrix m = qr_matrix(c_.qr_payload);
        const int modules = m.width();
        const int total = modules + 2 * kQuietModules;
        const int dots = std::min(kMaxModuleDots, width_ / total);
        if (dots < kMinModuleDots) {
            throw RenderError("the QR code needs " + std::to_string(total * kMinModuleDots) +
                              " dots across but the paper has " + std::to_string(width_));
        }
        const int side = total * dots;
        const int x0 = (width_ - side) / 2 + kQuietModules * dots;
        const int y0 = y_ + kQuietModules * dots;
        cairo_save(cr_);
        cairo_set_antialias(cr_, CAIRO_ANTIALIAS_NONE);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        for (int r = 0; r < modules; ++r) {
            for (int c = 0; c < modules; ++c) {
                if (m.get(c, r)) {
                    cairo_rectangle(cr_, x0 + c * dots, y0 + r * dots, dots, dots);
                }
            }
        }
        cairo_fill(cr_);
        cairo_restore(cr_);
        qr_ = {x0, y0, modules, dots, kQuietModules, (modules - 17) / 4};
        y_ += side;
    }

    cairo_t* cr_;
    const ReceiptContent& c_;
    Layout layout_;
    int width_;
    int pad_ = 8;
    int gap_ = 10;
    double scale_ = 1.0;
    int y_ = 0;
    QrPlacement qr_;
};

void check_layout(const Layout& layout) {
    if (layout.dpi < 100 || layout.dpi > 600) {
        throw RenderError("printer resolution " + std::to_string(layout.dpi) +
                          " dpi is outside 100..600");
    }
}

// Measures the receipt's height on a recording surface.
int measure(const ReceiptContent& content, const Layout& layout, int width) {
    Surface rec(cairo_recording_surface_create(CAIRO_CONTENT_COLOR, nullptr));
    Context cr(cairo_create(rec.get()));
    Composer composer(cr.get(), content, layout, width);
    return composer.compose();
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<platform::Bytes*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

double paper_width_mm(Paper p) {
    return p == Paper::k80mm ? 80.0 : 58.0;
}

double printable_width_mm(Paper p) {
    // The common print heads: 384 dots (48 mm) on 58 mm rolls, 576 dots (72 mm) on 80 mm.
    return p == Paper::k80mm ? 72.0 : 48.0;
}

int printable_width_dots(const Layout& layout) {
    // Print heads come in whole bytes of dots: 384 dots on 58 mm rolls, 576 on 80 mm at 203 dpi.
    const double dots = printable_width_mm(layout.paper) / 25.4 * layout.dpi;
    return static_cast<int>(std::lround(dots / 8.0)) * 8;
}

RenderedReceipt render_png(const ReceiptContent& content, const Layout& layout) {
    check_layout(layout);
    const int width = printable_width_dots(layout);
    const int height = measure(content, layout, width);
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    Context cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    Composer composer(cr.get(), content, layout, width);
    composer.compose();
    cairo_surface_flush(surface.get());
    RenderedReceipt out;
    if (cairo_surface_write_to_png_stream(surface.get(), append_bytes, &out.data) !=
        CAIRO_STATUS_SUCCESS) {
        throw RenderError("the receipt could not be encoded as PNG");
    }
    out.width_dots = width;
    out.height_dots = height;
    out.qr = composer.placement();
    return out;
}

RenderedReceipt render_pdf(const ReceiptContent& content, const Layout& layout) {
    check_layout(layout);
    const int width = printable_width_dots(layout);
    const int height = measure(content, layout, width);
    const double pt_per_dot = 72.0 / layout.dpi;
    const double margin_pt =
        (paper_width_mm(layout.paper) - printable_width_mm(layout.paper)) / 2 / 25.4 * 72.0;
    RenderedReceipt out;
    {
        Surface surface(cairo_pdf_surface_create_for_stream(
            append_bytes, &out.data, width * pt_per_dot + 2 * margin_pt, height * pt_per_dot));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       ("Tanda terima " + content.receipt_no).c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Anjungan");
        Context cr(cairo_create(surface.get()));
        cairo_translate(cr.get(), margin_pt, 0);
        cairo_scale(cr.get(), pt_per_dot, pt_per_dot);
        Composer composer(cr.get(), content, layout, width);
        composer.compose();
        out.qr = composer.placement();
        cairo_show_page(cr.get());
        cr.reset();
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
            throw RenderError(std::string("the receipt could not be written as PDF: ") +
                              cairo_status_to_string(cairo_surface_status(surface.get())));
        }
    }
    out.width_dots = width;
    out.height_dots = height;
    return out;
}

std::string receipt_font_family() {
    return kFamily;
}

std::string resolved_font_file(const std::string& family) {
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(family.c_str()));
    if (pattern == nullptr) {
        return {};
    }
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    std::string file;
    FcChar8* path = nullptr;
    if (match != nullptr && FcPatternGetString(match, FC_FILE, 0, &path) == FcResultMatch) {
        file = reinterpret_cast<const char*>(path);
    }
    if (match != nullptr) {
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return file;
}

}  // namespace anjungan::printing
