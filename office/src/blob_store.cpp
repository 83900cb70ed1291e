#include "anjungan/office/blob_store.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::office {

namespace fs = std::filesystem;

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

std::string sha256_of_file(const fs::path& path) {
    platform::Sha256 h;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    std::array<std::uint8_t, 1 << 16> buf{};
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        h.update({buf.data(), static_cast<std::size_t>(n)});
    }
    ::close(fd);
    return h.hex();
}

}  // namespace

BlobStore::BlobStore(fs::path data_dir, std::uint64_t max_bytes)
    : dir_(std::move(data_dir)), max_bytes_(max_bytes) {
    platform::init_crypto();
    platform::ensure_directory(dir_ / "blobs", 0700);
    platform::ensure_directory(dir_ / "uploads", 0700);
}

fs::path BlobStore::path(const std::string& sha) const {
    return dir_ / "blobs" / sha.substr(0, 2) / sha;
}

fs::path BlobStore::partial_path(const std::string& sha) const {
    return dir_ / "uploads" / (sha + ".part");
}

std::mutex& BlobStore::lock_for(const std::string& sha) {
    return locks_[std::hash<std::string>{}(sha) % locks_.size()];
}

bool BlobStore::has(const std::string& sha) const {
    std::error_code ec;
    return fs::is_regular_file(path(sha), ec);
}

BlobStore::State BlobStore::state(const std::string& sha) {
    std::lock_guard lock(lock_for(sha));
    std::error_code ec;
    if (const auto size = fs::file_size(path(sha), ec); !ec) {
        return {true, size, true};
    }
    if (const auto size = fs::file_size(partial_path(sha), ec); !ec) {
        return {false, size, true};
    }
    return {};
}

BlobStore::Patch BlobStore::append(const std::string& sha, std::uint64_t offset,
                                   std::uint64_t total, std::span<const std::uint8_t> data,
                                   const std::string& data_sha256) {
    using R = Patch::Result;
    std::lock_guard lock(lock_for(sha));
    std::error_code ec;
    Patch p;
    if (const auto size = fs::file_size(path(sha), ec); !ec) {
        p.state = {true, size, true};  // already complete: nothing to add
        return p;
    }
    if (total > max_bytes_) {
        p.result = R::kTooLarge;
        p.message = "a blob of " + std::to_string(total) + " bytes is larger than the office's " +
                    std::to_string(max_bytes_);
        return p;
    }
    const fs::path part = partial_path(sha);
    std::uint64_t held = 0;
    if (const auto size = fs::file_size(part, ec); !ec) {
        held = size;
    }
    if (held > total) {
        // A partial upload longer than the blob can be: not this content. Start it over.
        fs::remove(part, ec);
        held = 0;
    }
    p.state = {false, held, held > 0};
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
    std::string error;
    if (!data.empty() && !append_durably(part, data, error)) {
        throw platform::FileError("cannot write " + part.string() + ": " + error);
    }
    held += data.size();
    p.state = {false, held, true};
    if (held < total) {
        return p;
    }
    // One chunk holding the whole blob whose hash the caller already took: no second read.
    const bool whole = offset == 0 && data.size() == total && data_sha256 == sha;
    if (!whole && sha256_of_file(part) != sha) {
        fs::remove(part, ec);
        p.result = R::kHashMismatch;
        p.state = {};
        p.message = "the content's SHA-256 is not " + sha + "; the upload was discarded";
        spdlog::warn("blob {}: hash mismatch after {} bytes; discarded", sha, total);
        return p;
    }
    const fs::path final_path = path(sha);
    platform::ensure_directory(final_path.parent_path(), 0700);
    fs::rename(part, final_path);
    platform::fsync_directory(final_path.parent_path());
    p.state = {true, held, true};
    return p;
}

}  // namespace anjungan::office
