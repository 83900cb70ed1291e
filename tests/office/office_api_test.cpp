// The office's JSON APIs over real HTTP on loopback (cpp-httplib client against the
// OfficeServer): the staff API's tokens, its checks of every field of a move, which blobs it
// serves; what the unauthenticated health endpoint tells whom; who the request log names.
// The console's pages are in console_pages_test.cpp, the kiosk's side of sync in sync_test.cpp.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

#include "anjungan/office/accounts.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/protocol.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class OfficeApi : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path() / "office");
        blobs_ = std::make_unique<BlobStore>(dir_.path() / "office");
        storage_->add_kiosk("PKY1", kiosk_key_.public_key_text(), now());
        for (const auto& [name, role] :
             std::vector<std::pair<std::string, Role>>{{"kadis", Role::kHead},
                                                       {"kasi", Role::kSectionHead},
                                                       {"verif", Role::kVerifier}}) {
            NewStaff n;
            n.name = name;
            n.role = role;
            n.token_hash = platform::sha256_hex("t-" + name);
            n.token_expires_at = platform::format_utc(clock_.now() + 24h * 30);
            storage_->add_staff(n, now());
        }
        ServerOptions o;
        o.port = 0;
        o.threads = 4;
        o.data_dir = (dir_.path() / "office").string();
        server_ = std::make_unique<OfficeServer>(o, *storage_, *blobs_, clock_);
        port_ = server_->start();
    }
    void TearDown() override { server_.reset(); }

    std::string now() const { return platform::format_utc(clock_.now()); }

    httplib::Result get(const std::string& path, const std::string& token = "") {
        httplib::Client c("127.0.0.1", port_);
        httplib::Headers h;
        if (!token.empty()) {
            h.emplace("Authorization", "Bearer " + token);
        }
        return c.Get(path.c_str(), h);
    }
    httplib::Result advance(const std::string& receipt, const std::string& body,
                            const std::string& token = "t-kadis") {
        httplib::Client c("127.0.0.1", port_);
        return c.Post(("/v1/staff/cases/" + receipt + "/advance").c_str(),
                      httplib::Headers{{"Authorization", "Bearer " + token}}, body,
                      "application/json");
    }

    // Stores a blob as a kiosk would have uploaded it; returns its hash.
    std::string blob(const std::string& content) {
        const platform::Bytes data(content.begin(), content.end());
        const std::string sha = platform::sha256_hex(data);
        EXPECT_EQ(blobs_->append(sha, 0, data.size(), data).result, BlobStore::Patch::Result::kOk);
        return sha;
    }

    // A received case with one KTP blob; returns its receipt number.
    std::string add_case(const std::string& ktp_sha) {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261204-" + std::to_string(1000 + ++cases_) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = now();
        c.applicant = json(test::good_applicant());
        c.attachments.push_back({"ktp", 1, ktp_sha, 3, "image/jpeg"});
        storage_->accept_case(c, "sig", "body", now(), "",
                              [](std::int64_t) { return std::string("{}"); });
        return c.receipt_no;
    }

    test::TempDir dir_;
    platform::FixedClock clock_{platform::TimePoint{} + std::chrono::seconds(1796353200)};
    platform::SigningKey kiosk_key_ = platform::SigningKey::generate();
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<OfficeServer> server_;
    int port_ = 0;
    int cases_ = 0;
};

// The storage's side is in accounts_test.cpp; here the API's: the very next request is refused.
TEST_F(OfficeApi, ADisabledOrExpiredTokenIsRefusedAtOnce) {
    ASSERT_EQ(get("/v1/staff/cases", "t-verif")->status, 200);
    ASSERT_TRUE(storage_->set_staff_active("verif", false, "operator", now()));
    const auto disabled = get("/v1/staff/cases", "t-verif");
    EXPECT_EQ(disabled->status, 401);
    EXPECT_EQ(disabled->get_header_value("X-Anjungan-Error"), "bad_token");

    ASSERT_EQ(get("/v1/staff/cases", "t-kasi")->status, 200);
    clock_.advance(24h * 30);  // the token's last second has passed
    EXPECT_EQ(get("/v1/staff/cases", "t-kasi")->status, 401);
    EXPECT_EQ(get("/v1/staff/cases")->status, 401);
}

TEST_F(OfficeApi, OnlyBlobsOfACaseAreServedAndEachReadIsAudited) {
    const std::string ktp = blob("KTP");
    const std::string orphan = blob("uploaded, never part of a case");
    const auto receipt = add_case(ktp);
    const auto d = storage_->case_by_receipt(receipt);

    const auto served = get("/v1/staff/blobs/" + ktp, "t-verif");
    ASSERT_EQ(served->status, 200);
    EXPECT_EQ(served->body, "KTP");
    const auto refused = get("/v1/staff/blobs/" + orphan, "t-verif");
    EXPECT_EQ(refused->status, 404);
    EXPECT_EQ(refused->body.find("uploaded"), std::string::npos);
    EXPECT_EQ(get("/v1/staff/blobs/" + std::string(64, 'e'), "t-verif")->status, 404);
    EXPECT_EQ(get("/v1/staff/blobs/" + ktp)->status, 401);

    int reads = 0;
    for (const auto& e : storage_->audit_log(100)) {
        if (e.action == "blob.view") {
            ++reads;
            EXPECT_EQ(e.actor, "verif");
            EXPECT_EQ(e.case_id, d->row.case_id);
            EXPECT_EQ(e.detail, ktp);
        }
    }
    EXPECT_EQ(reads, 1);
}

TEST_F(OfficeApi, AMoveWithAFieldOfTheWrongTypeOrShapeIsRefusedNamingIt) {
    const auto receipt = add_case(blob("KTP"));
    const auto refused_field = [&](const std::string& body) {
        const auto r = advance(receipt, body);
        EXPECT_EQ(r->status, 400) << body << " -> " << r->body;
        EXPECT_EQ(r->get_header_value("X-Anjungan-Error"), "bad_request") << body;
        const auto j = json::parse(r->body, nullptr, false);
        EXPECT_EQ(j.value("error", ""), "bad_request") << body;
        return j.value("field", "");
    };
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","note":123})"), "note");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","note":null})"), "note");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","reasons":"notalist"})"), "reasons");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","reasons":{"a":1}})"), "reasons");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","reasons":["ok",7]})"), "reasons[1]");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","reasons":[""]})"), "reasons[0]");
    EXPECT_EQ(refused_field(R"({"to":"head_disposition","reason":["typo"]})"), "reason");
    EXPECT_EQ(refused_field(R"({"to":7})"), "to");
    EXPECT_EQ(refused_field(R"({"note":"no target"})"), "to");
    EXPECT_EQ(refused_field(R"(["to","head_disposition"])"), "body");
    EXPECT_EQ(refused_field("not json"), "body");
    EXPECT_EQ(
        refused_field(R"({"to":"head_disposition","note":")" + std::string(2001, 'x') + "\"}"),
        "note");
    EXPECT_EQ(storage_->case_by_receipt(receipt)->row.status, domain::CaseStatus::kReceived)
        << "no refused body moved the case";
    EXPECT_EQ(get("/v1/staff/cases?overdue=yes", "t-kadis")->status, 400);
    EXPECT_EQ(get("/v1/staff/cases?overdue=1", "t-kadis")->status, 200);

    const auto moved =
        advance(receipt, R"({"to":"head_disposition","note":"lanjut","reasons":[]})");
    EXPECT_EQ(moved->status, 200) << moved->body;
    EXPECT_EQ(storage_->case_by_receipt(receipt)->row.status, domain::CaseStatus::kHeadDisposition);
}

TEST_F(OfficeApi, HealthTellsAnonymousCallersOnlyThatTheOfficeIsWell) {
    add_case(blob("KTP"));
    const auto anonymous = get("/v1/health");
    ASSERT_EQ(anonymous->status, 200);
    const auto a = json::parse(anonymous->body);
    EXPECT_EQ(a, (json{{"ok", true}, {"status", "ok"}, {"service", "anjungan-office"}}));
    EXPECT_EQ(json::parse(get("/v1/health", "not-a-token")->body), a);

    const auto staff = json::parse(get("/v1/health", "t-kadis")->body);
    EXPECT_EQ(staff["ok"], true);
    EXPECT_EQ(staff["cases"], 1);
    EXPECT_EQ(staff["kiosks"], 1);
    EXPECT_TRUE(staff.contains("free_disk_bytes"));
}

// The request log's lines, caught from spdlog's default logger.
class LogCapture {
  public:
    LogCapture() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        sink->set_pattern("%v");
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
        spdlog::set_level(spdlog::level::info);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    // Waits a little for a line with `text` (the server logs after it answered).
    bool has(const std::string& text) {
        for (int i = 0; i < 100; ++i) {
            spdlog::default_logger()->flush();
            if (out_.str().find(text) != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }
    std::string text() { return out_.str(); }

  private:
    std::ostringstream out_;
    std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(OfficeApi, TheRequestLogNamesAKioskOnlyOnceItsSignatureVerified) {
    LogCapture log;
    const auto signed_get = [&](const std::string& kiosk, const platform::SigningKey& key) {
        const std::string date = now();
        const std::string path = "/v1/status?since=0";
        const std::string text = sync::request_signing_text(
            "GET", path, date, platform::sha256_hex(platform::Bytes{}), "", "", "");
        const auto sig =
            key.sign({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        httplib::Client c("127.0.0.1", port_);
        return c
            .Get(path.c_str(), httplib::Headers{{std::string(sync::kHeaderKiosk), kiosk},
                                                {std::string(sync::kHeaderDate), date},
                                                {std::string(sync::kHeaderSignature),
                                                 platform::base64url({sig.data(), sig.size()})}})
            ->status;
    };
    const auto stranger = platform::SigningKey::generate();
    EXPECT_EQ(signed_get("PKY9", stranger), 401);  // not registered
    EXPECT_EQ(signed_get("PKY1", stranger), 401);  // registered, not its key
    EXPECT_TRUE(log.has("\"status\":401"));
    EXPECT_EQ(signed_get("PKY1", kiosk_key_), 200);
    EXPECT_TRUE(log.has("\"by\":\"kiosk PKY1\""));
    EXPECT_EQ(log.text().find("kiosk PKY9"), std::string::npos) << log.text();
    int named = 0;
    for (std::size_t at = 0;
         (at = log.text().find("\"by\":\"kiosk PKY1\"", at)) != std::string::npos; ++at) {
        ++named;
    }
    EXPECT_EQ(named, 1) << "the wrongly signed request is nobody's: " << log.text();
}

}  // namespace
}  // namespace anjungan::office
