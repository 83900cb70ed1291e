// The office's paperwork over real parts: the hand-off to BSrE (the page, each file within
// BSrE's limits, the ZIP read back with libzip and `unzip`, `anjungan-office package`), and
// e-mail to applicants through a real SMTP server on loopback (python3-aiosmtpd writing a
// maildir, read back by Python's email package as a mail client would): every message once,
// with its recipient, subject, both parts and headers; the SMTP server down while staff work;
// the confirmation link. Time comes from a FixedClock.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <regex>
#include <thread>

#include "anjungan/office/handoff.hpp"
#include "anjungan/office/mail.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "anjungan/vision/export.hpp"
#include "command.hpp"
#include "smtp_server.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using S = domain::CaseStatus;
using test::SmtpServer;

class Paperwork : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path() / "office");
        blobs_ = std::make_unique<BlobStore>(dir_.path() / "office");
        storage_->add_kiosk("PKY1", "unused-key", now());
        mail_ = test::loopback_mail_config();
        mail_.public_url = "https://anjungan.palangkaraya.go.id/";
    }

    std::string now() const { return platform::format_utc(clock_.now()); }

    sync::BlobRef blob(const std::string& kind, const platform::Bytes& data,
                       const std::string& media_type) {
        const std::string sha = platform::sha256_hex(data);
        blobs_->append(sha, 0, data.size(), data);
        return {kind, 1, sha, data.size(), media_type};
    }

    // A KTP photo: `noisy` makes a JPEG far over BSrE's 300,000 bytes.
    static platform::Bytes ktp_jpeg(bool noisy) {
        cv::Mat card(noisy ? 1400 : 540, noisy ? 2200 : 856, CV_8UC3, cv::Scalar(200, 160, 90));
        if (noisy) {
            cv::randu(card, cv::Scalar::all(0), cv::Scalar::all(255));
        }
        cv::putText(card, "KTP", {60, 120}, cv::FONT_HERSHEY_SIMPLEX, 3, {0, 0, 0}, 5);
        std::vector<std::uint8_t> jpeg;
        cv::imencode(".jpg", card, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
        return jpeg;
    }
    static platform::Bytes page_pdf(const std::string& title, bool noisy = false) {
        cv::Mat page(1100, 780, CV_8UC3, cv::Scalar(255, 255, 255));
        if (noisy) {
            cv::randu(page, cv::Scalar::all(0), cv::Scalar::all(255));
        }
        cv::putText(page, title, {80, 200}, cv::FONT_HERSHEY_SIMPLEX, 2, {0, 0, 0}, 4);
        return vision::encode_pdf_within({page}, 150, noisy ? 4'000'000 : 500'000).data;
    }

    CaseDetail add_case(bool big_ktp = false, bool address_parts = true) {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261204-" + std::to_string(1000 + ++cases_) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = now();
        auto a = test::good_applicant("6271014508900001");
        a.full_name = "Dr. Siti Aminah, S.Kom.";
        a.certificate_name = "Siti Aminah";
        a.sex = domain::Sex::kFemale;
        a.email = "siti.aminah@palangkaraya.go.id";
        if (!address_parts) {
            a.office_city.clear();
            a.office_province.clear();
        }
        c.applicant = json(a);
        c.attachments.push_back(blob("ktp", ktp_jpeg(big_ktp), "image/jpeg"));
        c.attachments.push_back(blob("selfie", ktp_jpeg(false), "image/jpeg"));
        c.attachments.push_back(blob("sk", page_pdf("SK Walikota"), "application/pdf"));
        c.attachments.push_back(blob("letter", page_pdf("Surat Permohonan"), "application/pdf"));
        storage_->accept_case(c, "sig", "body", now(),
                              deadline_for(S::kReceived, clock_.now(), "", WorkingTime::always()),
                              [](std::int64_t) { return std::string("{}"); });
        return *storage_->case_by_receipt(c.receipt_no);
    }

    void walk(const std::string& receipt, std::vector<std::pair<S, Role>> moves) {
        for (const auto& [to, role] : moves) {
            Move m{to, role, "staff", to == S::kRejected ? "NIP tidak terdaftar" : "", {}};
            if (to == S::kReturned) {
                m.reasons = {"KTP buram / The KTP is blurred", "SK tidak terbaca / SK unreadable"};
                m.note = "Bawa KTP asli";
            }
            const auto r = advance_case(*storage_, receipt, m, clock_.now(), WorkingTime::always());
            ASSERT_EQ(r.http, 200) << r.message;
            clock_.set(clock_.now() + 1min);
        }
    }

    LetterRecord make_letter(const CaseDetail& d) {
        const auto key = office_signing_key(dir_.path() / "office");
        const auto r = case_letter(*storage_, LetterConfig{}, key, d.row.receipt_no, "verif",
                                   clock_.now(), 420);
        EXPECT_TRUE(r.letter);
        return *storage_->current_letter(d.row.case_id);
    }

    test::TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 12, 4, 2)};
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<BlobStore> blobs_;
    MailConfig mail_;
    int cases_ = 0;
};

// The names in a ZIP with their sizes, read back with libzip.
std::map<std::string, std::string> unzip(const std::vector<std::uint8_t>& zip) {
    zip_error_t error;
    zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    EXPECT_NE(za, nullptr);
    std::map<std::string, std::string> out;
    if (!za) {
        return out;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
        zip_stat_t st;
        zip_stat_index(za, i, 0, &st);
        std::string data(st.size, '\0');
        zip_file_t* f = zip_fopen_index(za, i, 0);
        zip_fread(f, data.data(), st.size);
        zip_fclose(f);
        out[st.name] = data;
    }
    zip_close(za);
    return out;
}

TEST_F(Paperwork, TheHandoffHasBsresFieldsInOrderAndTheFilesWithinLimits) {
    const auto d = add_case();
    walk(d.row.receipt_no, {{S::kHeadDisposition, Role::kHead},
                            {S::kDivisionDisposition, Role::kDivisionHead},
                            {S::kSectionVerified, Role::kSectionHead}});
    const auto letter = make_letter(d);
    const auto h = make_handoff(d, *blobs_, letter, HandoffConfig{"Pemerintah Kota Palangka Raya"});
    std::vector<std::string> order;
    for (const auto& f : h.fields) {
        order.push_back(f.key);
    }
    const std::vector<std::string> bsre{"nik",       "nip",      "name",     "sex",
                                        "email",     "phone",    "position", "agency",
                                        "work_unit", "province", "city",     "street"};
    ASSERT_GE(order.size(), bsre.size());
    EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + bsre.size()), bsre);
    EXPECT_TRUE(h.ready());

    const auto files = unzip(handoff_zip(h));
    std::vector<std::string> names;
    for (const auto& [n, _] : files) {
        names.push_back(n);
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"fields.csv", "fields.json", "ktp.jpg", "permohonan.pdf",
                                        "rekomendasi.pdf", "selfie.jpg", "sk.pdf"}));
    EXPECT_LE(files.at("ktp.jpg").size(), 300'000u);
    EXPECT_EQ(files.at("ktp.jpg").substr(0, 3), "\xFF\xD8\xFF");
    for (const char* pdf : {"sk.pdf", "permohonan.pdf", "rekomendasi.pdf"}) {
        EXPECT_LE(files.at(pdf).size(), 500'000u) << pdf;
        EXPECT_EQ(files.at(pdf).substr(0, 5), "%PDF-") << pdf;
    }
    EXPECT_EQ(files.at("rekomendasi.pdf"), std::string(letter.pdf.begin(), letter.pdf.end()));

    // fields.json: the contract's keys, equal to the case.
    const json f = json::parse(files.at("fields.json"));
    const json& a = d.payload.applicant;
    EXPECT_EQ(f, (json{{"receipt_no", d.row.receipt_no},
                       {"letter_no", letter.letter_no},
                       {"nik", a["nik"]},
                       {"nip", a["nip"]},
                       {"name", "Siti Aminah"},
                       {"full_name", "Dr. Siti Aminah, S.Kom."},
                       {"sex", "Perempuan"},
                       {"email", "siti.aminah@palangkaraya.go.id"},
                       {"phone", a["phone"]},
                       {"position", a["position"]},
                       {"agency", "Pemerintah Kota Palangka Raya"},
                       {"work_unit", a["work_unit"]},
                       {"province", "Kalimantan Tengah"},
                       {"city", "Kota Palangka Raya"},
                       {"street", "Jl. Tjilik Riwut Km. 5,5"}}));
    // fields.csv: a BOM, the keys, the values (a leading '+' escaped for spreadsheets).
    const std::string& csv = files.at("fields.csv");
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv.find("receipt_no,letter_no,nik,nip,name,full_name,sex,email,phone,position,"
                       "agency,work_unit,province,city,street\r\n"),
              std::string::npos);
    EXPECT_NE(csv.find("\"Dr. Siti Aminah, S.Kom.\""), std::string::npos);
    EXPECT_NE(csv.find(",'+62"), std::string::npos) << csv;
}

TEST_F(Paperwork, FilesOverBsresLimitsAreMadeSmallerOrNamed) {
    const auto d = add_case(/*big_ktp=*/true, /*address_parts=*/false);
    const std::string sha = d.payload.attachments[0].sha256;
    ASSERT_GT(std::filesystem::file_size(blobs_->path(sha)), 300'000u);
    const auto h = make_handoff(d, *blobs_, std::nullopt, HandoffConfig{});
    const auto& ktp = h.files[0];
    EXPECT_EQ(ktp.name, "ktp.jpg");
    EXPECT_TRUE(ktp.reencoded);
    EXPECT_TRUE(ktp.problem.empty());
    EXPECT_LE(ktp.data.size(), 300'000u);
    EXPECT_GT(ktp.original_size, 300'000u);
    EXPECT_FALSE(cv::imdecode(ktp.data, cv::IMREAD_COLOR).empty()) << "a readable JPEG";
    // No letter yet: named, and the hand-off is not ready.
    EXPECT_EQ(h.files.back().problem, "no_letter");
    EXPECT_FALSE(h.ready());
    // The address from a kiosk that sent one line: the office's defaults.
    const json f = fields_json(h);
    EXPECT_EQ(f["province"], "Kalimantan Tengah");
    EXPECT_EQ(f["city"], "Kota Palangka Raya");

    // A PDF far over 500,000 bytes is drawn again as JPEG pages within the limit.
    const auto big = page_pdf("SK", /*noisy=*/true);
    ASSERT_GT(big.size(), 500'000u);
    const auto small = pdf_within(big, 500'000);
    ASSERT_FALSE(small.empty());
    EXPECT_LE(small.size(), 500'000u);
    const auto file = dir_.path() / "small.pdf";
    platform::write_file_durably(file, small, 0600);
    const auto info = test::run_command("pdfinfo " + test::shell_quote(file.string()));
    EXPECT_EQ(info.code, 0);
    EXPECT_TRUE(std::regex_search(info.out, std::regex("Pages: +1\n"))) << info.out;
}

TEST_F(Paperwork, ThePackageCommandWritesTheZip) {
    const auto d = add_case();
    const auto zip = dir_.path() / "p.zip";
    const std::string office = std::string(ANJUNGAN_OFFICE) + " --data " +
                               test::shell_quote((dir_.path() / "office").string());
    storage_.reset();  // the command opens the database itself
    // No letter yet: the ZIP is written without it, and the exit code says incomplete.
    auto r = test::run_command(
        office + " package " + d.row.receipt_no + " --out " + test::shell_quote(zip.string()),
        dir_.path() / "err");
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("rekomendasi.pdf: no recommendation letter yet"), std::string::npos)
        << r.err;
    r = test::run_command(office + " letter " + d.row.receipt_no + " --out " +
                          test::shell_quote((dir_.path() / "l.pdf").string()));
    EXPECT_EQ(r.code, 0);
    r = test::run_command(office + " package " + d.row.receipt_no + " --out " +
                          test::shell_quote(zip.string()));
    EXPECT_EQ(r.code, 0) << r.out;
    const auto list = test::run_command("unzip -l " + test::shell_quote(zip.string()));
    EXPECT_EQ(list.code, 0);
    for (const char* n : {"ktp.jpg", "selfie.jpg", "sk.pdf", "permohonan.pdf", "rekomendasi.pdf",
                          "fields.json", "fields.csv"}) {
        EXPECT_NE(list.out.find(n), std::string::npos) << n << "\n" << list.out;
    }
    r = test::run_command(office + " package NOPE-1 --out " + test::shell_quote(zip.string()));
    EXPECT_EQ(r.code, 1);
}

TEST(MailFormat, SubjectsAreEncodedWordsAndDatesAreRfc5322) {
    EXPECT_EQ(encode_header_words("Plain subject"), "Plain subject");
    const std::string encoded = encode_header_words("Permohonan diterima — tanda terima");
    EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u) << encoded;
    for (std::size_t at = 0, next; at < encoded.size(); at = next + 3) {
        next = encoded.find("\r\n ", at);
        if (next == std::string::npos) {
            next = encoded.size();
        }
        EXPECT_LE(next - at, 75u) << "an encoded word is at most 75 characters";
    }
    EXPECT_EQ(rfc5322_date(platform::utc_time(2026, 12, 4, 2, 15), 420),
              "Fri, 04 Dec 2026 09:15:00 +0700");
    EXPECT_EQ(rfc5322_date(platform::utc_time(2026, 12, 31, 20, 0), 420),
              "Fri, 01 Jan 2027 03:00:00 +0700");
}

TEST_F(Paperwork, EveryMessageArrivesOnceWithBothPartsAndItsHeaders) {
    SmtpServer smtp(dir_.path() / "maildir");
    smtp.start();
    mail_.smtp.url = smtp.url();
    Mailer mailer(mail_, *storage_, clock_);
    const auto a = add_case(), b = add_case(), c = add_case();
    walk(a.row.receipt_no, {{S::kHeadDisposition, Role::kHead},
                            {S::kDivisionDisposition, Role::kDivisionHead},
                            {S::kSectionVerified, Role::kSectionHead},
                            {S::kSentToBsre, Role::kVerifier},
                            {S::kBsreRegistration, Role::kVerifier},
                            {S::kIssued, Role::kVerifier}});
    walk(b.row.receipt_no, {{S::kHeadDisposition, Role::kHead},
                            {S::kDivisionDisposition, Role::kDivisionHead},
                            {S::kReturned, Role::kSectionHead}});
    walk(c.row.receipt_no, {{S::kRejected, Role::kHead}});
    EXPECT_EQ(mailer.run_once(), 3 + 2 + 2);  // a: received, sent, issued; b, c: 2 each
    EXPECT_EQ(mailer.run_once(), 0) << "nothing is sent twice";

    const json got = smtp.messages();
    ASSERT_EQ(got.size(), 7u) << got.dump(2);
    std::map<std::string, int> subjects;
    std::set<std::string> ids;
    for (const auto& m : got) {
        EXPECT_EQ(m["to"], "siti.aminah@palangkaraya.go.id");
        EXPECT_EQ(m["from"], "Diskominfo Palangka Raya <noreply@palangkaraya.go.id>");
        EXPECT_EQ(m["parts"], json::array({"multipart/mixed", "multipart/alternative", "text/plain",
                                           "text/html"}));
        EXPECT_NE(m["date"].get<std::string>().find("+0700"), std::string::npos);
        EXPECT_TRUE(std::regex_match(m["message_id"].get<std::string>(),
                                     std::regex("<[0-9a-f-]+\\.[0-9]+@palangkaraya\\.go\\.id>")))
            << m["message_id"];
        ids.insert(m["message_id"].get<std::string>());
        // Indonesian first, English below, in both parts.
        const std::string text = m["text"], html = m["html"];
        EXPECT_LT(text.find("Yth. Siti Aminah"), text.find("Dear Siti Aminah")) << text;
        EXPECT_NE(html.find("<p>Yth. Siti Aminah,</p>"), std::string::npos) << html;
        subjects[m["subject"].get<std::string>().substr(0, 30)]++;
    }
    EXPECT_EQ(ids.size(), 7u);
    const auto find = [&](const std::string& start, const std::string& receipt) {
        for (const auto& m : got) {
            const std::string s = m["subject"];
            if (s.rfind(start, 0) == 0 && s.find(receipt) != std::string::npos) {
                return m;
            }
        }
        return json();
    };
    const json received = find("Permohonan sertifikat elektronik diterima", a.row.receipt_no);
    ASSERT_TRUE(received.is_object());
    EXPECT_NE(received["text"].get<std::string>().find(a.row.receipt_no), std::string::npos);
    const json returned = find("Permohonan perlu diperbaiki", b.row.receipt_no);
    ASSERT_TRUE(returned.is_object());
    EXPECT_NE(returned["text"].get<std::string>().find("  - KTP buram"), std::string::npos);
    EXPECT_NE(returned["text"].get<std::string>().find("  - The KTP is blurred"),
              std::string::npos);
    EXPECT_NE(returned["text"].get<std::string>().find("Bawa KTP asli"), std::string::npos);
    const json rejected = find("Permohonan ditolak", c.row.receipt_no);
    ASSERT_TRUE(rejected.is_object());
    EXPECT_NE(rejected["text"].get<std::string>().find("NIP tidak terdaftar"), std::string::npos);
    const json sent = find("Rekomendasi dikirim ke BSrE", a.row.receipt_no);
    ASSERT_TRUE(sent.is_object());
    EXPECT_NE(sent["text"].get<std::string>().find("folder spam"), std::string::npos);
    EXPECT_NE(sent["text"].get<std::string>().find("spam folder"), std::string::npos);
    EXPECT_TRUE(find("Sertifikat elektronik diterbitkan", a.row.receipt_no).is_object());

    // The outbox says so, per case.
    const auto outbox = storage_->mail(a.row.case_id, "", 0);
    ASSERT_EQ(outbox.size(), 3u);
    for (const auto& m : outbox) {
        EXPECT_EQ(m.state, "sent");
        EXPECT_EQ(m.attempts, 1);
    }
}

TEST_F(Paperwork, WithTheServerDownStaffWorkOnAndTheMessagesArriveOnceItIsBack) {
    SmtpServer smtp(dir_.path() / "maildir");
    smtp.start();
    smtp.stop();  // the port is known, nothing listens
    mail_.smtp.url = smtp.url();
    mail_.smtp.backoff_first_seconds = 60;
    Mailer mailer(mail_, *storage_, clock_);
    const auto a = add_case();
    // The staff action does not wait for e-mail: it is done when the move is stored.
    walk(a.row.receipt_no, {{S::kRejected, Role::kHead}});
    EXPECT_EQ(storage_->case_by_receipt(a.row.receipt_no)->row.status, S::kRejected);
    EXPECT_EQ(mailer.run_once(), 0);
    auto outbox = storage_->mail(a.row.case_id, "", 0);
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[0].state, "pending");
    EXPECT_EQ(outbox[0].attempts, 1);
    EXPECT_FALSE(outbox[0].last_error.empty());
    EXPECT_EQ(outbox[0].next_at, platform::format_utc(clock_.now() + 60s));
    EXPECT_EQ(outbox[1].attempts, 0) << "after one failure the pass waits for the next";
    // Still down a minute later: one try per pass (the one waiting longest first), and the
    // wait doubles.
    clock_.set(clock_.now() + 61s);
    EXPECT_EQ(mailer.run_once(), 0);
    outbox = storage_->mail(a.row.case_id, "", 0);
    EXPECT_EQ(outbox[1].attempts, 1);
    EXPECT_EQ(outbox[1].next_at, platform::format_utc(clock_.now() + 60s));
    EXPECT_EQ(mailer.run_once(), 0);
    outbox = storage_->mail(a.row.case_id, "", 0);
    EXPECT_EQ(outbox[0].attempts, 2);
    EXPECT_EQ(outbox[0].next_at, platform::format_utc(clock_.now() + 120s));
    // Back up: both arrive, once.
    smtp.start();
    clock_.set(clock_.now() + 121s);
    EXPECT_EQ(mailer.run_once(), 2);
    EXPECT_EQ(mailer.run_once(), 0);
    EXPECT_EQ(smtp.messages().size(), 2u);
    for (const auto& m : storage_->mail(a.row.case_id, "", 0)) {
        EXPECT_EQ(m.state, "sent");
    }
}

TEST_F(Paperwork, AMessageRefusedForGoodIsNotTriedAgain) {
    mail_.smtp.url = "smtp://127.0.0.1:1";  // nothing there: a connection error is retried
    mail_.smtp.max_attempts = 2;
    Mailer mailer(mail_, *storage_, clock_);
    const auto a = add_case();
    EXPECT_EQ(mailer.run_once(), 0);
    clock_.set(clock_.now() + 2h);
    EXPECT_EQ(mailer.run_once(), 0);
    const auto outbox = storage_->mail(a.row.case_id, "", 0);
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].state, "failed") << "gave up after max_attempts";
    EXPECT_EQ(outbox[0].attempts, 2);
    // The administrator's "try again" puts it back.
    EXPECT_TRUE(storage_->retry_mail(outbox[0].id, "admin", now()));
    EXPECT_EQ(storage_->mail(a.row.case_id, "", 0)[0].state, "pending");
    EXPECT_FALSE(storage_->retry_mail(424242, "admin", now()));
}

TEST_F(Paperwork, TheConfirmationLinkIsSingleUseAndExpires) {
    SmtpServer smtp(dir_.path() / "maildir");
    smtp.start();
    mail_.smtp.url = smtp.url();
    ServerOptions o;
    o.port = 0;
    o.threads = 4;
    o.mail = mail_;
    OfficeServer server(o, *storage_, *blobs_, clock_);
    const int port = server.start();
    Mailer mailer(mail_, *storage_, clock_);
    const auto a = add_case(), b = add_case();
    ASSERT_EQ(mailer.run_once(), 2);
    std::map<std::string, std::string> tokens;  // receipt -> token
    for (const auto& m : smtp.messages()) {
        std::smatch match;
        const std::string text = m["text"];
        ASSERT_TRUE(std::regex_search(
            text, match,
            std::regex("https://anjungan\\.palangkaraya\\.go\\.id/confirm/([A-Za-z0-9_-]{43})")))
            << text;
        EXPECT_NE(m["html"].get<std::string>().find(match[0].str()), std::string::npos);
        tokens[text.find(a.row.receipt_no) != std::string::npos ? a.row.receipt_no
                                                                : b.row.receipt_no] = match[1];
    }
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_FALSE(storage_->email_confirmation(a.row.case_id)->confirmed_at.size());

    httplib::Client client("127.0.0.1", port);
    // Opening the link (a mail scanner does) confirms nothing: it shows one button.
    auto r = client.Get("/confirm/" + tokens[a.row.receipt_no]);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("<form method=\"post\""), std::string::npos);
    EXPECT_TRUE(storage_->email_confirmation(a.row.case_id)->confirmed_at.empty());
    r = client.Post("/confirm/" + tokens[a.row.receipt_no]);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(storage_->email_confirmation(a.row.case_id)->confirmed_at, now());
    r = client.Post("/confirm/" + tokens[a.row.receipt_no]);
    EXPECT_EQ(r->status, 410) << "single use";
    EXPECT_NE(r->body.find("sudah dipakai"), std::string::npos);
    r = client.Post("/confirm/" + std::string(43, 'A'));
    EXPECT_EQ(r->status, 404);
    // b's link expires after confirm_days.
    clock_.set(clock_.now() + std::chrono::hours(24 * mail_.confirm_days) + 1s);
    r = client.Post("/confirm/" + tokens[b.row.receipt_no]);
    EXPECT_EQ(r->status, 410);
    EXPECT_NE(r->body.find("kedaluwarsa"), std::string::npos);
    EXPECT_TRUE(storage_->email_confirmation(b.row.case_id)->confirmed_at.empty());
    server.stop();
}

}  // namespace
}  // namespace anjungan::office

namespace anjungan::office {
namespace {

TEST(OfficeConfig, TheExampleIsReadAndBadSectionsAreNamed) {
    test::TempDir dir;
    const std::string office = std::string(ANJUNGAN_OFFICE) + " --data " +
                               test::shell_quote((dir.path() / "office").string());
    auto r = test::run_command(
        office + " --config " +
        test::shell_quote(ANJUNGAN_SOURCE_DIR "/config/office.example.toml") + " cases list");
    EXPECT_EQ(r.code, 0) << r.out;
    const auto bad = [&](const std::string& toml, const std::string& expected) {
        const auto file = dir.path() / "bad.toml";
        platform::write_file_durably(file, std::vector<std::uint8_t>(toml.begin(), toml.end()),
                                     0600);
        const auto out = test::run_command(
            office + " --config " + test::shell_quote(file.string()) + " cases list",
            dir.path() / "err");
        EXPECT_EQ(out.code, 1) << toml;
        EXPECT_NE(out.err.find(expected), std::string::npos) << out.err;
    };
    bad("[working_time]\nhours = [\"8-16\"]\n", "working_time.hours: '8-16'");
    bad("[working_time]\ndays = [\"monday\"]\n", "'monday' is not one of");
    bad("[working_time]\nholidays = [\"25-12-2026\"]\n", "'25-12-2026'");
    bad("[smtp]\nurl = \"http://mail\"\n", "smtp.url");
    bad("[smtp]\nport = 25\n", "smtp.port: unknown key");
    bad("[handoff]\nagency = 3\n", "handoff.agency");
    bad("[mail]\n", "unknown section [mail]");
}

}  // namespace
}  // namespace anjungan::office
