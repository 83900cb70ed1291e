// A case's receipt on the kiosk: masked content, a QR code the kiosk's key signs, and printing
// with a durable record of every copy (a reprint always says so; a receipt that never left the
// kiosk keeps copy 0).
#include "anjungan/kiosk/receipt.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <regex>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/printing/qr_read.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {
namespace {

using platform::FixedClock;
using platform::utc_time;
using printing::PrinterState;
using test::TempDir;

// Every text of a receipt's content, for "is this anywhere on the receipt" checks.
std::vector<std::string> all_texts(const printing::ReceiptContent& c) {
    std::vector<std::string> out = c.header;
    out.insert(out.end(),
               {c.service.id, c.service.en, c.receipt_no, c.issued_local, c.kiosk_id, c.masked_name,
                c.masked_nip, c.qr_payload, c.fingerprint, c.reprinted_local});
    for (const auto& d : c.documents) {
        out.push_back(d.label.id);
        out.push_back(d.label.en);
    }
    for (const auto& s : c.next_steps) {
        out.insert(out.end(), {s.what.id, s.what.en, s.expected.id, s.expected.en});
    }
    return out;
}

bool anywhere(const printing::ReceiptContent& c, const std::string& needle) {
    for (const auto& t : all_texts(c)) {
        if (t.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> qr_texts_of_png(const platform::Bytes& png) {
    const cv::Mat raw(1, static_cast<int>(png.size()), CV_8U,
                      const_cast<std::uint8_t*>(png.data()));
    const cv::Mat grey = cv::imdecode(raw, cv::IMREAD_GRAYSCALE);
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

int png_height(const platform::Bytes& png) {
    const cv::Mat raw(1, static_cast<int>(png.size()), CV_8U,
                      const_cast<std::uint8_t*>(png.data()));
    return cv::imdecode(raw, cv::IMREAD_GRAYSCALE).rows;
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::exists(dir)) {
        return out;
    }
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// A printer that takes the job and then loses it (paper may have come out).
class LosingPrinter : public printing::Printer {
  public:
    std::string describe() const override { return "test://losing"; }
    printing::PrinterStatus status() override {
        printing::PrinterStatus s;
        s.state = PrinterState::kReady;
        return s;
    }
    printing::PrintResult print(const printing::PrintDocument& doc) override {
        titles.push_back(doc.title);
        printing::PrintResult r;
        r.submitted = true;
        r.job_id = 77;
        r.printer.state = PrinterState::kJammed;
        r.detail = "the job was cancelled: media-jam";
        return r;
    }
    std::vector<std::string> titles;
};

class ReceiptTest : public ::testing::Test {
  protected:
    // 2026-11-24 10:15 WIB
    FixedClock clock{utc_time(2026, 11, 24, 3, 15, 0)};
    TempDir dir;
    std::unique_ptr<Store> store;
    domain::CaseRecord rec;

    void SetUp() override {
        StoreOptions o;
        o.data_dir = data_dir();
        o.kiosk_id = "PKY1";
        store = Store::open(o, clock);
        rec = submit();
    }

    std::filesystem::path data_dir() const { return dir / "data"; }
    std::filesystem::path printed_dir() const { return dir / "printed"; }

    domain::CaseRecord submit(const std::string& nik = "6271014508900001", std::uint32_t seed = 1) {
        return store->submit({platform::new_uuid_v4(), test::good_applicant(nik),
                              test::documents(2, 1, 4096, seed)});
    }

    platform::SigningKey key() const {
        return platform::SigningKey::read_file(signing_key_path(data_dir()));
    }

    platform::Config config() const {
        platform::Config c;
        c.kiosk_id = "PKY1";
        c.data_dir = data_dir();
        c.printer.kind = "file";
        c.printer.folder = printed_dir();
        return c;
    }

    ReceiptPrint print(printing::Printer& printer, const std::string& case_id,
                       const platform::Config& cfg) {
        return print_receipt(*store, printer, key(), cfg, case_id, "test", clock);
    }
    ReceiptPrint print(printing::Printer& printer) { return print(printer, rec.case_id, config()); }

    std::vector<std::string> awaiting() const {
        std::vector<std::string> out;
        for (const auto& c : store->awaiting_print()) {
            out.push_back(c.case_id);
        }
        return out;
    }
};

// [content] ---------------------------------------------------------------------------------

TEST_F(ReceiptTest, ContentMasksTheApplicant) {
    const auto c = receipt_content(rec, key(), 420);
    const domain::Applicant a = test::good_applicant();
    EXPECT_EQ(c.masked_name, domain::mask_name(a.certificate_name));
    EXPECT_EQ(c.masked_name, "S*** R********");
    EXPECT_EQ(c.masked_nip, domain::mask_number(a.nip));
    EXPECT_EQ(c.masked_nip, "1990************01");
    for (const std::string& secret :
         {a.full_name, a.certificate_name, std::string("Siti"), std::string("Rahmawati"), a.nik,
          a.nip, a.nip.substr(4, 12), a.nik.substr(4, 10), a.email, a.phone, a.office_address,
          a.position}) {
        EXPECT_FALSE(anywhere(c, secret)) << "'" << secret << "' is on the receipt";
    }
    // The QR payload holds nothing but the claim.
    const auto parsed = printing::parse_payload(c.qr_payload);
    ASSERT_TRUE(parsed.payload) << parsed.detail;
    EXPECT_EQ(parsed.payload->claim.receipt_no, rec.receipt_no);
    EXPECT_EQ(parsed.payload->claim.case_id, rec.case_id);
    EXPECT_EQ(parsed.payload->claim.kiosk_id, "PKY1");
}

TEST_F(ReceiptTest, ContentListsTheCaseDocumentsAndNextSteps) {
    const auto c = receipt_content(rec, key(), 420);
    EXPECT_EQ(c.receipt_no, rec.receipt_no);
    EXPECT_EQ(c.kiosk_id, "PKY1");
    EXPECT_EQ(c.issued_local, "24-11-2026 10:15 WIB");
    EXPECT_EQ(c.reprint, 0);
    EXPECT_TRUE(c.reprinted_local.empty());
    EXPECT_FALSE(c.sample);
    // One line per kind, in the SOP's order, with its page count.
    ASSERT_EQ(c.documents.size(), 4u);
    const std::vector<std::pair<domain::DocumentKind, int>> expected = {
        {domain::DocumentKind::kLetter, 1},
        {domain::DocumentKind::kKtp, 1},
        {domain::DocumentKind::kSk, 2},
        {domain::DocumentKind::kSelfie, 1}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(c.documents[i].label.id, label(expected[i].first, domain::Lang::kId));
        EXPECT_EQ(c.documents[i].label.en, label(expected[i].first, domain::Lang::kEn));
        EXPECT_EQ(c.documents[i].pages, expected[i].second);
    }
    // The steps still ahead of a received case.
    const auto steps = domain::remaining_steps(domain::CaseStatus::kReceived);
    ASSERT_FALSE(steps.empty());
    ASSERT_EQ(c.next_steps.size(), steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        EXPECT_EQ(c.next_steps[i].what.id, steps[i].what_id);
        EXPECT_EQ(c.next_steps[i].what.en, steps[i].what_en);
        EXPECT_EQ(c.next_steps[i].expected.id, steps[i].time_id);
        EXPECT_EQ(c.next_steps[i].expected.en, steps[i].time_en);
    }
    EXPECT_EQ(c.next_steps.front().what.id, "Disposisi Kepala Dinas");
    // A case further along lists fewer steps.
    domain::CaseRecord later = rec;
    later.status = domain::CaseStatus::kHeadDisposition;
    EXPECT_EQ(receipt_content(later, key(), 420).next_steps.size(), steps.size() - 1);
}

TEST_F(ReceiptTest, ContentOfAReprintSaysWhenItWasMade) {
    const auto c = receipt_content(rec, key(), 420, 2, utc_time(2026, 11, 25, 2, 0, 0));
    EXPECT_EQ(c.reprint, 2);
    EXPECT_EQ(c.reprinted_local, "25-11-2026 09:00 WIB");
    // The code is the same on every copy: it names the case, not the copy.
    EXPECT_EQ(c.qr_payload, receipt_content(rec, key(), 420).qr_payload);
    EXPECT_EQ(c.fingerprint, receipt_content(rec, key(), 420).fingerprint);
}

TEST_F(ReceiptTest, QrPayloadVerifiesWithTheKnownKiosKeys) {
    const auto c = receipt_content(rec, key(), 420);
    const auto keys = known_kiosk_keys(data_dir(), "PKY1");
    EXPECT_EQ(keys.size(), 1u);
    const auto v = printing::verify_payload(c.qr_payload, keys);
    EXPECT_TRUE(v.valid) << v.reason << ": " << v.detail;
    ASSERT_TRUE(v.claim);
    EXPECT_EQ(platform::format_utc(v.claim->issued_at), rec.created_at);
    // Another kiosk's data folder does not know this kiosk.
    TempDir other;
    EXPECT_EQ(printing::verify_payload(c.qr_payload, known_kiosk_keys(other.path(), "PKY1")).reason,
              "unknown_kiosk");
}

TEST_F(ReceiptTest, PublishedKeysAddOtherKiosksButNeverReplaceOurOwn) {
    const auto other = platform::SigningKey::generate();
    const auto impostor = platform::SigningKey::generate();
    std::ofstream(data_dir() / "keys" / "kiosk-keys.json")
        << "[{\"kiosk_id\": \"PKY2\", \"public_key\": \"" << other.public_key_text()
        << "\"}, {\"kiosk_id\": \"PKY1\", \"public_key\": \"" << impostor.public_key_text()
        << "\"}]";
    const auto keys = known_kiosk_keys(data_dir(), "PKY1");
    EXPECT_EQ(keys.size(), 2u);
    ASSERT_TRUE(keys.find("PKY2"));
    EXPECT_EQ(*keys.find("PKY2"), other.public_key());
    ASSERT_TRUE(keys.find("PKY1"));
    EXPECT_EQ(*keys.find("PKY1"), key().public_key());
    EXPECT_TRUE(printing::verify_payload(receipt_content(rec, key(), 420).qr_payload, keys).valid);

    // A broken published file is an error naming it, not a silent empty ring.
    std::ofstream(data_dir() / "keys" / "kiosk-keys.json") << "[{";
    try {
        known_kiosk_keys(data_dir(), "PKY1");
        ADD_FAILURE() << "a broken kiosk-keys.json was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("kiosk-keys.json"), std::string::npos) << e.what();
    }
}

TEST_F(ReceiptTest, ClaimComesFromTheRecord) {
    const auto c = receipt_claim(rec);
    EXPECT_EQ(c.receipt_no, rec.receipt_no);
    EXPECT_EQ(c.case_id, rec.case_id);
    EXPECT_EQ(c.kiosk_id, rec.kiosk_id);
    EXPECT_EQ(c.issued_at, clock.now());
    domain::CaseRecord broken = rec;
    broken.created_at = "yesterday";
    EXPECT_THROW(receipt_claim(broken), std::invalid_argument);
}

TEST_F(ReceiptTest, FingerprintIsShortAndFollowsTheAttachments) {
    const std::string fp = case_fingerprint(rec);
    EXPECT_TRUE(std::regex_match(fp, std::regex("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")))
        << fp;
    EXPECT_EQ(case_fingerprint(rec), fp);  // deterministic
    EXPECT_EQ(receipt_content(rec, key(), 420).fingerprint, fp);

    // The order attachments come in does not matter.
    domain::CaseRecord reordered = rec;
    std::reverse(reordered.attachments.begin(), reordered.attachments.end());
    EXPECT_EQ(case_fingerprint(reordered), fp);

    // Any attachment's hash, its page, the receipt number or the time changes it.
    for (std::size_t i = 0; i < rec.attachments.size(); ++i) {
        domain::CaseRecord changed = rec;
        auto& h = changed.attachments[i].sha256;
        h[0] = h[0] == 'a' ? 'b' : 'a';
        EXPECT_NE(case_fingerprint(changed), fp) << "attachment " << i;
    }
    domain::CaseRecord page = rec;
    page.attachments.back().page += 1;
    EXPECT_NE(case_fingerprint(page), fp);
    domain::CaseRecord dropped = rec;
    dropped.attachments.pop_back();
    EXPECT_NE(case_fingerprint(dropped), fp);
    domain::CaseRecord other_time = rec;
    other_time.created_at = "2026-11-24T03:15:01Z";
    EXPECT_NE(case_fingerprint(other_time), fp);
    EXPECT_NE(case_fingerprint(submit("6271014508900001", 2)), fp);
}

// [printing] --------------------------------------------------------------------------------

TEST_F(ReceiptTest, FirstPrintIsCopyZeroAndTheNextIsMarkedAReprint) {
    printing::FilePrinter printer(printed_dir());
    const auto first = print(printer);
    EXPECT_EQ(first.receipt_no, rec.receipt_no);
    EXPECT_EQ(first.record.copy, 0);
    EXPECT_EQ(first.record.state, kiosk::PrintState::kPrinted);
    EXPECT_EQ(first.record.printer_state, "ready");
    EXPECT_TRUE(first.result.printed);
    EXPECT_EQ(first.record.job_id, first.result.job_id);
    EXPECT_TRUE(awaiting().empty());

    clock.advance(std::chrono::hours(1));
    const auto second = print(printer);
    EXPECT_EQ(second.record.copy, 1);
    EXPECT_EQ(second.record.state, kiosk::PrintState::kPrinted);
    EXPECT_TRUE(awaiting().empty());

    const auto files = files_in(printed_dir());
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].filename().string(), "1-" + rec.receipt_no + ".png");
    EXPECT_EQ(files[1].filename().string(), "2-" + rec.receipt_no + "-R1.png");
    const auto png0 = platform::read_file(files[0]);
    const auto png1 = platform::read_file(files[1]);
    EXPECT_NE(png0, png1);
    EXPECT_GT(png_height(png1), png_height(png0));  // the reprint banner
    // Both copies carry the same signed code, and it verifies.
    const auto codes0 = qr_texts_of_png(png0);
    const auto codes1 = qr_texts_of_png(png1);
    ASSERT_EQ(codes0.size(), 1u);
    ASSERT_EQ(codes1.size(), 1u);
    EXPECT_EQ(codes0[0], codes1[0]);
    EXPECT_TRUE(printing::verify_payload(codes0[0], known_kiosk_keys(data_dir(), "PKY1")).valid);

    // The store has both attempts, in order.
    const auto prints = store->prints_of(rec.case_id);
    ASSERT_EQ(prints.size(), 2u);
    EXPECT_EQ(prints[0].copy, 0);
    EXPECT_EQ(prints[0].state, kiosk::PrintState::kPrinted);
    EXPECT_EQ(prints[0].requested_by, "test");
    EXPECT_EQ(prints[1].copy, 1);
    EXPECT_EQ(prints[1].state, kiosk::PrintState::kPrinted);
    EXPECT_FALSE(prints[1].finished_at.empty());
}

TEST_F(ReceiptTest, OutOfPaperLeavesTheCaseWaitingAndKeepsCopyZero) {
    printing::FilePrinter printer(printed_dir());
    printer.set_state(PrinterState::kOutOfPaper);
    const auto failed = print(printer);
    EXPECT_EQ(failed.record.copy, 0);
    EXPECT_EQ(failed.record.state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(failed.record.printer_state, "out_of_paper");
    EXPECT_FALSE(failed.result.printed);
    EXPECT_FALSE(failed.result.submitted);
    EXPECT_TRUE(files_in(printed_dir()).empty());
    EXPECT_EQ(awaiting(), std::vector<std::string>{rec.case_id});
    EXPECT_TRUE(store->find_by_id(rec.case_id));  // the case is never lost

    // Still out of paper: a second refusal, still nothing out.
    EXPECT_EQ(print(printer).record.state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(awaiting(), std::vector<std::string>{rec.case_id});

    // Refilled: nothing could have come out before, so this is the original.
    printer.set_state(PrinterState::kReady);
    const auto ok = print(printer);
    EXPECT_EQ(ok.record.copy, 0);
    EXPECT_EQ(ok.record.state, kiosk::PrintState::kPrinted);
    EXPECT_TRUE(awaiting().empty());
    const auto files = files_in(printed_dir());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename().string(), "1-" + rec.receipt_no + ".png");

    const auto prints = store->prints_of(rec.case_id);
    ASSERT_EQ(prints.size(), 3u);
    EXPECT_EQ(prints[0].state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(prints[0].printer_state, "out_of_paper");
    EXPECT_EQ(prints[1].state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(prints[2].state, kiosk::PrintState::kPrinted);
    EXPECT_EQ(print(printer).record.copy, 1);
}

TEST_F(ReceiptTest, AnInterruptedPrintCountsAsPaperOut) {
    // The kiosk stopped while sending: the row stays 'sending'.
    const auto stale = store->begin_print(rec.case_id, "kiosk");
    EXPECT_EQ(stale.copy, 0);
    EXPECT_EQ(stale.state, kiosk::PrintState::kSending);
    EXPECT_EQ(awaiting(), std::vector<std::string>{rec.case_id});

    printing::FilePrinter printer(printed_dir());
    const auto next = print(printer);
    EXPECT_EQ(next.record.copy, 1);
    EXPECT_EQ(next.record.state, kiosk::PrintState::kPrinted);
    EXPECT_TRUE(awaiting().empty());
    const auto files = files_in(printed_dir());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename().string(), "1-" + rec.receipt_no + "-R1.png");
    const auto prints = store->prints_of(rec.case_id);
    ASSERT_EQ(prints.size(), 2u);
    EXPECT_EQ(prints[0].state, kiosk::PrintState::kSending);
}

TEST_F(ReceiptTest, AJobThePrinterTookAndLostCountsAsPaperOut) {
    LosingPrinter losing;
    const auto lost = print(losing);
    EXPECT_EQ(lost.record.copy, 0);
    EXPECT_EQ(lost.record.state, kiosk::PrintState::kFailed);
    EXPECT_EQ(lost.record.job_id, 77);
    EXPECT_EQ(lost.record.printer_state, "jammed");
    EXPECT_EQ(awaiting(), std::vector<std::string>{rec.case_id});
    EXPECT_EQ(losing.titles, std::vector<std::string>{rec.receipt_no});

    printing::FilePrinter printer(printed_dir());
    const auto next = print(printer);
    EXPECT_EQ(next.record.copy, 1);
    EXPECT_TRUE(awaiting().empty());
}

TEST_F(ReceiptTest, AReceiptThatCannotBeRenderedIsNotSent) {
    printing::FilePrinter printer(printed_dir());
    auto cfg = config();
    cfg.printer.dpi = 100;  // at 100 dpi a 58 mm head has no room for the code at 4 dots
    const auto r = print_receipt(*store, printer, key(), cfg, rec.case_id, "test", clock);
    EXPECT_EQ(r.record.state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(r.result.printer.state, PrinterState::kError);
    EXPECT_FALSE(r.result.detail.empty());
    EXPECT_TRUE(files_in(printed_dir()).empty());
    EXPECT_EQ(awaiting(), std::vector<std::string>{rec.case_id});
    const auto prints = store->prints_of(rec.case_id);
    ASSERT_EQ(prints.size(), 1u);
    EXPECT_EQ(prints[0].state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(prints[0].printer_state, "error");
    EXPECT_TRUE(store->find_by_id(rec.case_id));
    EXPECT_EQ(print(printer).record.copy, 0);
}

TEST_F(ReceiptTest, PrintsAsPdfWhenConfigured) {
    printing::FilePrinter printer(printed_dir());
    auto cfg = config();
    cfg.printer.format = "pdf";
    cfg.printer.paper_mm = 80;
    const auto r = print(printer, rec.case_id, cfg);
    EXPECT_EQ(r.record.state, kiosk::PrintState::kPrinted);
    const auto files = files_in(printed_dir());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].extension(), ".pdf");
    const auto data = platform::read_file(files[0]);
    ASSERT_GE(data.size(), 5u);
    EXPECT_EQ(std::string(data.begin(), data.begin() + 5), "%PDF-");
}

TEST_F(ReceiptTest, OnlyTheFailedCaseWaits) {
    const auto second = submit("6271014508900002", 2);
    printing::FilePrinter printer(printed_dir());
    EXPECT_EQ(print(printer).record.state, kiosk::PrintState::kPrinted);
    printer.set_state(PrinterState::kDoorOpen);
    const auto r = print(printer, second.case_id, config());
    EXPECT_EQ(r.record.printer_state, "door_open");
    EXPECT_EQ(awaiting(), std::vector<std::string>{second.case_id});
    // A case never tried is not waiting for a reprint.
    const auto third = submit("6271014508900003", 3);
    EXPECT_EQ(awaiting(), std::vector<std::string>{second.case_id});
    EXPECT_TRUE(store->prints_of(third.case_id).empty());
}

TEST_F(ReceiptTest, UnknownCaseIsRefused) {
    printing::FilePrinter printer(printed_dir());
    EXPECT_THROW(print(printer, platform::new_uuid_v4(), config()), StoreError);
    EXPECT_TRUE(files_in(printed_dir()).empty());
    EXPECT_TRUE(awaiting().empty());
}

TEST_F(ReceiptTest, MakePrinterFollowsTheConfiguration) {
    auto cfg = config();
    const auto file_printer = printing::make_printer(cfg);
    EXPECT_EQ(file_printer->describe(), "file://" + printed_dir().string());
    cfg.printer.folder.clear();
    EXPECT_EQ(printing::make_printer(cfg)->describe(),
              "file://" + (data_dir() / "printed").string());
    cfg.printer.kind = "cups";
    cfg.printer.server = "127.0.0.1:9";
    cfg.printer.queue = "receipt";
    EXPECT_EQ(printing::make_printer(cfg)->describe(), "cups://127.0.0.1:9/receipt");
    const auto layout = receipt_layout(cfg.printer);
    EXPECT_EQ(layout.paper, printing::Paper::k58mm);
    EXPECT_EQ(layout.dpi, 203);
    cfg.printer.paper_mm = 80;
    cfg.printer.dpi = 300;
    EXPECT_EQ(receipt_layout(cfg.printer).paper, printing::Paper::k80mm);
    EXPECT_EQ(receipt_layout(cfg.printer).dpi, 300);
}

}  // namespace
}  // namespace anjungan::kiosk
