#include "pdf_pages.hpp"

#include <cairo.h>
#include <poppler.h>

#include <algorithm>
#include <mutex>

namespace anjungan::office::pdf {

namespace {

std::mutex g_poppler;

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// An RGB24 or ARGB32 cairo image as grey.
void to_grey(cairo_surface_t* surface, DrawnPage& out) {
    cairo_surface_flush(surface);
    out.width = cairo_image_surface_get_width(surface);
    out.height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* px = cairo_image_surface_get_data(surface);
    out.grey.resize(static_cast<std::size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const unsigned char* p = px + y * stride + x * 4;  // B, G, R, A or unused
            out.grey[static_cast<std::size_t>(y) * out.width + x] =
                static_cast<std::uint8_t>((p[0] * 29 + p[1] * 150 + p[2] * 77) >> 8);
        }
    }
}

}  // namespace

DrawnPage read_png(const std::string& path) {
    DrawnPage out;
    cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        (cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24 &&
         cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32)) {
        out.error = "not a PNG image";
    } else {
        to_grey(s, out);
    }
    cairo_surface_destroy(s);
    return out;
}

DrawnPage draw(const std::vector<std::uint8_t>& data, const Drawing& how) {
    DrawnPage out;
    std::lock_guard lock(g_poppler);
    GBytes* bytes = g_bytes_new(data.data(), data.size());
    GError* err = nullptr;
    PopplerDocument* doc = poppler_document_new_from_bytes(bytes, nullptr, &err);
    g_bytes_unref(bytes);
    if (!doc) {
        out.error = err ? err->message : "not a PDF";
        if (err) {
            g_error_free(err);
        }
        return out;
    }
    out.pages = poppler_document_get_n_pages(doc);
    if (how.page == 0) {
        g_object_unref(doc);
        return out;
    }
    if (how.page < 1 || how.page > out.pages) {
        out.error = out.pages == 0 ? "no pages" : "no such page";
        g_object_unref(doc);
        return out;
    }
    PopplerPage* page = poppler_document_get_page(doc, how.page - 1);
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    const double scale = how.width > 0 && w > 0 ? how.width / w : how.dpi / 72;
    out.width = std::max(1, static_cast<int>(w * scale + 0.5));
    out.height = std::max(1, static_cast<int>(h * scale + 0.5));
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, out.width, out.height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    if (how.grey) {
        to_grey(surface, out);
    }
    if (how.png) {
        cairo_surface_write_to_png_stream(surface, append_png, &out.png);
    }
    cairo_surface_destroy(surface);
    if (how.text) {
        if (char* t = poppler_page_get_text(page)) {
            out.text = t;
            g_free(t);
        }
    }
    g_object_unref(page);
    g_object_unref(doc);
    return out;
}

}  // namespace anjungan::office::pdf
