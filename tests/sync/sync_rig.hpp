// A kiosk and an office on loopback, with real parts: the office's HTTP server (cpp-httplib),
// its SQLite storage and blob folder, the kiosk's SQLite store, the libcurl client, and a TCP
// fault proxy between them (support/fault_proxy.hpp). Used by the sync tests.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "anjungan/kiosk/store.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "anjungan/office/server.hpp"
#include "fault_proxy.hpp"
#include "test_support.hpp"

namespace anjungan::test {

class SyncRig {
  public:
    explicit SyncRig(const std::string& kiosk_id = "PKY1") : kiosk_id_(kiosk_id) {
        start_office();
        proxy_ = std::make_unique<FaultProxy>(server_->port());
        store_ = open_kiosk(kiosk_id_, dir_ / "kiosk");
        register_kiosk(*store_, kiosk_id_);
    }
    ~SyncRig() {
        proxy_.reset();
        server_.reset();
    }

    std::unique_ptr<kiosk::Store> open_kiosk(const std::string& id,
                                             const std::filesystem::path& dir) {
        kiosk::StoreOptions o;
        o.data_dir = dir;
        o.kiosk_id = id;
        return kiosk::Store::open(o, clock_);
    }
    void register_kiosk(const kiosk::Store& store, const std::string& id) {
        const auto key = platform::SigningKey::read_file(kiosk::signing_key_path(store.data_dir()));
        storage_->add_kiosk(id, key.public_key_text(), platform::format_utc(clock_.now()));
    }

    // The office process, (re)started on its data folder: storage, blobs and server.
    void start_office() {
        server_.reset();
        storage_ = office::open_sqlite_storage(dir_ / "office");
        blobs_ = std::make_unique<office::BlobStore>(dir_ / "office", blob_policy_);
        office::ServerOptions o;
        o.port = 0;
        o.threads = 32;
        o.fault = [this](const std::string& method, const std::string& path, bool after) {
            std::lock_guard lock(fault_mutex_);
            return fault_ ? fault_(method, path, after) : 0;
        };
        server_ = std::make_unique<office::OfficeServer>(o, *storage_, *blobs_, clock_);
        server_->start();
        if (proxy_) {
            proxy_->set_upstream_port(server_->port());
            proxy_->reset_open_connections();
        }
    }
    void stop_office() { server_.reset(); }

    void set_fault(std::function<int(const std::string&, const std::string&, bool)> f) {
        std::lock_guard lock(fault_mutex_);
        fault_ = std::move(f);
    }

    platform::Config config(const std::filesystem::path& data_dir, const std::string& id) const {
        platform::Config c;
        c.kiosk_id = id;
        c.data_dir = data_dir;
        c.office_url = "http://127.0.0.1:" + std::to_string(proxy_->port());
        c.timeouts.network_connect_seconds = 2;
        // Short, so the stall tests end soon; long enough that a loaded CI machine is no stall.
        c.timeouts.network_stall_seconds = 3;
        c.sync.purge_after_hours = 24;
        c.sync.chunk_kib = 256;
        return c;
    }
    platform::Config config() const { return config(store_->data_dir(), kiosk_id_); }

    // Submits `n` complete cases with blobs of `size` bytes; returns their case ids.
    std::vector<std::string> submit(int n, std::size_t size = 4096, kiosk::Store* store = nullptr) {
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) {
            domain::NewCase c;
            c.case_id = platform::new_uuid_v4();
            ++serial_;
            c.applicant = good_applicant("627101450890" +
                                         std::to_string(10000 + serial_ % 9000 + 1).substr(1));
            c.documents = documents(2, 1, size, static_cast<std::uint32_t>(serial_ * 101));
            (store ? *store : *store_).submit(c);
            ids.push_back(c.case_id);
        }
        return ids;
    }

    // Passes until the outbox is empty or `max_passes` ran; returns the passes made.
    int drain(int max_passes, kiosk::Store* store = nullptr) {
        kiosk::Store& s = store ? *store : *store_;
        int passes = 0;
        while (passes < max_passes && s.outbox_counts().pending > 0) {
            last_report_ = kiosk::sync_once(s, config_for(s));
            ++passes;
        }
        return passes;
    }
    platform::Config config_for(const kiosk::Store& s) const {
        return config(s.data_dir(),
                      kiosk_ids_.count(s.data_dir()) ? kiosk_ids_.at(s.data_dir()) : kiosk_id_);
    }
    void name_kiosk(const kiosk::Store& s, const std::string& id) { kiosk_ids_[s.data_dir()] = id; }

    // The invariant after any schedule: each of the kiosk's cases exists exactly once at the
    // office, every blob is byte-identical, and the kiosk shows it acknowledged.
    void expect_exactly_once(kiosk::Store& store, const std::string& kiosk_id, int expected) {
        office::CaseFilter f;
        f.kiosk_id = kiosk_id;
        const auto rows = storage_->cases(f);
        ASSERT_EQ(static_cast<int>(rows.size()), expected) << "cases of " << kiosk_id;
        std::map<std::string, int> seen;
        for (const auto& r : rows) {
            ++seen[r.case_id];
        }
        const auto local = store.list_cases();
        ASSERT_EQ(static_cast<int>(local.size()), expected);
        for (const auto& c : local) {
            EXPECT_EQ(seen[c.case_id], 1) << c.receipt_no;
            const auto rec = store.find_by_id(c.case_id);
            ASSERT_TRUE(rec);
            for (const auto& a : rec->attachments) {
                ASSERT_TRUE(blobs_->has(a.sha256)) << a.sha256;
                EXPECT_EQ(blobs_->read(a.sha256), store.read_attachment(a.sha256)) << a.sha256;
            }
        }
        const auto counts = store.outbox_counts();
        EXPECT_EQ(counts.sent, expected);
        EXPECT_EQ(counts.pending, 0);
        EXPECT_EQ(counts.quarantined, 0);
    }
    void expect_exactly_once(int expected) { expect_exactly_once(*store_, kiosk_id_, expected); }

    TempDir dir_;
    platform::SystemClock clock_;
    std::string kiosk_id_;
    std::unique_ptr<office::Storage> storage_;
    std::unique_ptr<office::BlobStore> blobs_;
    office::BlobPolicy blob_policy_;  // the next start_office's (the disk's limits)
    std::unique_ptr<office::OfficeServer> server_;
    std::unique_ptr<FaultProxy> proxy_;
    std::unique_ptr<kiosk::Store> store_;
    sync::PassReport last_report_;
    std::mutex fault_mutex_;
    std::function<int(const std::string&, const std::string&, bool)> fault_;
    std::map<std::filesystem::path, std::string> kiosk_ids_;
    int serial_ = 0;
};

}  // namespace anjungan::test
