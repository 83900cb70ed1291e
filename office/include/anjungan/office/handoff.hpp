// The hand-off to BSrE: what the verifier types into BSrE's registration form, in the form's
// order, and the files BSrE takes, each within its limits; as a page (the console) and as one
// ZIP (`anjungan-office package`, GET /console/cases/{receipt_no}/package.zip).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "anjungan/office/blob_store.hpp"
#include "anjungan/office/storage.hpp"

namespace anjungan::office {

// [handoff]
struct HandoffConfig {
    std::string agency;  // "Instansi"; empty: [letter] jurisdiction
    // For cases from kiosks that sent the office's address as one line.
    std::string default_province = "Kalimantan Tengah";
    std::string default_city = "Kota Palangka Raya";
    std::size_t ktp_max_bytes = 300'000;  // BSrE's limits
    std::size_t pdf_max_bytes = 500'000;
};

struct HandoffField {
    std::string key;  // fields.json's key
    std::string label_id, label_en;
    std::string value;
};

struct HandoffFile {
    std::string name;  // ktp.jpg, selfie.jpg, sk.pdf, permohonan.pdf, rekomendasi.pdf
    std::string label_id, label_en;
    std::string content_type;
    std::vector<std::uint8_t> data;  // empty: missing (see problem)
    std::size_t limit = 0;           // 0: BSrE sets none
    std::size_t original_size = 0;   // before re-encoding to fit the limit
    bool reencoded = false;
    std::string problem;  // empty, or why the file cannot be handed off
};

struct Handoff {
    std::vector<HandoffField> fields;  // in BSrE's order
    std::vector<HandoffFile> files;
    bool ready() const;  // every field filled and every file within its limit
};

// The keys of fields.json, a contract: receipt_no, letter_no, nik, nip, name, full_name, sex,
// email, phone, position, agency, work_unit, province, city, street.
Handoff make_handoff(const CaseDetail& c, BlobStore& blobs,
                     const std::optional<LetterRecord>& letter, const HandoffConfig& config);
nlohmann::json fields_json(const Handoff& h);
std::string fields_csv(const Handoff& h);  // a header line and one line, UTF-8 with a BOM
// The ZIP: the files (those there are), fields.json and fields.csv. Throws std::runtime_error.
std::vector<std::uint8_t> handoff_zip(const Handoff& h);

// Re-encoding to fit BSrE's limits (gdk-pixbuf for JPEG, poppler and cairo for PDF): the
// image as a JPEG of at most `max_bytes` (scaled down if need be), or the PDF's pages drawn
// and embedded as JPEG in a new PDF of at most `max_bytes`. Empty when it cannot be done.
std::vector<std::uint8_t> jpeg_within(const std::vector<std::uint8_t>& image,
                                      std::size_t max_bytes);
std::vector<std::uint8_t> pdf_within(const std::vector<std::uint8_t>& pdf, std::size_t max_bytes);

}  // namespace anjungan::office
