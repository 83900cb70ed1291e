#include "anjungan/vision/export.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tuple>

#include "measures.hpp"

namespace anjungan::vision {

namespace {

constexpr int kMinQuality = 40;  // below this, text and faces smear: shrink the image instead
constexpr int kMaxQuality = 95;

Bytes jpeg(const cv::Mat& bgr, int quality) {
    Bytes out;
    cv::imencode(".jpg", bgr, out,
                 {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 1});
    return out;
}

// The highest quality in [kMinQuality, kMaxQuality] whose total size fits, by bisection;
// then, when even the lowest does not fit, the images are reduced by 15 % at a time.
template <typename Encode>
auto fit(Encode encode, std::size_t max_bytes) {
    for (double scale = 1.0; scale > 0.2; scale *= 0.85) {
        int lo = kMinQuality, hi = kMaxQuality, best = -1;
        decltype(encode(0, 1.0)) best_out{};
        while (lo <= hi) {
            const int mid = (lo + hi) / 2;
            auto out = encode(mid, scale);
            if (out.size() <= max_bytes) {
                best = mid;
                best_out = std::move(out);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best >= 0) {
            return std::make_tuple(std::move(best_out), best, scale);
        }
    }
    throw ExportError("the image does not fit in " + std::to_string(max_bytes) + " bytes");
}

cv::Mat resized(const cv::Mat& img, double scale) {
    if (scale >= 1.0) {
        return img;
    }
    cv::Mat out;
    cv::resize(img, out, cv::Size(), scale, scale, cv::INTER_AREA);
    return out;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<Bytes*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

// One PDF, a page per image, each page's picture embedded as its JPEG stream (cairo keeps the
// JPEG data as is when it is attached as MIME data).
// A page with no colour to speak of (black text on white) is embedded as a greyscale JPEG:
// a third of the data, so the text keeps a higher quality within the budget.
constexpr double kGreyPageColourfulness = 6;

Bytes pdf(const std::vector<cv::Mat>& pages, double dpi, int quality, double scale) {
    Bytes out;
    cairo_surface_t* doc = cairo_pdf_surface_create_for_stream(append, &out, 595, 842);
    cairo_pdf_surface_restrict_to_version(doc, CAIRO_PDF_VERSION_1_5);
    cairo_t* cr = cairo_create(doc);
    std::vector<Bytes> keep;  // the JPEG data must live until the surface is finished
    keep.reserve(pages.size());
    for (const auto& page : pages) {
        const cv::Mat img = resized(page, scale);
        const double w_pt = page.cols / dpi * 72.0, h_pt = page.rows / dpi * 72.0;
        cairo_pdf_surface_set_size(doc, w_pt, h_pt);
        if (detail::colourfulness(img) < kGreyPageColourfulness) {
            cv::Mat grey;
            cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
            keep.push_back(jpeg(grey, quality));
        } else {
            keep.push_back(jpeg(img, quality));
        }
        cv::Mat bgra;
        cv::cvtColor(img, bgra, cv::COLOR_BGR2BGRA);
        cairo_surface_t* pic = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.cols, img.rows);
        cairo_surface_flush(pic);
        const int stride = cairo_image_surface_get_stride(pic);
        unsigned char* dst = cairo_image_surface_get_data(pic);
        for (int y = 0; y < img.rows; ++y) {
            std::memcpy(dst + static_cast<std::ptrdiff_t>(y) * stride, bgra.ptr(y),
                        static_cast<std::size_t>(img.cols) * 4);
        }
        cairo_surface_mark_dirty(pic);
        cairo_surface_set_mime_data(pic, CAIRO_MIME_TYPE_JPEG, keep.back().data(),
                                    keep.back().size(), nullptr, nullptr);
        cairo_save(cr);
        cairo_scale(cr, w_pt / img.cols, h_pt / img.rows);
        cairo_set_source_surface(cr, pic, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_show_page(cr);
        cairo_surface_destroy(pic);
    }
    cairo_destroy(cr);
    cairo_surface_finish(doc);
    const cairo_status_t status = cairo_surface_status(doc);
    cairo_surface_destroy(doc);
    if (status != CAIRO_STATUS_SUCCESS) {
        throw ExportError(std::string("PDF: ") + cairo_status_to_string(status));
    }
    return out;
}

}  // namespace

JpegResult encode_jpeg_within(const cv::Mat& bgr, std::size_t max_bytes) {
    if (bgr.empty()) {
        throw ExportError("no image to export");
    }
    auto [data, quality, scale] =
        fit([&](int q, double s) { return jpeg(resized(bgr, s), q); }, max_bytes);
    return {std::move(data), quality, scale};
}

PdfResult encode_pdf_within(const std::vector<cv::Mat>& pages, double dpi, std::size_t max_bytes) {
    if (pages.empty()) {
        throw ExportError("no pages to export");
    }
    auto [data, quality, scale] =
        fit([&](int q, double s) { return pdf(pages, dpi, q, s); }, max_bytes);
    return {std::move(data), quality, scale};
}

}  // namespace anjungan::vision
