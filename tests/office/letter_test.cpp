// The recommendation letter: its number (scheme, per year, never reused under concurrent
// requests nor across a restart), its Indonesian date, its signed QR code, and the PDF itself
// checked with poppler-utils (pdftotext, pdfinfo, pdftoppm) and an independent QR decoder
// (zbarimg); a forged or changed letter is refused by `anjungan-office letter verify`.
#include "anjungan/office/letter.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "anjungan/office/service.hpp"
#include "command.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using platform::CivilDate;
using test::run_command;
using test::shell_quote;

TEST(LetterNumber, FollowsTheSchemeWithARomanMonth) {
    EXPECT_EQ(letter_number("800/{seq:3}/Diskominfo-SP/{roman_month}/{year}", 7, {2026, 12, 3}),
              "800/007/Diskominfo-SP/XII/2026");
    EXPECT_EQ(letter_number("800/{seq}/X/{month}/{year}", 1234, {2027, 4, 1}),
              "800/1234/X/04/2027");
    const char* months[] = {"I",   "II",   "III", "IV", "V",  "VI",
                            "VII", "VIII", "IX",  "X",  "XI", "XII"};
    for (int m = 1; m <= 12; ++m) {
        EXPECT_EQ(roman_numeral(m), months[m - 1]);
    }
    EXPECT_EQ(roman_numeral(2026), "MMXXVI");
    EXPECT_THROW(letter_number("800/Diskominfo/{year}", 1, {2026, 1, 1}), LetterError)
        << "no {seq}: every letter would get one number";
    EXPECT_THROW(letter_number("800/{seq}/{day}", 1, {2026, 1, 1}), LetterError);
    EXPECT_THROW(letter_number("800/{seq", 1, {2026, 1, 1}), LetterError);
}

TEST(LetterDate, IsWrittenInIndonesian) {
    EXPECT_EQ(indonesian_date({2026, 12, 3}), "3 Desember 2026");
    EXPECT_EQ(indonesian_date({2027, 1, 15}), "15 Januari 2027");
    EXPECT_EQ(indonesian_date({2027, 8, 17}), "17 Agustus 2027");
}

LetterFacts facts() {
    LetterFacts f;
    f.letter_no = "800/007/Diskominfo-SP/XII/2026";
    f.case_id = "41b1b6fa-1a62-4850-a0e6-ec53ddf29fb1";
    f.receipt_no = "PKY1-261203-0001-6";
    f.date = {2026, 12, 3};
    f.name = "Siti Rahmawati";
    f.nik = "6271014508900001";
    f.nip = "199008052015032001";
    f.position = "Pranata Komputer Ahli Muda";
    f.work_unit = "Dinas Komunikasi, Informatika, Statistik dan Persandian";
    f.email = "siti.rahmawati@palangkaraya.go.id";
    return f;
}

TEST(LetterQr, TheSignedNumberCaseAndDateVerifyAndAnyChangeIsRefused) {
    platform::init_crypto();
    const auto key = platform::SigningKey::generate();
    const auto pub = key.public_key();
    const std::string qr = letter_qr_text(facts(), key);
    const auto ok = check_letter_qr(qr, pub);
    ASSERT_TRUE(ok.genuine) << ok.message;
    EXPECT_EQ(ok.letter_no, "800/007/Diskominfo-SP/XII/2026");
    EXPECT_EQ(ok.case_id, facts().case_id);
    EXPECT_EQ(ok.date, "2026-12-03");

    auto changed = [&](const std::string& from, const std::string& to) {
        std::string t = qr;
        t.replace(t.find(from), from.size(), to);
        return check_letter_qr(t, pub);
    };
    EXPECT_EQ(changed("/007/", "/008/").code, "letter.bad_signature");
    EXPECT_EQ(changed("2026-12-03", "2026-12-04").code, "letter.bad_signature");
    EXPECT_EQ(changed("41b1b6fa", "41b1b6fb").code, "letter.bad_signature");
    const auto other = platform::SigningKey::generate();
    EXPECT_EQ(check_letter_qr(qr, other.public_key()).code, "letter.bad_signature");
    EXPECT_EQ(check_letter_qr("PKY1|something", pub).code, "letter.not_anjungan");
    EXPECT_EQ(check_letter_qr("ANJLTR1|a|b", pub).code, "letter.malformed");
    EXPECT_EQ(check_letter_qr("ANJLTR1|a|b|3 Des|sig", pub).code, "letter.malformed");
}

class LetterFiles : public ::testing::Test {
  protected:
    void SetUp() override { platform::init_crypto(); }
    std::filesystem::path write(const std::string& name, const std::vector<std::uint8_t>& data) {
        const auto p = dir_.path() / name;
        platform::write_file_durably(p, data);
        return p;
    }
    test::TempDir dir_;
    platform::SigningKey key_ = platform::SigningKey::generate();
    LetterConfig config_;
};

TEST_F(LetterFiles, TheLetterIsA4WithItsTextAndAQrCodeAnyDecoderReads) {
    const auto pdf =
        write("letter.pdf", render_letter(config_, facts(), letter_qr_text(facts(), key_)));
    const auto info = run_command("pdfinfo " + shell_quote(pdf.string()));
    ASSERT_EQ(info.code, 0);
    EXPECT_NE(info.out.find("Pages:           1"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("595.28 x 841.89 pts (A4)"), std::string::npos) << info.out;
    const auto text = run_command("pdftotext " + shell_quote(pdf.string()) + " -");
    ASSERT_EQ(text.code, 0);
    for (const char* needle :
         {"PEMERINTAH KOTA PALANGKA RAYA", "Palangka Raya, 3 Desember 2026",
          "800/007/Diskominfo-SP/XII/2026", "Rekomendasi Penerbitan Sertifikat Elektronik",
          "Balai Sertifikasi Elektronik", "Siti Rahmawati", "6271014508900001",
          "199008052015032001", "Pranata Komputer Ahli Muda", "siti.rahmawati@palangkaraya.go.id",
          "PKY1-261203-0001-6", "NIP. (NIP)"}) {
        EXPECT_NE(text.out.find(needle), std::string::npos) << needle << "\n" << text.out;
    }
    // The page rasterised by poppler-utils, the QR decoded by zbar (not the ZXing that made it).
    const auto png = dir_.path() / "page";
    ASSERT_EQ(run_command("pdftoppm -r 150 -png -singlefile " + shell_quote(pdf.string()) + " " +
                          shell_quote(png.string()))
                  .code,
              0);
    const auto zbar = run_command("zbarimg --raw -q " + shell_quote(png.string() + ".png"));
    ASSERT_EQ(zbar.code, 0) << zbar.err;
    std::string decoded = zbar.out;
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) {
        decoded.pop_back();
    }
    EXPECT_TRUE(check_letter_qr(decoded, key_.public_key()).genuine) << decoded;

    EXPECT_TRUE(verify_letter_file(pdf, key_.public_key()).genuine);
    EXPECT_TRUE(verify_letter_file(png.string() + ".png", key_.public_key()).genuine)
        << "a scan or photo of the letter, as PNG";
}

TEST_F(LetterFiles, AForgedOrChangedLetterIsRefused) {
    // The printed number differs from the one the (genuine) QR code signs.
    auto printed = facts();
    printed.letter_no = "800/999/Diskominfo-SP/XII/2026";
    const auto forged =
        write("forged.pdf", render_letter(config_, printed, letter_qr_text(facts(), key_)));
    EXPECT_EQ(verify_letter_file(forged, key_.public_key()).code, "letter.text_differs");
    // The printed date differs.
    auto dated = facts();
    dated.date = {2026, 12, 4};
    const auto redated =
        write("redated.pdf", render_letter(config_, dated, letter_qr_text(facts(), key_)));
    EXPECT_EQ(verify_letter_file(redated, key_.public_key()).code, "letter.text_differs");
    // Signed by someone else's key.
    const auto other = platform::SigningKey::generate();
    const auto foreign =
        write("foreign.pdf", render_letter(config_, facts(), letter_qr_text(facts(), other)));
    EXPECT_EQ(verify_letter_file(foreign, key_.public_key()).code, "letter.bad_signature");
    // Not a letter at all.
    const auto junk = write("junk.pdf", {'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n', 'x'});
    EXPECT_EQ(verify_letter_file(junk, key_.public_key()).code, "letter.unreadable");
    EXPECT_EQ(verify_letter_file(dir_.path() / "none.pdf", key_.public_key()).code,
              "letter.unreadable");
}

TEST_F(LetterFiles, AnEmblemFromAnSvgAndTextsThatDoNotFitAreSaid) {
    const auto svg = dir_.path() / "emblem.svg";
    const std::string doc =
        R"(<svg xmlns="http://www.w3.org/2000/svg" width="62" height="72"><rect width="62" )"
        R"(height="72" fill="#0b4f8a"/></svg>)";
    platform::write_file_durably(svg, std::vector<std::uint8_t>(doc.begin(), doc.end()));
    config_.emblem_svg = svg.string();
    EXPECT_NO_THROW(render_letter(config_, facts(), letter_qr_text(facts(), key_)));
    config_.emblem_svg = (dir_.path() / "missing.svg").string();
    EXPECT_THROW(render_letter(config_, facts(), letter_qr_text(facts(), key_)), LetterError);
    config_.emblem_svg.clear();
    config_.addressee.assign(40, "Baris alamat yang panjang sekali");
    EXPECT_THROW(render_letter(config_, facts(), letter_qr_text(facts(), key_)), LetterError);
}

class LetterNumbers : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path());
        storage_->add_kiosk("PKY1", "k", "2026-12-03T00:00:00Z");
    }
    std::string add_case(int i) {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261203-" + std::to_string(1000 + i) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = "2026-12-03T01:00:00Z";
        c.applicant = test::good_applicant();
        storage_->accept_case(c, "sig", "b", "2026-12-03T01:00:00Z", "",
                              [](std::int64_t) { return std::string("{}"); });
        return c.case_id;
    }
    LetterRecord issue(const std::string& case_id, int year = 2026) {
        return storage_->issue_letter(
            case_id, year, std::to_string(year) + "-12-03",
            [&](int seq) {
                return letter_number("800/{seq}/T/{year}", seq, {year, 12, 3});
            },
            "verif", "2026-12-03T02:00:00Z");
    }
    test::TempDir dir_;
    std::unique_ptr<Storage> storage_;
};

TEST_F(LetterNumbers, AreUniqueUnderConcurrentRequestsAndAcrossARestart) {
    std::vector<std::string> cases;
    for (int i = 0; i < 20; ++i) {
        cases.push_back(add_case(i));
    }
    std::vector<LetterRecord> made(20);
    std::vector<std::thread> threads;
    for (int i = 0; i < 20; ++i) {
        threads.emplace_back([&, i] { made[i] = issue(cases[i]); });
    }
    for (auto& t : threads) {
        t.join();
    }
    std::set<int> seqs;
    std::set<std::string> numbers;
    for (const auto& r : made) {
        seqs.insert(r.seq);
        numbers.insert(r.letter_no);
    }
    EXPECT_EQ(seqs.size(), 20u);
    EXPECT_EQ(*seqs.begin(), 1);
    EXPECT_EQ(*seqs.rbegin(), 20);
    EXPECT_EQ(numbers.size(), 20u);

    storage_.reset();  // the office restarts
    storage_ = open_sqlite_storage(dir_.path());
    EXPECT_EQ(issue(cases[0]).letter_no, "800/21/T/2026") << "the sequence goes on";
    EXPECT_EQ(issue(add_case(99), 2027).letter_no, "800/1/T/2027") << "a new year starts at 1";
}

TEST_F(LetterNumbers, ARemadeLetterTakesANewNumberAndTheOldOneIsVoidAndAudited) {
    const auto id = add_case(1);
    const auto first = issue(id);
    storage_->attach_letter_pdf(first.id, {1, 2, 3});
    ASSERT_TRUE(storage_->current_letter(id));
    EXPECT_EQ(storage_->current_letter(id)->pdf, (std::vector<std::uint8_t>{1, 2, 3}));
    const auto second = issue(id);
    EXPECT_NE(second.letter_no, first.letter_no);
    const auto all = storage_->letters(id);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_FALSE(all[0].void_at.empty());
    EXPECT_EQ(all[0].void_by, "verif");
    EXPECT_TRUE(all[1].void_at.empty());
    EXPECT_EQ(storage_->current_letter(id)->letter_no, second.letter_no);
    bool voided = false, issued = false;
    for (const auto& e : storage_->audit_log(100)) {
        voided = voided || (e.action == "letter.void" && e.detail.find(first.letter_no) == 0);
        issued = issued || (e.action == "letter.issue" && e.detail == second.letter_no);
    }
    EXPECT_TRUE(voided);
    EXPECT_TRUE(issued);
}

// A letter that cannot be drawn (here: its emblem is missing) has taken its number: the number
// is not given again, and the next try makes a letter with the next one.
TEST_F(LetterNumbers, ALetterThatFailsToDrawKeepsItsNumberAndTheNextTryWorks) {
    const auto id = add_case(1);
    const auto key = platform::SigningKey::generate();
    LetterConfig broken;
    broken.emblem_svg = (dir_.path() / "missing.svg").string();
    const auto now = platform::utc_time(2026, 12, 3, 2);
    EXPECT_THROW(case_letter(*storage_, broken, key, "PKY1-261203-1001-0", "verif", now, 420),
                 LetterError);
    const auto made =
        case_letter(*storage_, LetterConfig{}, key, "PKY1-261203-1001-0", "verif", now, 420);
    ASSERT_TRUE(made.letter);
    EXPECT_TRUE(made.made);
    EXPECT_EQ(made.letter->seq, 2);
    EXPECT_FALSE(storage_->current_letter(id)->pdf.empty());
    const auto all = storage_->letters(id);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_FALSE(all[0].void_at.empty()) << "the undrawn letter is void";
    EXPECT_EQ(case_letter(*storage_, broken, key, "NOPE-1", "verif", now, 420).http, 404);
}

TEST_F(LetterNumbers, TheCommandGivesTheCurrentLetterAndVerifyTellsGenuineFromForged) {
    add_case(1);
    storage_.reset();
    const std::string office =
        std::string(ANJUNGAN_OFFICE) + " --data " + shell_quote(dir_.path().string());
    const auto out = dir_.path() / "rekomendasi.pdf";
    const auto made = run_command(office + " letter PKY1-261203-1001-0 --out " +
                                  shell_quote(out.string()) + " 2>/dev/null");
    ASSERT_EQ(made.code, 0) << made.out;
    EXPECT_NE(made.out.find("made letter 800/001/Diskominfo-SP/"), std::string::npos) << made.out;
    const auto again = run_command(office + " letter PKY1-261203-1001-0 --out " +
                                   shell_quote(out.string()) + " 2>/dev/null");
    EXPECT_EQ(again.out.find("made"), std::string::npos) << "the current letter, not a new one";
    const auto verified =
        run_command(office + " letter verify " + shell_quote(out.string()) + " --json 2>/dev/null");
    ASSERT_EQ(verified.code, 0) << verified.out;
    EXPECT_EQ(nlohmann::json::parse(verified.out).at("genuine"), true);
    // Another office's key: refused, exit 1.
    const auto stranger = platform::SigningKey::generate();
    const auto refused =
        run_command(office + " letter verify " + shell_quote(out.string()) + " --public-key " +
                    stranger.public_key_text() + " 2>/dev/null");
    EXPECT_EQ(refused.code, 1);
    EXPECT_NE(refused.out.find("NOT genuine (letter.bad_signature)"), std::string::npos);
    EXPECT_EQ(run_command(office + " letter NOPE-1 --out x.pdf 2>/dev/null").code, 1);
}

}  // namespace
}  // namespace anjungan::office
