#include "anjungan/office/data_keys.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "anjungan/platform/durable_file.hpp"

namespace anjungan::office {

namespace fs = std::filesystem;
using platform::Bytes;
using platform::CryptoError;

namespace {

constexpr std::string_view kTag = "anjungan-office-data-key";
constexpr std::string_view kTextPrefix = "enc1:";
constexpr std::string_view kBytesMagic = "ANJD1";

void put_u32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
}
std::uint32_t get_u32(const std::uint8_t* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
        v = (v << 8) | p[i];
    }
    return v;
}

std::string text_of(const Bytes& b) {
    return {b.begin(), b.end()};
}
std::span<const std::uint8_t> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

fs::path DataKeys::default_path(const fs::path& data_dir) {
    return data_dir / "keys" / "data.key";
}

std::shared_ptr<DataKeys> DataKeys::open(const fs::path& path, bool create) {
    platform::init_crypto();
    std::shared_ptr<DataKeys> keys(new DataKeys(path));
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) {
        if (!create) {
            throw CryptoError("data key file " + path.string() +
                              " does not exist; restore it from its backup (without it the "
                              "office's sealed data cannot be read)");
        }
        platform::ensure_directory(path.parent_path(), 0700);
        keys->roots_.emplace(1, platform::SecretKey::generate());
        keys->write();
        keys->roots_.clear();  // load() reads it back, subkeys and all
        spdlog::warn(
            "data key file {} created with a new key (id 1): back it up apart from the data "
            "folder; without it the sealed data cannot be read",
            path.string());
    }
    keys->load();
    return keys;
}

void DataKeys::load() {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        throw CryptoError("data key file " + path_.string() + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        throw CryptoError("data key file " + path_.string() + " is " +
                          (S_ISDIR(st.st_mode) ? "a folder" : "not a regular file") +
                          ", not a key file; move it aside and restore the key file from its "
                          "backup");
    }
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw CryptoError("data key file " + path_.string() + " may be read by other users (mode " +
                          mode + "); refusing to use it. Fix with: chmod 600 " + path_.string());
    }
    Bytes raw = platform::read_file(path_);
    std::string text = text_of(raw);
    sodium_memzero(raw.data(), raw.size());
    std::size_t at = 0;
    int line_no = 0;
    std::map<std::uint32_t, platform::SecretKey> found;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(at, end - at);
        at = end + 1;
        ++line_no;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto damaged = [&](const std::string& why) {
            sodium_memzero(line.data(), line.size());
            sodium_memzero(text.data(), text.size());
            return CryptoError("data key file " + path_.string() + " line " +
                               std::to_string(line_no) + ": " + why +
                               " (expected anjungan-office-data-key:<id>:<64 hex digits>)");
        };
        const auto c1 = line.find(':');
        const auto c2 = c1 == std::string::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string::npos || line.compare(0, c1, kTag) != 0) {
            throw damaged("not a data key line");
        }
        const std::string id_text = line.substr(c1 + 1, c2 - c1 - 1);
        if (id_text.empty() || id_text.size() > 9 ||
            id_text.find_first_not_of("0123456789") != std::string::npos) {
            throw damaged("bad key id");
        }
        const auto id = static_cast<std::uint32_t>(std::stoul(id_text));
        const std::string hex = line.substr(c2 + 1);
        platform::SecretKey key;
        std::size_t len = 0;
        if (id == 0 || hex.size() != platform::SecretKey::kSize * 2 ||
            sodium_hex2bin(key.data(), platform::SecretKey::kSize, hex.data(), hex.size(), nullptr,
                           &len, nullptr) != 0 ||
            len != platform::SecretKey::kSize) {
            throw damaged("damaged key");
        }
        if (found.count(id) != 0) {
            throw damaged("key id " + id_text + " twice");
        }
        found.emplace(id, key);
        sodium_memzero(line.data(), line.size());
    }
    sodium_memzero(text.data(), text.size());
    if (found.empty()) {
        throw CryptoError("data key file " + path_.string() +
                          " holds no key; restore it from its backup");
    }
    for (const auto& [id, root] : found) {
        if (roots_.count(id) != 0) {
            continue;  // never replaced: entry() hands out pointers into entries_
        }
        roots_.emplace(id, root);
        entries_.emplace(
            id,
            Entry{root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption)),
                  root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kBlobEncryption)),
                  root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kLookupHash))});
    }
}

void DataKeys::write() const {
    std::string out =
        "# anjungan-office data keys (issue 16): the highest id seals new data; keep every line "
        "until `anjungan-office keys rotate-data` has re-sealed what it sealed\n";
    for (const auto& [id, root] : roots_) {
        out += std::string(kTag) + ":" + std::to_string(id) + ":" +
               platform::to_hex({root.data(), platform::SecretKey::kSize}) + "\n";
    }
    platform::write_file_durably(path_, bytes_of(out), 0600);
    sodium_memzero(out.data(), out.size());
}

std::uint32_t DataKeys::current_id() const {
    std::lock_guard lock(mutex_);
    return entries_.rbegin()->first;
}

std::vector<std::uint32_t> DataKeys::ids() const {
    std::lock_guard lock(mutex_);
    std::vector<std::uint32_t> out;
    for (const auto& [id, e] : entries_) {
        out.push_back(id);
    }
    return out;
}

const DataKeys::Entry* DataKeys::entry(std::uint32_t id) const {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(id); it != entries_.end()) {
        return &it->second;
    }
    try {
        const_cast<DataKeys*>(this)->load();
    } catch (const CryptoError& e) {
        spdlog::warn("data key file {}: {}", path_.string(), e.what());
        return nullptr;
    }
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}

std::string DataKeys::seal_text(std::string_view plain, std::string_view context) const {
    const std::uint32_t id = current_id();
    const Bytes sealed = platform::seal(entry(id)->fields, bytes_of(plain), context);
    return std::string(kTextPrefix) + std::to_string(id) + ":" + platform::base64url(sealed);
}

bool DataKeys::is_sealed_text(std::string_view text) {
    return text.substr(0, kTextPrefix.size()) == kTextPrefix;
}

std::optional<std::uint32_t> DataKeys::text_key_id(std::string_view sealed) {
    if (!is_sealed_text(sealed)) {
        return std::nullopt;
    }
    const auto rest = sealed.substr(kTextPrefix.size());
    const auto colon = rest.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > 9 ||
        rest.substr(0, colon).find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(std::stoul(std::string(rest.substr(0, colon))));
}

std::optional<std::string> DataKeys::open_text(std::string_view sealed,
                                               std::string_view context) const {
    const auto id = text_key_id(sealed);
    if (!id) {
        return std::nullopt;
    }
    const Entry* e = entry(*id);
    const auto raw = platform::from_base64url(sealed.substr(sealed.find(':', 5) + 1));
    if (e == nullptr || !raw) {
        return std::nullopt;
    }
    const auto plain = platform::unseal(e->fields, *raw, context);
    if (!plain) {
        return std::nullopt;
    }
    return text_of(*plain);
}

Bytes DataKeys::seal_bytes(std::span<const std::uint8_t> plain, std::string_view context) const {
    const std::uint32_t id = current_id();
    const Bytes stream = platform::seal_stream(entry(id)->blobs, plain, context);
    Bytes out(kBytesMagic.begin(), kBytesMagic.end());
    out.reserve(kBytesHeader + stream.size());
    put_u32(out, id);
    const std::uint64_t n = plain.size();
    put_u32(out, static_cast<std::uint32_t>(n & 0xffffffffu));
    put_u32(out, static_cast<std::uint32_t>(n >> 32));
    out.insert(out.end(), stream.begin(), stream.end());
    return out;
}

bool DataKeys::is_sealed_bytes(std::span<const std::uint8_t> data) {
    return data.size() >= kBytesHeader &&
           std::memcmp(data.data(), kBytesMagic.data(), kBytesMagic.size()) == 0;
}

std::optional<std::uint32_t> DataKeys::bytes_key_id(std::span<const std::uint8_t> sealed) {
    if (!is_sealed_bytes(sealed)) {
        return std::nullopt;
    }
    return get_u32(sealed.data() + kBytesMagic.size());
}

std::optional<std::uint64_t> DataKeys::bytes_plain_size(std::span<const std::uint8_t> head) {
    if (!is_sealed_bytes(head)) {
        return std::nullopt;
    }
    const std::uint8_t* p = head.data() + kBytesMagic.size() + 4;
    return std::uint64_t{get_u32(p)} | (std::uint64_t{get_u32(p + 4)} << 32);
}

std::optional<Bytes> DataKeys::open_bytes(std::span<const std::uint8_t> sealed,
                                          std::string_view context) const {
    const auto id = bytes_key_id(sealed);
    const Entry* e = id ? entry(*id) : nullptr;
    if (e == nullptr) {
        return std::nullopt;
    }
    auto plain = platform::open_stream(e->blobs, sealed.subspan(kBytesHeader), context);
    if (!plain || plain->size() != bytes_plain_size(sealed)) {
        return std::nullopt;
    }
    return plain;
}

Bytes DataKeys::seal_chunk(std::span<const std::uint8_t> plain, std::string_view context) const {
    const std::uint32_t id = current_id();
    Bytes out;
    out.reserve(kChunkOverhead + plain.size());
    put_u32(out, id);
    const Bytes sealed = platform::seal(entry(id)->blobs, plain, context);
    out.insert(out.end(), sealed.begin(), sealed.end());
    return out;
}

std::optional<Bytes> DataKeys::open_chunk(std::span<const std::uint8_t> sealed,
                                          std::string_view context) const {
    if (sealed.size() < kChunkOverhead) {
        return std::nullopt;
    }
    const Entry* e = entry(get_u32(sealed.data()));
    if (e == nullptr) {
        return std::nullopt;
    }
    return platform::unseal(e->blobs, sealed.subspan(4), context);
}

std::string DataKeys::lookup_hash(std::string_view value) const {
    return platform::keyed_hash_hex(entry(current_id())->lookup, value);
}

std::vector<std::string> DataKeys::lookup_hashes(std::string_view value) const {
    std::vector<std::string> out;
    for (const auto id : ids()) {
        out.push_back(platform::keyed_hash_hex(entry(id)->lookup, value));
    }
    return out;
}

std::uint32_t DataKeys::add_key() {
    std::lock_guard lock(mutex_);
    load();  // another process may have added one
    const std::uint32_t id = roots_.rbegin()->first + 1;
    const auto root = platform::SecretKey::generate();
    roots_.emplace(id, root);
    entries_.emplace(
        id, Entry{root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption)),
                  root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kBlobEncryption)),
                  root.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kLookupHash))});
    write();
    return id;
}

void DataKeys::drop_keys_below(std::uint32_t keep_from) {
    std::lock_guard lock(mutex_);
    for (auto it = roots_.begin(); it != roots_.end();) {
        it = it->first < keep_from && std::next(it) != roots_.end() ? roots_.erase(it)
                                                                    : std::next(it);
    }
    write();  // entries_ keep them in this process (pointers stay valid); the file does not
}

}  // namespace anjungan::office
