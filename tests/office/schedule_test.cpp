// The schedule book (office/schedule.hpp): the iCalendar file (structure, escaping, folding at
// 75 octets without splitting a UTF-8 character, UTC times, CRLF), a session's capacity under
// concurrent assignments, moving an applicant, the CSV export, the console's pages over HTTP
// (forms, roles, a full session, bad input), and the invitation end to end through a real SMTP
// server (python3-aiosmtpd on loopback). Time comes from a FixedClock.
#include "anjungan/office/schedule.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <regex>
#include <thread>

#include "anjungan/office/accounts.hpp"
#include "anjungan/office/csv.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "smtp_server.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using S = domain::CaseStatus;
using O = Storage::ScheduleAssign::Outcome;

constexpr char kPassword[] = "Sungai Kahayan 7";

std::vector<std::string> lines_of(const std::string& ics) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < ics.size()) {
        const auto end = ics.find("\r\n", at);
        EXPECT_NE(end, std::string::npos) << "every line ends in CRLF";
        if (end == std::string::npos) {
            break;
        }
        out.push_back(ics.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

// The content lines with their folds undone.
std::vector<std::string> unfolded(const std::string& ics) {
    std::vector<std::string> out;
    for (const auto& l : lines_of(ics)) {
        if (!l.empty() && l[0] == ' ' && !out.empty()) {
            out.back() += l.substr(1);
        } else {
            out.push_back(l);
        }
    }
    return out;
}

std::string value_of(const std::vector<std::string>& lines, const std::string& name) {
    for (const auto& l : lines) {
        if (l.rfind(name + ":", 0) == 0 || l.rfind(name + ";", 0) == 0) {
            return l.substr(l.find(':') + 1);
        }
    }
    return "";
}

// True when `s` holds whole UTF-8 characters only (none cut at either end).
bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80         ? 0
                              : (c >> 5) == 6  ? 1
                              : (c >> 4) == 14 ? 2
                              : (c >> 3) == 30 ? 3
                                               : 9;
        if (n == 9 || i + n >= s.size() + (n == 0 ? 1 : 0)) {
            return false;  // not a lead octet, or the character is cut at the end
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

ScheduleSession monday_session(int capacity = 5) {
    ScheduleSession s;
    s.starts_at = "2026-12-07T02:00:00Z";  // 09:00 WIB
    s.ends_at = "2026-12-07T04:00:00Z";    // 11:00 WIB
    s.place = "Ruang Rapat Diskominfo, Lt. 2; Jl. Tjilik Riwut Km. 5,5";
    s.capacity = capacity;
    return s;
}

TEST(ScheduleIcs, TextIsEscapedAndLinesFoldAt75OctetsWithoutSplittingACharacter) {
    EXPECT_EQ(ics_escape("a\\b,c;d\ne\r\nf"), "a\\\\b\\,c\\;d\\ne\\nf");
    // 73 ASCII octets, then "é" (2 octets) would end at octet 75 exactly; "ä" after it crosses.
    const std::string head = "DESCRIPTION:" + std::string(61, 'x');  // 73 octets
    const std::string line = head + "\xC3\xA9\xC3\xA4" + std::string(100, 'y') + "\xE2\x82\xAC";
    const std::string folded = ics_fold(line);
    const auto parts = lines_of(folded);
    ASSERT_GE(parts.size(), 2u);
    EXPECT_EQ(parts[0].size(), 75u);
    EXPECT_EQ(parts[0].substr(73), "\xC3\xA9");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        EXPECT_LE(parts[i].size(), 75u) << i;
        EXPECT_TRUE(valid_utf8(parts[i].substr(i ? 1 : 0)))
            << "line " << i << " splits a character";
        if (i) {
            EXPECT_EQ(parts[i][0], ' ');
        }
    }
    // One octet further: the 2-octet character would straddle octet 75, so it moves down.
    const std::string edge = "DESCRIPTION:" + std::string(62, 'x') + "\xC3\xA9" + "tail";
    const auto e = lines_of(ics_fold(edge));
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].size(), 74u);
    EXPECT_EQ(e[1], " \xC3\xA9tail");
    EXPECT_EQ(unfolded(folded)[0], line);
    EXPECT_EQ(lines_of(ics_fold("SHORT:1")).size(), 1u);
}

TEST(ScheduleIcs, TheInvitationIsAnRfc5545RequestWithUtcTimesAndItsPeople) {
    MailConfig mail;
    mail.smtp.from = "Diskominfo Palangka Raya <noreply@palangkaraya.go.id>";
    Invitation inv;
    inv.session = monday_session();
    inv.session.id = 12;
    inv.session.revision = 2;
    inv.session.note = "Bawa laptop; bila ada, \"token\" juga\nRuang 2";
    inv.case_id = "5f0c1d7e-0000-4000-8000-000000000001";
    inv.receipt_no = "PKY1-261204-1001-0";
    inv.name = "Siti Aminah";
    inv.email = "siti.aminah@palangkaraya.go.id";
    const auto now = platform::utc_time(2026, 12, 4, 2, 30, 15);
    const std::string ics = invitation_ics(mail, inv, now);
    ASSERT_GE(ics.size(), 2u);
    EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
    for (const auto& l : lines_of(ics)) {
        EXPECT_LE(l.size(), 75u) << l;
        EXPECT_EQ(l.find('\n'), std::string::npos);
    }
    const auto lines = unfolded(ics);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    EXPECT_FALSE(value_of(lines, "PRODID").empty());
    EXPECT_EQ(value_of(lines, "VERSION"), "2.0");
    EXPECT_EQ(value_of(lines, "METHOD"), "REQUEST");
    EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT"), 1);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), "END:VEVENT"), 1);
    EXPECT_EQ(value_of(lines, "UID"),
              "schedule-12-5f0c1d7e-0000-4000-8000-000000000001@palangkaraya.go.id");
    EXPECT_EQ(value_of(lines, "SEQUENCE"), "2");
    EXPECT_EQ(value_of(lines, "DTSTAMP"), "20261204T023015Z");
    EXPECT_EQ(value_of(lines, "DTSTART"), "20261207T020000Z");
    EXPECT_EQ(value_of(lines, "DTEND"), "20261207T040000Z");
    EXPECT_EQ(value_of(lines, "LOCATION"),
              "Ruang Rapat Diskominfo\\, Lt. 2\\; Jl. Tjilik Riwut Km. 5\\,5");
    const std::string description = value_of(lines, "DESCRIPTION");
    EXPECT_NE(description.find("Bawa laptop\\; bila ada\\, \"token\" juga\\nRuang 2"),
              std::string::npos)
        << description;
    EXPECT_NE(description.find("PKY1-261204-1001-0"), std::string::npos);
    EXPECT_NE(
        std::find(lines.begin(), lines.end(),
                  "ORGANIZER;CN=\"Diskominfo Palangka Raya\":mailto:noreply@palangkaraya.go.id"),
        lines.end());
    const std::string mailto = ":mailto:siti.aminah@palangkaraya.go.id";
    bool attendee = false;
    for (const auto& l : lines) {
        attendee = attendee ||
                   (l.rfind("ATTENDEE;CN=\"Siti Aminah\";", 0) == 0 && l.size() > mailto.size() &&
                    l.compare(l.size() - mailto.size(), mailto.size(), mailto) == 0);
    }
    EXPECT_TRUE(attendee) << ics;
    // The same session and applicant keep their UID; a cancellation says so and counts up.
    inv.cancel = true;
    const auto cancelled = unfolded(invitation_ics(mail, inv, now));
    EXPECT_EQ(value_of(cancelled, "METHOD"), "CANCEL");
    EXPECT_EQ(value_of(cancelled, "STATUS"), "CANCELLED");
    EXPECT_EQ(value_of(cancelled, "SEQUENCE"), "3");
    EXPECT_EQ(value_of(cancelled, "UID"), value_of(lines, "UID"));
}

TEST(ScheduleIcs, LocalDatesAndTimesBecomeUtcAndNonsenseIsRefused) {
    EXPECT_EQ(platform::format_utc(*local_to_utc("2026-12-07", "09:00", 420)),
              "2026-12-07T02:00:00Z");
    EXPECT_EQ(platform::format_utc(*local_to_utc("2026-12-07", "06:30", 420)),
              "2026-12-06T23:30:00Z");
    for (const auto& [d, t] :
         std::vector<std::pair<std::string, std::string>>{{"2026-02-30", "09:00"},
                                                          {"2026-12-07", "25:00"},
                                                          {"2026-12-07", "9:00"},
                                                          {"07-12-2026", "09:00"},
                                                          {"2026-12-07", "09:60"},
                                                          {"2026-12-07", "09:0a"},
                                                          {"", ""}}) {
        EXPECT_FALSE(local_to_utc(d, t, 420)) << d << " " << t;
    }
}

// Storage and the console share one office with cases waiting for step 4.
class Schedule : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path() / "office");
        blobs_ = std::make_unique<BlobStore>(dir_.path() / "office");
        storage_->add_kiosk("PKY1", "unused-key", now());
        mail_ = test::loopback_mail_config();
    }
    void TearDown() override { server_.reset(); }

    std::string now() const { return platform::format_utc(clock_.now()); }

    // A case as a kiosk sent it, moved on to `status`.
    CaseDetail add_case(S status = S::kSentToBsre, const std::string& name = "Siti Aminah") {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261204-" + std::to_string(1000 + ++cases_) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = now();
        auto a = test::good_applicant("6271014508900001");
        a.full_name = "Dr. " + name + ", S.Kom.";
        a.certificate_name = name;
        a.email = "pemohon" + std::to_string(cases_) + "@palangkaraya.go.id";
        c.applicant = json(a);
        storage_->accept_case(c, "sig", "body", now(), "",
                              [](std::int64_t) { return std::string("{}"); });
        S at = S::kReceived;
        for (const S to : {S::kHeadDisposition, S::kDivisionDisposition, S::kSectionVerified,
                           S::kSentToBsre, S::kBsreRegistration}) {
            if (at == status) {
                break;
            }
            EXPECT_TRUE(storage_->move_case(c.case_id, at, Move{to, Role::kAdmin, "staff", "", {}},
                                            now(), ""));
            at = to;
        }
        return *storage_->case_by_receipt(c.receipt_no);
    }

    void start_server(bool with_mail = false) {
        for (const auto& [name, role] :
             std::vector<std::pair<std::string, Role>>{{"kadis", Role::kHead},
                                                       {"kasi", Role::kSectionHead},
                                                       {"verif", Role::kVerifier}}) {
            storage_->add_staff(
                NewStaff{name, role, "Bu " + name, platform::sha256_hex("t-" + name), "",
                         hash_password(kPassword)},
                now());
        }
        ServerOptions o;
        o.port = 0;
        o.threads = 4;
        o.data_dir = (dir_.path() / "office").string();
        if (with_mail) {
            o.mail = mail_;
        }
        server_ = std::make_unique<OfficeServer>(o, *storage_, *blobs_, clock_);
        port_ = server_->start();
    }
    httplib::Client client() {
        httplib::Client c("127.0.0.1", port_);
        c.set_follow_location(false);
        return c;
    }
    struct Session {
        std::string cookie, csrf;
    };
    Session sign_in(const std::string& name) {
        auto c = client();
        const auto r =
            c.Post("/console/login", httplib::Params{{"username", name}, {"password", kPassword}});
        EXPECT_TRUE(r && r->status == 303);
        const std::string set = r->get_header_value("Set-Cookie");
        Session s{set.substr(0, set.find(';')), ""};
        const auto page = get(s, "/console/schedule");
        std::smatch m;
        EXPECT_TRUE(
            std::regex_search(page->body, m, std::regex(R"(name="csrf" value="([^"]+)\")")));
        s.csrf = m[1];
        return s;
    }
    httplib::Result get(const Session& s, const std::string& path) {
        return client().Get(path, httplib::Headers{{"Cookie", s.cookie}});
    }
    httplib::Result post(const Session& s, const std::string& path, httplib::Params p) {
        p.emplace("csrf", s.csrf);
        return client().Post(path, httplib::Headers{{"Cookie", s.cookie}}, p);
    }
    httplib::Params session_form(const std::string& start = "09:00",
                                 const std::string& end = "11:00",
                                 const std::string& capacity = "5") {
        return {{"date", "2026-12-07"},         {"start", start},       {"end", end},
                {"place", "Ruang Rapat Lt. 2"}, {"capacity", capacity}, {"note", ""}};
    }

    test::TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 12, 4, 2)};  // Friday 09:00 WIB
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<OfficeServer> server_;
    MailConfig mail_;
    int port_ = 0;
    int cases_ = 0;
};

TEST_F(Schedule, AFullSessionRefusesUnderTwentyConcurrentAssignments) {
    const auto s = storage_->add_schedule_session(monday_session(5), "verif (verifier)", now());
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) {
        ids.push_back(add_case().row.case_id);
    }
    std::atomic<int> assigned{0}, full{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (const auto& id : ids) {
        threads.emplace_back([&, id] {
            while (!go) {
                std::this_thread::yield();
            }
            const auto r = storage_->assign_schedule(s.id, id, "verif (verifier)", now());
            (r.outcome == O::kAssigned ? assigned : r.outcome == O::kFull ? full : other)++;
        });
    }
    go = true;
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(assigned, 5);
    EXPECT_EQ(full, 15);
    EXPECT_EQ(other, 0);
    EXPECT_EQ(storage_->schedule_assignments(s.id).size(), 5u);
    EXPECT_EQ(storage_->schedule_session(s.id)->places_left(), 0);
    AuditFilter f;
    f.action = "schedule.assign";
    EXPECT_EQ(storage_->audit_log(f).size(), 5u);
}

TEST_F(Schedule, ReassigningMovesTheCaseAndACancelledSessionFreesIt) {
    const auto a = storage_->add_schedule_session(monday_session(2), "verif", now());
    auto later = monday_session(2);
    later.starts_at = "2026-12-08T02:00:00Z";
    later.ends_at = "2026-12-08T03:00:00Z";
    const auto b = storage_->add_schedule_session(later, "verif", now());
    const auto c = add_case();
    const auto other = add_case(S::kBsreRegistration);
    ASSERT_EQ(storage_->assign_schedule(a.id, c.row.case_id, "verif", now()).outcome, O::kAssigned);
    EXPECT_EQ(storage_->assign_schedule(a.id, c.row.case_id, "verif", now()).outcome,
              O::kAlreadyThere);
    const auto moved = storage_->assign_schedule(b.id, c.row.case_id, "kasi", now());
    ASSERT_EQ(moved.outcome, O::kAssigned);
    ASSERT_TRUE(moved.moved_from);
    EXPECT_EQ(moved.moved_from->session_id, a.id);
    EXPECT_EQ(moved.moved_from->ended_why, "moved");
    EXPECT_TRUE(storage_->schedule_assignments(a.id).empty());
    ASSERT_EQ(storage_->schedule_assignments(b.id).size(), 1u);
    EXPECT_EQ(storage_->schedule_of_case(c.row.case_id)->session_id, b.id);
    EXPECT_EQ(storage_->schedule_session(a.id)->assigned, 0);

    // Waiting for step 4 and in no session: only `other` now.
    const auto waiting = storage_->unscheduled_cases({S::kSentToBsre, S::kBsreRegistration}, 10);
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0].case_id, other.row.case_id);

    EXPECT_TRUE(storage_->cancel_schedule_session(b.id, "kasi", now()));
    EXPECT_FALSE(storage_->cancel_schedule_session(b.id, "kasi", now()));
    EXPECT_FALSE(storage_->schedule_of_case(c.row.case_id));
    EXPECT_EQ(storage_->schedule_assignments(b.id).size(), 1u) << "who it had stays listed";
    EXPECT_EQ(storage_->assign_schedule(b.id, other.row.case_id, "kasi", now()).outcome,
              O::kCancelled);
    EXPECT_EQ(storage_->assign_schedule(a.id, c.row.case_id, "kasi", now()).outcome, O::kAssigned);
    EXPECT_TRUE(storage_->unassign_schedule(a.id, c.row.case_id, "kasi", now()));
    EXPECT_FALSE(storage_->unassign_schedule(a.id, c.row.case_id, "kasi", now()));

    // A changed session counts its revision; its capacity stays above who is in it.
    ASSERT_EQ(storage_->assign_schedule(a.id, c.row.case_id, "kasi", now()).outcome, O::kAssigned);
    ASSERT_EQ(storage_->assign_schedule(a.id, other.row.case_id, "kasi", now()).outcome,
              O::kAssigned);
    auto smaller = *storage_->schedule_session(a.id);
    smaller.capacity = 1;
    EXPECT_THROW(storage_->change_schedule_session(smaller, "kasi", now()), StorageError);
    smaller.capacity = 3;
    smaller.place = "Aula";
    const auto changed = storage_->change_schedule_session(smaller, "kasi", now());
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->revision, 1);
    EXPECT_EQ(changed->place, "Aula");
    for (const char* action : {"schedule.add", "schedule.assign", "schedule.move",
                               "schedule.unassign", "schedule.cancel", "schedule.change"}) {
        AuditFilter f;
        f.action = action;
        EXPECT_FALSE(storage_->audit_log(f).empty()) << action;
    }
}

TEST_F(Schedule, TheCsvHasABomOneLinePerApplicantAndNoFormulas) {
    auto risky = monday_session(3);
    risky.place = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    const auto s = storage_->add_schedule_session(risky, "verif", now());
    auto empty = monday_session(3);
    empty.starts_at = "2026-12-09T02:00:00Z";
    empty.ends_at = "2026-12-09T03:00:00Z";
    empty.place = "Aula, Lt. 1";
    storage_->add_schedule_session(empty, "verif", now());
    const auto c1 = add_case(S::kSentToBsre, "Siti Aminah");
    const auto c2 = add_case(S::kSentToBsre, "Budi Santoso");
    storage_->assign_schedule(s.id, c1.row.case_id, "verif", now());
    storage_->assign_schedule(s.id, c2.row.case_id, "verif", now());
    const std::string csv = schedule_csv(*storage_, "", "", 420);
    ASSERT_EQ(csv.substr(0, 3), std::string(kUtf8Bom));
    std::vector<std::string> rows;
    for (std::size_t at = 3; at < csv.size();) {
        const auto end = csv.find("\r\n", at);
        ASSERT_NE(end, std::string::npos);
        rows.push_back(csv.substr(at, end - at));
        at = end + 2;
    }
    ASSERT_EQ(rows.size(), 4u);  // the header, two applicants, the empty session
    EXPECT_EQ(rows[0].rfind("Sesi / Session,Tanggal / Date,", 0), 0u);
    const std::string place = "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\"";
    for (int i = 1; i <= 2; ++i) {
        EXPECT_NE(rows[i].find(",2026-12-07,09:00,11:00," + place + ",3,2,,"), std::string::npos)
            << rows[i];
        EXPECT_EQ(rows[i].find(",="), std::string::npos) << rows[i];
    }
    EXPECT_NE(rows[1].find(c1.row.receipt_no + ",\"Dr. Siti Aminah, S.Kom.\""), std::string::npos)
        << rows[1];
    EXPECT_NE(rows[3].find(",2026-12-09,09:00,10:00,\"Aula, Lt. 1\",3,0,,,,,,"), std::string::npos)
        << rows[3];
}

TEST_F(Schedule, TheConsoleAddsASessionAssignsAndShowsTheWeek) {
    start_server();
    const auto c = add_case();
    const auto verif = sign_in("verif");
    const auto list = get(verif, "/console/schedule");
    ASSERT_EQ(list->status, 200);
    EXPECT_NE(list->body.find("action=\"/console/schedule\""), std::string::npos);
    EXPECT_NE(list->body.find("href=\"/console/schedule\" aria-current=\"page\""),
              std::string::npos);

    const auto added = post(verif, "/console/schedule", session_form());
    ASSERT_EQ(added->status, 303) << added->body;
    const std::string at = added->get_header_value("Location");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(at, m, std::regex(R"(/console/schedule/(\d+)\?m=added)"))) << at;
    const std::string base = "/console/schedule/" + m[1].str();
    const auto s = storage_->schedule_session(std::stoll(m[1].str()));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->starts_at, "2026-12-07T02:00:00Z") << "09:00 WIB";
    EXPECT_EQ(s->created_by, "verif (verifier)");

    const auto page = get(verif, base);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find(c.row.receipt_no), std::string::npos) << "waiting for step 4";
    const auto assigned = post(verif, base + "/assign", {{"receipt", c.row.receipt_no}});
    ASSERT_EQ(assigned->status, 303) << assigned->body;
    EXPECT_EQ(assigned->get_header_value("Location"), base + "?m=assigned");
    EXPECT_EQ(storage_->schedule_of_case(c.row.case_id)->session_id, s->id);

    const auto week = get(verif, "/console/schedule?view=week&week=2026-12-09");
    ASSERT_EQ(week->status, 200);
    EXPECT_NE(week->body.find("href=\"" + base + "\""), std::string::npos);
    EXPECT_NE(week->body.find("09:00–11:00"), std::string::npos);
    EXPECT_NE(week->body.find("week=2026-11-30"), std::string::npos) << "the previous Monday";
    EXPECT_NE(week->body.find("week=2026-12-14"), std::string::npos) << "the next Monday";
    EXPECT_NE(week->body.find("sisa 4 tempat"), std::string::npos);
    EXPECT_EQ(get(verif, "/console/schedule?view=week&week=2026-12-14")->body.find(base + "\""),
              std::string::npos);

    const auto casepage = get(verif, "/console/cases/" + c.row.receipt_no);
    EXPECT_NE(casepage->body.find("href=\"" + base + "\""), std::string::npos);

    const auto csv = get(verif, "/console/schedule.csv?from=2026-12-07&to=2026-12-07");
    ASSERT_EQ(csv->status, 200);
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv->body.substr(0, 3), std::string(kUtf8Bom));
    EXPECT_NE(csv->body.find(c.row.receipt_no), std::string::npos);
    EXPECT_EQ(get(verif, "/console/schedule.csv?from=2026-12-08")->body.find(c.row.receipt_no),
              std::string::npos);

    const auto unassigned = post(verif, base + "/unassign", {{"receipt", c.row.receipt_no}});
    EXPECT_EQ(unassigned->status, 303);
    EXPECT_FALSE(storage_->schedule_of_case(c.row.case_id));
    EXPECT_EQ(post(verif, base + "/cancel", {})->status, 303);
    EXPECT_EQ(post(verif, base + "/assign", {{"receipt", c.row.receipt_no}})->status, 409);
}

TEST_F(Schedule, TheConsoleRefusesWhoMayNotPlanAFullSessionAndBadInput) {
    start_server();
    const auto kadis = sign_in("kadis");
    EXPECT_EQ(get(kadis, "/console/schedule")->status, 200) << "everyone may look";
    EXPECT_EQ(get(kadis, "/console/schedule")->body.find("action=\"/console/schedule\""),
              std::string::npos)
        << "no add form for the head";
    EXPECT_EQ(post(kadis, "/console/schedule", session_form())->status, 403);
    EXPECT_TRUE(storage_->schedule_sessions("", "", true).empty());
    // Without the form's token: refused too.
    const auto verif = sign_in("kasi");
    auto no_token = session_form();
    EXPECT_EQ(client()
                  .Post("/console/schedule", httplib::Headers{{"Cookie", verif.cookie}}, no_token)
                  ->status,
              403);

    const auto bad = post(verif, "/console/schedule", session_form("25:00"));
    EXPECT_EQ(bad->status, 422);
    EXPECT_NE(bad->body.find("Jam &quot;Mulai&quot; tidak valid"), std::string::npos) << bad->body;
    EXPECT_TRUE(
        std::regex_search(bad->body, std::regex(R"(id="s-start"[^>]*aria-invalid="true")")));
    EXPECT_NE(bad->body.find("value=\"Ruang Rapat Lt. 2\""), std::string::npos) << "kept";
    const auto backwards = post(verif, "/console/schedule", session_form("11:00", "09:00"));
    EXPECT_EQ(backwards->status, 422);
    EXPECT_TRUE(
        std::regex_search(backwards->body, std::regex(R"(id="s-end"[^>]*aria-invalid="true")")));
    EXPECT_EQ(post(verif, "/console/schedule", session_form("09:00", "11:00", "0"))->status, 422);
    EXPECT_EQ(post(verif, "/console/schedule", session_form("09:00", "11:00", "5x"))->status, 422);
    EXPECT_TRUE(storage_->schedule_sessions("", "", true).empty());

    const auto s = storage_->add_schedule_session(monday_session(1), "kasi", now());
    const std::string base = "/console/schedule/" + std::to_string(s.id);
    const auto a = add_case(), b = add_case(), early = add_case(S::kSectionVerified);
    EXPECT_EQ(post(kadis, base + "/assign", {{"receipt", a.row.receipt_no}})->status, 403);
    EXPECT_EQ(post(verif, base + "/assign", {{"receipt", a.row.receipt_no}})->status, 303);
    const auto full = post(verif, base + "/assign", {{"receipt", b.row.receipt_no}});
    EXPECT_EQ(full->status, 409);
    EXPECT_NE(full->body.find("Sesi ini sudah penuh."), std::string::npos);
    EXPECT_EQ(post(verif, base + "/assign", {{"receipt", "PKY1-000000-0000-0"}})->status, 422);
    const auto not_yet = post(verif, base + "/assign", {{"receipt", early.row.receipt_no}});
    EXPECT_EQ(not_yet->status, 422);
    EXPECT_EQ(get(verif, "/console/schedule/999")->status, 404);
    AuditFilter f;
    f.action = "console.schedule_forbidden";
    EXPECT_EQ(storage_->audit_log(f).size(), 2u);
}

TEST_F(Schedule, TheInvitationArrivesOnceWithItsCalendarAndAMoveSendsANewOne) {
    test::SmtpServer smtp(dir_.path() / "maildir");
    smtp.start();
    mail_.smtp.url = smtp.url();
    const auto a = storage_->add_schedule_session(monday_session(), "verif", now());
    auto later = monday_session();
    later.starts_at = "2026-12-08T07:30:00Z";  // Tuesday 14:30 WIB
    later.ends_at = "2026-12-08T08:30:00Z";
    const auto b = storage_->add_schedule_session(later, "verif", now());
    const auto c = add_case();
    const auto r = storage_->assign_schedule(a.id, c.row.case_id, "verif", now());
    ASSERT_EQ(r.outcome, O::kAssigned);
    EXPECT_TRUE(queue_invitation(*storage_, mail_, *storage_->schedule_session(a.id), r.assignment,
                                 clock_.now()));
    EXPECT_FALSE(queue_invitation(*storage_, mail_, *storage_->schedule_session(a.id), r.assignment,
                                  clock_.now()))
        << "the same invitation is queued once";
    Mailer mailer(mail_, *storage_, clock_);
    mailer.run_once();
    EXPECT_EQ(mailer.run_once(), 0) << "nothing is sent twice";

    auto invitations = [&smtp] {
        json out = json::array();
        for (const auto& m : smtp.messages()) {
            for (const auto& att : m["attachments"]) {
                if (att["filename"].get<std::string>().find(".ics") != std::string::npos) {
                    out.push_back({{"to", m["to"]},
                                   {"subject", m["subject"]},
                                   {"text", m["text"]},
                                   {"file", att["filename"]},
                                   {"type", att["content_type"]},
                                   {"ics", att["data"]}});
                }
            }
        }
        return out;
    };
    auto got = invitations();
    ASSERT_EQ(got.size(), 1u) << smtp.messages().dump(1);
    EXPECT_EQ(got[0]["to"], c.payload.applicant["email"]);
    EXPECT_EQ(got[0]["file"], "undangan.ics");
    EXPECT_EQ(got[0]["type"], "text/calendar");
    const std::string text = got[0]["text"];
    EXPECT_NE(text.find("Senin, 07-12-2026, pukul 09:00-11:00 WIB"), std::string::npos) << text;
    EXPECT_NE(text.find("Monday, 07-12-2026, 09:00-11:00 WIB"), std::string::npos);
    EXPECT_LT(text.find("KTP asli"), text.find("English")) << "Indonesian first";
    EXPECT_NE(text.find(c.row.receipt_no), std::string::npos);
    std::string ics = got[0]["ics"];
    // The mail client's view may have turned CRLF into LF: unfold either way.
    std::string crlf;
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n' && (i == 0 || ics[i - 1] != '\r')) {
            crlf += '\r';
        }
        crlf += ics[i];
    }
    const auto lines = unfolded(crlf);
    EXPECT_EQ(value_of(lines, "METHOD"), "REQUEST");
    EXPECT_EQ(value_of(lines, "DTSTART"), "20261207T020000Z");
    EXPECT_EQ(value_of(lines, "DTEND"), "20261207T040000Z");

    // Moved to Tuesday: a new invitation for it, and the Monday one cancelled.
    clock_.advance(10min);
    const auto moved = storage_->assign_schedule(b.id, c.row.case_id, "verif", now());
    ASSERT_EQ(moved.outcome, O::kAssigned);
    ASSERT_TRUE(moved.moved_from);
    EXPECT_TRUE(queue_invitation(*storage_, mail_, *storage_->schedule_session(b.id),
                                 moved.assignment, clock_.now()));
    EXPECT_TRUE(queue_invitation(*storage_, mail_, *storage_->schedule_session(a.id),
                                 *moved.moved_from, clock_.now(), true));
    mailer.run_once();
    got = invitations();
    ASSERT_EQ(got.size(), 3u);
    int requests = 0, cancels = 0;
    for (const auto& g : got) {
        std::string data = g["ics"];
        const bool cancel = data.find("METHOD:CANCEL") != std::string::npos;
        (cancel ? cancels : requests)++;
        if (cancel) {
            EXPECT_EQ(g["file"], "pembatalan.ics");
            EXPECT_NE(data.find("DTSTART:20261207T020000Z"), std::string::npos);
        } else if (data.find("DTSTART:20261208T073000Z") != std::string::npos) {
            EXPECT_NE(
                g["text"].get<std::string>().find("Selasa, 08-12-2026, pukul 14:30-15:30 WIB"),
                std::string::npos);
        }
    }
    EXPECT_EQ(requests, 2);
    EXPECT_EQ(cancels, 1);
    EXPECT_EQ(mailer.run_once(), 0);
}

TEST_F(Schedule, AnAssignmentOnTheConsoleQueuesTheInvitationForTheSender) {
    test::SmtpServer smtp(dir_.path() / "maildir");
    smtp.start();
    mail_.smtp.url = smtp.url();
    start_server(true);
    const auto c = add_case();
    const auto s = storage_->add_schedule_session(monday_session(), "kasi", now());
    const auto kasi = sign_in("kasi");
    const std::string base = "/console/schedule/" + std::to_string(s.id);
    ASSERT_EQ(post(kasi, base + "/assign", {{"receipt", c.row.receipt_no}})->status, 303);
    int invitations = 0;
    for (const auto& m : storage_->mail(c.row.case_id, "", 0)) {
        if (m.kind == "invitation") {
            ++invitations;
            EXPECT_NE(m.attachments.find("undangan.ics"), std::string::npos);
        }
    }
    EXPECT_EQ(invitations, 1);
    // The background sender was woken: the message arrives without anyone waiting a poll.
    bool arrived = false;
    for (int i = 0; i < 100 && !arrived; ++i) {
        for (const auto& m : smtp.messages()) {
            arrived = arrived || m["subject"].get<std::string>().find("Undangan") == 0;
        }
        if (!arrived) {
            std::this_thread::sleep_for(100ms);
        }
    }
    EXPECT_TRUE(arrived);
}

}  // namespace
}  // namespace anjungan::office
