// The office's attachment files, content-addressed by the SHA-256 of their plain content and
// sealed at rest with the data keys (data_keys.hpp):
//   DATA/blobs/ab/<sha256>                  complete and checked ("ANJD1" + key id + size +
//                                           secretstream bound to the hash)
//   DATA/uploads/<kiosk>/<sha256>.part      an upload under way, owned by the kiosk that began
//                                           it: records [u32 length][chunk sealed with the
//                                           current key, bound to hash and offset], each
//                                           fsynced before it is acknowledged
//   DATA/uploads/<kiosk>/<sha256>.done      a blob the kiosk completed that no case holds yet
//                                           (its size): counted against the kiosk's quota
// The file system is the truth: a blob exists when its file does; a partial upload's offset is
// the sum of its whole records' plain lengths.
//
// Limits (BlobPolicy): a blob's size, a quota per kiosk (its partial uploads and its completed
// blobs no case holds yet), the free space the office keeps (below it uploads are refused as
// "try later"), and the age after which partial uploads and blobs no case holds are collected.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "anjungan/office/data_keys.hpp"

namespace anjungan::office {

struct BlobPolicy {
    std::uint64_t max_bytes = 64u << 20;                       // one blob
    std::uint64_t kiosk_quota_bytes = std::uint64_t{4} << 30;  // per kiosk; 0: none
    std::uint64_t min_free_bytes = std::uint64_t{512} << 20;   // on the data folder's disk; 0: none
    std::chrono::seconds collect_after{std::chrono::hours(24 * 7)};
    // The data folder's free bytes; empty: statvfs. Tests inject a low figure.
    std::function<std::uint64_t()> free_bytes;
};

class BlobStore {
  public:
    // `keys` empty: DataKeys::open(DataKeys::default_path(data_dir)).
    explicit BlobStore(std::filesystem::path data_dir, std::uint64_t max_bytes = 64u << 20,
                       std::shared_ptr<const DataKeys> keys = nullptr);
    BlobStore(std::filesystem::path data_dir, BlobPolicy policy,
              std::shared_ptr<const DataKeys> keys = nullptr);

    struct State {
        bool complete = false;
        std::uint64_t offset = 0;  // bytes held (the size when complete)
        bool known = false;        // complete, or a partial upload of the asking kiosk exists
        std::string held_by;       // another kiosk's partial upload of this hash exists
    };
    // As `kiosk_id` sees it: its own partial upload, never another kiosk's.
    State state(const std::string& sha256, const std::string& kiosk_id = "");

    struct Patch {
        enum class Result {
            kOk,
            kOffsetMismatch,
            kHashMismatch,
            kTooLarge,
            kBadRequest,
            kHeldByOther,          // another kiosk's upload of this hash is under way
            kQuotaExceeded,        // the kiosk holds its quota in uploads no case holds yet
            kInsufficientStorage,  // the disk is below the free space the office keeps
        };
        Result result = Result::kOk;
        State state;
        std::string message;
    };
    // Appends `data` at `offset` of a blob of `total` bytes for `kiosk_id`. When the last byte
    // arrives, the whole content's SHA-256 is checked: a match makes the blob complete
    // (durably), a mismatch discards the upload. `data_sha256`, when given, is the chunk's own
    // SHA-256 (the server took it to check the request's signature).
    Patch append(const std::string& sha256, std::uint64_t offset, std::uint64_t total,
                 std::span<const std::uint8_t> data, const std::string& data_sha256 = "",
                 const std::string& kiosk_id = "");

    // A case now holds these blobs: they no longer count against the kiosk's quota.
    void settle(const std::string& kiosk_id, const std::vector<std::string>& sha256s);

    // The plain content of a complete blob; throws platform::FileError when it is missing or
    // cannot be opened with the data keys.
    platform::Bytes read(const std::string& sha256) const;
    bool has(const std::string& sha256) const;
    // The sealed file (not its content: read() gives that).
    std::filesystem::path path(const std::string& sha256) const;
    const DataKeys& keys() const { return *keys_; }
    const BlobPolicy& policy() const { return policy_; }

    // Removes partial uploads older than the policy's age, and complete blobs that old that no
    // case holds (`held` says whether one does). `now` is the file clock's (tests go forward).
    struct Collected {
        int partials = 0;
        int blobs = 0;
        std::uint64_t bytes = 0;
    };
    Collected collect(
        const std::function<bool(const std::string& sha256)>& held,
        std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

    // Re-seals every complete blob not sealed with the current key (or not sealed at all: an
    // older office's plain files); returns how many were rewritten.
    int reseal();

    // Bytes an upload by `kiosk_id` holds now (its partial uploads and unsettled blobs).
    std::uint64_t usage(const std::string& kiosk_id) const;

  private:
    std::filesystem::path kiosk_dir(const std::string& kiosk_id) const;
    std::filesystem::path partial_path(const std::string& sha256,
                                       const std::string& kiosk_id) const;
    // The kiosk whose partial upload of this hash exists (other than `except`), or "".
    std::string partial_owner(const std::string& sha256, const std::string& except) const;
    std::optional<std::uint64_t> complete_size(const std::string& sha256) const;
    void write_complete(const std::string& sha256, std::span<const std::uint8_t> plain,
                        const std::string& kiosk_id);
    std::uint64_t free_bytes() const;
    std::mutex& lock_for(const std::string& sha256);
    std::filesystem::path dir_;
    BlobPolicy policy_;
    std::shared_ptr<const DataKeys> keys_;
    std::array<std::mutex, 64> locks_;
};

}  // namespace anjungan::office
