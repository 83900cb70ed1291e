// The receipt's layout: width of the print head, a QR code of whole dots with its quiet zone
// that two independent decoders read back, banners for reprints and samples, PDF output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/printing/qr_payload.hpp"
#include "anjungan/printing/qr_read.hpp"
#include "anjungan/printing/receipt.hpp"
#include "command.hpp"
#include "test_support.hpp"

namespace anjungan::printing {
namespace {

using platform::SigningKey;
using test::TempDir;

std::string quote(const std::string& s) {
    return test::shell_quote(s);
}

// Runs a shell command; its stdout and exit code.
std::pair<int, std::string> shell(const std::string& cmd) {
    auto r = test::run_command(cmd);
    return {r.code, std::move(r.out)};
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

cv::Mat decode_png(const platform::Bytes& png) {
    const cv::Mat raw(1, static_cast<int>(png.size()), CV_8U,
                      const_cast<std::uint8_t*>(png.data()));
    return cv::imdecode(raw, cv::IMREAD_GRAYSCALE);
}

std::vector<std::string> qr_texts(const cv::Mat& grey) {
    std::vector<std::string> out;
    for (const auto& c :
         read_qr_codes({grey.data, grey.cols, grey.rows, static_cast<int>(grey.step[0])})) {
        out.push_back(c.text);
    }
    return out;
}

void write_bytes(const std::filesystem::path& p, const platform::Bytes& b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// The code's pixels only (no quiet zone).
cv::Mat qr_crop(const cv::Mat& img, const QrPlacement& q) {
    const int side = q.modules * q.module_dots;
    return img(cv::Rect(q.x, q.y, side, side));
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && cv::countNonZero(a != b) == 0;
}

class RenderTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        key_ = new SigningKey(SigningKey::generate());
        ReceiptClaim c;
        c.kiosk_id = "PKY1";
        c.receipt_no = domain::make_receipt_number("PKY1", {2026, 11, 24}, 42);
        c.case_id = "3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f801234";
        c.issued_at = platform::utc_time(2026, 11, 24, 3, 15, 0);
        payload_ = new std::string(make_payload(c, *key_));
    }
    static void TearDownTestSuite() {
        delete key_;
        delete payload_;
        key_ = nullptr;
        payload_ = nullptr;
    }

    static const std::string& payload() { return *payload_; }

    static ReceiptContent content() {
        ReceiptContent c;
        c.receipt_no = domain::make_receipt_number("PKY1", {2026, 11, 24}, 42);
        c.issued_local = "24-11-2026 10:15 WIB";
        c.kiosk_id = "PKY1";
        c.masked_name = "S*** R*********";
        c.masked_nip = "1990************01";
        c.documents = {{{"Surat permohonan", "Application letter"}, 1},
                       {{"KTP berwarna", "Colour ID card"}, 1},
                       {{"SK pengangkatan", "Appointment decree"}, 3},
                       {{"Swafoto", "Selfie"}, 1}};
        c.next_steps = {
            {{"Disposisi Kepala Dinas", "Head of department's disposition"},
             {"10 menit", "10 minutes"}},
            {{"Verifikasi berkas dan rekomendasi ke BSrE", "Files verified"},
             {"15 menit", "15 minutes"}},
            {{"Sertifikat terbit, unduh dari BSrE", "Certificate issued"}, {"", ""}},
        };
        c.qr_payload = payload();
        c.fingerprint = "7F3K-92QX";
        return c;
    }

    // Checks the QR code of a rendered PNG receipt: whole dots, quiet zone, every module as the
    // payload's matrix says, and ZXing reads the payload back.
    static void check_qr(const RenderedReceipt& r, const Layout& layout, const std::string& text) {
        const cv::Mat img = decode_png(r.data);
        ASSERT_FALSE(img.empty());
        EXPECT_EQ(img.cols, r.width_dots);
        EXPECT_EQ(img.rows, r.height_dots);
        EXPECT_EQ(img.cols, printable_width_dots(layout));

        const QrPlacement& q = r.qr;
        EXPECT_GE(q.module_dots, 4);
        EXPECT_EQ(q.quiet_modules, 4);
        EXPECT_GE(q.version, 1);
        EXPECT_EQ(q.modules, 17 + 4 * q.version);
        const int d = q.module_dots;
        const int side = q.modules * d;
        const int quiet = q.quiet_modules * d;
        ASSERT_GE(q.x - quiet, 0);
        ASSERT_GE(q.y - quiet, 0);
        ASSERT_LE(q.x + side + quiet, img.cols);
        ASSERT_LE(q.y + side + quiet, img.rows);

        // The quiet zone: white all round.
        int dark_in_quiet = 0;
        for (int y = q.y - quiet; y < q.y + side + quiet; ++y) {
            for (int x = q.x - quiet; x < q.x + side + quiet; ++x) {
                const bool inside = x >= q.x && x < q.x + side && y >= q.y && y < q.y + side;
                if (!inside && img.at<std::uint8_t>(y, x) <= 250) {
                    ++dark_in_quiet;
                }
            }
        }
        EXPECT_EQ(dark_in_quiet, 0) << "pixels that are not white in the quiet zone";

        // Every module is d x d dots of one colour, black or white as the matrix says.
        const ZXing::BitMatrix m = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                       .setEccLevel(4)
                                       .setMargin(0)
                                       .encode(text, 0, 0);
        ASSERT_EQ(m.width(), q.modules);
        int wrong_modules = 0;
        int grey_dots = 0;
        for (int row = 0; row < q.modules; ++row) {
            for (int col = 0; col < q.modules; ++col) {
                const std::uint8_t want = m.get(col, row) ? 0 : 255;
                bool module_ok = true;
                for (int dy = 0; dy < d; ++dy) {
                    for (int dx = 0; dx < d; ++dx) {
                        const std::uint8_t v =
                            img.at<std::uint8_t>(q.y + row * d + dy, q.x + col * d + dx);
                        if (v > 5 && v < 250) {
                            ++grey_dots;
                        }
                        if (std::abs(int(v) - int(want)) > 5) {
                            module_ok = false;
                        }
                    }
                }
                wrong_modules += module_ok ? 0 : 1;
            }
        }
        EXPECT_EQ(grey_dots, 0) << "antialiased dots inside the code";
        EXPECT_EQ(wrong_modules, 0) << "modules that differ from the payload's matrix";

        const auto found = qr_texts(img);
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0], text);
    }

  private:
    static inline SigningKey* key_ = nullptr;
    static inline std::string* payload_ = nullptr;
};

TEST_F(RenderTest, TheReceiptFontResolvesToNotoSans) {
    EXPECT_EQ(receipt_font_family(), "Noto Sans");
    const std::filesystem::path file = resolved_font_file(receipt_font_family());
    ASSERT_FALSE(file.empty());
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_EQ(file.filename().string().rfind("NotoSans", 0), 0u) << file;
    EXPECT_TRUE(file.extension() == ".ttf" || file.extension() == ".otf") << file;
}

TEST_F(RenderTest, PrintableWidthIsThePrintHeads) {
    EXPECT_EQ(printable_width_dots({Paper::k58mm, 203}), 384);
    EXPECT_EQ(printable_width_dots({Paper::k80mm, 203}), 576);
    EXPECT_EQ(printable_width_dots({Paper::k58mm, 300}) % 8, 0);
    EXPECT_NEAR(printable_width_dots({Paper::k58mm, 300}), 48.0 / 25.4 * 300, 8.0);
    EXPECT_EQ(paper_width_mm(Paper::k58mm), 58.0);
    EXPECT_EQ(paper_width_mm(Paper::k80mm), 80.0);
    EXPECT_LT(printable_width_mm(Paper::k58mm), paper_width_mm(Paper::k58mm));
    EXPECT_LT(printable_width_mm(Paper::k80mm), paper_width_mm(Paper::k80mm));
}

TEST_F(RenderTest, Png58mmHasAWholeDotQrThatDecodes) {
    const Layout layout{Paper::k58mm, 203};
    const auto r = render_png(content(), layout);
    EXPECT_EQ(r.width_dots, 384);
    EXPECT_GT(r.height_dots, r.width_dots);  // a receipt is a strip
    check_qr(r, layout, payload());
}

TEST_F(RenderTest, Png80mmHasAWholeDotQrThatDecodes) {
    const Layout layout{Paper::k80mm, 203};
    const auto r = render_png(content(), layout);
    EXPECT_EQ(r.width_dots, 576);
    check_qr(r, layout, payload());
    // Wider paper, larger modules.
    const auto narrow = render_png(content(), {Paper::k58mm, 203});
    EXPECT_GT(r.qr.module_dots, narrow.qr.module_dots);
    EXPECT_EQ(r.qr.version, narrow.qr.version);
}

TEST_F(RenderTest, QrIsLevelMAndCentred) {
    const Layout layout{Paper::k58mm, 203};
    const auto r = render_png(content(), layout);
    const cv::Mat img = decode_png(r.data);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const auto res =
        ZXing::ReadBarcode(ZXing::ImageView(img.data, img.cols, img.rows, ZXing::ImageFormat::Lum,
                                            static_cast<int>(img.step[0])),
                           hints);
    ASSERT_TRUE(res.isValid());
    EXPECT_EQ(res.text(), payload());
    EXPECT_EQ(res.ecLevel(), "M");
    const int side = r.qr.modules * r.qr.module_dots;
    const int left = r.qr.x;
    const int right = r.width_dots - (r.qr.x + side);
    EXPECT_LE(std::abs(left - right), 1) << left << " vs " << right;
}

TEST_F(RenderTest, ZbarReadsTheWrittenPng) {
    if (!std::filesystem::exists("/usr/bin/zbarimg")) {
        GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
    }
    TempDir dir;
    for (auto paper : {Paper::k58mm, Paper::k80mm}) {
        const auto r = render_png(content(), {paper, 203});
        const auto file = dir / (paper == Paper::k58mm ? "r58.png" : "r80.png");
        write_bytes(file, r.data);
        const auto [code, out] = shell("/usr/bin/zbarimg -q --raw " + quote(file.string()));
        EXPECT_EQ(code, 0) << out;
        EXPECT_EQ(trim(out), payload()) << file;
    }
}

TEST_F(RenderTest, AReprintSaysSoOnTopAndLeavesTheQrAlone) {
    const Layout layout{Paper::k58mm, 203};
    const auto original = render_png(content(), layout);
    ReceiptContent c = content();
    c.reprint = 2;
    c.reprinted_local = "25-11-2026 09:00 WIB";
    const auto reprint = render_png(c, layout);
    EXPECT_NE(reprint.data, original.data);
    EXPECT_GT(reprint.height_dots, original.height_dots);
    check_qr(reprint, layout, payload());

    // The banner pushes everything down; the code itself is the same, dot for dot.
    EXPECT_EQ(reprint.qr.x, original.qr.x);
    EXPECT_EQ(reprint.qr.module_dots, original.qr.module_dots);
    EXPECT_EQ(reprint.qr.modules, original.qr.modules);
    EXPECT_EQ(reprint.qr.y - original.qr.y, reprint.height_dots - original.height_dots);
    const cv::Mat a = decode_png(original.data);
    const cv::Mat b = decode_png(reprint.data);
    EXPECT_TRUE(same_pixels(qr_crop(a, original.qr), qr_crop(b, reprint.qr)));

    // A black bar across the top of the reprint; the original's top is white paper.
    const int pad = 8;  // 1 mm at 203 dpi
    const cv::Mat top_reprint = b(cv::Rect(0, pad + 1, b.cols, 2));
    const cv::Mat top_original = a(cv::Rect(0, 0, a.cols, pad));
    EXPECT_GT(cv::countNonZero(top_reprint < 128), b.cols);  // mostly black
    EXPECT_EQ(cv::countNonZero(top_original < 128), 0);

    // A later reprint differs again (its number is on it).
    c.reprint = 3;
    EXPECT_NE(render_png(c, layout).data, reprint.data);
}

TEST_F(RenderTest, ASampleSaysSoOnTop) {
    const Layout layout{Paper::k80mm, 203};
    const auto original = render_png(content(), layout);
    ReceiptContent c = content();
    c.sample = true;
    const auto sample = render_png(c, layout);
    EXPECT_NE(sample.data, original.data);
    EXPECT_GT(sample.height_dots, original.height_dots);
    check_qr(sample, layout, payload());
    const cv::Mat b = decode_png(sample.data);
    EXPECT_GT(cv::countNonZero(b(cv::Rect(0, 10, b.cols, 2)) < 128), b.cols);
    EXPECT_TRUE(
        same_pixels(qr_crop(decode_png(original.data), original.qr), qr_crop(b, sample.qr)));
    // Sample and reprint together: both banners.
    c.reprint = 1;
    EXPECT_GT(render_png(c, layout).height_dots, sample.height_dots);
}

TEST_F(RenderTest, TextChangesDoNotTouchTheQr) {
    const Layout layout{Paper::k58mm, 203};
    const auto original = render_png(content(), layout);
    ReceiptContent c = content();
    c.masked_name = "M******* A******* R********* S******* P******* W*********";
    c.issued_local = "01-01-2027 00:00 WIB";
    c.fingerprint = "ZZZZ-ZZZZ";
    const auto changed = render_png(c, layout);
    EXPECT_NE(changed.data, original.data);
    check_qr(changed, layout, payload());
    EXPECT_TRUE(same_pixels(qr_crop(decode_png(original.data), original.qr),
                            qr_crop(decode_png(changed.data), changed.qr)));
}

TEST_F(RenderTest, PdfIsAPdfWhoseQrDecodesWhenRasterised) {
    if (!std::filesystem::exists("/usr/bin/pdftoppm")) {
        GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed";
    }
    TempDir dir;
    for (auto paper : {Paper::k58mm, Paper::k80mm}) {
        SCOPED_TRACE(paper == Paper::k58mm ? "58 mm" : "80 mm");
        const auto r = render_pdf(content(), {paper, 203});
        ASSERT_GE(r.data.size(), 5u);
        EXPECT_EQ(std::string(r.data.begin(), r.data.begin() + 5), "%PDF-");
        EXPECT_EQ(r.width_dots, paper == Paper::k58mm ? 384 : 576);
        EXPECT_GE(r.qr.module_dots, 4);
        const auto pdf = dir / "r.pdf";
        write_bytes(pdf, r.data);
        const auto [code, out] =
            shell("/usr/bin/pdftoppm -r 203 -png -singlefile " + quote(pdf.string()) + " " +
                  quote((dir / "r").string()) + " 2>&1");
        ASSERT_EQ(code, 0) << out;
        const cv::Mat img = cv::imread((dir / "r.png").string(), cv::IMREAD_GRAYSCALE);
        ASSERT_FALSE(img.empty());
        // The page is the paper's width (the print head's width plus margins).
        const double paper_dots = paper_width_mm(paper) / 25.4 * 203;
        EXPECT_NEAR(img.cols, paper_dots, 2.0);
        EXPECT_NEAR(img.rows, r.height_dots, 2.0);
        const auto found = qr_texts(img);
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0], payload());
    }
}

TEST_F(RenderTest, PdfKeepsTextAsText) {
    if (!std::filesystem::exists("/usr/bin/pdftotext")) {
        GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
    }
    TempDir dir;
    const auto r = render_pdf(content(), {Paper::k80mm, 203});
    write_bytes(dir / "r.pdf", r.data);
    const auto [code, out] = shell("/usr/bin/pdftotext " + quote((dir / "r.pdf").string()) + " -");
    ASSERT_EQ(code, 0);
    EXPECT_NE(out.find(content().receipt_no), std::string::npos) << out;
    EXPECT_NE(out.find("7F3K-92QX"), std::string::npos) << out;
}

TEST_F(RenderTest, LongContentStillRenders) {
    ReceiptContent c = content();
    c.masked_name.clear();
    for (int i = 0; i < 40; ++i) {
        c.masked_name += "W********* ";
    }
    c.masked_name += std::string(200, '*');  // one word wider than the paper
    c.masked_nip = std::string(60, '*');
    c.documents.clear();
    for (int i = 1; i <= 12; ++i) {
        c.documents.push_back({{"Dokumen pendukung nomor " + std::to_string(i) +
                                    " dengan keterangan yang cukup panjang",
                                "Supporting document " + std::to_string(i)},
                               i});
    }
    c.next_steps.clear();
    c.header.push_back("BARIS KEPALA TAMBAHAN YANG SANGAT PANJANG SEKALI UNTUK DIUJI");
    for (auto paper : {Paper::k58mm, Paper::k80mm}) {
        const Layout layout{paper, 203};
        RenderedReceipt r;
        ASSERT_NO_THROW(r = render_png(c, layout));
        EXPECT_GT(r.height_dots, render_png(content(), layout).height_dots);
        check_qr(r, layout, payload());
        EXPECT_NO_THROW(render_pdf(c, layout));
    }
    // Empty fields render as well.
    ReceiptContent empty = content();
    empty.masked_name.clear();
    empty.masked_nip.clear();
    empty.documents.clear();
    empty.fingerprint.clear();
    EXPECT_NO_THROW(render_png(empty, {Paper::k58mm, 203}));
}

TEST_F(RenderTest, ResolutionOutsideTheRangeIsRefused) {
    for (int dpi : {0, 99, 601, 1200, -203}) {
        EXPECT_THROW(render_png(content(), {Paper::k58mm, dpi}), RenderError) << dpi;
        EXPECT_THROW(render_pdf(content(), {Paper::k58mm, dpi}), RenderError) << dpi;
    }
    // The ends of the range work.
    const auto low = render_png(content(), {Paper::k80mm, 100});
    EXPECT_EQ(low.width_dots, printable_width_dots({Paper::k80mm, 100}));
    const auto high = render_png(content(), {Paper::k58mm, 300});
    check_qr(high, {Paper::k58mm, 300}, payload());
}

TEST_F(RenderTest, ACodeTooBigForThePaperIsRefused) {
    ReceiptContent c = content();
    c.qr_payload = std::string(1000, 'A');  // version 21 at level M: 101 modules
    try {
        render_png(c, {Paper::k58mm, 203});
        ADD_FAILURE() << "a QR code too big for 58 mm paper was rendered";
    } catch (const RenderError& e) {
        EXPECT_NE(std::string(e.what()).find("384"), std::string::npos) << e.what();
    }
    EXPECT_THROW(render_pdf(c, {Paper::k58mm, 203}), RenderError);
    // 80 mm paper has room at 5 dots per module.
    const Layout wide{Paper::k80mm, 203};
    const auto r = render_png(c, wide);
    EXPECT_GE(r.qr.module_dots, 4);
    check_qr(r, wide, c.qr_payload);

    // More than any QR code holds.
    c.qr_payload = std::string(5000, 'A');
    EXPECT_THROW(render_png(c, wide), RenderError);
}

}  // namespace
}  // namespace anjungan::printing

namespace anjungan::printing {
namespace {

// A phone or kiosk-camera photo of a printed receipt: the strip seen at an angle on a desk,
// in a 1280x720 frame, slightly out of focus, with sensor noise and uneven light.
cv::Mat photo_of(const cv::Mat& receipt, double tilt, std::uint32_t seed) {
    cv::Mat frame(720, 1280, CV_8U, cv::Scalar(90));
    const float w = static_cast<float>(receipt.cols);
    const float h = static_cast<float>(receipt.rows);
    // The receipt's lower half (where the code is) fills most of the frame's height.
    const std::array<cv::Point2f, 4> src{cv::Point2f(0, h * 0.55f), cv::Point2f(w, h * 0.55f),
                                         cv::Point2f(w, h), cv::Point2f(0, h)};
    const float t = static_cast<float>(tilt);
    const std::array<cv::Point2f, 4> dst{
        cv::Point2f(420 + 60 * t, 40), cv::Point2f(860 + 20 * t, 60 + 30 * t),
        cv::Point2f(900 - 40 * t, 690), cv::Point2f(380, 670 - 20 * t)};
    const cv::Mat m = cv::getPerspectiveTransform(src.data(), dst.data());
    cv::warpPerspective(receipt, frame, m, frame.size(), cv::INTER_AREA, cv::BORDER_TRANSPARENT);
    cv::GaussianBlur(frame, frame, cv::Size(0, 0), 1.2);
    cv::Mat light(frame.size(), CV_32F);
    for (int y = 0; y < light.rows; ++y) {
        for (int x = 0; x < light.cols; ++x) {
            light.at<float>(y, x) =
                0.65f + 0.35f * static_cast<float>(x) / static_cast<float>(light.cols);
        }
    }
    cv::Mat f;
    frame.convertTo(f, CV_32F);
    f = f.mul(light);
    cv::Mat noise(frame.size(), CV_32F);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::NORMAL, 0, 6);
    f += noise;
    f.convertTo(frame, CV_8U);
    return frame;
}

TEST_F(RenderTest, APhotoOfTheReceiptStillDecodes) {
    const auto r = render_png(content(), {Paper::k58mm, 203});
    const cv::Mat receipt = decode_png(r.data);
    ASSERT_FALSE(receipt.empty());
    int decoded = 0;
    for (int i = 0; i < 6; ++i) {
        const double tilt = -1.0 + 0.4 * i;
        const cv::Mat photo = photo_of(receipt, tilt, static_cast<std::uint32_t>(i + 1));
        const auto texts = qr_texts(photo);
        if (texts.size() == 1 && texts.front() == payload()) {
            ++decoded;
        } else {
            ADD_FAILURE() << "tilt " << tilt << ": " << texts.size() << " codes read";
        }
    }
    EXPECT_EQ(decoded, 6);
}

TEST_F(RenderTest, AQuarterOfTheCodeCoveredIsNotReadAsSomethingElse) {
    const auto r = render_png(content(), {Paper::k58mm, 203});
    cv::Mat img = decode_png(r.data);
    // Level M restores about 15 %: a blot over a quarter of the code must give no text at all,
    // never a different one.
    const int side = r.qr.modules * r.qr.module_dots;
    img(cv::Rect(r.qr.x, r.qr.y + side / 3, side / 2, side / 2)).setTo(cv::Scalar(0));
    for (const auto& t : qr_texts(img)) {
        EXPECT_EQ(t, payload());
    }
}

}  // namespace
}  // namespace anjungan::printing
