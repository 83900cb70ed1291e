#include "anjungan/office/blob_store.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::office {

namespace fs = std::filesystem;
using platform::Bytes;

namespace {

// Appends and fsyncs; false with errno's text in `error` on failure.
bool append_durably(const fs::path& path, std::span<const std::uint8_t> data, std::string& error) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = std::strerror(errno);
            ::close(fd);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    const bool ok = ::fdatasync(fd) == 0;
    if (!ok) {
        error = std::strerror(errno);
    }
    ::close(fd);
    return ok;
}

std::uint32_t get_u32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
           (std::uint32_t{p[3]} << 24);
}

// A partial upload's whole records: their plain bytes and where the last one ends.
struct PartialScan {
    std::uint64_t plain = 0;
    std::uint64_t whole = 0;
    std::uint64_t size = 0;
};

std::optional<PartialScan> scan_partial(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    struct stat st {};
    ::fstat(fd, &st);
    PartialScan s;
    s.size = static_cast<std::uint64_t>(st.st_size);
    std::uint8_t head[4];
    while (s.whole + 4 <= s.size && ::pread(fd, head, 4, static_cast<off_t>(s.whole)) == 4) {
        const std::uint32_t len = get_u32(head);
        if (len < DataKeys::kChunkOverhead || s.whole + 4 + len > s.size) {
            break;
        }
        s.plain += len - DataKeys::kChunkOverhead;
        s.whole += 4 + len;
    }
    ::close(fd);
    return s;
}

std::string context_of(const std::string& sha, std::uint64_t offset) {
    return "upload:" + sha + ":" + std::to_string(offset);
}

bool is_hash_name(const std::string& name) {
    return platform::is_sha256_hex(name);
}

}  // namespace

BlobStore::BlobStore(fs::path data_dir, std::uint64_t max_bytes,
                     std::shared_ptr<const DataKeys> keys)
    : BlobStore(std::move(data_dir),
                BlobPolicy{max_bytes,
                           std::uint64_t{4} << 30,
                           std::uint64_t{512} << 20,
                           std::chrono::hours(24 * 7),
                           {}},
                std::move(keys)) {}

BlobStore::BlobStore(fs::path data_dir, BlobPolicy policy, std::shared_ptr<const DataKeys> keys)
    : dir_(std::move(data_dir)), policy_(std::move(policy)), keys_(std::move(keys)) {
    platform::init_crypto();
    platform::ensure_directory(dir_ / "blobs", 0700);
    platform::ensure_directory(dir_ / "uploads", 0700);
    if (!keys_) {
        keys_ = DataKeys::open(DataKeys::default_path(dir_));
    }
}

fs::path BlobStore::path(const std::string& sha) const {
    return dir_ / "blobs" / sha.substr(0, 2) / sha;
}

fs::path BlobStore::kiosk_dir(const std::string& kiosk_id) const {
    // Kiosk ids are checked at registration (letters, digits, '-'); "_" stands for the
    // operators' own uploads (tests, tools), which no kiosk id can be.
    return dir_ / "uploads" / (kiosk_id.empty() ? std::string("_") : kiosk_id);
}

fs::path BlobStore::partial_path(const std::string& sha, const std::string& kiosk_id) const {
    return kiosk_dir(kiosk_id) / (sha + ".part");
}

std::mutex& BlobStore::lock_for(const std::string& sha) {
    return locks_[std::hash<std::string>{}(sha) % locks_.size()];
}

bool BlobStore::has(const std::string& sha) const {
    std::error_code ec;
    return platform::is_sha256_hex(sha) && fs::is_regular_file(path(sha), ec);
}

std::optional<std::uint64_t> BlobStore::complete_size(const std::string& sha) const {
    const fs::path p = path(sha);
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    std::uint8_t head[DataKeys::kBytesHeader];
    const ssize_t n = ::pread(fd, head, sizeof head, 0);
    struct stat st {};
    ::fstat(fd, &st);
    ::close(fd);
    if (n == static_cast<ssize_t>(sizeof head)) {
        if (const auto size = DataKeys::bytes_plain_size(head)) {
            return size;
        }
    }
    return static_cast<std::uint64_t>(st.st_size);  // an older office's plain file
}

Bytes BlobStore::read(const std::string& sha) const {
    const Bytes raw = platform::read_file(path(sha));
    if (!DataKeys::is_sealed_bytes(raw)) {
        return raw;  // written by an office before sealing; `keys rotate-data` seals it
    }
    auto plain = keys_->open_bytes(raw, "blob:" + sha);
    if (!plain) {
        throw platform::FileError("blob " + sha + " cannot be opened with the data keys in " +
                                  keys_->path().string() +
                                  " (a key missing from the file, or the file was altered)");
    }
    return std::move(*plain);
}

std::string BlobStore::partial_owner(const std::string& sha, const std::string& except) const {
    std::error_code ec;
    for (const auto& d : fs::directory_iterator(dir_ / "uploads", ec)) {
        if (!d.is_directory(ec)) {
            continue;
        }
        const std::string kiosk = d.path().filename().string();
        const std::string owner = kiosk == "_" ? "" : kiosk;
        if (owner != except && fs::exists(d.path() / (sha + ".part"), ec)) {
            return kiosk;
        }
    }
    return {};
}

BlobStore::State BlobStore::state(const std::string& sha, const std::string& kiosk_id) {
    std::lock_guard lock(lock_for(sha));
    if (const auto size = complete_size(sha)) {
        return {true, *size, true, {}};
    }
    if (const auto s = scan_partial(partial_path(sha, kiosk_id))) {
        return {false, s->plain, true, {}};
    }
    State st;
    st.held_by = partial_owner(sha, kiosk_id);
    return st;
}

std::uint64_t BlobStore::free_bytes() const {
    if (policy_.free_bytes) {
        return policy_.free_bytes();
    }
    struct statvfs vfs {};
    if (::statvfs(dir_.c_str(), &vfs) != 0) {
        return UINT64_MAX;  // unknown: not a reason to refuse
    }
    return static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

std::uint64_t BlobStore::usage(const std::string& kiosk_id) const {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(kiosk_dir(kiosk_id), ec)) {
        const fs::path p = e.path();
        if (p.extension() == ".part") {
            total += e.file_size(ec);
        } else if (p.extension() == ".done") {
            try {
                const Bytes b = platform::read_file(p);
                total += std::stoull(std::string(b.begin(), b.end()));
            } catch (const std::exception&) {
            }
        }
    }
    return total;
}

void BlobStore::write_complete(const std::string& sha, std::span<const std::uint8_t> plain,
                               const std::string& kiosk_id) {
    const fs::path final_path = path(sha);
    platform::ensure_directory(final_path.parent_path(), 0700);
    platform::write_file_durably(final_path, keys_->seal_bytes(plain, "blob:" + sha), 0600);
    if (!kiosk_id.empty()) {
        // Until a case holds it, the blob is the kiosk's to answer for (its quota).
        const std::string size = std::to_string(plain.size());
        platform::ensure_directory(kiosk_dir(kiosk_id), 0700);
        platform::write_file_durably(
            kiosk_dir(kiosk_id) / (sha + ".done"),
            {reinterpret_cast<const std::uint8_t*>(size.data()), size.size()}, 0600);
    }
}

BlobStore::Patch BlobStore::append(const std::string& sha, std::uint64_t offset,
                                   std::uint64_t total, std::span<const std::uint8_t> data,
                                   const std::string& data_sha256, const std::string& kiosk_id) {
    using R = Patch::Result;
    std::lock_guard lock(lock_for(sha));
    std::error_code ec;
    Patch p;
    if (const auto size = complete_size(sha)) {
        p.state = {true, *size, true, {}};  // already complete: nothing to add
        return p;
    }
    if (total > policy_.max_bytes) {
        p.result = R::kTooLarge;
        p.message = "a blob of " + std::to_string(total) + " bytes is larger than the office's " +
                    std::to_string(policy_.max_bytes);
        return p;
    }
    if (const std::string other = partial_owner(sha, kiosk_id); !other.empty()) {
        // Only the kiosk that began an upload may add to it (or, by a wrong length or hash,
        // have it discarded); the other waits until it completes or is collected.
        p.result = R::kHeldByOther;
        p.state.held_by = other;
        p.message = "another kiosk's upload of this blob is under way; try again later";
        return p;
    }
    const fs::path part = partial_path(sha, kiosk_id);
    std::uint64_t held = 0;
    if (const auto s = scan_partial(part)) {
        held = s->plain;
        if (s->whole < s->size) {
            // A record torn by a crash before it was acknowledged: drop the torn tail.
            ::truncate(part.c_str(), static_cast<off_t>(s->whole));
        }
    }
    if (held > total) {
        // A partial upload longer than the blob can be: not this content. Start it over.
        fs::remove(part, ec);
        held = 0;
    }
    p.state = {false, held, held > 0, {}};
    if (offset != held) {
        p.result = R::kOffsetMismatch;
        p.message =
            "the office holds " + std::to_string(held) + " bytes, not " + std::to_string(offset);
        return p;
    }
    if (offset + data.size() > total || (data.empty() && total != offset)) {
        p.result = R::kBadRequest;
        p.message = "the chunk runs past Upload-Length, or is empty";
        return p;
    }
    if (policy_.min_free_bytes > 0) {
        const std::uint64_t free = free_bytes();
        if (free < policy_.min_free_bytes + data.size()) {
            p.result = R::kInsufficientStorage;
            p.message = "the office's disk is nearly full (" + std::to_string(free >> 20) +
                        " MiB free, it keeps " + std::to_string(policy_.min_free_bytes >> 20) +
                        " MiB); try again later";
            spdlog::warn("blob upload refused: {} bytes free on {}, below the {} kept", free,
                         dir_.string(), policy_.min_free_bytes);
            return p;
        }
    }
    if (!kiosk_id.empty() && policy_.kiosk_quota_bytes > 0) {
        const std::uint64_t used = usage(kiosk_id);
        if (used + data.size() > policy_.kiosk_quota_bytes) {
            p.result = R::kQuotaExceeded;
            p.message = "kiosk " + kiosk_id + " holds " + std::to_string(used >> 20) +
                        " MiB of uploads no case holds yet (its quota is " +
                        std::to_string(policy_.kiosk_quota_bytes >> 20) +
                        " MiB); send the cases first, or try again later";
            return p;
        }
    }
    // One chunk holding the whole blob whose hash the caller already took: sealed and stored
    // at once, no partial file.
    if (offset == 0 && data.size() == total && data_sha256 == sha) {
        write_complete(sha, data, kiosk_id);
        fs::remove(part, ec);
        p.state = {true, total, true, {}};
        return p;
    }
    if (!data.empty()) {
        platform::ensure_directory(part.parent_path(), 0700);
        const Bytes sealed = keys_->seal_chunk(data, context_of(sha, offset));
        Bytes record;
        record.reserve(4 + sealed.size());
        for (int i = 0; i < 4; ++i) {
            record.push_back(static_cast<std::uint8_t>(sealed.size() >> (8 * i)));
        }
        record.insert(record.end(), sealed.begin(), sealed.end());
        std::string error;
        if (!append_durably(part, record, error)) {
            throw platform::FileError("cannot write " + part.string() + ": " + error);
        }
    }
    held += data.size();
    p.state = {false, held, true, {}};
    if (held < total) {
        return p;
    }
    // The last byte: open every record, check the whole content's hash, seal it as one file.
    Bytes plain;
    plain.reserve(static_cast<std::size_t>(total));
    const Bytes raw = platform::read_file(part);
    std::size_t at = 0;
    bool intact = true;
    while (at + 4 <= raw.size()) {
        const std::uint32_t len = get_u32(raw.data() + at);
        if (at + 4 + len > raw.size()) {
            intact = false;
            break;
        }
        const auto chunk =
            keys_->open_chunk({raw.data() + at + 4, len}, context_of(sha, plain.size()));
        if (!chunk) {
            intact = false;
            break;
        }
        plain.insert(plain.end(), chunk->begin(), chunk->end());
        at += 4 + len;
    }
    if (!intact || plain.size() != total || platform::sha256_hex(plain) != sha) {
        fs::remove(part, ec);
        p.result = R::kHashMismatch;
        p.state = {};
        p.message = "the content's SHA-256 is not " + sha + "; the upload was discarded";
        spdlog::warn("blob {}: hash mismatch after {} bytes; discarded", sha, total);
        return p;
    }
    write_complete(sha, plain, kiosk_id);
    fs::remove(part, ec);
    platform::fsync_directory(part.parent_path());
    p.state = {true, held, true, {}};
    return p;
}

void BlobStore::settle(const std::string& kiosk_id, const std::vector<std::string>& shas) {
    std::error_code ec;
    for (const auto& sha : shas) {
        if (is_hash_name(sha)) {
            fs::remove(kiosk_dir(kiosk_id) / (sha + ".done"), ec);
        }
    }
}

BlobStore::Collected BlobStore::collect(const std::function<bool(const std::string&)>& held,
                                        fs::file_time_type now) {
    Collected out;
    const auto cutoff = now - policy_.collect_after;
    std::error_code ec;
    const auto old = [&](const fs::path& p) {
        std::error_code e;
        const auto t = fs::last_write_time(p, e);
        return !e && t < cutoff;
    };
    const auto remove = [&](const fs::path& p, int& counter) {
        std::error_code e;
        const auto size = fs::file_size(p, e);
        if (fs::remove(p, e)) {
            ++counter;
            out.bytes += e ? 0 : size;
        }
    };
    // Partial uploads (and an older office's plain ones, straight under uploads/).
    for (const auto& d : fs::directory_iterator(dir_ / "uploads", ec)) {
        if (d.is_regular_file(ec)) {
            if (d.path().extension() == ".part" && old(d.path())) {
                remove(d.path(), out.partials);
            }
            continue;
        }
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(d.path(), ec)) {
            entries.push_back(e.path());
        }
        for (const auto& p : entries) {
            const std::string sha = p.stem().string();
            if (!is_hash_name(sha)) {
                continue;
            }
            std::lock_guard lock(lock_for(sha));
            if (p.extension() == ".part" && old(p)) {
                remove(p, out.partials);
            } else if (p.extension() == ".done" && (held(sha) || old(p))) {
                fs::remove(p, ec);  // settled, or its blob goes below
            }
        }
    }
    // Complete blobs no case holds.
    for (const auto& d : fs::directory_iterator(dir_ / "blobs", ec)) {
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(d.path(), ec)) {
            entries.push_back(e.path());
        }
        for (const auto& p : entries) {
            const std::string sha = p.filename().string();
            if (!is_hash_name(sha) || !old(p)) {
                continue;
            }
            std::lock_guard lock(lock_for(sha));
            if (!held(sha)) {
                remove(p, out.blobs);
                for (const auto& k : fs::directory_iterator(dir_ / "uploads", ec)) {
                    fs::remove(k.path() / (sha + ".done"), ec);  // out of its kiosk's quota
                }
            }
        }
    }
    if (out.partials + out.blobs > 0) {
        spdlog::info(
            "blob collection: {} partial upload(s) and {} blob(s) of no case removed "
            "({} bytes)",
            out.partials, out.blobs, out.bytes);
    }
    return out;
}

int BlobStore::reseal() {
    int n = 0;
    std::error_code ec;
    const std::uint32_t current = keys_->current_id();
    for (const auto& d : fs::directory_iterator(dir_ / "blobs", ec)) {
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(d.path(), ec)) {
            entries.push_back(e.path());
        }
        for (const auto& p : entries) {
            const std::string sha = p.filename().string();
            if (!is_hash_name(sha)) {
                continue;
            }
            std::lock_guard lock(lock_for(sha));
            std::uint8_t head[DataKeys::kBytesHeader] = {};
            {
                const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
                if (fd < 0) {
                    continue;
                }
                const ssize_t got = ::pread(fd, head, sizeof head, 0);
                ::close(fd);
                if (got == static_cast<ssize_t>(sizeof head) &&
                    DataKeys::bytes_key_id(head) == current) {
                    continue;
                }
            }
            const Bytes plain = read(sha);
            platform::write_file_durably(p, keys_->seal_bytes(plain, "blob:" + sha), 0600);
            ++n;
        }
    }
    return n;
}

}  // namespace anjungan::office
