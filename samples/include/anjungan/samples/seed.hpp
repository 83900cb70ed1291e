// Synthetic cases of realistic size for demos and load tests (`anjungan cases seed`,
// bench_sync): document images of the right kind and size (a 1011x638 colour KTP, A4 pages at
// 150 dpi, a selfie; 1.3 MB a case), encoded once; each case gets its own bytes through a JPEG
// comment carrying its case id, so every blob is distinct and the bytes of a case can be made
// again from its id alone.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "anjungan/domain/case.hpp"

namespace anjungan::samples {

struct SeedImages {
    platform::Bytes ktp, sk1, sk2, letter, selfie;
};
SeedImages make_seed_images();

// The five documents of a seeded case: a pure function of the images and the case id.
std::vector<domain::Document> seed_documents(const SeedImages& images, const std::string& case_id);

// A seeded case with a new case id: the applicant varies by name, sex, NIK and NIP serials
// (all valid, born 1990-08-05, PNS since 2015-03).
domain::NewCase seed_case(const SeedImages& images, int index, std::mt19937& rng);

}  // namespace anjungan::samples
