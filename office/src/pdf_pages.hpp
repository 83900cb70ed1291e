// PDF pages drawn as images (poppler-glib + cairo), private to office/src: the console's
// previews of the SK, the letter and the recommendation letter, and `letter verify`, which
// reads the QR code off the drawn page. One document at a time (poppler's global state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anjungan::office::pdf {

// A drawn page: 8-bit grey, `width` x `height`, rows packed; or `error` when it cannot be.
struct DrawnPage {
    int pages = 0;  // how many pages the document has
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> grey;
    std::string png;   // the same page as PNG (RGB), when asked for
    std::string text;  // the page's text, when asked for
    std::string error;
    bool ok() const { return error.empty(); }
};

struct Drawing {
    int page = 1;   // 1-based; 0: only count the pages
    int width = 0;  // pixels across; 0: use `dpi`
    double dpi = 72;
    bool grey = false;
    bool png = false;
    bool text = false;
};

DrawnPage draw(const std::vector<std::uint8_t>& pdf, const Drawing& how);
// A PNG file as grey (a scan or photo of a page); `error` when it is no PNG.
DrawnPage read_png(const std::string& path);

}  // namespace anjungan::office::pdf
