// Over 600 lines: every fault schedule against the same real office and kiosk rig and the same
// invariant.
// Sync end to end on loopback: a real office server, real SQLite on both sides, libcurl, and
// a fault proxy or in-process faults. After every schedule the invariant holds: each case
// exists exactly once at the office, every blob is byte-identical, the kiosk shows it
// acknowledged.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <random>
#include <thread>

#include "anjungan/office/service.hpp"
#include "command.hpp"
#include "sync_rig.hpp"

namespace anjungan::test {
namespace {

using namespace std::chrono_literals;

TEST(Sync, CasesReachTheOfficeOnceWithIdenticalBlobs) {
    SyncRig rig;
    rig.submit(3, 300 * 1024);  // more than one 256 KiB chunk each
    EXPECT_EQ(rig.drain(3), 1);
    EXPECT_TRUE(rig.last_report_.clean()) << rig.last_report_.error;
    EXPECT_EQ(rig.last_report_.acknowledged, 3);
    rig.expect_exactly_once(3);
    const auto summary = rig.store_->sync_summary();
    EXPECT_FALSE(summary.last_success.empty());
    EXPECT_EQ(summary.status_cursor, 3);  // the three "received" entries of the feed
    // The office's key list came along: any kiosk's receipt can be verified here.
    const auto keys = nlohmann::json::parse(
        platform::read_file(rig.store_->data_dir() / "keys" / "kiosk-keys.json"));
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0]["kiosk_id"], "PKY1");
    EXPECT_EQ(keys[0]["public_key"],
              platform::SigningKey::read_file(kiosk::signing_key_path(rig.store_->data_dir()))
                  .public_key_text());
}

TEST(Sync, ReplayGetsTheStoredAnswerAndAnotherBodyIsRefused) {
    SyncRig rig;
    const auto ids = rig.submit(1);
    rig.drain(2);
    const auto key =
        platform::SigningKey::read_file(kiosk::signing_key_path(rig.store_->data_dir()));
    sync::OfficeClient client(kiosk::client_options(rig.config()), key);
    kiosk::StoreJournal journal(*rig.store_, 24h);
    sync::CasePayload payload = journal.load_case(ids[0]);
    const auto first = rig.storage_->idempotent(ids[0]);
    ASSERT_TRUE(first);

    const auto replay = client.post_case(ids[0], sync::signed_case_body(payload, key));
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.body, first->answer.body);
    EXPECT_EQ(replay.header("idempotent-replayed"), "true");

    payload.applicant["position"] = "Kepala Seksi";
    const auto other = client.post_case(ids[0], sync::signed_case_body(payload, key));
    EXPECT_EQ(other.status, 422);
    EXPECT_NE(other.body.find("idempotency_conflict"), std::string::npos);
    rig.expect_exactly_once(1);
}

TEST(Sync, UnsignedUnknownAndWronglySignedRequestsAreRefused) {
    SyncRig rig;
    rig.submit(1);
    httplib::Client plain("127.0.0.1", rig.server_->port());
    auto r = plain.Get("/v1/status?since=0");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_NE(r->body.find("unsigned"), std::string::npos);

    const auto stranger = platform::SigningKey::generate();
    auto opts = kiosk::client_options(rig.config());
    sync::OfficeClient wrong_key(opts, stranger);
    EXPECT_EQ(wrong_key.get_status(0, 10).status, 401);
    opts.kiosk_id = "PKY9";
    sync::OfficeClient unknown(opts, stranger);
    const auto u = unknown.head_blob(std::string(64, 'a'));
    EXPECT_EQ(u.status, 401);

    // A kiosk the office does not know: nothing is quarantined, the pass says why.
    TempDir other;
    auto store = rig.open_kiosk("PKY9", other.path());
    rig.name_kiosk(*store, "PKY9");
    rig.submit(1, 4096, store.get());
    rig.drain(1, store.get());
    EXPECT_TRUE(rig.last_report_.unregistered);
    EXPECT_EQ(store->outbox_counts().pending, 1);
    EXPECT_EQ(store->outbox_counts().quarantined, 0);
    EXPECT_NE(rig.last_report_.error.find("kiosks add"), std::string::npos);
    // Registered, it goes through.
    rig.register_kiosk(*store, "PKY9");
    rig.drain(2, store.get());
    rig.expect_exactly_once(*store, "PKY9", 1);
}

TEST(Sync, UploadsResumeFromTheOfficesOffsetAndBadContentIsDiscarded) {
    SyncRig rig;
    const auto key =
        platform::SigningKey::read_file(kiosk::signing_key_path(rig.store_->data_dir()));
    sync::OfficeClient client(kiosk::client_options(rig.config()), key);
    const platform::Bytes blob = random_bytes(700 * 1024, 7);
    const std::string sha = platform::sha256_hex(blob);
    EXPECT_EQ(client.head_blob(sha).status, 404);
    auto r = client.patch_blob(sha, 0, blob.size(), {blob.data(), 256 * 1024});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto head = client.head_blob(sha);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("upload-offset"), std::to_string(256 * 1024));
    EXPECT_EQ(head.header("upload-complete"), "0");
    // A chunk at the wrong offset: refused with the office's offset.
    r = client.patch_blob(sha, 100, blob.size(), {blob.data() + 100, 1000});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.header("upload-offset"), std::to_string(256 * 1024));
    // The rest, altered: the whole is hashed, refused and discarded.
    platform::Bytes altered(blob.begin() + 256 * 1024, blob.end());
    altered[1000] ^= 0xff;
    r = client.patch_blob(sha, 256 * 1024, blob.size(), altered);
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("hash_mismatch"), std::string::npos);
    EXPECT_EQ(client.head_blob(sha).status, 404);
    EXPECT_FALSE(rig.blobs_->has(sha));
    // Sent right, it is complete and identical.
    r = client.patch_blob(sha, 0, blob.size(), blob);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(client.head_blob(sha).header("upload-complete"), "1");
    EXPECT_EQ(rig.blobs_->read(sha), blob);
}

// Issue 16, item 3: an office whose disk is nearly full answers 507 insufficient_storage; the
// kiosk keeps the case pending, says why in the pass's report, and sends it once there is room.
TEST(Sync, AnOfficeLowOnDiskIsTriedLaterAndTheCaseStaysPending) {
    SyncRig rig;
    rig.blob_policy_.free_bytes = [] { return std::uint64_t{1000}; };
    rig.start_office();
    rig.submit(1);
    rig.drain(1);
    EXPECT_EQ(rig.store_->outbox_counts().pending, 1);
    EXPECT_EQ(rig.store_->outbox_counts().quarantined, 0);
    EXPECT_FALSE(rig.last_report_.link_down);
    EXPECT_NE(rig.last_report_.error.find("HTTP 507"), std::string::npos) << rig.last_report_.error;
    EXPECT_NE(rig.last_report_.error.find("disk is nearly full"), std::string::npos)
        << rig.last_report_.error;
    rig.blob_policy_.free_bytes = nullptr;
    rig.start_office();
    rig.drain(3);
    rig.expect_exactly_once(1);
}

TEST(Sync, AMalformedCaseBodyIsRefusedAndNothingIsStored) {
    SyncRig rig;
    const auto ids = rig.submit(1);
    const auto key =
        platform::SigningKey::read_file(kiosk::signing_key_path(rig.store_->data_dir()));
    sync::OfficeClient client(kiosk::client_options(rig.config()), key);
    for (const std::string body :
         {"not json", "{}", R"({"case": {"case_id": 1}, "signature": ""})"}) {
        const auto r = client.post_case(ids[0], body);
        EXPECT_EQ(r.status, 400) << body;
        EXPECT_EQ(r.header("x-anjungan-error"), "invalid_case") << body;
    }
    // A well-formed case under another case's idempotency key is refused too.
    kiosk::StoreJournal journal(*rig.store_, 24h);
    const auto other = client.post_case(platform::new_uuid_v4(),
                                        sync::signed_case_body(journal.load_case(ids[0]), key));
    EXPECT_EQ(other.status, 400);
    EXPECT_TRUE(rig.storage_->cases({}).empty());
}

TEST(Sync, MissingBlobsAreNamedAndNothingIsStored) {
    SyncRig rig;
    const auto ids = rig.submit(1);
    const auto key =
        platform::SigningKey::read_file(kiosk::signing_key_path(rig.store_->data_dir()));
    sync::OfficeClient client(kiosk::client_options(rig.config()), key);
    kiosk::StoreJournal journal(*rig.store_, 24h);
    const auto payload = journal.load_case(ids[0]);
    const auto r = client.post_case(ids[0], sync::signed_case_body(payload, key));
    EXPECT_EQ(r.status, 409);
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["error"], "missing_blobs");
    EXPECT_EQ(j["missing"].size(), payload.attachments.size());
    EXPECT_TRUE(rig.storage_->cases({}).empty());
}

TEST(Sync, ServerErrorsConflictsAndA2xxWithoutItsBodyAreRetried) {
    SyncRig rig;
    rig.submit(2);
    std::atomic<int> calls{0};
    // 503 three times, 409 twice, then a 200 captive portal page instead of the acceptance.
    rig.set_fault([&](const std::string& method, const std::string&, bool after) {
        if (after) {
            return 0;
        }
        const int n = calls++;
        if (n < 3)
            return 503;
        if (n < 5)
            return 409;
        if (method == "POST" && n < 8)
            return 200;
        return 0;
    });
    const int passes = rig.drain(10);
    EXPECT_GT(passes, 1);
    rig.expect_exactly_once(2);
    EXPECT_GT(rig.store_->outbox(kiosk::OutboxState::kSent)[0].attempts +
                  rig.store_->outbox(kiosk::OutboxState::kSent)[1].attempts,
              2);
}

TEST(Sync, AnswerLostAfterTheOfficeCommittedIsReplayedNotDuplicated) {
    SyncRig rig;
    rig.submit(3);
    // The office stores the case, then the connection dies before the answer leaves.
    std::atomic<int> lost{0};
    rig.set_fault([&](const std::string& method, const std::string&, bool after) {
        if (after && method == "POST" && lost < 3) {
            ++lost;
            rig.proxy_->reset_open_connections();
        }
        return 0;
    });
    rig.drain(10);
    EXPECT_EQ(lost, 3);
    rig.expect_exactly_once(3);
}

TEST(Sync, AStalledPeerIsDetectedAndTheNextPassSucceeds) {
    SyncRig rig;
    rig.submit(1, 200 * 1024);
    rig.proxy_->push_fault(Fault::stall_after(0));  // the first connection hangs for good
    rig.drain(1);
    EXPECT_TRUE(rig.last_report_.link_down);
    EXPECT_NE(rig.last_report_.error.find("no answer"), std::string::npos)
        << rig.last_report_.error;
    EXPECT_EQ(rig.store_->outbox_counts().pending, 1);
    rig.proxy_->reset_open_connections();
    rig.drain(3);
    rig.expect_exactly_once(1);
}

TEST(Sync, OfficeRestartedMidUploadResumes) {
    SyncRig rig;
    rig.submit(1, 1200 * 1024);
    // Let two chunks through, then the office goes away.
    std::atomic<int> patches{0};
    rig.set_fault([&](const std::string& method, const std::string&, bool after) {
        return (!after && method == "PATCH" && ++patches > 2) ? 503 : 0;
    });
    rig.drain(1);
    EXPECT_EQ(rig.store_->outbox_counts().pending, 1);
    const auto partial = rig.dir_ / "office" / "uploads";
    EXPECT_FALSE(std::filesystem::is_empty(partial));
    rig.stop_office();
    rig.drain(1);  // down: nothing changes
    EXPECT_TRUE(rig.last_report_.link_down);
    rig.set_fault(nullptr);
    rig.start_office();  // a new process on the same data folder
    const std::uint64_t before = rig.proxy_->bytes_upstream();
    rig.drain(3);
    rig.expect_exactly_once(1);
    // It resumed: less than the whole content went again (4 blobs of 1.2 MB and a KTP).
    const std::uint64_t resent = rig.proxy_->bytes_upstream() - before;
    EXPECT_LT(resent, 5u * 1200 * 1024);
}

TEST(Sync, RandomCutsAtRandomOffsetsKeepEveryCaseExactlyOnce) {
    for (const std::uint64_t seed : {11u, 23u, 37u}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        SyncRig rig;
        rig.submit(4, 300 * 1024);
        std::mt19937_64 rng(seed);
        // The first connection is cut for sure; later ones by the seeded plan.
        rig.proxy_->push_fault(Fault::cut_upstream_after(rng() % (1200 * 1024)));
        RandomFaults plan;
        plan.cut_upstream = 0.25;
        plan.cut_downstream = 0.25;
        plan.refuse = 0.05;
        plan.max_offset = 1500 * 1024;
        rig.proxy_->set_random(seed, plan);
        for (int pass = 0; pass < 60 && rig.store_->outbox_counts().pending > 0; ++pass) {
            rig.proxy_->reset_open_connections();  // each pass draws a new fault
            rig.drain(1);
        }
        rig.proxy_->clear_random();
        rig.drain(5);
        EXPECT_GT(rig.proxy_->faults_applied(), 0u);
        rig.expect_exactly_once(4);
    }
}

TEST(Sync, ARefusedCaseIsQuarantinedAndTheRestKeepFlowing) {
    SyncRig rig;
    rig.submit(1);
    domain::NewCase bad;
    bad.case_id = platform::new_uuid_v4();
    bad.applicant = good_applicant("6271014508909999");
    bad.applicant.email = "siti@gmail.com";  // the office refuses it for good
    bad.documents = documents();
    const auto bad_rec = rig.store_->submit(bad);
    rig.submit(1);
    rig.drain(2);
    const auto counts = rig.store_->outbox_counts();
    EXPECT_EQ(counts.sent, 2);
    EXPECT_EQ(counts.quarantined, 1);
    EXPECT_EQ(counts.pending, 0);
    const auto q = rig.store_->outbox(kiosk::OutboxState::kQuarantined);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].receipt_no, bad_rec.receipt_no);
    EXPECT_NE(q[0].last_error.find("email"), std::string::npos) << q[0].last_error;
    EXPECT_EQ(rig.storage_->cases({}).size(), 2u);
    // Staff may put it back in line; refused again, it returns to quarantine.
    EXPECT_TRUE(rig.store_->outbox_requeue(bad.case_id));
    rig.drain(1);
    EXPECT_EQ(rig.store_->outbox_counts().quarantined, 1);
}

TEST(Sync, StatusComesBackOnceAndPersonalDataIsPurgedOnlyAfterTheAck) {
    SyncRig rig;
    const auto ids = rig.submit(2);
    // Nothing acknowledged yet: even a purge of "0 hours" erases nothing.
    EXPECT_EQ(rig.store_->purge_acknowledged(0s), 0);
    rig.drain(2);
    const auto rec = rig.store_->find_by_id(ids[0]);
    office::Move m;
    m.to = domain::CaseStatus::kHeadDisposition;
    m.role = office::Role::kHead;
    m.actor = "Kepala Dinas";
    m.note = "lanjutkan";
    ASSERT_EQ(office::advance_case(*rig.storage_, rec->receipt_no, m, rig.clock_.now(),
                                   office::WorkingTime::always())
                  .http,
              200);
    m = {domain::CaseStatus::kDivisionDisposition, office::Role::kDivisionHead, "Kabid", "", {}};
    ASSERT_EQ(office::advance_case(*rig.storage_, rec->receipt_no, m, rig.clock_.now(),
                                   office::WorkingTime::always())
                  .http,
              200);
    m = {domain::CaseStatus::kReturned,
         office::Role::kSectionHead,
         "Kasi",
         "",
         {"SK tidak terbaca"}};
    ASSERT_EQ(office::advance_case(*rig.storage_, rec->receipt_no, m, rig.clock_.now(),
                                   office::WorkingTime::always())
                  .http,
              200);

    const auto r = kiosk::sync_once(*rig.store_, rig.config());
    EXPECT_EQ(r.status_applied, 3);
    auto after = rig.store_->find_by_id(ids[0]);
    EXPECT_EQ(after->status, domain::CaseStatus::kReturned);
    ASSERT_EQ(after->history.size(), 4u);
    EXPECT_NE(after->history.back().note.find("SK tidak terbaca"), std::string::npos);
    // The same page again (a replay after a lost answer) changes nothing.
    const auto page = rig.storage_->feed("PKY1", 0, 100);
    std::vector<kiosk::OfficeStatus> again;
    for (const auto& e : page.changes) {
        again.push_back({e.seq, e.case_id, e.status, e.at, e.note});
    }
    EXPECT_EQ(rig.store_->apply_office_status(again, page.next), 0);
    EXPECT_EQ(rig.store_->find_by_id(ids[0])->history.size(), 4u);
    EXPECT_EQ(rig.store_->status_cursor(), page.next);
    EXPECT_EQ(kiosk::sync_once(*rig.store_, rig.config()).status_applied, 0);

    // Purge after 24 h: not yet. With 0: personal data and files go, the status stays.
    EXPECT_EQ(rig.store_->purge_acknowledged(24h), 0);
    EXPECT_EQ(rig.store_->purge_acknowledged(0s), 2);
    const auto purged = rig.store_->find_by_id(ids[0]);
    EXPECT_TRUE(purged->purged);
    EXPECT_TRUE(purged->applicant.nik.empty());
    EXPECT_TRUE(purged->applicant.full_name.empty());
    EXPECT_EQ(purged->status, domain::CaseStatus::kReturned);
    EXPECT_EQ(purged->history.size(), 4u);
    EXPECT_THROW(rig.store_->read_attachment(purged->attachments[0].sha256), kiosk::StoreError);
    EXPECT_TRUE(rig.store_->open_cases_for_nik("6271014508900001").empty());
    EXPECT_TRUE(rig.store_->verify().ok());
    EXPECT_FALSE(folder_contains(rig.store_->data_dir(), "Rahmawati"));
    // The office still has everything.
    EXPECT_TRUE(rig.blobs_->has(purged->attachments[0].sha256));
}

TEST(Sync, TwentyKiosksAtOnceEachCaseExactlyOnce) {
    SyncRig rig;
    constexpr int kKiosks = 20, kCases = 5;
    const std::string letters = "ABCDEFGHJK";
    std::vector<std::unique_ptr<kiosk::Store>> stores;
    std::vector<std::unique_ptr<TempDir>> dirs;
    std::vector<std::string> ids;
    for (int k = 0; k < kKiosks; ++k) {
        const std::string id = std::string("K") + letters[k / 10] + letters[k % 10];
        dirs.push_back(std::make_unique<TempDir>());
        stores.push_back(rig.open_kiosk(id, dirs.back()->path()));
        rig.register_kiosk(*stores.back(), id);
        rig.name_kiosk(*stores.back(), id);
        rig.submit(kCases, 20 * 1024, stores.back().get());
        ids.push_back(id);
    }
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
        threads.emplace_back([&, k] {
            const auto cfg = rig.config_for(*stores[k]);
            for (int i = 0; i < 5 && stores[k]->outbox_counts().pending > 0; ++i) {
                kiosk::sync_once(*stores[k], cfg);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (int k = 0; k < kKiosks; ++k) {
        SCOPED_TRACE(ids[k]);
        rig.expect_exactly_once(*stores[k], ids[k], kCases);
    }
    EXPECT_EQ(rig.storage_->cases({}).size(), static_cast<std::size_t>(kKiosks * kCases));
}

// HTTPS as in production: the office with a certificate, the kiosk trusting its CA file and
// pinning its key; a kiosk that trusts neither gets no answer and keeps its case.
TEST(Sync, OverHttpsTheKioskTrustsOnlyTheConfiguredOffice) {
    SyncRig rig;
    rig.submit(1);
    const auto cert = rig.dir_ / "office.pem", key = rig.dir_ / "office.key";
    const auto made = run_command(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
        shell_quote(key.string()) + " -out " + shell_quote(cert.string()) + " 2>/dev/null");
    ASSERT_EQ(made.code, 0);
    const auto pin = run_command("openssl x509 -in " + shell_quote(cert.string()) +
                                 " -pubkey -noout | openssl pkey -pubin -outform der | "
                                 "openssl dgst -sha256 -binary | openssl enc -base64");
    ASSERT_EQ(pin.code, 0);
    office::ServerOptions o;
    o.port = 0;
    o.tls_cert = cert.string();
    o.tls_key = key.string();
    office::OfficeServer tls(o, *rig.storage_, *rig.blobs_, rig.clock_);
    const int port = tls.start();
    auto cfg = rig.config();
    cfg.office_url = "https://127.0.0.1:" + std::to_string(port);

    auto untrusting = cfg;  // the system's CAs do not know this office
    EXPECT_NE(kiosk::sync_once(*rig.store_, untrusting).error.find("no answer"), std::string::npos);
    auto wrong_pin = cfg;
    wrong_pin.office_ca_file = cert.string();
    wrong_pin.office_pinned_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    EXPECT_TRUE(kiosk::sync_once(*rig.store_, wrong_pin).link_down);
    EXPECT_EQ(rig.store_->outbox_counts().pending, 1);

    cfg.office_ca_file = cert.string();
    std::string b64 = pin.out;
    b64.erase(b64.find_last_not_of("\n") + 1);
    cfg.office_pinned_key = "sha256//" + b64;
    const auto r = kiosk::sync_once(*rig.store_, cfg);
    EXPECT_TRUE(r.clean()) << r.error;
    rig.expect_exactly_once(1);
    tls.stop();
}

// The operators' commands on both sides: their JSON shapes (contracts) and their refusals.
TEST(SyncCli, RegisteringAKioskListingAndAdvancingCases) {
    SyncRig rig;
    const std::string office_data = (rig.dir_ / "office2").string();
    const std::string office = std::string(ANJUNGAN_OFFICE) + " --data " + shell_quote(office_data);
    const std::string kiosk =
        std::string(ANJUNGAN_CLI) + " --data-dir " + shell_quote(rig.store_->data_dir().string());
    const auto keys = run_command(kiosk + " keys show --json");
    ASSERT_EQ(keys.code, 0);
    const auto kj = nlohmann::json::parse(keys.out);
    EXPECT_EQ(kj.size(), 2u);
    EXPECT_EQ(kj["kiosk_id"], "PKY1");
    EXPECT_EQ(kj["public_key"].get<std::string>().size(), 43u);

    EXPECT_EQ(run_command(office + " kiosks add PKY1 not-a-key 2>/dev/null").code, 2);
    EXPECT_EQ(run_command(office + " kiosks add PKYI " + kj["public_key"].get<std::string>() +
                          " 2>/dev/null")
                  .code,
              2);  // I is not allowed in a kiosk id
    ASSERT_EQ(run_command(office + " kiosks add PKY1 " + kj["public_key"].get<std::string>()).code,
              0);
    EXPECT_EQ(run_command(office + " --listen nonsense 2>/dev/null").code, 1);

    // Send one case to an office on that data folder, then work it from the command line.
    auto storage = office::open_sqlite_storage(office_data);
    office::BlobStore blobs(office_data);
    office::ServerOptions o;
    o.port = 0;
    office::OfficeServer server(o, *storage, blobs, rig.clock_);
    const int port = server.start();
    rig.submit(1);
    auto cfg = rig.config();
    cfg.office_url = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(kiosk::sync_once(*rig.store_, cfg).clean());

    const auto list = run_command(office + " cases list --json");
    ASSERT_EQ(list.code, 0);
    const auto lj = nlohmann::json::parse(list.out);
    ASSERT_TRUE(lj.is_array());
    ASSERT_EQ(lj.size(), 1u);
    for (const char* k : {"case_id", "receipt_no", "kiosk_id", "status", "blobs"}) {
        EXPECT_TRUE(lj[0].contains(k)) << k;
    }
    EXPECT_EQ(lj[0]["status"], "received");
    EXPECT_EQ(lj[0]["blobs"].size(), 5u);
    const std::string receipt = lj[0]["receipt_no"];
    EXPECT_EQ(lj[0]["case_id"], rig.store_->find_by_receipt(receipt)->case_id);

    const std::string advance = office + " case advance " + receipt;
    EXPECT_EQ(
        run_command(advance + " --to head_disposition --role verifier --actor V 2>/dev/null").code,
        3);  // the SOP gives this step to the head of department
    EXPECT_EQ(run_command(advance + " --to issued --role admin --actor A 2>/dev/null").code, 3);
    EXPECT_EQ(run_command(advance + " --to bogus --role head --actor K 2>/dev/null").code, 2);
    EXPECT_EQ(run_command(office + " case advance PKY1-261124-0099-X --to issued --role admin "
                                   "--actor A 2>/dev/null")
                  .code,
              1);
    const auto moved = run_command(advance +
                                   " --to head_disposition --role head --actor Kadis "
                                   "--note lanjut --json");
    ASSERT_EQ(moved.code, 0);
    EXPECT_EQ(nlohmann::json::parse(moved.out)["status"], "head_disposition");
    const auto shown = run_command(office + " cases show " + receipt);
    EXPECT_EQ(shown.code, 0);
    EXPECT_NE(shown.out.find("head_disposition  by Kadis (head): lanjut"), std::string::npos)
        << shown.out;
    EXPECT_NE(run_command(office + " audit --json").out.find("case.head_disposition"),
              std::string::npos);

    // The kiosk sees it at its next pass.
    EXPECT_EQ(kiosk::sync_once(*rig.store_, cfg).status_applied, 1);
    EXPECT_EQ(rig.store_->find_by_receipt(receipt)->status, domain::CaseStatus::kHeadDisposition);
    server.stop();
}

TEST(SyncService, BackoffDoublesUpToTheCapWithJitter) {
    sync::ServiceOptions o;
    o.backoff_min = 1000ms;
    o.backoff_max = 60000ms;
    EXPECT_EQ(sync::SyncService::backoff(1, o, 1.0), 1000ms);
    EXPECT_EQ(sync::SyncService::backoff(1, o, 0.0), 500ms);
    EXPECT_EQ(sync::SyncService::backoff(4, o, 1.0), 8000ms);
    EXPECT_EQ(sync::SyncService::backoff(30, o, 1.0), 60000ms);
    EXPECT_EQ(sync::SyncService::backoff(30, o, 0.0), 30000ms);
}

TEST(SyncService, SendsAsSoonAsTheOfficeReturnsAndStopsAtOnce) {
    SyncRig rig;
    rig.submit(2);
    rig.stop_office();
    auto cfg = rig.config();
    cfg.sync.probe_seconds = 1;
    cfg.sync.backoff_max_seconds = 3600;  // only the probe can bring it back soon
    auto service = kiosk::make_sync_service(cfg, rig.clock_);
    service->start();
    ASSERT_TRUE(
        rig.proxy_->wait_until([&] { return service->state().consecutive_failures >= 2; }, 20s));
    EXPECT_TRUE(service->state().last_report.link_down);
    rig.start_office();
    ASSERT_TRUE(rig.proxy_->wait_until(
        [&] { return service->state().last_report.acknowledged == 2; }, 20s));
    EXPECT_TRUE(service->state().last_success);
    service->stop();
    EXPECT_FALSE(service->state().running);
    rig.expect_exactly_once(2);

    // Stopping while a transfer hangs (stall limit 30 s) does not wait for the limit.
    rig.submit(1, 300 * 1024);
    cfg.timeouts.network_stall_seconds = 30;
    rig.proxy_->reset_open_connections();
    rig.proxy_->set_default_fault(Fault::stall_after(0));
    auto hanging = kiosk::make_sync_service(cfg, rig.clock_);
    hanging->start();
    ASSERT_TRUE(rig.proxy_->wait_for_faults_applied(1, 20s));
    const auto t0 = std::chrono::steady_clock::now();
    hanging->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s);
    EXPECT_EQ(rig.store_->outbox_counts().pending, 1);
}

// The kiosk killed with SIGKILL in the middle of sending: the next run finishes the job.
TEST(Sync, KioskKilledMidSendFinishesOnTheNextRun) {
    SyncRig rig;
    rig.submit(3, 400 * 1024);
    const auto cfg = rig.config();
    const auto toml = rig.dir_ / "kiosk.toml";
    std::ofstream(toml) << "[kiosk]\nid = \"PKY1\"\n[office]\nurl = \"" << cfg.office_url
                        << "\"\n[timeouts]\nnetwork_stall_seconds = 30\n";
    // The office hangs in the middle of the upload (the 7th chunk); the kiosk is killed
    // while it waits for the answer.
    std::mutex m;
    std::condition_variable cv;
    bool hung = false, released = false;
    std::atomic<int> patches{0};
    rig.set_fault([&](const std::string& method, const std::string&, bool after) {
        if (after || method != "PATCH" || ++patches != 7) {
            return 0;
        }
        std::unique_lock lock(m);
        hung = true;
        cv.notify_all();
        cv.wait_for(lock, 30s, [&] { return released; });
        return 503;
    });
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const std::string dir = rig.store_->data_dir().string();
        execl(ANJUNGAN_CLI, ANJUNGAN_CLI, "--config", toml.c_str(), "--data-dir", dir.c_str(),
              "sync", "--once", static_cast<char*>(nullptr));
        _exit(127);
    }
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(cv.wait_for(lock, 30s, [&] { return hung; }));
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
    {
        std::lock_guard lock(m);
        released = true;
    }
    cv.notify_all();
    rig.set_fault(nullptr);
    EXPECT_GT(rig.store_->outbox_counts().pending, 0);
    const auto result = run_command(
        std::string(ANJUNGAN_CLI) + " --config " + shell_quote(toml.string()) + " --data-dir " +
        shell_quote(rig.store_->data_dir().string()) + " sync --once --json");
    EXPECT_EQ(result.code, 0) << result.out;
    rig.expect_exactly_once(3);
    const auto status_json = run_command(
        std::string(ANJUNGAN_CLI) + " --config " + shell_quote(toml.string()) + " --data-dir " +
        shell_quote(rig.store_->data_dir().string()) + " sync status --json");
    const auto j = nlohmann::json::parse(status_json.out);
    EXPECT_EQ(j["pending"], 0);
    EXPECT_EQ(j["acknowledged"], 3);
    EXPECT_EQ(j["quarantined"], 0);
    EXPECT_TRUE(j["last_success"].is_string());
}

}  // namespace
}  // namespace anjungan::test
