// Issue 16, items 3 and 7: the office's disk (uploads owned by the kiosk that began them, a
// quota per kiosk, "try later" when the disk is low, collection of old partial uploads and of
// blobs no case holds) over real HTTP on loopback with signed kiosk requests; and personal data
// at rest (no NIK byte anywhere in the data folder while the console's API still shows it, NIK
// search by keyed hash, the key file's mode, rotation).
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "anjungan/office/data_keys.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/protocol.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kNik = "6271014508900001";

platform::Bytes bytes(const std::string& s) {
    return {s.begin(), s.end()};
}

// Every file under `dir` that holds `needle`, byte for byte.
std::vector<std::string> files_holding(const fs::path& dir, const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) {
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
        if (content.find(needle) != std::string::npos) {
            out.push_back(e.path().string());
        }
    }
    return out;
}

class OfficeDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        data_ = dir_.path() / "office";
        storage_ = open_sqlite_storage(data_);
        BlobPolicy policy;
        policy.kiosk_quota_bytes = 1000;
        policy.min_free_bytes = 1 << 20;
        policy.free_bytes = [this] { return free_.load(); };
        blobs_ = std::make_unique<BlobStore>(data_, policy);
        storage_->add_kiosk("PKY1", key1_.public_key_text(), now());
        storage_->add_kiosk("PKY2", key2_.public_key_text(), now());
        NewStaff n;
        n.name = "verif";
        n.role = Role::kVerifier;
        n.token_hash = platform::sha256_hex("t-verif");
        n.token_expires_at = platform::format_utc(clock_.now() + 24h * 30);
        storage_->add_staff(n, now());
        ServerOptions o;
        o.port = 0;
        o.threads = 4;
        o.data_dir = data_.string();
        server_ = std::make_unique<OfficeServer>(o, *storage_, *blobs_, clock_);
        port_ = server_->start();
    }
    void TearDown() override { server_.reset(); }

    std::string now() const { return platform::format_utc(clock_.now()); }

    // A request signed as a kiosk would sign it (sync/protocol.hpp).
    httplib::Result kiosk_request(const std::string& kiosk, const platform::SigningKey& key,
                                  const std::string& method, const std::string& path,
                                  const std::string& body = "", std::uint64_t offset = 0,
                                  std::uint64_t length = 0) {
        const std::string date = now();
        const std::string off = method == "PATCH" ? std::to_string(offset) : "";
        const std::string len = method == "PATCH" ? std::to_string(length) : "";
        const std::string text = sync::request_signing_text(
            method, path, date, platform::sha256_hex(bytes(body)), "", off, len);
        const auto sig = key.sign(bytes(text));
        httplib::Headers h{{std::string(sync::kHeaderKiosk), kiosk},
                           {std::string(sync::kHeaderDate), date},
                           {std::string(sync::kHeaderSignature), platform::base64url(sig)}};
        if (method == "PATCH") {
            h.emplace(std::string(sync::kHeaderUploadOffset), off);
            h.emplace(std::string(sync::kHeaderUploadLength), len);
        }
        httplib::Client c("127.0.0.1", port_);
        if (method == "PATCH") {
            return c.Patch(path.c_str(), h, body, "application/octet-stream");
        }
        return c.Head(path.c_str(), h);
    }
    httplib::Result patch(int kiosk, const std::string& sha, const std::string& chunk,
                          std::uint64_t offset, std::uint64_t total) {
        return kiosk == 1
                   ? kiosk_request("PKY1", key1_, "PATCH", "/v1/blobs/" + sha, chunk, offset, total)
                   : kiosk_request("PKY2", key2_, "PATCH", "/v1/blobs/" + sha, chunk, offset,
                                   total);
    }
    httplib::Result head(int kiosk, const std::string& sha) {
        return kiosk == 1 ? kiosk_request("PKY1", key1_, "HEAD", "/v1/blobs/" + sha)
                          : kiosk_request("PKY2", key2_, "HEAD", "/v1/blobs/" + sha);
    }

    // A case of PKY1 signed by its key, holding `blob` as its KTP (accepted through Storage).
    std::string add_case(const std::string& blob_sha, std::uint64_t size) {
        sync::CasePayload c;
        c.case_id = platform::new_uuid_v4();
        c.receipt_no = "PKY1-261204-" + std::to_string(1000 + ++cases_) + "-0";
        c.kiosk_id = "PKY1";
        c.created_at = now();
        c.applicant = json(test::good_applicant(kNik));
        c.attachments.push_back({"ktp", 1, blob_sha, size, "application/pdf"});
        const std::string text = sync::case_signing_text(c);
        const std::string sig = platform::base64url(key1_.sign(bytes(text)));
        storage_->accept_case(c, sig, platform::sha256_hex(bytes(text)), now(), "",
                              [](std::int64_t) { return std::string("{}"); });
        return c.receipt_no;
    }

    test::TempDir dir_;
    fs::path data_;
    std::atomic<std::uint64_t> free_{std::uint64_t{1} << 40};
    platform::FixedClock clock_{platform::TimePoint{} + std::chrono::seconds(1796353200)};
    platform::SigningKey key1_ = platform::SigningKey::generate();
    platform::SigningKey key2_ = platform::SigningKey::generate();
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<OfficeServer> server_;
    int port_ = 0;
    int cases_ = 0;
};

TEST_F(OfficeDisk, APartialUploadIsOnlyItsKiosksToAppendToOrDiscard) {
    const std::string content(600, 'k');
    const std::string sha = platform::sha256_hex(bytes(content));
    ASSERT_EQ(patch(1, sha, content.substr(0, 300), 0, 600)->status, 200);

    const auto seen = head(2, sha);
    EXPECT_EQ(seen->status, 409);
    EXPECT_EQ(seen->get_header_value("X-Anjungan-Error"), "upload_in_progress");
    const auto append = patch(2, sha, content.substr(0, 300), 0, 600);
    EXPECT_EQ(append->status, 409);
    EXPECT_EQ(append->get_header_value("X-Anjungan-Error"), "upload_in_progress");
    // A shorter length would have made the office discard the partial as "not this content".
    const auto discard = patch(2, sha, "x", 0, 1);
    EXPECT_EQ(discard->status, 409);

    const auto mine = head(1, sha);
    ASSERT_EQ(mine->status, 200);
    EXPECT_EQ(mine->get_header_value("Upload-Offset"), "300");
    ASSERT_EQ(patch(1, sha, content.substr(300), 300, 600)->status, 200);
    EXPECT_EQ(blobs_->read(sha), bytes(content));
    EXPECT_EQ(head(2, sha)->get_header_value("Upload-Complete"), "1");  // complete: anyone's
}

TEST_F(OfficeDisk, AKioskOverItsQuotaIsToldToTryLater) {
    const std::string a(800, 'a'), b(300, 'b');
    ASSERT_EQ(patch(1, platform::sha256_hex(bytes(a)), a, 0, a.size())->status, 200);
    EXPECT_EQ(blobs_->usage("PKY1"), 800u);
    const auto over = patch(1, platform::sha256_hex(bytes(b)), b, 0, b.size());
    EXPECT_EQ(over->status, 507);
    EXPECT_EQ(over->get_header_value("X-Anjungan-Error"), "quota_exceeded");
    EXPECT_EQ(sync::classify(over->status), sync::Verdict::kRetry);
    // Another kiosk has its own quota; and once a case holds the blob, it leaves the quota.
    EXPECT_EQ(patch(2, platform::sha256_hex(bytes(b)), b, 0, b.size())->status, 200);
    blobs_->settle("PKY1", {platform::sha256_hex(bytes(a))});
    EXPECT_EQ(blobs_->usage("PKY1"), 0u);
}

TEST_F(OfficeDisk, LowFreeSpaceAnswers507InsufficientStorage) {
    free_ = 1000;  // below the 1 MiB the office keeps
    const std::string c(100, 'c');
    const auto r = patch(1, platform::sha256_hex(bytes(c)), c, 0, c.size());
    EXPECT_EQ(r->status, 507);
    EXPECT_EQ(r->get_header_value("X-Anjungan-Error"), "insufficient_storage");
    EXPECT_NE(r->body.find("try again later"), std::string::npos);
    EXPECT_EQ(sync::classify(r->status), sync::Verdict::kRetry);
    EXPECT_FALSE(blobs_->has(platform::sha256_hex(bytes(c))));
    free_ = std::uint64_t{1} << 40;
    EXPECT_EQ(patch(1, platform::sha256_hex(bytes(c)), c, 0, c.size())->status, 200);
}

TEST_F(OfficeDisk, OldPartialsAndBlobsOfNoCaseAreCollectedAndNothingElse) {
    const std::string held(50, 'h'), orphan(60, 'o'), young(70, 'y'), old_part(80, 'p');
    const auto sha = [](const std::string& s) { return platform::sha256_hex(bytes(s)); };
    ASSERT_EQ(patch(1, sha(held), held, 0, held.size())->status, 200);
    ASSERT_EQ(patch(1, sha(orphan), orphan, 0, orphan.size())->status, 200);
    ASSERT_EQ(patch(1, sha(young), young.substr(0, 10), 0, young.size())->status, 200);
    ASSERT_EQ(patch(2, sha(old_part), old_part.substr(0, 10), 0, old_part.size())->status, 200);
    add_case(sha(held), held.size());

    const auto then = fs::file_time_type::clock::now() - 8 * 24h;  // older than the 7 days
    fs::last_write_time(blobs_->path(sha(held)), then);
    fs::last_write_time(blobs_->path(sha(orphan)), then);
    fs::last_write_time(data_ / "uploads" / "PKY2" / (sha(old_part) + ".part"), then);

    const auto c = blobs_->collect(
        [&](const std::string& s) { return !storage_->cases_with_blob(s).empty(); });
    EXPECT_EQ(c.partials, 1);
    EXPECT_EQ(c.blobs, 1);
    EXPECT_TRUE(blobs_->has(sha(held)));
    EXPECT_FALSE(blobs_->has(sha(orphan)));
    EXPECT_EQ(head(1, sha(young))->get_header_value("Upload-Offset"), "10");
    EXPECT_EQ(head(2, sha(old_part))->status, 404);
    EXPECT_EQ(blobs_->usage("PKY1"), 10u + 4 + DataKeys::kChunkOverhead);  // the young partial
}

TEST_F(OfficeDisk, NoNikByteIsLeftInTheDataFolderWhileStaffStillSeeIt) {
    std::ostringstream log;
    const auto before = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
    spdlog::set_level(spdlog::level::trace);

    // A document that holds the NIK as text, uploaded in two chunks: the partial on disk too.
    const std::string doc = std::string("%PDF-1.4 NIK ") + kNik + " " + std::string(400, 'z');
    const std::string sha = platform::sha256_hex(bytes(doc));
    ASSERT_EQ(patch(1, sha, doc.substr(0, 100), 0, doc.size())->status, 200);
    EXPECT_EQ(files_holding(data_, kNik), std::vector<std::string>{});
    ASSERT_EQ(patch(1, sha, doc.substr(100), 100, doc.size())->status, 200);
    const std::string receipt = add_case(sha, doc.size());
    const auto d = storage_->case_by_receipt(receipt);
    ASSERT_TRUE(d);
    // The letter (its PDF holds the NIK) and an e-mail naming it.
    const auto letter = storage_->issue_letter(
        d->row.case_id, 2026, "2026-12-04", [](int n) { return "L/" + std::to_string(n); }, "kasi",
        now());
    storage_->attach_letter_pdf(letter.id, bytes(std::string("%PDF letter NIK ") + kNik));
    OutboxRecord m;
    m.case_id = d->row.case_id;
    m.kind = "received";
    m.key = "received:" + d->row.case_id;
    m.recipient = "a@example.org";
    m.subject = "Diterima";
    m.text = std::string("NIK ") + kNik;
    m.html = std::string("<p>NIK ") + kNik + "</p>";
    m.attachments = json::array({{{"filename", "x.txt"}, {"data", kNik}}}).dump();
    m.created_at = now();
    ASSERT_TRUE(storage_->queue_mail(m));

    // Staff still see it: the staff API, the document, NIK search and duplicate detection.
    httplib::Client c("127.0.0.1", port_);
    const httplib::Headers auth{{"Authorization", "Bearer t-verif"}};
    const auto shown = c.Get(("/v1/staff/cases/" + receipt).c_str(), auth);
    ASSERT_EQ(shown->status, 200);
    EXPECT_NE(shown->body.find(kNik), std::string::npos);
    const auto file = c.Get(("/v1/staff/blobs/" + sha).c_str(), auth);
    ASSERT_EQ(file->status, 200);
    EXPECT_EQ(file->body, doc);
    EXPECT_EQ(storage_->current_letter(d->row.case_id)->pdf,
              bytes(std::string("%PDF letter NIK ") + kNik));
    EXPECT_EQ(storage_->mail(d->row.case_id, "", 10).at(0).text, m.text);
    ASSERT_EQ(storage_->cases_with_nik(kNik).size(), 1u);
    EXPECT_TRUE(storage_->cases_with_nik("6271014508900002").empty());
    CaseFilter f;
    f.text = kNik;
    EXPECT_EQ(storage_->count_cases(f), 1);
    f.text = "rahmawati";  // the name still searches
    EXPECT_EQ(storage_->count_cases(f), storage_->count_cases(CaseFilter{}));
    // The kiosk's signature still verifies the record as kept (decrypted).
    const std::string signed_text = sync::case_signing_text(d->payload);
    EXPECT_TRUE(platform::verify_signature(key1_.public_key(), bytes(signed_text),
                                           *platform::from_base64url(d->signature)));

    spdlog::set_default_logger(before);
    server_.reset();
    // office.db, its -wal and -shm, blobs, uploads, keys: not one holds the NIK's bytes.
    EXPECT_TRUE(fs::exists(data_ / "office.db-wal"));
    EXPECT_EQ(files_holding(data_, kNik), std::vector<std::string>{});
    EXPECT_EQ(log.str().find(kNik), std::string::npos) << log.str();
}

TEST(DataKeys, AKeyFileOthersMayReadIsRefusedNamingTheFix) {
    test::TempDir dir;
    const fs::path data = dir.path() / "office";
    open_sqlite_storage(data);
    const fs::path key = DataKeys::default_path(data);
    ASSERT_TRUE(fs::exists(key));
    EXPECT_EQ(fs::status(key).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    ::chmod(key.c_str(), 0644);
    try {
        open_sqlite_storage(data);
        FAIL() << "a key file of mode 0644 was used";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("chmod 600 " + key.string()), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(BlobStore(dir.path() / "office"), platform::CryptoError);
}

TEST(DataKeys, RotationKeepsOldDataReadableAndResealsItWithTheNewKey) {
    test::TempDir dir;
    const fs::path data = dir.path() / "office";
    auto keys = DataKeys::open(DataKeys::default_path(data));
    auto storage = open_sqlite_storage(data, keys);
    BlobStore blobs(data, 64u << 20, keys);
    storage->add_kiosk("PKY1", platform::SigningKey::generate().public_key_text(),
                       "2026-12-04T00:00:00Z");
    const std::string doc = "KTP of " + std::string(kNik);
    const std::string sha = platform::sha256_hex(bytes(doc));
    ASSERT_EQ(blobs.append(sha, 0, doc.size(), bytes(doc), sha).result,
              BlobStore::Patch::Result::kOk);
    sync::CasePayload c;
    c.case_id = platform::new_uuid_v4();
    c.receipt_no = "PKY1-261204-0001-0";
    c.kiosk_id = "PKY1";
    c.created_at = "2026-12-04T01:00:00Z";
    c.applicant = json(test::good_applicant(kNik));
    c.attachments.push_back({"ktp", 1, sha, doc.size(), "image/jpeg"});
    storage->accept_case(c, "sig", "body", c.created_at, "",
                         [](std::int64_t) { return std::string("{}"); });
    ASSERT_EQ(keys->current_id(), 1u);

    // A second process rotates: this one reads what either key sealed.
    auto other = DataKeys::open(keys->path(), false);
    EXPECT_EQ(other->add_key(), 2u);
    const auto r = reseal_sqlite_storage(data, other);
    EXPECT_EQ(r.rows, 1);
    EXPECT_EQ(r.key_use, (std::map<std::uint32_t, int>{{2, 1}}));
    EXPECT_EQ(BlobStore(data, 64u << 20, other).reseal(), 1);
    EXPECT_EQ(storage->case_by_receipt(c.receipt_no)->payload.applicant["nik"], kNik);
    EXPECT_EQ(blobs.read(sha), bytes(doc));
    EXPECT_EQ(storage->cases_with_nik(kNik).size(), 1u);

    // With the old key gone from the file, what was re-sealed still opens.
    other->drop_keys_below(2);
    auto fresh = DataKeys::open(keys->path(), false);
    EXPECT_EQ(fresh->ids(), std::vector<std::uint32_t>{2});
    storage.reset();
    auto reopened = open_sqlite_storage(data, fresh);
    EXPECT_EQ(reopened->case_by_receipt(c.receipt_no)->payload.applicant["nik"], kNik);
    EXPECT_EQ(reopened->cases_with_nik(kNik).size(), 1u);
    EXPECT_EQ(BlobStore(data, 64u << 20, fresh).read(sha), bytes(doc));
}

}  // namespace
}  // namespace anjungan::office
