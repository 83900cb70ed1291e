#include "anjungan/samples/sample_case.hpp"

#include <string>

namespace anjungan::samples {

domain::Applicant sample_applicant() {
    domain::Applicant a;
    a.full_name = "Dr. Siti Rahmawati, S.Kom., M.Si.";
    a.nik = "6271014508900001";  // Palangka Raya, a woman born 1990-08-05
    a.employment = domain::EmploymentStatus::kPns;
    a.nip = "199008052015032001";
    a.sex = domain::Sex::kFemale;
    a.email = "siti.rahmawati@palangkaraya.go.id";
    a.phone = "0812-3456-7890";
    a.position = "Pranata Komputer Ahli Muda";
    a.work_unit = "Dinas Komunikasi, Informatika, Statistik dan Persandian";
    a.office_address = "Jl. Tjilik Riwut Km. 5,5";
    a.office_city = "Kota Palangka Raya";
    a.office_province = "Kalimantan Tengah";
    return a;
}

namespace {
domain::Document ppm(domain::DocumentKind kind, int page, int w, int h, int seed) {
    domain::Document d;
    d.kind = kind;
    d.page = page;
    d.media_type = "image/x-portable-pixmap";
    const std::string header = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
    d.content.assign(header.begin(), header.end());
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            d.content.push_back(static_cast<std::uint8_t>((x + seed * 37) & 0xff));
            d.content.push_back(static_cast<std::uint8_t>((y + seed * 11) & 0xff));
            d.content.push_back(static_cast<std::uint8_t>((x ^ y ^ seed) & 0xff));
        }
    }
    return d;
}
}  // namespace

std::vector<domain::Document> sample_documents() {
    using K = domain::DocumentKind;
    return {ppm(K::kKtp, 1, 337, 213, 1), ppm(K::kSk, 1, 248, 351, 2), ppm(K::kSk, 2, 248, 351, 3),
            ppm(K::kLetter, 1, 248, 351, 4), ppm(K::kSelfie, 1, 240, 320, 5)};
}

}  // namespace anjungan::samples
