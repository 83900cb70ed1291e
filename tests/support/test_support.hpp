// Shared test fixtures: temporary folders, a sample case, file scanning.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/case.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::test {

// A fresh folder under /tmp, removed when the object goes.
class TempDir {
  public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "anjungan-test-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline domain::Applicant good_applicant(const std::string& nik = "6271014508900001") {
    domain::Applicant a;
    a.full_name = "Dr. Siti Rahmawati, S.Kom., M.Si.";
    a.certificate_name = "Siti Rahmawati";
    a.nik = nik;
    a.employment = domain::EmploymentStatus::kPns;
    a.nip = "199008052015032001";
    a.sex = domain::Sex::kFemale;
    a.email = "siti.rahmawati@palangkaraya.go.id";
    a.phone = "+6281234567890";
    a.position = "Pranata Komputer Ahli Muda";
    a.work_unit = platform::default_work_units().front();
    a.office_address = "Jl. Tjilik Riwut Km. 5,5";
    a.office_city = "Kota Palangka Raya";
    a.office_province = "Kalimantan Tengah";
    return a;
}

inline platform::Bytes random_bytes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    platform::Bytes b(n);
    for (auto& x : b) {
        x = static_cast<std::uint8_t>(rng());
    }
    return b;
}

// A complete document set: KTP, `sk_pages` SK pages, `letter_pages` letter pages, selfie.
inline std::vector<domain::Document> documents(int sk_pages = 2, int letter_pages = 1,
                                               std::size_t size = 4096, std::uint32_t seed = 1) {
    using K = domain::DocumentKind;
    std::vector<domain::Document> d;
    d.push_back({K::kKtp, 1, "image/jpeg", random_bytes(size, seed)});
    for (int p = 1; p <= sk_pages; ++p) {
        d.push_back({K::kSk, p, "image/jpeg", random_bytes(size, seed * 31 + p)});
    }
    for (int p = 1; p <= letter_pages; ++p) {
        d.push_back({K::kLetter, p, "image/jpeg", random_bytes(size, seed * 57 + p)});
    }
    d.push_back({K::kSelfie, 1, "image/jpeg", random_bytes(size, seed * 91)});
    return d;
}

// True when any file under `dir` (recursively) contains `needle` as bytes.
inline bool folder_contains(const std::filesystem::path& dir, const std::string& needle) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) {
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), {});
        if (content.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace anjungan::test
