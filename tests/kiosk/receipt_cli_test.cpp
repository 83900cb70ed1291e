// `anjungan receipt ...` and `anjungan print-test` as operators and scripts use them: exit
// codes, the verify JSON contract, printing through the simulated printer, and an unreachable
// CUPS server. Runs the real binary on real data folders.
#include <gtest/gtest.h>
#include <sys/wait.h>

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/drivers/qr_reader.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/printing/qr_read.hpp"
#include "command.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {
namespace {

using nlohmann::json;
using test::TempDir;

using Result = test::CommandResult;

// The QR codes in an image file.
std::vector<std::string> qr_texts(const std::filesystem::path& image) {
    const cv::Mat grey = cv::imread(image.string(), cv::IMREAD_GRAYSCALE);
    std::vector<std::string> out;
    if (grey.empty()) {
        return out;
    }
    for (const auto& c : printing::read_qr_codes(
             {grey.data, grey.cols, grey.rows, static_cast<int>(grey.step[0])})) {
        out.push_back(c.text);
    }
    return out;
}

// A QR code of `text`: 6 pixels per module, a 4-module quiet zone.
cv::Mat qr_mat(const std::string& text) {
    const ZXing::BitMatrix m =
        ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(text, 0, 0);
    constexpr int kDots = 6;
    constexpr int kQuiet = 4;
    const int side = (m.width() + 2 * kQuiet) * kDots;
    cv::Mat img(side, side, CV_8U, cv::Scalar(255));
    for (int y = 0; y < m.height(); ++y) {
        for (int x = 0; x < m.width(); ++x) {
            if (m.get(x, y)) {
                img(cv::Rect((x + kQuiet) * kDots, (y + kQuiet) * kDots, kDots, kDots)) =
                    cv::Scalar(0);
            }
        }
    }
    return img;
}

// A QR code of `text` as a PNG.
void write_qr_png(const std::filesystem::path& path, const std::string& text) {
    ASSERT_TRUE(cv::imwrite(path.string(), qr_mat(text)));
}

// Codes side by side, left to right, in one PNG (same height; padded white).
void write_codes_png(const std::filesystem::path& path, const std::vector<std::string>& texts) {
    std::vector<cv::Mat> parts;
    int h = 0;
    for (const auto& t : texts) {
        parts.push_back(qr_mat(t));
        h = std::max(h, parts.back().rows);
    }
    for (auto& m : parts) {
        cv::copyMakeBorder(m, m, 0, h - m.rows, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(255));
    }
    cv::Mat all;
    cv::hconcat(parts, all);
    ASSERT_TRUE(cv::imwrite(path.string(), all));
}

// What a thermal head and paper do to a receipt: `dead` columns of dots (white lines along the
// feed, `width` dots wide, at the given fractions of the code's width), grey paper with grain
// (`grain` the noise's sigma, fine and coarse), a slight blur.
struct Damage {
    std::vector<double> dead;  // where, as fractions of the code's side from its left edge
    int width = 1;
    double grain = 0;
    double blur = 0;
};

cv::Mat damaged(const cv::Mat& receipt, const Damage& d) {
    const auto codes = drivers::find_qr_codes(receipt);
    EXPECT_EQ(codes.size(), 1u);
    cv::Mat out = receipt.clone();
    if (codes.empty()) {
        return out;
    }
    const auto& c = codes.front();
    for (double f : d.dead) {
        const int x = c.x - c.side / 2 + static_cast<int>(f * c.side);
        out.colRange(std::max(0, x), std::min(out.cols, x + d.width)).setTo(255);
    }
    cv::Mat paper;
    out.convertTo(paper, CV_32F, 0.8, 30);  // grey paper, grey-black print
    cv::RNG rng(16);
    if (d.grain > 0) {
        cv::Mat fine(paper.size(), CV_32F);
        rng.fill(fine, cv::RNG::NORMAL, 0, d.grain);
        cv::Mat coarse(paper.size() / 6, CV_32F);
        rng.fill(coarse, cv::RNG::NORMAL, 0, d.grain * 0.8);
        cv::resize(coarse, coarse, paper.size(), 0, 0, cv::INTER_CUBIC);
        paper += fine + coarse;
    }
    if (d.blur > 0) {
        cv::GaussianBlur(paper, paper, {0, 0}, d.blur);
    }
    paper.convertTo(out, CV_8U);
    return out;
}

class ReceiptCliTest : public ::testing::Test {
  protected:
    TempDir dir;

    std::filesystem::path data() const { return dir / "data"; }

    Result run(const std::vector<std::string>& args) const {
        return test::run_anjungan(args, dir / "stderr.txt");
    }

    // Runs with `--data-dir` (and `--config` when given) before the command.
    Result run_in(const std::filesystem::path& data_dir, std::vector<std::string> args,
                  const std::filesystem::path& config = {}) const {
        std::vector<std::string> pre = {"--data-dir", data_dir.string()};
        if (!config.empty()) {
            pre.insert(pre.end(), {"--config", config.string()});
        }
        args.insert(args.begin(), pre.begin(), pre.end());
        return run(args);
    }

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto p = dir / name;
        std::ofstream(p) << content;
        return p;
    }

    static json parse(const Result& r) {
        try {
            return json::parse(r.out);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "not JSON: '" << r.out << "' (" << e.what() << "); stderr: " << r.err;
            return json::object();
        }
    }

    // A sample receipt of the kiosk in data(), as PNG.
    std::filesystem::path render_sample(const std::string& name = "x.png") const {
        const auto out = dir / name;
        const auto r = run_in(data(), {"receipt", "render", "--sample", "--out", out.string()});
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_TRUE(std::filesystem::exists(out));
        return out;
    }

    Result verify(const std::filesystem::path& data_dir, const std::filesystem::path& image,
                  const std::vector<std::string>& more = {}) const {
        std::vector<std::string> args = {"receipt", "verify", image.string(), "--json"};
        args.insert(args.end(), more.begin(), more.end());
        return run_in(data_dir, args);
    }

    std::string add_case() const {
        const auto r = run_in(data(), {"cases", "add", "--sample", "--json"});
        EXPECT_EQ(r.code, 0) << r.err;
        const auto j = parse(r);
        EXPECT_EQ(j.value("stored", false), true) << r.out;
        return j.value("receipt_no", std::string());
    }

    std::string public_key(const std::filesystem::path& data_dir,
                           const std::filesystem::path& config = {}) const {
        const auto r = run_in(data_dir, {"keygen", "--json"}, config);
        EXPECT_EQ(r.code, 0) << r.err;
        return parse(r).value("public_key", std::string());
    }
};

// [verify] ----------------------------------------------------------------------------------

TEST_F(ReceiptCliTest, ASampleReceiptVerifiesWithTheContractFields) {
    const auto png = render_sample();
    const auto r = verify(data(), png);
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto j = parse(r);
    for (const char* k : {"valid", "reason", "receipt_no", "case_id", "kiosk_id", "issued_at"}) {
        EXPECT_TRUE(j.contains(k)) << k << " missing in " << r.out;
    }
    EXPECT_EQ(j.at("valid"), true);
    EXPECT_EQ(j.at("reason"), "ok");
    const std::string receipt_no = j.at("receipt_no");
    const auto parsed = domain::parse_receipt_number(receipt_no);
    ASSERT_TRUE(parsed) << receipt_no;
    EXPECT_EQ(parsed->text, receipt_no);
    EXPECT_EQ(parsed->kiosk_id, "PKY1");
    EXPECT_EQ(j.at("kiosk_id"), "PKY1");
    EXPECT_TRUE(platform::is_uuid(j.at("case_id").get<std::string>())) << j.at("case_id");
    const std::string issued = j.at("issued_at");
    platform::TimePoint t;
    EXPECT_TRUE(platform::parse_utc(issued, t)) << issued;
    EXPECT_EQ(issued.back(), 'Z');
    // The sample was issued just now (a loose bound: this is not a timing test).
    EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - t), std::chrono::hours(1));
    // The image's code is exactly what verify read.
    const auto codes = qr_texts(png);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_NE(codes[0].find(receipt_no), std::string::npos);

    // Without --json: a one-line verdict, same exit code.
    const auto plain = run_in(data(), {"receipt", "verify", png.string(), "--lang", "en"});
    EXPECT_EQ(plain.code, 0);
    EXPECT_EQ(plain.out.rfind("VALID", 0), 0u) << plain.out;
}

TEST_F(ReceiptCliTest, AnotherKioskNeedsThePublishedKey) {
    const auto png = render_sample();
    // Kiosk PKY2 with its own data folder knows nothing of PKY1.
    const auto other = dir / "other";
    const auto cfg2 = write("pky2.toml", "[kiosk]\nid = \"PKY2\"\n");
    ASSERT_FALSE(public_key(other, cfg2).empty());
    const auto r = run_in(other, {"receipt", "verify", png.string(), "--json"}, cfg2);
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    const auto j = parse(r);
    EXPECT_EQ(j.at("valid"), false);
    EXPECT_EQ(j.at("reason"), "unknown_kiosk");
    EXPECT_EQ(j.at("kiosk_id"), "PKY1");  // the claim is shown, but not trusted

    // The office's list with PKY1's public key.
    const std::string pub = public_key(data());  // keygen keeps an existing key
    ASSERT_EQ(pub.size(), 43u);
    const auto keys =
        write("keys.json", json::array({{{"kiosk_id", "PKY1"}, {"public_key", pub}}}).dump());
    const auto ok =
        run_in(other, {"receipt", "verify", png.string(), "--json", "--keys", keys.string()}, cfg2);
    EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
    EXPECT_EQ(parse(ok).at("reason"), "ok");

    // A wrong key for PKY1 in the list: the signature does not match.
    const auto wrong =
        write("wrong.json",
              json::array({{{"kiosk_id", "PKY1"},
                            {"public_key", platform::SigningKey::generate().public_key_text()}}})
                  .dump());
    const auto bad = run_in(
        other, {"receipt", "verify", png.string(), "--json", "--keys", wrong.string()}, cfg2);
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(parse(bad).at("reason"), "bad_signature");
}

TEST_F(ReceiptCliTest, AnotherKeyUnderTheSameKioskIdIsABadSignature) {
    const auto png = render_sample();
    // A second kiosk folder that (wrongly) also calls itself PKY1.
    const auto twin = dir / "twin";
    ASSERT_FALSE(public_key(twin).empty());
    const auto r = verify(twin, png);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(parse(r).at("reason"), "bad_signature");
    // The given list wins over the folder's own key.
    const auto keys =
        write("keys.json",
              json::array({{{"kiosk_id", "PKY1"}, {"public_key", public_key(data())}}}).dump());
    EXPECT_EQ(verify(twin, png, {"--keys", keys.string()}).code, 0);
    // A broken list is refused, not ignored.
    const auto broken = write("broken.json", "[{\"kiosk_id\": ");
    const auto b = verify(twin, png, {"--keys", broken.string()});
    EXPECT_EQ(b.code, 2);
    EXPECT_NE(b.err.find("broken.json"), std::string::npos) << b.err;
    EXPECT_EQ(parse(b).at("reason"), "keys_unreadable");
}

TEST_F(ReceiptCliTest, AnImageWithoutACodeIsNoQrFound) {
    const auto blank = dir / "blank.png";
    ASSERT_TRUE(cv::imwrite(blank.string(), cv::Mat(400, 300, CV_8U, cv::Scalar(255))));
    const auto r = verify(data(), blank);
    EXPECT_EQ(r.code, 1) << r.err;
    const auto j = parse(r);
    EXPECT_EQ(j.at("valid"), false);
    EXPECT_EQ(j.at("reason"), "no_qr_found");
    for (const char* k : {"receipt_no", "case_id", "kiosk_id", "issued_at"}) {
        ASSERT_TRUE(j.contains(k)) << k;
        EXPECT_TRUE(j.at(k).is_null()) << k;
    }
}

TEST_F(ReceiptCliTest, AMissingOrBrokenImageIsUnreadable) {
    const auto r = verify(data(), dir / "missing.png");
    EXPECT_EQ(r.code, 3);
    const auto j = parse(r);
    EXPECT_EQ(j.at("valid"), false);
    EXPECT_EQ(j.at("reason"), "unreadable_image");
    const auto junk = write("junk.png", "this is not a PNG");
    const auto r2 = verify(data(), junk);
    EXPECT_EQ(r2.code, 3);
    EXPECT_EQ(parse(r2).at("reason"), "unreadable_image");
}

TEST_F(ReceiptCliTest, AForeignCodeIsNotAnjungan) {
    const auto png = dir / "hello.png";
    write_qr_png(png, "HELLO");
    ASSERT_EQ(qr_texts(png), std::vector<std::string>{"HELLO"});
    const auto r = verify(data(), png);
    EXPECT_EQ(r.code, 1) << r.err;
    const auto j = parse(r);
    EXPECT_EQ(j.at("valid"), false);
    EXPECT_EQ(j.at("reason"), "payload.not_anjungan");
    EXPECT_TRUE(j.at("receipt_no").is_null());

    const auto url = dir / "url.png";
    write_qr_png(url, "https://example.go.id/");
    EXPECT_EQ(parse(verify(data(), url)).at("reason"), "payload.not_anjungan");
}

TEST_F(ReceiptCliTest, ATamperedCodeIsRefused) {
    const auto png = render_sample();
    const auto codes = qr_texts(png);
    ASSERT_EQ(codes.size(), 1u);
    const std::string original = codes[0];

    // The same text re-encoded by another QR writer still verifies: only the text counts.
    const auto copy = dir / "copy.png";
    write_qr_png(copy, original);
    EXPECT_EQ(verify(data(), copy).code, 0);

    // One character of the case id changed (to another valid base-32 character).
    const std::size_t pos = original.find(':', 4) + 3;
    std::string tampered = original;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    const auto forged = dir / "forged.png";
    write_qr_png(forged, tampered);
    ASSERT_EQ(qr_texts(forged), std::vector<std::string>{tampered});
    const auto r = verify(data(), forged);
    EXPECT_EQ(r.code, 1) << r.out;
    const auto j = parse(r);
    EXPECT_EQ(j.at("valid"), false);
    EXPECT_EQ(j.at("reason"), "bad_signature");

    // A changed issue time.
    std::string later = original;
    const std::size_t time_pos = later.rfind(':') - 1;  // last digit of the seconds
    later[time_pos] = later[time_pos] == '0' ? '1' : '0';
    const auto forged2 = dir / "forged2.png";
    write_qr_png(forged2, later);
    const auto r2 = verify(data(), forged2);
    EXPECT_EQ(r2.code, 1);
    EXPECT_EQ(parse(r2).at("reason"), "bad_signature");
}

// [several codes] ---------------------------------------------------------------------------
// (issue 16, item 20) The verdict covers every code and does not depend on their order.

TEST_F(ReceiptCliTest, AGenuineAndATamperedCodeGiveOneVerdictInEitherOrder) {
    const auto codes = qr_texts(render_sample());
    ASSERT_EQ(codes.size(), 1u);
    const std::string genuine = codes[0];
    std::string tampered = genuine;
    const std::size_t pos = genuine.find(':', 4) + 3;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    const auto ab = dir / "ab.png", ba = dir / "ba.png";
    write_codes_png(ab, {genuine, tampered});
    write_codes_png(ba, {tampered, genuine});
    for (const auto& png : {ab, ba}) {
        const auto r = verify(data(), png);
        EXPECT_EQ(r.code, 1) << png << r.out;
        const auto j = parse(r);
        EXPECT_EQ(j.at("valid"), false);
        EXPECT_EQ(j.at("reason"), "mixed_codes") << png;
        EXPECT_EQ(j.at("codes_found"), 2);
        EXPECT_EQ(j.at("receipts"), 1);
        ASSERT_EQ(j.at("codes").size(), 2u);
        int valid = 0, bad = 0;
        for (const auto& c : j.at("codes")) {
            valid += c.at("valid").get<bool>() ? 1 : 0;
            bad += c.at("reason") == "bad_signature" ? 1 : 0;
            EXPECT_TRUE(c.contains("x") && c.contains("receipt_no")) << c;
        }
        EXPECT_EQ(valid, 1);
        EXPECT_EQ(bad, 1);
        // In words: the verdict, then a line per code saying which is which.
        const auto plain = run_in(data(), {"receipt", "verify", png.string(), "--lang", "en"});
        EXPECT_EQ(plain.out.rfind("INVALID: mixed_codes", 0), 0u) << plain.out;
        EXPECT_NE(plain.out.find("VALID, receipt"), std::string::npos) << plain.out;
        EXPECT_NE(plain.out.find("INVALID: bad_signature"), std::string::npos) << plain.out;
    }
}

TEST_F(ReceiptCliTest, TwoGenuineReceiptsAreSaidToBeMoreThanOne) {
    const auto a = qr_texts(render_sample("a.png"));
    const auto b = qr_texts(render_sample("b.png"));
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    ASSERT_NE(a[0], b[0]);
    for (const auto& order : {std::vector<std::string>{a[0], b[0]}, {b[0], a[0]}}) {
        const auto png = dir / "two.png";
        write_codes_png(png, order);
        const auto r = verify(data(), png);
        EXPECT_EQ(r.code, 5) << r.out;
        const auto j = parse(r);
        EXPECT_EQ(j.at("valid"), false);
        EXPECT_EQ(j.at("reason"), "several_receipts");
        EXPECT_EQ(j.at("receipts"), 2);
        EXPECT_TRUE(j.at("receipt_no").is_null()) << "no one receipt is the answer";
        const auto plain = run_in(data(), {"receipt", "verify", png.string(), "--lang", "en"});
        EXPECT_EQ(plain.code, 5);
        EXPECT_EQ(plain.out.rfind("MORE THAN ONE RECEIPT", 0), 0u) << plain.out;
    }
    // The same receipt twice (two copies side by side) is one receipt.
    const auto twice = dir / "twice.png";
    write_codes_png(twice, {a[0], a[0]});
    const auto r = verify(data(), twice);
    EXPECT_EQ(r.code, 0) << r.out;
    const auto j = parse(r);
    EXPECT_EQ(j.at("reason"), "ok");
    EXPECT_EQ(j.at("codes_found"), 2);
    EXPECT_EQ(j.at("receipts"), 1);
}

// [damaged prints] --------------------------------------------------------------------------
// (issue 16, item 12) Dead dots of a thermal head and paper grain, on the project's own receipt.

TEST_F(ReceiptCliTest, ReadsReceiptsWithDeadDotsAndPaperGrain) {
    const cv::Mat receipt = cv::imread(render_sample().string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(receipt.empty());
    const std::vector<std::pair<std::string, Damage>> severities = {
        {"one dead line through a finder", {{0.08}, 1, 0, 0}},
        {"three dead lines, grain, blur", {{0.08, 0.5, 0.93}, 1, 12, 0.6}},
        {"four 2-dot lines, heavy grain", {{0.07, 0.35, 0.62, 0.92}, 2, 20, 0.8}},
    };
    for (const auto& [name, damage] : severities) {
        const cv::Mat img = damaged(receipt, damage);
        const auto png = dir / "damaged.png";
        ASSERT_TRUE(cv::imwrite(png.string(), img));
        const auto r = verify(data(), png);
        EXPECT_EQ(r.code, 0) << name << ": " << r.out;
        EXPECT_EQ(parse(r).at("reason"), "ok") << name;
        // The camera's reader gets there within one round of its repair passes.
        drivers::QrFrameReader camera;
        bool read = false;
        for (std::size_t i = 0; i <= drivers::qr_repair_passes() && !read; ++i) {
            read = camera.read(img).size() == 1;
        }
        EXPECT_TRUE(read) << name;
    }
    // Without the repair passes (the direct read with every binariser) the first is not read:
    // this is what failed before.
    const cv::Mat mild = damaged(receipt, severities[0].second);
    EXPECT_TRUE(
        printing::read_qr_codes({mild.data, mild.cols, mild.rows, static_cast<int>(mild.step[0])})
            .empty());
}

TEST_F(ReceiptCliTest, AReceiptDamagedBeyondReadingSaysNoCodeFound) {
    const cv::Mat receipt = cv::imread(render_sample().string(), cv::IMREAD_GRAYSCALE);
    Damage d;
    for (double f = 0; f < 1.0; f += 0.02) {
        d.dead.push_back(f);  // a dead line every 2 % of the code's width, 5 dots wide
    }
    d.width = 5;  // most dots of the code dead: beyond any repair and error correction
    d.grain = 20;
    const auto png = dir / "ruined.png";
    ASSERT_TRUE(cv::imwrite(png.string(), damaged(receipt, d)));
    const auto r = verify(data(), png);
    EXPECT_EQ(r.code, 1) << r.out;
    const auto j = parse(r);
    EXPECT_EQ(j.at("reason"), "no_qr_found");
    EXPECT_EQ(j.at("codes_found"), 0);
    EXPECT_NE(j.at("detail").get<std::string>().find("no QR code was found"), std::string::npos);
    const auto plain = run_in(data(), {"receipt", "verify", png.string(), "--lang", "en"});
    EXPECT_EQ(plain.out.rfind("INVALID: no_qr_found", 0), 0u) << plain.out;
}

// [render] ----------------------------------------------------------------------------------

TEST_F(ReceiptCliTest, RendersAStoredCaseAsPdf) {
    const std::string no = add_case();
    ASSERT_FALSE(no.empty());
    const auto pdf = dir / "r.pdf";
    const auto r = run_in(
        data(), {"receipt", "render", "--receipt", no, "--out", pdf.string(), "--paper", "80"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto bytes = platform::read_file(pdf);
    ASSERT_GE(bytes.size(), 5u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 5), "%PDF-");

    // As PNG, its code verifies and names this case's receipt.
    const auto png = dir / "r.png";
    ASSERT_EQ(run_in(data(), {"receipt", "render", "--receipt", no, "--out", png.string()}).code,
              0);
    const auto v = verify(data(), png);
    EXPECT_EQ(v.code, 0) << v.out;
    EXPECT_EQ(parse(v).at("receipt_no"), no);
    // A typed receipt number (lower case, no dashes) finds the case as well.
    std::string typed;
    for (char c : no) {
        if (c != '-') {
            typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    EXPECT_EQ(run_in(data(), {"receipt", "render", "--receipt", typed, "--out",
                              (dir / "typed.png").string()})
                  .code,
              0);
}

TEST_F(ReceiptCliTest, RenderRefusesBadArguments) {
    const std::string no = add_case();
    ASSERT_FALSE(no.empty());
    const auto out = (dir / "r.png").string();
    auto render = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"receipt", "render"});
        return run_in(data(), args).code;
    };
    // Unknown receipt (a well-formed number of this kiosk that was never issued).
    const std::string unknown = domain::make_receipt_number("PKY1", {2026, 1, 2}, 77);
    EXPECT_EQ(render({"--receipt", unknown, "--out", out}), 1);
    EXPECT_EQ(render({"--out", out}), 2);                               // neither
    EXPECT_EQ(render({"--receipt", no, "--sample", "--out", out}), 2);  // both
    EXPECT_EQ(render({"--receipt", no, "--out", (dir / "r.txt").string()}), 2);
    EXPECT_EQ(render({"--receipt", no, "--out", out, "--paper", "60"}), 2);
    EXPECT_EQ(render({"--receipt", no, "--out", out, "--dpi", "50"}), 2);
    EXPECT_EQ(render({"--receipt", no}), 2);  // no --out
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_FALSE(std::filesystem::exists(dir / "r.txt"));
    EXPECT_EQ(render({"--receipt", no, "--out", out, "--paper", "58", "--copy", "1"}), 0);
}

// [print] -----------------------------------------------------------------------------------

TEST_F(ReceiptCliTest, PrintsThroughTheFilePrinter) {
    const std::string no = add_case();
    ASSERT_FALSE(no.empty());
    const auto folder = dir / "printed";
    const auto cfg =
        write("file.toml", "[printer]\nkind = \"file\"\nfolder = \"" + folder.string() + "\"\n");
    const auto first = run_in(data(), {"receipt", "print", no, "--json"}, cfg);
    ASSERT_EQ(first.code, 0) << first.out << first.err;
    const auto j1 = parse(first);
    EXPECT_EQ(j1.at("copy"), 0);
    EXPECT_EQ(j1.at("state"), "printed");
    EXPECT_EQ(j1.at("printed"), true);
    EXPECT_EQ(j1.at("receipt_no"), no);
    EXPECT_EQ(j1.at("printer_state"), "ready");
    ASSERT_TRUE(std::filesystem::exists(folder / ("1-" + no + ".png")));
    const auto codes = qr_texts(folder / ("1-" + no + ".png"));
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].substr(4, no.size()), no);

    const auto second = run_in(data(), {"receipt", "print", no, "--json"}, cfg);
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_EQ(parse(second).at("copy"), 1);
    EXPECT_TRUE(std::filesystem::exists(folder / ("2-" + no + "-R1.png")));

    const auto test_print = run_in(data(), {"print-test", "--json"}, cfg);
    ASSERT_EQ(test_print.code, 0) << test_print.err;
    const auto jt = parse(test_print);
    EXPECT_EQ(jt.at("printed"), true);
    EXPECT_EQ(jt.at("state_before"), "ready");
    EXPECT_EQ(jt.at("printer"), "file://" + folder.string());
    EXPECT_TRUE(std::filesystem::exists(folder / "3-anjungan-print-test.png"));

    const auto pending = run_in(data(), {"receipt", "pending", "--json"}, cfg);
    ASSERT_EQ(pending.code, 0) << pending.err;
    EXPECT_EQ(parse(pending), json::array());

    // An unknown receipt number prints nothing.
    const std::string unknown = domain::make_receipt_number("PKY1", {2026, 1, 2}, 77);
    EXPECT_EQ(run_in(data(), {"receipt", "print", unknown, "--json"}, cfg).code, 1);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(folder)) {
        ++files;
    }
    EXPECT_EQ(files, 3u);
}

TEST_F(ReceiptCliTest, AnUnreachableCupsServerLeavesTheReceiptPending) {
    const std::string no = add_case();
    ASSERT_FALSE(no.empty());
    // Nothing listens on the discard port.
    const auto cfg = write("cups.toml",
                           "[timeouts]\nprinter_seconds = 5\n\n"
                           "[printer]\nkind = \"cups\"\nserver = \"127.0.0.1:9\"\n"
                           "queue = \"receipt\"\nunreachable_seconds = 1\n");
    const auto r = run_in(data(), {"receipt", "print", no, "--json"}, cfg);
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    const auto j = parse(r);
    EXPECT_EQ(j.at("printed"), false);
    EXPECT_EQ(j.at("submitted"), false);
    EXPECT_EQ(j.at("printer_state"), "unreachable");
    EXPECT_EQ(j.at("state"), "not_sent");
    EXPECT_EQ(j.at("copy"), 0);

    const auto pending = run_in(data(), {"receipt", "pending", "--json"}, cfg);
    ASSERT_EQ(pending.code, 0) << pending.err;
    const auto p = parse(pending);
    ASSERT_TRUE(p.is_array());
    ASSERT_EQ(p.size(), 1u) << pending.out;
    EXPECT_EQ(p[0].at("receipt_no"), no);
    EXPECT_EQ(p[0].at("attempts"), 1);
    EXPECT_EQ(p[0].at("last_state"), "not_sent");
    EXPECT_EQ(p[0].at("printer_state"), "unreachable");

    // print-test says the same about the printer.
    const auto t = run_in(data(), {"print-test", "--json"}, cfg);
    EXPECT_EQ(t.code, 1);
    EXPECT_EQ(parse(t).at("printer_state"), "unreachable");

    // Once a printer works, the reprint is still the original (nothing came out before).
    const auto file_cfg = write("file.toml", "[printer]\nkind = \"file\"\nfolder = \"" +
                                                 (dir / "printed").string() + "\"\n");
    const auto ok = run_in(data(), {"receipt", "print", no, "--json"}, file_cfg);
    ASSERT_EQ(ok.code, 0) << ok.err;
    EXPECT_EQ(parse(ok).at("copy"), 0);
    EXPECT_EQ(parse(run_in(data(), {"receipt", "pending", "--json"})), json::array());
}

}  // namespace
}  // namespace anjungan::kiosk
