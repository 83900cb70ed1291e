// The office's SOP workflow (who may move a case where, with what) and the protocol's shapes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "anjungan/office/service.hpp"
#include "anjungan/office/workflow.hpp"
#include "anjungan/sync/protocol.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using domain::CaseStatus;
using S = CaseStatus;

Move move(S to, Role role, std::vector<std::string> reasons = {}, std::string note = "") {
    return {to, role, "Tester", std::move(note), std::move(reasons)};
}

TEST(Workflow, EachSopStepBelongsToItsRole) {
    EXPECT_EQ(check_move(S::kReceived, move(S::kHeadDisposition, Role::kHead)), "");
    EXPECT_EQ(check_move(S::kHeadDisposition, move(S::kDivisionDisposition, Role::kDivisionHead)),
              "");
    EXPECT_EQ(check_move(S::kDivisionDisposition, move(S::kSectionVerified, Role::kSectionHead)),
              "");
    EXPECT_EQ(check_move(S::kSectionVerified, move(S::kSentToBsre, Role::kVerifier)), "");
    EXPECT_EQ(check_move(S::kSentToBsre, move(S::kBsreRegistration, Role::kVerifier)), "");
    EXPECT_EQ(check_move(S::kBsreRegistration, move(S::kIssued, Role::kVerifier)), "");
    std::string code;
    EXPECT_NE(check_move(S::kReceived, move(S::kHeadDisposition, Role::kVerifier), &code), "");
    EXPECT_EQ(code, "role");
    EXPECT_NE(check_move(S::kSectionVerified, move(S::kSentToBsre, Role::kHead), &code), "");
    EXPECT_EQ(code, "role");
}

TEST(Workflow, StepsCannotBeSkippedAndFinalStatusesStay) {
    std::string code;
    EXPECT_NE(check_move(S::kReceived, move(S::kSentToBsre, Role::kAdmin), &code), "");
    EXPECT_EQ(code, "transition");
    EXPECT_NE(check_move(S::kIssued, move(S::kReturned, Role::kAdmin, {"x"}), &code), "");
    EXPECT_EQ(code, "transition");
    EXPECT_NE(check_move(S::kRejected, move(S::kReceived, Role::kAdmin), &code).find("final"),
              std::string::npos);
}

TEST(Workflow, ReturningNeedsReasonsAndRejectingANote) {
    std::string code;
    EXPECT_NE(check_move(S::kDivisionDisposition, move(S::kReturned, Role::kSectionHead), &code),
              "");
    EXPECT_EQ(code, "reasons");
    EXPECT_NE(
        check_move(S::kDivisionDisposition, move(S::kReturned, Role::kSectionHead, {""}), &code),
        "");
    EXPECT_EQ(
        check_move(S::kDivisionDisposition, move(S::kReturned, Role::kSectionHead, {"KTP buram"})),
        "");
    EXPECT_NE(check_move(S::kReceived, move(S::kRejected, Role::kHead), &code), "");
    EXPECT_EQ(check_move(S::kReceived, move(S::kRejected, Role::kHead, {}, "bukan ASN")), "");
    Move nobody = move(S::kHeadDisposition, Role::kHead);
    nobody.actor.clear();
    EXPECT_NE(check_move(S::kReceived, nobody, &code), "");
    EXPECT_EQ(code, "actor");
}

TEST(Workflow, DeadlinesFollowTheServiceStandard) {
    const auto t0 = platform::TimePoint{} + std::chrono::hours(24 * 365 * 56);
    EXPECT_EQ(deadline_for(S::kReceived, t0, "", WorkingTime::always()),
              platform::format_utc(t0 + std::chrono::minutes(10)));
    EXPECT_EQ(deadline_for(S::kDivisionDisposition, t0, "", WorkingTime::always()),
              platform::format_utc(t0 + std::chrono::minutes(15)));
    // Step 3 is one deadline for the section head and the verifier.
    EXPECT_EQ(deadline_for(S::kSectionVerified, t0, "2026-01-01T00:00:00Z", WorkingTime::always()),
              "2026-01-01T00:00:00Z");
    EXPECT_EQ(deadline_for(S::kSentToBsre, t0, "", WorkingTime::always()),
              platform::format_utc(t0 + std::chrono::hours(24)));
    EXPECT_EQ(deadline_for(S::kReturned, t0, "x", WorkingTime::always()), "");
    EXPECT_EQ(deadline_for(S::kIssued, t0, "x", WorkingTime::always()), "");
}

TEST(Workflow, RoleCodesRoundTrip) {
    for (const auto r : all_roles()) {
        EXPECT_EQ(role_from_code(to_code(r)), r);
    }
    EXPECT_FALSE(role_from_code("kepala"));
}

TEST(Storage, MovesAreComparedAndSetAuditedAndFedInOrder) {
    test::TempDir dir;
    auto storage = open_sqlite_storage(dir.path());
    storage->add_kiosk("PKY1", std::string(43, 'A'), "2026-11-24T00:00:00Z");
    sync::CasePayload c;
    c.case_id = platform::new_uuid_v4();
    c.receipt_no = "PKY1-261124-0001-X";
    c.kiosk_id = "PKY1";
    c.created_at = "2026-11-24T00:00:00Z";
    c.attachments.push_back({"ktp", 1, std::string(64, 'a'), 10, "image/jpeg"});
    const auto acc = storage->accept_case(c, "sig", "h1", "2026-11-24T00:00:01Z", "",
                                          [](std::int64_t seq) { return std::to_string(seq); });
    EXPECT_FALSE(acc.replay);
    const auto again = storage->accept_case(c, "sig", "h1", "2026-11-24T00:00:02Z", "",
                                            [](std::int64_t) { return std::string("other"); });
    EXPECT_TRUE(again.replay);
    EXPECT_EQ(again.answer.body, acc.answer.body);

    const platform::SystemClock clock;
    auto r = advance_case(*storage, c.receipt_no, move(S::kHeadDisposition, Role::kHead),
                          clock.now(), WorkingTime::always());
    EXPECT_EQ(r.http, 200) << r.message;
    // A second head disposition: the case moved on, so the SOP refuses it.
    r = advance_case(*storage, c.receipt_no, move(S::kHeadDisposition, Role::kHead), clock.now(),
                     WorkingTime::always());
    EXPECT_EQ(r.http, 409);
    EXPECT_EQ(advance_case(*storage, "PKY1-261124-0009-X", move(S::kIssued, Role::kAdmin),
                           clock.now(), WorkingTime::always())
                  .http,
              404);
    // Compare and set: a stale "from" changes nothing.
    EXPECT_FALSE(storage->move_case(c.case_id, S::kReceived,
                                    move(S::kReturned, Role::kAdmin, {"x"}), "t", ""));
    const auto page = storage->feed("PKY1", 0, 10);
    ASSERT_EQ(page.changes.size(), 2u);
    EXPECT_LT(page.changes[0].seq, page.changes[1].seq);
    EXPECT_EQ(page.changes[1].status, "head_disposition");
    EXPECT_EQ(storage->feed("PKY1", page.next, 10).changes.size(), 0u);
    EXPECT_EQ(storage->feed("PKY2", 0, 10).changes.size(), 0u);  // another kiosk sees nothing
    const auto small = storage->feed("PKY1", 0, 1);
    EXPECT_TRUE(small.more);
    EXPECT_EQ(small.next, page.changes[0].seq);
    const auto d = storage->case_by_receipt(c.receipt_no);
    ASSERT_TRUE(d);
    EXPECT_GE(d->audit.size(), 2u);  // accepted, moved
    const auto json = case_row_json(d->row, clock.now());
    for (const char* key : {"case_id", "receipt_no", "kiosk_id", "status", "blobs"}) {
        EXPECT_TRUE(json.contains(key)) << key;
    }
    EXPECT_EQ(json["blobs"][0], std::string(64, 'a'));
}

// The database holds every applicant's data: the owner's only, whatever the umask, its WAL and
// shared-memory files too.
TEST(Storage, TheDatabaseAndItsFolderAreTheOwnersOnly) {
    test::TempDir dir;
    const mode_t previous = ::umask(022);
    {
        auto storage = open_sqlite_storage(dir.path() / "office");
        storage->add_kiosk("PKY1", std::string(43, 'A'), "2026-11-24T00:00:00Z");
        namespace fs = std::filesystem;
        const auto mode = [](const fs::path& p) {
            return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::all);
        };
        EXPECT_EQ(mode(dir.path() / "office"), 0700u);
        for (const char* name : {"office.db", "office.db-wal", "office.db-shm"}) {
            const auto p = dir.path() / "office" / name;
            ASSERT_TRUE(fs::exists(p)) << name;
            EXPECT_EQ(mode(p), 0600u) << name;
        }
    }
    // One made by an older version, 0644: tightened when it is opened.
    std::filesystem::permissions(
        dir.path() / "office" / "office.db",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
            std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    open_sqlite_storage(dir.path() / "office");
    EXPECT_EQ(std::filesystem::status(dir.path() / "office" / "office.db").permissions() &
                  std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    ::umask(previous);
}

TEST(Protocol, AcceptanceMustBeExactlyTheOfficesAnswer) {
    const sync::CaseAck ack{"c1", "R", "received", "t", 5};
    const std::string body = sync::to_json(ack).dump();
    EXPECT_TRUE(sync::parse_case_ack(body, "c1"));
    EXPECT_FALSE(sync::parse_case_ack(body, "c2"));
    EXPECT_FALSE(sync::parse_case_ack("<html>portal</html>", "c1"));
    EXPECT_FALSE(sync::parse_case_ack("{}", "c1"));
    EXPECT_FALSE(sync::parse_case_ack(R"({"result":"accepted","case_id":"c1"})", "c1"));
    EXPECT_EQ(sync::classify(503), sync::Verdict::kRetry);
    EXPECT_EQ(sync::classify(409), sync::Verdict::kRetry);
    EXPECT_EQ(sync::classify(404), sync::Verdict::kRetry);
    EXPECT_EQ(sync::classify(401), sync::Verdict::kUnregistered);
    EXPECT_EQ(sync::classify(422), sync::Verdict::kRefused);
    EXPECT_EQ(sync::classify(400), sync::Verdict::kRefused);
}

TEST(Protocol, SignedCaseBodiesAreStableAndVerifiable) {
    const auto key = platform::SigningKey::generate();
    sync::CasePayload c;
    c.case_id = "id";
    c.applicant = {{"nik", "1"}, {"email", "a@b.go.id"}};
    const auto b1 = sync::signed_case_body(c, key);
    EXPECT_EQ(b1, sync::signed_case_body(c, key));  // deterministic: replays are identical
    const auto parsed = nlohmann::json::parse(b1);
    const auto back = sync::case_from_json(parsed["case"]);
    const std::string text = sync::case_signing_text(back);
    const auto sig = platform::from_base64url(parsed["signature"].get<std::string>());
    const auto pub = key.public_key();
    EXPECT_TRUE(platform::verify_signature(
        pub, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, *sig));
    c.applicant["nik"] = "2";
    const std::string other = sync::case_signing_text(c);
    EXPECT_FALSE(platform::verify_signature(
        pub, {reinterpret_cast<const std::uint8_t*>(other.data()), other.size()}, *sig));
    EXPECT_THROW(sync::case_from_json(nlohmann::json::object()), sync::ProtocolError);
}

}  // namespace
}  // namespace anjungan::office
