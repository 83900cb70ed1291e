// The office console over real HTTP on loopback (cpp-httplib client against the OfficeServer):
// the contract's forms and redirects, the cookie and the headers, CSRF, forbidden and stale
// moves, the inbox, filters, documents (a JPEG as it is, PDF pages drawn as PNG), the admin
// pages and the languages. Time comes from a FixedClock the tests move. The browser tests
// (tests/console/) walk the same pages in Chromium.
#include <gtest/gtest.h>
#include <httplib.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>

#include "anjungan/office/accounts.hpp"
#include "anjungan/office/letter.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/vision/export.hpp"
#include "command.hpp"
#include "console/console.hpp"  // office/src: the catalogue (a white-box check)
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kPassword[] = "Sungai Kahayan 7";

class ConsolePages : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path() / "office");
        blobs_ = std::make_unique<BlobStore>(dir_.path() / "office");
        storage_->add_kiosk("PKY1", "unused-key", now());
        for (const auto& [name, role] :
             std::vector<std::pair<std::string, Role>>{{"kadis", Role::kHead},
                                                       {"kadis2", Role::kHead},
                                                       {"kabid", Role::kDivisionHead},
                                                       {"kasi", Role::kSectionHead},
                                                       {"verif", Role::kVerifier},
                                                       {"admin", Role::kAdmin}}) {
            NewStaff n{name,         role,
                       "Bu " + name, platform::sha256_hex("t-" + name),
                       "",           hash_password(kPassword)};
            storage_->add_staff(n, now());
        }
        ServerOptions o;
        o.port = 0;
        o.threads = 4;
        o.preview_dir = (dir_.path() / "previews").string();
        o.data_dir = (dir_.path() / "office").string();
        server_ = std::make_unique<OfficeServer>(o, *storage_, *blobs_, clock_);
        port_ = server_->start();
    }
    void TearDown() override { server_.reset(); }

    std::string now() const { return platform::format_utc(clock_.now()); }

    httplib::Client client() {
        httplib::Client c("127.0.0.1", port_);
        c.set_follow_location(false);
        return c;
    }

    // Stores a blob as a kiosk would have uploaded it; returns its reference.
    sync::BlobRef blob(const std::string& kind, int page, const platform::Bytes& data,
                       const std::string& media_type) {
        const std::string sha = platform::sha256_hex(data);
        const auto r = blobs_->append(sha, 0, data.size(), data);
        EXPECT_EQ(r.result, BlobStore::Patch::Result::kOk) << r.message;
        return {kind, page, sha, data.size(), media_type};
    }

    // A case as a kiosk sent it; with files, a JPEG KTP and a two-page PDF SK.
    std::string add_case(const std::string& name, const std::string& nik, bool files = false,
                         const std::string& work_unit = "Dinas Kesehatan") {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261204-" + std::to_string(1000 + ++cases_) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = now();
        auto a = test::good_applicant(nik);
        a.full_name = name;
        a.certificate_name = name;
        a.work_unit = work_unit;
        a.confirmed_warnings.push_back(
            {"sex", {"applicant.sex_nik", "Jenis kelamin tidak sesuai NIK", "Sex differs"}});
        c.applicant = json(a);
        if (files) {
            cv::Mat card(540, 856, CV_8UC3, cv::Scalar(200, 160, 90));
            cv::putText(card, "KTP", {60, 120}, cv::FONT_HERSHEY_SIMPLEX, 3, {0, 0, 0}, 5);
            std::vector<std::uint8_t> jpeg;
            cv::imencode(".jpg", card, jpeg);
            c.attachments.push_back(blob("ktp", 1, jpeg, "image/jpeg"));
            std::vector<cv::Mat> pages(2, cv::Mat(1100, 780, CV_8UC3, cv::Scalar(255, 255, 255)));
            pages[1] = pages[0].clone();
            cv::putText(pages[1], "SK halaman 2", {80, 200}, cv::FONT_HERSHEY_SIMPLEX, 2, {0, 0, 0},
                        4);
            const auto pdf = vision::encode_pdf_within(pages, 100, 500000);
            c.attachments.push_back(blob("sk", 1, pdf.data, "application/pdf"));
        }
        storage_->accept_case(
            c, "sig", "body", now(),
            deadline_for(domain::CaseStatus::kReceived, clock_.now(), "", WorkingTime::always()),
            [](std::int64_t) { return std::string("{}"); });
        return c.receipt_no;
    }

    struct Session {
        std::string cookie;  // "anjungan_session=..."
        std::string csrf;
    };
    Session sign_in(const std::string& name, const std::string& lang = "id") {
        auto c = client();
        const auto r =
            c.Post("/console/login", httplib::Params{{"username", name}, {"password", kPassword}});
        EXPECT_TRUE(r);
        EXPECT_EQ(r->status, 303);
        EXPECT_EQ(r->get_header_value("Location"), "/console/");
        const std::string set = r->get_header_value("Set-Cookie");
        Session s{set.substr(0, set.find(';')), ""};
        if (lang == "en") {
            s.cookie += "; anjungan_lang=en";
        }
        const auto inbox = get(s, "/console/");
        std::smatch m;
        EXPECT_TRUE(
            std::regex_search(inbox->body, m, std::regex(R"(name="csrf" value="([^"]+)\")")));
        s.csrf = m[1];
        return s;
    }
    httplib::Result get(const Session& s, const std::string& path) {
        auto c = client();
        return c.Get(path, httplib::Headers{{"Cookie", s.cookie}});
    }
    httplib::Result post(const Session& s, const std::string& path, httplib::Params params) {
        auto c = client();
        return c.Post(path, httplib::Headers{{"Cookie", s.cookie}}, params);
    }
    httplib::Result move(const Session& s, const std::string& receipt, const std::string& to,
                         const std::string& note = "", const std::string& from = "",
                         std::vector<std::string> reasons = {}) {
        httplib::Params p{{"csrf", s.csrf}, {"to", to}, {"note", note}};
        if (!from.empty()) {
            p.emplace("from", from);
        }
        for (const auto& r : reasons) {
            p.emplace("reasons", r);
        }
        return post(s, "/console/cases/" + receipt, p);
    }
    domain::CaseStatus status_of(const std::string& receipt) {
        return storage_->case_by_receipt(receipt)->row.status;
    }

    test::TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 12, 4, 2)};
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<OfficeServer> server_;
    int port_ = 0;
    int cases_ = 0;
};

bool has(const std::string& body, const std::string& pattern) {
    return std::regex_search(body, std::regex(pattern));
}

TEST_F(ConsolePages, TheSignInFormHasTheContractsFieldsAndRootLeadsToTheConsole) {
    auto c = client();
    const auto root = c.Get("/");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->status, 303);
    EXPECT_EQ(root->get_header_value("Location"), "/console/");
    const auto r = c.Get("/console/login");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(has(r->body, R"(<input[^>]*name="username")"));
    EXPECT_TRUE(has(r->body, R"(<input[^>]*name="password" type="password")"));
    EXPECT_TRUE(has(r->body, R"(<button type="submit")"));
    EXPECT_TRUE(has(r->body, R"(<html lang="id">)"));
}

TEST_F(ConsolePages, EveryOtherPageWithoutASessionLeadsToSignInAndShowsNoPersonalData) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001", true);
    const auto d = storage_->case_by_receipt(receipt);
    const std::string sha = d->payload.attachments[0].sha256;
    auto c = client();
    for (const std::string& path : std::vector<std::string>{
             "/console/", "/console/cases", "/console/cases/" + receipt,
             "/console/cases/" + receipt + "/files/" + sha, "/console/admin/staff",
             "/console/admin/audit", "/console/cases?q=Siti"}) {
        for (const std::string& cookie : std::vector<std::string>{"", "anjungan_session=forged"}) {
            const auto r = c.Get(path, httplib::Headers{{"Cookie", cookie}});
            ASSERT_TRUE(r) << path;
            EXPECT_EQ(r->status, 303) << path;
            EXPECT_EQ(r->get_header_value("Location").rfind("/console/login", 0), 0u) << path;
            EXPECT_EQ(r->body.find("Siti"), std::string::npos) << path;
            EXPECT_EQ(r->body.find("6271014508900001"), std::string::npos) << path;
        }
    }
    // A POST without a session changes nothing either.
    const auto r = c.Post("/console/cases/" + receipt, httplib::Params{{"to", "head_disposition"}});
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kReceived);
}

TEST_F(ConsolePages, TheSessionCookieAndEveryPageAreHardened) {
    auto c = client();
    const auto r =
        c.Post("/console/login", httplib::Params{{"username", "kadis"}, {"password", kPassword}});
    ASSERT_TRUE(r);
    const std::string set = r->get_header_value("Set-Cookie");
    EXPECT_TRUE(has(set, "^anjungan_session=[A-Za-z0-9_-]{43};")) << set;
    EXPECT_NE(set.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(set.find("Secure"), std::string::npos) << "plain HTTP: no Secure flag";
    // Only the cookie's hash is stored.
    const std::string value = set.substr(17, 43);
    EXPECT_FALSE(storage_->console_session(value));
    EXPECT_TRUE(storage_->console_session(platform::sha256_hex(value)));

    const auto s = sign_in("kadis");
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    for (const std::string& path :
         std::vector<std::string>{"/console/", "/console/cases/" + receipt, "/console/login"}) {
        const auto p = get(s, path);
        const std::string csp = p->get_header_value("Content-Security-Policy");
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
        EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << path;
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
        EXPECT_NE(csp.find("script-src 'self';"), std::string::npos)
            << "scripts only from the console's own files: " << path;
        EXPECT_EQ(p->get_header_value("Referrer-Policy"), "no-referrer") << path;
        EXPECT_EQ(p->get_header_value("Cache-Control"), "no-store") << path;
        EXPECT_EQ(p->body.find("<script"), std::string::npos) << path;
        EXPECT_EQ(p->body.find(" style=\""), std::string::npos) << "no inline style: " << path;
    }
}

TEST_F(ConsolePages, OverHttpsTheSessionCookieIsSecure) {
    const auto cert = dir_.path() / "office.pem", key = dir_.path() / "office.key";
    ASSERT_EQ(test::run_command(
                  "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                  "-days 2 -subj /CN=127.0.0.1 -keyout " +
                  test::shell_quote(key.string()) + " -out " + test::shell_quote(cert.string()) +
                  " 2>/dev/null")
                  .code,
              0);
    ServerOptions o;
    o.port = 0;
    o.tls_cert = cert.string();
    o.tls_key = key.string();
    OfficeServer tls(o, *storage_, *blobs_, clock_);
    httplib::SSLClient c("127.0.0.1", tls.start());
    c.enable_server_certificate_verification(false);
    const auto r =
        c.Post("/console/login", httplib::Params{{"username", "kadis"}, {"password", kPassword}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 303);
    EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(ConsolePages, AWrongPasswordIsSaidClearlyAndADisabledAccountCannotSignIn) {
    auto c = client();
    const auto wrong =
        c.Post("/console/login", httplib::Params{{"username", "kadis"}, {"password", "nope"}});
    EXPECT_EQ(wrong->status, 401);
    EXPECT_NE(wrong->body.find("Nama pengguna atau kata sandi salah"), std::string::npos);
    EXPECT_TRUE(wrong->get_header_value("Set-Cookie").empty());
    EXPECT_NE(wrong->body.find("value=\"kadis\""), std::string::npos) << "the name is kept";

    const auto s = sign_in("kabid");
    storage_->set_staff_active("kabid", false, "operator", now());
    const auto after = get(s, "/console/");
    EXPECT_EQ(after->status, 303) << "disabling ends the session at once";
    // Its sessions are gone (not "timed out"): the sign-in page asks to sign in, and then says
    // the account is disabled.
    EXPECT_EQ(after->get_header_value("Location"), "/console/login?m=needed");
    const auto again =
        c.Post("/console/login", httplib::Params{{"username", "kabid"}, {"password", kPassword}});
    EXPECT_EQ(again->status, 401);
    EXPECT_NE(again->body.find("dinonaktifkan"), std::string::npos) << again->body;
}

TEST_F(ConsolePages, IdleSessionsEndAndLogoutEndsTheSession) {
    const auto s = sign_in("kadis");
    clock_.advance(29min);
    EXPECT_EQ(get(s, "/console/")->status, 200) << "29 minutes idle: still signed in";
    clock_.advance(29min);
    EXPECT_EQ(get(s, "/console/")->status, 200) << "each request starts the idle time again";
    clock_.advance(31min);
    const auto expired = get(s, "/console/");
    EXPECT_EQ(expired->status, 303);
    EXPECT_EQ(expired->get_header_value("Location"), "/console/login?m=expired");

    const auto t = sign_in("kadis");
    EXPECT_EQ(post(t, "/console/logout", {{"csrf", "wrong"}})->status, 403);
    EXPECT_EQ(get(t, "/console/")->status, 200) << "a refused logout keeps the session";
    const auto out = post(t, "/console/logout", {{"csrf", t.csrf}});
    EXPECT_EQ(out->status, 303);
    EXPECT_EQ(out->get_header_value("Location"), "/console/login?m=out");
    EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(get(t, "/console/")->status, 303);
}

TEST_F(ConsolePages, TheCasePageOffersExactlyTheRolesMovesAsContractForms) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto head = get(sign_in("kadis"), "/console/cases/" + receipt);
    ASSERT_EQ(head->status, 200);
    const std::string& b = head->body;
    EXPECT_TRUE(
        has(b, R"(<form method="post"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]+">)"));
    EXPECT_TRUE(has(b, R"(<textarea name="note")"));
    EXPECT_TRUE(has(b, R"(<button type="submit" name="to" value="head_disposition")"));
    EXPECT_TRUE(has(b, R"(<button type="submit" name="to" value="rejected")"));
    for (const char* other : {"division_disposition", "section_verified", "returned", "issued"}) {
        EXPECT_FALSE(has(b, std::string("name=\"to\" value=\"") + other + "\"")) << other;
    }
    EXPECT_FALSE(has(b, R"(name="reasons")")) << "the head's moves take no reasons";
    // Decoded numbers, the kiosk's confirmed warning, the applicant.
    EXPECT_NE(b.find("Kota Palangka Raya"), std::string::npos);
    EXPECT_NE(b.find("1990-08-05"), std::string::npos);
    EXPECT_NE(b.find("Jenis kelamin tidak sesuai NIK"), std::string::npos);

    // The section head, once the case reaches them, returns it with reasons.
    storage_->move_case(
        storage_->case_by_receipt(receipt)->row.case_id, domain::CaseStatus::kReceived,
        {domain::CaseStatus::kHeadDisposition, Role::kHead, "kadis", "", {}}, now(), "");
    storage_->move_case(
        storage_->case_by_receipt(receipt)->row.case_id, domain::CaseStatus::kHeadDisposition,
        {domain::CaseStatus::kDivisionDisposition, Role::kDivisionHead, "kabid", "", {}}, now(),
        "");
    const auto kasi = get(sign_in("kasi"), "/console/cases/" + receipt);
    EXPECT_TRUE(has(kasi->body, R"(<button type="submit" name="to" value="section_verified")"));
    EXPECT_TRUE(has(kasi->body, R"(<button type="submit" name="to" value="returned")"));
    EXPECT_TRUE(has(kasi->body, R"(<input type="checkbox" name="reasons" value="ktp_unreadable")"));
    EXPECT_TRUE(has(kasi->body, R"(<input type="text" name="reasons")"));
}

TEST_F(ConsolePages, APostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto s = sign_in("kadis");
    const auto other = sign_in("kadis2");
    for (const std::string& token :
         std::vector<std::string>{std::string(), std::string("forged"), other.csrf,
                                  s.csrf.substr(0, s.csrf.size() - 1)}) {
        const auto r = post(s, "/console/cases/" + receipt,
                            {{"csrf", token}, {"to", "head_disposition"}, {"note", "x"}});
        EXPECT_EQ(r->status, 403) << "token '" << token << "'";
    }
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kReceived);
    EXPECT_EQ(storage_->case_by_receipt(receipt)->history.size(), 1u);
    int refusals = 0;
    for (const auto& e : storage_->audit_log(100)) {
        refusals += e.action == "console.csrf_refused" && e.actor == "kadis (head)";
    }
    EXPECT_EQ(refusals, 4) << "every refusal is in the audit trail";
}

TEST_F(ConsolePages, AMoveTheRoleMayNotMakeIs403AndChangesNothing) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto kabid = sign_in("kabid");
    for (const char* to : {"head_disposition", "division_disposition", "issued", "bogus"}) {
        const auto r = move(kabid, receipt, to, "note");
        EXPECT_EQ(r->status, 403) << to;
    }
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kReceived);
    const auto head = sign_in("kadis");
    const auto ok = move(head, receipt, "head_disposition", "Lanjutkan", "received");
    EXPECT_EQ(ok->status, 303);
    EXPECT_EQ(ok->get_header_value("Location"),
              "/console/cases/" + receipt + "?moved=head_disposition");
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kHeadDisposition);
    EXPECT_NE(get(head, ok->get_header_value("Location"))->body.find("Berkas dipindahkan"),
              std::string::npos);
}

TEST_F(ConsolePages, AStalePageSaysSoShowsTheFreshStateAndNeverMovesTwice) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto a = sign_in("kadis");
    const auto b = sign_in("kadis2");
    EXPECT_EQ(move(a, receipt, "head_disposition", "first", "received")->status, 303);
    // b's page still showed "received".
    const auto stale = move(b, receipt, "head_disposition", "second", "received");
    EXPECT_EQ(stale->status, 409);
    EXPECT_NE(stale->body.find("sudah dipindahkan oleh petugas lain"), std::string::npos);
    EXPECT_NE(stale->body.find("Disposisi Kepala Dinas"), std::string::npos) << "the fresh state";
    const auto rejected = move(b, receipt, "rejected", "too late", "received");
    EXPECT_EQ(rejected->status, 409);
    const auto d = storage_->case_by_receipt(receipt);
    EXPECT_EQ(d->row.status, domain::CaseStatus::kHeadDisposition);
    ASSERT_EQ(d->history.size(), 2u);
    EXPECT_EQ(d->history[1].note, "first");
}

TEST_F(ConsolePages, ReturningNeedsReasonsAndRejectingNeedsANote) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto head = sign_in("kadis");
    const auto no_note = move(head, receipt, "rejected", "   ");
    EXPECT_EQ(no_note->status, 422);
    EXPECT_NE(no_note->body.find("Penolakan memerlukan catatan"), std::string::npos);
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kReceived);

    const auto id = storage_->case_by_receipt(receipt)->row.case_id;
    storage_->move_case(id, domain::CaseStatus::kReceived,
                        {domain::CaseStatus::kHeadDisposition, Role::kHead, "kadis", "", {}}, now(),
                        "");
    storage_->move_case(
        id, domain::CaseStatus::kHeadDisposition,
        {domain::CaseStatus::kDivisionDisposition, Role::kDivisionHead, "kabid", "", {}}, now(),
        "");
    const auto kasi = sign_in("kasi");
    const auto none = move(kasi, receipt, "returned", "", "", {"", "  "});
    EXPECT_EQ(none->status, 422);
    EXPECT_EQ(status_of(receipt), domain::CaseStatus::kDivisionDisposition);
    // The refused form keeps what was typed and ticked; the other forms stay empty, so the note
    // cannot go out with another move by mistake.
    const auto again = move(kasi, receipt, "returned", "Catatan untuk pemohon", "", {"", " "});
    EXPECT_EQ(again->status, 422);
    EXPECT_TRUE(
        has(again->body,
            R"(<textarea name="note" id="note-returned"[^>]*>Catatan untuk pemohon</textarea>)"));
    EXPECT_TRUE(
        has(again->body, R"(<textarea name="note" id="note-section_verified"[^>]*></textarea>)"));
    const auto ok = move(kasi, receipt, "returned", "Mohon diperbaiki", "",
                         {"ktp_unreadable", "sk_not_latest", "Stempel SK tidak terbaca"});
    EXPECT_EQ(ok->status, 303);
    const auto d = storage_->case_by_receipt(receipt);
    EXPECT_EQ(d->row.status, domain::CaseStatus::kReturned);
    EXPECT_EQ(d->history.back().reasons,
              (std::vector<std::string>{"KTP tidak terbaca / KTP not readable",
                                        "SK bukan yang terbaru / SK is not the latest",
                                        "Stempel SK tidak terbaca"}));
    // The kiosk's feed carries them in the note.
    const auto feed = storage_->feed("PKY1", 0, 100);
    EXPECT_NE(feed.changes.back().note.find("- KTP tidak terbaca / KTP not readable"),
              std::string::npos);
}

// A kiosk's payload is checked, not trusted: odd shapes are shown as far as they make sense,
// and markup is text.
TEST_F(ConsolePages, AnOddPayloadStillShowsAndMarkupStaysText) {
    sync::CasePayload c;
    c.case_id = platform::new_uuid_v4();
    c.receipt_no = "PKY1-261204-9999-0";
    c.kiosk_id = "PKY1";
    c.created_at = now();
    c.applicant = {{"full_name", "<script>alert(1)</script>"},
                   {"nik", 6271014508900001},
                   {"work_unit", json::array()},
                   {"confirmed_warnings",
                    json::array({1, "x", json::object(), {{"code", "a.b"}, {"id", "<b>w</b>"}}})}};
    storage_->accept_case(c, "sig", "body", now(), "", [](std::int64_t) { return "{}"; });
    const auto s = sign_in("kadis");
    const auto page = get(s, "/console/cases/" + c.receipt_no);
    ASSERT_EQ(page->status, 200) << page->body;
    EXPECT_EQ(page->body.find("<script>alert"), std::string::npos);
    EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page->body.find("&lt;b&gt;w&lt;/b&gt;"), std::string::npos);
    EXPECT_EQ(get(s, "/console/cases")->status, 200);
}

TEST_F(ConsolePages, TheInboxHoldsWhatWaitsForTheRoleOldestFirstWithOverdueMarked) {
    const auto first = add_case("Andi Pratama", "6271010101900001");
    clock_.advance(5min);
    const auto second = add_case("Budi Santoso", "6271010202900001");
    const auto moved = add_case("Citra Lestari", "6271014508900001");
    move(sign_in("kadis"), moved, "head_disposition", "", "received");
    clock_.advance(7min);  // the first case's 10 minutes are over, the second's are not
    const auto inbox = get(sign_in("kadis"), "/console/")->body;
    const auto a = inbox.find(first), b = inbox.find(second);
    ASSERT_NE(a, std::string::npos);
    ASSERT_NE(b, std::string::npos);
    EXPECT_LT(a, b) << "oldest first";
    EXPECT_EQ(inbox.find(moved), std::string::npos) << "no longer waiting for the head";
    EXPECT_TRUE(has(inbox, R"(<tr class="overdue">\s*<td><a href="/console/cases/)" + first));
    EXPECT_NE(inbox.find("terlambat 2 mnt"), std::string::npos);
    EXPECT_NE(inbox.find("sisa 3 mnt"), std::string::npos);
    const auto kabid = get(sign_in("kabid"), "/console/")->body;
    EXPECT_NE(kabid.find(moved), std::string::npos);
    EXPECT_EQ(kabid.find(first), std::string::npos);
}

TEST_F(ConsolePages, AllCasesFilterSearchAndPage) {
    for (int i = 0; i < 30; ++i) {
        add_case(i == 7 ? "Dewi Anggraini" : "Pegawai Nomor " + std::to_string(i),
                 "62710145089" + std::to_string(10000 + i), false,
                 i % 3 == 0 ? "Dinas Pendidikan" : "Dinas Kesehatan");
    }
    const auto s = sign_in("kabid");
    const auto all = get(s, "/console/cases")->body;
    EXPECT_NE(all.find("30 berkas"), std::string::npos);
    EXPECT_NE(all.find("Halaman 1 / 2"), std::string::npos);
    EXPECT_NE(all.find("rel=\"next\""), std::string::npos);
    const auto p2 = get(s, "/console/cases?page=2")->body;
    EXPECT_NE(p2.find("rel=\"prev\""), std::string::npos);
    EXPECT_EQ(p2.find("rel=\"next\""), std::string::npos);
    const auto search = get(s, "/console/cases?q=anggraini")->body;
    EXPECT_NE(search.find("1 berkas"), std::string::npos);
    EXPECT_NE(search.find("Dewi Anggraini"), std::string::npos);
    const auto unit = get(s, "/console/cases?unit=Dinas%20Pendidikan")->body;
    EXPECT_NE(unit.find("10 berkas"), std::string::npos);
    const auto by_receipt = get(s, "/console/cases?q=PKY1-261204-1005")->body;
    EXPECT_NE(by_receipt.find("1 berkas"), std::string::npos);
    const auto bad = get(s, "/console/cases?from=04-12-2026");
    EXPECT_EQ(bad->status, 400);
    EXPECT_NE(bad->body.find("YYYY-MM-DD"), std::string::npos);
    const auto today = get(s, "/console/cases?from=2026-12-04&to=2026-12-04")->body;
    EXPECT_NE(today.find("30 berkas"), std::string::npos);
    const auto tomorrow = get(s, "/console/cases?from=2026-12-05")->body;
    EXPECT_NE(tomorrow.find("0 berkas"), std::string::npos);

    // A case opened from the filtered list offers that list's previous and next case: the
    // list is newest first, and the education office's cases are 0, 3, 6, ... 27.
    const std::string list = "unit=Dinas%20Pendidikan";
    const auto listed = get(s, "/console/cases?" + list)->body;
    EXPECT_NE(listed.find("/console/cases/PKY1-261204-1028-0?list=unit%3DDinas%2520Pendidikan"),
              std::string::npos)
        << "the rows link with their list";
    const auto middle =
        get(s, "/console/cases/PKY1-261204-1019-0?list=unit%3DDinas%2520Pendidikan")->body;
    EXPECT_NE(middle.find("4 dari 10"), std::string::npos);
    EXPECT_TRUE(has(middle, R"(href="/console/cases/PKY1-261204-1022-0\?list=[^"]+" rel="prev")"));
    EXPECT_TRUE(has(middle, R"(href="/console/cases/PKY1-261204-1016-0\?list=[^"]+" rel="next")"));
    const auto last =
        get(s, "/console/cases/PKY1-261204-1001-0?list=unit%3DDinas%2520Pendidikan")->body;
    EXPECT_NE(last.find("10 dari 10"), std::string::npos);
    EXPECT_FALSE(has(last, R"(rel="next")"));
}

TEST_F(ConsolePages, DocumentsArePreviewedAndDownloadableAndTheSameNikIsFlagged) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001", true);
    const auto twin = add_case("Siti Rahmawati", "6271014508900001");
    const auto s = sign_in("kasi");
    const auto page = get(s, "/console/cases/" + receipt)->body;
    EXPECT_NE(page.find("NIK yang sama ada pada berkas lain"), std::string::npos);
    EXPECT_NE(page.find("/console/cases/" + twin), std::string::npos);
    const auto d = storage_->case_by_receipt(receipt);
    const std::string ktp = d->payload.attachments[0].sha256, sk = d->payload.attachments[1].sha256;
    const std::string base = "/console/cases/" + receipt + "/files/";
    EXPECT_NE(page.find("<img src=\"" + base + ktp + "\""), std::string::npos);
    EXPECT_NE(page.find(base + sk + "/pages/1.png"), std::string::npos);
    EXPECT_NE(page.find(base + sk + "/pages/2.png"), std::string::npos);
    EXPECT_EQ(page.find(base + sk + "/pages/3.png"), std::string::npos) << "two pages only";

    const auto jpeg = get(s, base + ktp);
    EXPECT_EQ(jpeg->status, 200);
    EXPECT_EQ(jpeg->get_header_value("Content-Type"), "image/jpeg");
    const auto png = get(s, base + sk + "/pages/2.png");
    ASSERT_EQ(png->status, 200);
    EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
    const cv::Mat drawn = cv::imdecode(
        std::vector<std::uint8_t>(png->body.begin(), png->body.end()), cv::IMREAD_COLOR);
    ASSERT_FALSE(drawn.empty());
    EXPECT_EQ(drawn.cols, 800);
    EXPECT_NEAR(static_cast<double>(drawn.rows) / drawn.cols, 1100.0 / 780, 0.02);
    cv::Mat gray;
    cv::cvtColor(drawn, gray, cv::COLOR_BGR2GRAY);
    EXPECT_LT(cv::mean(gray)[0], 254.5) << "page 2's text is drawn";
    const auto full = get(s, base + sk + "/pages/2.png?size=full");
    EXPECT_EQ(cv::imdecode(std::vector<std::uint8_t>(full->body.begin(), full->body.end()),
                           cv::IMREAD_COLOR)
                  .cols,
              1600);
    EXPECT_EQ(get(s, base + sk + "/pages/3.png")->status, 404);
    const auto download = get(s, base + sk + "?download=1");
    EXPECT_EQ(download->get_header_value("Content-Disposition"),
              "attachment; filename=\"" + receipt + "-sk.pdf\"");
    // A file of another case, or of none, is not served under this case.
    EXPECT_EQ(get(s, "/console/cases/" + twin + "/files/" + ktp)->status, 404);
    bool audited = false;
    for (const auto& e : storage_->audit_log(100)) {
        audited =
            audited || (e.action == "file.download" && e.detail.find(sk) != std::string::npos);
    }
    EXPECT_TRUE(audited);
}

TEST_F(ConsolePages, TheVerifierMakesTheLetterAndTheMoveToBsreMakesOneWhenNone) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto id = storage_->case_by_receipt(receipt)->row.case_id;
    using S = domain::CaseStatus;
    const std::vector<std::pair<S, Role>> steps = {{S::kHeadDisposition, Role::kHead},
                                                   {S::kDivisionDisposition, Role::kDivisionHead},
                                                   {S::kSectionVerified, Role::kSectionHead}};
    S from = S::kReceived;
    const auto verif = sign_in("verif");
    const auto head = sign_in("kadis");
    const std::string letter = "/console/cases/" + receipt + "/letter";
    for (const auto& [to, role] : steps) {
        EXPECT_EQ(post(verif, letter, {{"csrf", verif.csrf}})->status, 403)
            << "no letter before the files are verified";
        storage_->move_case(id, from, {to, role, "x", "", {}}, now(), "");
        from = to;
    }
    EXPECT_EQ(post(head, letter, {{"csrf", head.csrf}})->status, 403) << "the verifier's job";
    EXPECT_EQ(post(verif, letter, {{"csrf", "forged"}})->status, 403);
    EXPECT_FALSE(storage_->current_letter(id));
    const auto page = get(verif, "/console/cases/" + receipt)->body;
    EXPECT_TRUE(has(page, R"(<form method="post" action="/console/cases/[^"]+/letter">)"));
    EXPECT_NE(page.find("Buat surat rekomendasi"), std::string::npos);

    const auto made = post(verif, letter, {{"csrf", verif.csrf}});
    ASSERT_EQ(made->status, 303);
    const auto first = storage_->current_letter(id);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->letter_no.rfind("800/001/Diskominfo-SP/XII/2026", 0), 0u) << first->letter_no;
    const auto shown = get(verif, made->get_header_value("Location"))->body;
    EXPECT_NE(shown.find(first->letter_no), std::string::npos);
    EXPECT_NE(shown.find("Surat rekomendasi " + first->letter_no + " dibuat"), std::string::npos);
    const auto png = get(verif, letter + ".png");
    EXPECT_EQ(png->status, 200);
    EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
    const auto pdf = get(verif, letter + ".pdf?download=1");
    EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
    EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
    const auto key = office_signing_key(dir_.path() / "office").public_key();
    const auto file = dir_.path() / "downloaded.pdf";
    platform::write_file_durably(file,
                                 std::vector<std::uint8_t>(pdf->body.begin(), pdf->body.end()));
    EXPECT_TRUE(verify_letter_file(file, key).genuine);

    // Made again: a new number, the old one void and listed.
    ASSERT_EQ(post(verif, letter, {{"csrf", verif.csrf}})->status, 303);
    const auto second = storage_->current_letter(id);
    EXPECT_NE(second->letter_no, first->letter_no);
    const auto again = get(verif, "/console/cases/" + receipt)->body;
    EXPECT_NE(again.find("Dibatalkan"), std::string::npos);
    EXPECT_NE(again.find(first->letter_no), std::string::npos);

    // Another case: the move to sent_to_bsre makes its letter when it has none.
    const auto other = add_case("Budi Santoso", "6271010202900001");
    const auto other_id = storage_->case_by_receipt(other)->row.case_id;
    from = S::kReceived;
    for (const auto& [to, role] : steps) {
        storage_->move_case(other_id, from, {to, role, "x", "", {}}, now(), "");
        from = to;
    }
    EXPECT_EQ(move(verif, other, "sent_to_bsre", "Dikirim", "section_verified")->status, 303);
    ASSERT_TRUE(storage_->current_letter(other_id));
    EXPECT_FALSE(storage_->current_letter(other_id)->pdf.empty());
}

TEST_F(ConsolePages, TheHandoffPageListsBsresFieldsWithCopyButtonsAndTheZip) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001", /*files=*/true);
    const auto id = storage_->case_by_receipt(receipt)->row.case_id;
    using S = domain::CaseStatus;
    const auto verif = sign_in("verif");
    const auto head = sign_in("kadis");
    const std::string handoff = "/console/cases/" + receipt + "/handoff";
    // Before verification the case page has no link; the page itself is the verifier's.
    EXPECT_EQ(get(verif, "/console/cases/" + receipt)->body.find(handoff), std::string::npos);
    S from = S::kReceived;
    for (const auto& [to, role] :
         std::vector<std::pair<S, Role>>{{S::kHeadDisposition, Role::kHead},
                                         {S::kDivisionDisposition, Role::kDivisionHead},
                                         {S::kSectionVerified, Role::kSectionHead}}) {
        storage_->move_case(id, from, {to, role, "x", "", {}}, now(), "");
        from = to;
    }
    EXPECT_NE(get(verif, "/console/cases/" + receipt)->body.find(handoff), std::string::npos);
    EXPECT_EQ(get(head, handoff)->status, 403);
    EXPECT_EQ(get(head, "/console/cases/" + receipt + "/package.zip")->status, 403);

    auto page = get(verif, handoff);
    ASSERT_EQ(page->status, 200);
    // BSrE's order, each a read-only field with its copy button (shown by copy.js).
    std::size_t at = 0;
    for (const char* key : {"nik", "nip", "name", "sex", "email", "phone", "position", "agency",
                            "work_unit", "province", "city", "street"}) {
        const auto next = page->body.find(std::string("id=\"f-") + key + "\"", at);
        ASSERT_NE(next, std::string::npos) << key << " after position " << at;
        at = next;
        EXPECT_NE(page->body.find(std::string("data-copy=\"f-") + key + "\"", at),
                  std::string::npos);
    }
    EXPECT_NE(page->body.find("value=\"Siti Rahmawati\" readonly"), std::string::npos);
    EXPECT_NE(page->body.find("<script src=\"/console/static/copy.js\"></script>"),
              std::string::npos);
    // The case has no selfie, no application letter and no recommendation letter yet.
    EXPECT_NE(page->body.find("Belum lengkap"), std::string::npos);
    EXPECT_NE(page->body.find("Buat surat rekomendasi dulu"), std::string::npos);
    EXPECT_NE(page->body.find("Tidak ada pada berkas"), std::string::npos);
    EXPECT_NE(page->body.find("href=\"" + handoff + "/ktp.jpg\""), std::string::npos);
    const auto ktp = get(verif, handoff + "/ktp.jpg");
    EXPECT_EQ(ktp->status, 200);
    EXPECT_EQ(ktp->get_header_value("Content-Type"), "image/jpeg");
    EXPECT_EQ(get(verif, handoff + "/selfie.jpg")->status, 404);
    EXPECT_EQ(get(verif, handoff + "/other.exe")->status, 404);

    const auto zip = get(verif, "/console/cases/" + receipt + "/package.zip");
    ASSERT_EQ(zip->status, 200);
    EXPECT_EQ(zip->get_header_value("Content-Type"), "application/zip");
    EXPECT_EQ(zip->body.rfind("PK\x03\x04", 0), 0u);
    EXPECT_NE(zip->get_header_value("Content-Disposition").find("bsre-" + receipt + ".zip"),
              std::string::npos);
    const auto audit = storage_->audit_log(10);
    EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [&](const AuditRecord& a) {
        return a.action == "package.download" && a.case_id == id;
    }));
    EXPECT_EQ(zip->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ConsolePages, TheCasePageShowsTheMailAndWarnsTheSectionHeadOfAnUnconfirmedAddress) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001");
    const auto id = storage_->case_by_receipt(receipt)->row.case_id;
    const auto kasi = sign_in("kasi");
    auto body = get(kasi, "/console/cases/" + receipt)->body;
    EXPECT_NE(body.find("E-mail belum diatur"), std::string::npos) << "no [smtp] here";
    EXPECT_EQ(body.find("belum dikonfirmasi. SOP"), std::string::npos) << "not the kasi's step yet";
    storage_->move_case(id, domain::CaseStatus::kReceived,
                        {domain::CaseStatus::kHeadDisposition, Role::kHead, "x", "", {}}, now(),
                        "");
    storage_->move_case(
        id, domain::CaseStatus::kHeadDisposition,
        {domain::CaseStatus::kDivisionDisposition, Role::kDivisionHead, "x", "", {}}, now(), "");
    storage_->add_email_token(platform::sha256_hex("t"), id, now(), "2026-12-18T02:00:00Z");
    body = get(kasi, "/console/cases/" + receipt)->body;
    EXPECT_NE(body.find("alamat e-mail dinas belum dikonfirmasi"), std::string::npos);
    std::string why;
    ASSERT_TRUE(storage_->confirm_email(platform::sha256_hex("t"), now(), &why));
    body = get(kasi, "/console/cases/" + receipt)->body;
    EXPECT_EQ(body.find("alamat e-mail dinas belum dikonfirmasi"), std::string::npos);
    EXPECT_NE(body.find("dikonfirmasi pemohon pada 04-12-2026 09:00 WIB"), std::string::npos);
    // The outbox is the administrator's.
    EXPECT_EQ(get(kasi, "/console/admin/mail")->status, 403);
    const auto admin = sign_in("admin");
    const auto outbox = get(admin, "/console/admin/mail");
    EXPECT_EQ(outbox->status, 200);
    EXPECT_NE(outbox->body.find("Kotak keluar e-mail"), std::string::npos);
}

TEST_F(ConsolePages, AdminPagesAreTheAdministratorsAndManageAccounts) {
    const auto kasi = sign_in("kasi");
    for (const char* path :
         {"/console/admin/staff", "/console/admin/kiosks", "/console/admin/audit"}) {
        EXPECT_EQ(get(kasi, path)->status, 403) << path;
    }
    EXPECT_EQ(post(kasi, "/console/admin/staff",
                   {{"csrf", kasi.csrf}, {"name", "x"}, {"role", "admin"}, {"password", kPassword}})
                  ->status,
              403);
    EXPECT_FALSE(storage_->staff_by_name("x"));

    const auto admin = sign_in("admin");
    EXPECT_EQ(get(admin, "/console/admin/staff")->status, 200);
    const auto weak = post(admin, "/console/admin/staff",
                           {{"csrf", admin.csrf},
                            {"name", "baru"},
                            {"role", "verifier"},
                            {"password", "password123"}});
    EXPECT_EQ(weak->status, 422);
    EXPECT_FALSE(storage_->staff_by_name("baru"));
    const auto added = post(admin, "/console/admin/staff",
                            {{"csrf", admin.csrf},
                             {"name", "baru"},
                             {"role", "verifier"},
                             {"display_name", "Pak Baru"},
                             {"password", "Tumbang Nusa 88"}});
    EXPECT_EQ(added->status, 201);
    EXPECT_NE(added->body.find("Token API"), std::string::npos);
    ASSERT_TRUE(storage_->staff_by_name("baru"));
    EXPECT_EQ(storage_->staff_by_name("baru")->role, Role::kVerifier);

    const auto baru_session = [&] {
        auto c = client();
        return c.Post("/console/login",
                      httplib::Params{{"username", "baru"}, {"password", "Tumbang Nusa 88"}});
    };
    EXPECT_EQ(baru_session()->status, 303);
    EXPECT_EQ(post(admin, "/console/admin/staff/baru/disable", {{"csrf", admin.csrf}})->status,
              200);
    EXPECT_FALSE(storage_->staff_by_name("baru")->active);
    EXPECT_EQ(baru_session()->status, 401);
    EXPECT_EQ(post(admin, "/console/admin/staff/admin/disable", {{"csrf", admin.csrf}})->status,
              422)
        << "not one's own account";
    EXPECT_EQ(post(admin, "/console/admin/staff/baru/enable", {{"csrf", admin.csrf}})->status, 200);
    EXPECT_EQ(post(admin, "/console/admin/staff/baru/password",
                   {{"csrf", admin.csrf}, {"password", "Danau Tahai 2026"}})
                  ->status,
              200);
    EXPECT_EQ(baru_session()->status, 401) << "the old password no longer works";

    const auto kiosks = get(admin, "/console/admin/kiosks")->body;
    EXPECT_NE(kiosks.find("PKY1"), std::string::npos);
    EXPECT_EQ(post(admin, "/console/admin/kiosks/PKY1/retire", {{"csrf", admin.csrf}})->status,
              200);
    EXPECT_FALSE(storage_->kiosk("PKY1")->active);
    const auto audit = get(admin, "/console/admin/audit?action=staff.")->body;
    EXPECT_NE(audit.find("staff.disable"), std::string::npos);
    EXPECT_EQ(audit.find("kiosk.retire"), std::string::npos) << "filtered by action";
}

TEST(ConsoleCatalogue, EveryTextATemplateNamesIsInTheCatalogue) {
    const auto dir = std::filesystem::path(ANJUNGAN_SOURCE_DIR) / "office/console/templates";
    int names = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
        const auto bytes = platform::read_file(f.path());
        const std::string text(bytes.begin(), bytes.end());
        const std::regex key(R"(\{\{t\.([a-z_]+)\}\})");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), key);
             it != std::sregex_iterator(); ++it) {
            ++names;
            // Throws (and fails the test) on an unknown key or a key listed twice.
            for (const auto lang : {domain::Lang::kId, domain::Lang::kEn}) {
                EXPECT_NO_THROW(console::text((*it)[1].str(), lang))
                    << f.path().filename() << ": " << (*it)[1];
            }
        }
    }
    EXPECT_GT(names, 100);
}

TEST_F(ConsolePages, EveryPageRendersInBothLanguages) {
    const auto receipt = add_case("Siti Rahmawati", "6271014508900001", true);
    for (const std::string& lang : std::vector<std::string>{"id", "en"}) {
        const auto s = sign_in("admin", lang);
        for (const std::string& path : std::vector<std::string>{
                 "/console/", "/console/cases", "/console/cases/" + receipt, "/console/admin/staff",
                 "/console/admin/kiosks", "/console/admin/audit", "/console/cases/NOPE-1"}) {
            const auto r = get(s, path);
            ASSERT_TRUE(r) << path;
            EXPECT_TRUE(r->status == 200 || (path == "/console/cases/NOPE-1" && r->status == 404))
                << path << " " << r->status;
            EXPECT_TRUE(has(r->body, "<html lang=\"" + lang + "\">")) << path;
            EXPECT_EQ(r->body.find("{{"), std::string::npos) << path;
        }
        const auto inbox = get(s, "/console/")->body;
        EXPECT_NE(inbox.find(lang == "id" ? "Kotak masuk" : "Inbox"), std::string::npos);
        EXPECT_NE(inbox.find(lang == "id" ? "Admin</span>" : "Administrator</span>"),
                  std::string::npos)
            << "the role in the visit's language";
        const auto filtered = get(s, "/console/cases?status=received&q=Siti")->body;
        EXPECT_NE(filtered.find("back=%2Fconsole%2Fcases%3Fstatus%3Dreceived%26q%3DSiti"),
                  std::string::npos)
            << "the language switch comes back to the same list";
        // After a form, it comes back to the form's page, not to the POST's URL.
        const auto refused = post(s, "/console/admin/staff/admin/disable", {{"csrf", s.csrf}});
        EXPECT_NE(refused->body.find("back=%2Fconsole%2Fadmin%2Fstaff\""), std::string::npos);
    }
    auto c = client();
    const auto sw = c.Get("/console/lang?to=en&back=/console/cases");
    EXPECT_EQ(sw->status, 303);
    EXPECT_EQ(sw->get_header_value("Location"), "/console/cases");
    EXPECT_NE(sw->get_header_value("Set-Cookie").find("anjungan_lang=en"), std::string::npos);
    const auto missing = c.Get("/console/no-such-page");
    EXPECT_EQ(missing->status, 404);
    EXPECT_NE(missing->body.find("Halaman tidak ditemukan"), std::string::npos);
    EXPECT_EQ(missing->get_header_value("Cache-Control"), "no-store");
    for (const char* evil : {"https://evil.example/", "//evil.example/", "/console/\r\nX: y"}) {
        const auto r = c.Get(std::string("/console/lang?to=en&back=") +
                             httplib::detail::encode_query_param(evil));
        EXPECT_EQ(r->get_header_value("Location"), "/console/") << evil;
    }
}

}  // namespace
}  // namespace anjungan::office
