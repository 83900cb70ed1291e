// The office's attachment files, content-addressed: DATA/blobs/ab/<sha256> once complete and
// checked, DATA/uploads/<sha256>.part while an upload is under way. The file system is the
// truth: a blob exists when its file does; a partial upload's offset is its file's length
// (every chunk is fsynced before it is acknowledged).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>

namespace anjungan::office {

class BlobStore {
  public:
    explicit BlobStore(std::filesystem::path data_dir, std::uint64_t max_bytes = 64u << 20);

    struct State {
        bool complete = false;
        std::uint64_t offset = 0;  // bytes held (the size when complete)
        bool known = false;        // complete, or a partial upload exists
    };
    State state(const std::string& sha256);

    struct Patch {
        enum class Result { kOk, kOffsetMismatch, kHashMismatch, kTooLarge, kBadRequest };
        Result result = Result::kOk;
        State state;
        std::string message;
    };
    // Appends `data` at `offset` of a blob of `total` bytes. When the last byte arrives, the
    // whole content's SHA-256 is checked: a match makes the blob complete (durably), a
    // mismatch discards the upload. `data_sha256`, when given, is the chunk's own SHA-256
    // (the server took it to check the request's signature).
    Patch append(const std::string& sha256, std::uint64_t offset, std::uint64_t total,
                 std::span<const std::uint8_t> data, const std::string& data_sha256 = "");

    std::filesystem::path path(const std::string& sha256) const;
    bool has(const std::string& sha256) const;

  private:
    std::filesystem::path partial_path(const std::string& sha256) const;
    std::mutex& lock_for(const std::string& sha256);
    std::filesystem::path dir_;
    std::uint64_t max_bytes_;
    std::array<std::mutex, 64> locks_;
};

}  // namespace anjungan::office
