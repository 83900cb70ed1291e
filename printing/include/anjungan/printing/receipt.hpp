// The receipt an applicant takes home: its content, and its layout at the printer's
// resolution for 58 mm and 80 mm paper, as PNG (for the printer) or PDF (for files).
//
// The content arrives already masked and translated: this layer knows layout, not the domain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "anjungan/platform/durable_file.hpp"

namespace anjungan::printing {

// A text in Indonesian with its English line (empty when there is none).
struct Bilingual {
    std::string id;
    std::string en;
};

struct ReceiptDocument {
    Bilingual label;  // "KTP berwarna" / "Colour ID card"
    int pages = 1;
};

struct ReceiptStep {
    Bilingual what;      // "Disposisi Kepala Dinas" / "Head of department's disposition"
    Bilingual expected;  // "10 menit" / "10 minutes"
};

struct ReceiptContent {
    std::vector<std::string> header = {"PEMERINTAH KOTA PALANGKA RAYA",
                                       "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN"};
    Bilingual service = {"Permohonan Sertifikat Elektronik", "Electronic certificate application"};
    std::string receipt_no;
    std::string issued_local;  // "24-11-2026 10:15 WIB"
    std::string kiosk_id;
    std::string masked_name;
    std::string masked_nip;
    std::vector<ReceiptDocument> documents;
    std::vector<ReceiptStep> next_steps;
    std::string qr_payload;
    std::string fingerprint;  // "7F3K-92QX"
    // 0 for the first copy; n for the n-th reprint, which the receipt says in large type.
    int reprint = 0;
    std::string reprinted_local;  // when the reprint was made
    bool sample = false;          // a test print: says so across the top
};

enum class Paper { k58mm, k80mm };

struct Layout {
    Paper paper = Paper::k58mm;
    int dpi = 203;
};

// Millimetres of paper and of printable width (the printer's head) for each roll.
double paper_width_mm(Paper p);
double printable_width_mm(Paper p);
int printable_width_dots(const Layout& layout);

// Where the QR code landed, for tests and for the operator's print-test report.
struct QrPlacement {
    int x = 0;  // top-left of the first module, in dots
    int y = 0;
    int modules = 0;      // modules per side, quiet zone excluded
    int module_dots = 0;  // dots per module (whole dots)
    int quiet_modules = 0;
    int version = 0;  // QR version (1..40)
};

struct RenderedReceipt {
    platform::Bytes data;  // PNG or PDF
    int width_dots = 0;
    int height_dots = 0;
    QrPlacement qr;
};

class RenderError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One image at the printer's resolution, width = the printable width; 8-bit grey PNG.
RenderedReceipt render_png(const ReceiptContent& content, const Layout& layout);
// A page of the paper's width and the receipt's length; text stays text, the QR stays vector.
RenderedReceipt render_pdf(const ReceiptContent& content, const Layout& layout);

// The family the receipt asks for, and the file fontconfig actually resolves it to (so a
// missing fonts-noto-core shows as a clear fault rather than a receipt in a fallback font).
std::string receipt_font_family();
std::string resolved_font_file(const std::string& family);

}  // namespace anjungan::printing
