// The office's keys for personal data at rest: the applicant's fields in the database, the
// documents on disk (complete and partial uploads), letters, the e-mail outbox's attachments and
// the console's page previews are sealed with them (libsodium, platform/crypto.hpp).
//
// One key file (default DATA/keys/data.key, mode 0600; refused when group or others may read
// it) holds a ring: one line "anjungan-office-data-key:<id>:<64 hex>" per key, the highest id
// sealing new data. Every ciphertext names the id of the key that sealed it, so after
// `anjungan-office keys rotate-data` (a new key, then everything re-sealed with it) data sealed
// with an older key stays readable for as long as its line stays in the file.
//
// From each key three subkeys are derived (platform::KeyPurpose): fields, blobs, and the keyed
// hash (BLAKE2b with a key) that NIK search and duplicate detection use instead of the NIK.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/platform/crypto.hpp"

namespace anjungan::office {

class DataKeys {
  public:
    // Where the key file is unless the configuration says otherwise.
    static std::filesystem::path default_path(const std::filesystem::path& data_dir);

    // Reads the ring at `path`; a missing file is created with one new key when `create` (its
    // folder 0700, the file 0600). Throws platform::CryptoError naming the file and the fix
    // (mode, damage, missing).
    static std::shared_ptr<DataKeys> open(const std::filesystem::path& path, bool create = true);

    const std::filesystem::path& path() const { return path_; }
    std::uint32_t current_id() const;
    std::vector<std::uint32_t> ids() const;

    // A small value as text: "enc1:<key id>:<base64url of XChaCha20-Poly1305>", bound to
    // `context` (where it belongs: a case id, a letter id).
    std::string seal_text(std::string_view plain, std::string_view context) const;
    // The plain text; nothing when the key is unknown or the ciphertext was altered or moved.
    std::optional<std::string> open_text(std::string_view sealed, std::string_view context) const;
    static bool is_sealed_text(std::string_view text);
    static std::optional<std::uint32_t> text_key_id(std::string_view sealed);

    // Bytes (a file's content): "ANJD1" + key id (4 bytes, little-endian) + plain size (8 bytes)
    // + secretstream; a tampered, truncated or moved file does not open.
    platform::Bytes seal_bytes(std::span<const std::uint8_t> plain, std::string_view context) const;
    std::optional<platform::Bytes> open_bytes(std::span<const std::uint8_t> sealed,
                                              std::string_view context) const;
    static bool is_sealed_bytes(std::span<const std::uint8_t> data);
    static std::optional<std::uint32_t> bytes_key_id(std::span<const std::uint8_t> sealed);
    // The plain size a sealed file's header gives (read from its first kBytesHeader bytes).
    static std::optional<std::uint64_t> bytes_plain_size(std::span<const std::uint8_t> head);
    static constexpr std::size_t kBytesHeader = 5 + 4 + 8;

    // One record of a partial upload: a chunk sealed with the current key (id in front).
    platform::Bytes seal_chunk(std::span<const std::uint8_t> plain, std::string_view context) const;
    std::optional<platform::Bytes> open_chunk(std::span<const std::uint8_t> sealed,
                                              std::string_view context) const;
    static constexpr std::size_t kChunkOverhead = 4 + 24 + 16;

    // The keyed hash of a personal value (a NIK) with the current key, and with every key of the
    // ring (a search matches rows hashed before a rotation was finished).
    std::string lookup_hash(std::string_view value) const;
    std::vector<std::string> lookup_hashes(std::string_view value) const;

    // Adds a key with the next id and writes the file (durably, 0600): it seals from now on, in
    // this process and in every process that opens the file afterwards. Returns its id.
    std::uint32_t add_key();
    // Removes the keys below `keep_from` from the file (after everything was re-sealed).
    void drop_keys_below(std::uint32_t keep_from);

  private:
    struct Entry {
        platform::SecretKey fields, blobs, lookup;
    };
    explicit DataKeys(std::filesystem::path path) : path_(std::move(path)) {}
    void load();
    void write() const;
    // The entry for an id; reads the file again once when it is not known (another process
    // may have rotated).
    const Entry* entry(std::uint32_t id) const;

    std::filesystem::path path_;
    mutable std::mutex mutex_;
    mutable std::map<std::uint32_t, platform::SecretKey> roots_;
    mutable std::map<std::uint32_t, Entry> entries_;
};

}  // namespace anjungan::office
