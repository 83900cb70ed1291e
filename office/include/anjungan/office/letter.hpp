// The recommendation letter (Surat Rekomendasi Penerbitan Sertifikat Elektronik) that step 3 of
// the SOP sends to BSrE: an A4 PDF laid out with cairo + pango (the letterhead with the city's
// emblem from an SVG through librsvg), its number from a configurable scheme, and a QR code that
// carries the number, the case id and the date signed by the office's Ed25519 key, so anyone
// can check that a letter is genuine (`anjungan-office letter verify`).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::office {

// The [letter] section of the office's configuration (config/office.example.toml).
struct LetterConfig {
    // {seq} the year's sequence, {seq:3} zero-padded to 3 digits, {roman_month}, {month},
    // {year}. Must hold {seq}.
    std::string number_scheme = "800/{seq:3}/Diskominfo-SP/{roman_month}/{year}";
    std::string place = "Palangka Raya";
    std::string government = "PEMERINTAH KOTA PALANGKA RAYA";
    std::string jurisdiction = "Pemerintah Kota Palangka Raya";  // in the body's first sentence
    std::string department = "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN";
    std::string address = "Jl. Tjilik Riwut Km. 5,5, Palangka Raya, Kalimantan Tengah 73112";
    std::string phone = "(0536) 3221234";
    std::string website = "diskominfo.palangkaraya.go.id";
    std::string email = "diskominfo@palangkaraya.go.id";
    std::string emblem_svg;  // the city's emblem; empty: a plain placeholder shield
    std::vector<std::string> addressee = {"Kepala Balai Sertifikasi Elektronik (BSrE)",
                                          "Badan Siber dan Sandi Negara", "di -", "Jakarta"};
    std::string subject = "Rekomendasi Penerbitan Sertifikat Elektronik";
    std::string signer_title = "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian";
    std::string signer_name = "(nama Kepala Dinas)";
    std::string signer_rank = "(pangkat, golongan)";
    std::string signer_nip = "(NIP)";
};

class LetterError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// "800/007/Diskominfo-SP/XII/2026"; throws LetterError when the scheme has no {seq} or an
// unknown field.
std::string letter_number(const std::string& scheme, int seq, const platform::CivilDate& date);
std::string roman_numeral(int n);  // 1..3999
// "3 Desember 2026"
std::string indonesian_date(const platform::CivilDate& date);

// What a letter says about its applicant.
struct LetterFacts {
    std::string letter_no;
    std::string case_id;
    std::string receipt_no;
    platform::CivilDate date;
    std::string name;  // without titles (the certificate's name)
    std::string nik;
    std::string nip;
    std::string position;
    std::string work_unit;
    std::string email;
};

// The QR code's text: "ANJLTR1|<letter_no>|<case_id>|<YYYY-MM-DD>|<signature base64url>", the
// signature over everything before its bar.
std::string letter_qr_text(const LetterFacts& facts, const platform::SigningKey& key);

struct LetterCheck {
    bool genuine = false;
    std::string code;     // "", or letter.not_anjungan, letter.malformed, letter.bad_signature,
                          // letter.no_qr, letter.text_differs, letter.unreadable
    std::string message;  // English, for the command line
    std::string letter_no, case_id, date;
};
LetterCheck check_letter_qr(const std::string& text, std::span<const std::uint8_t> public_key);

// The letter as PDF (A4). `qr_text` is what the QR code carries (letter_qr_text; tests give a
// forged one). Throws LetterError when the emblem cannot be read.
std::vector<std::uint8_t> render_letter(const LetterConfig& config, const LetterFacts& facts,
                                        const std::string& qr_text);

// Checks a letter file: a PDF (its first page drawn, the QR code read and verified, and the
// number and date it signs found in the page's text) or a PNG image (the QR code only).
LetterCheck verify_letter_file(const std::filesystem::path& file,
                               std::span<const std::uint8_t> public_key);

// The office's signing key, DATA/keys/office.key (0600), made when missing.
platform::SigningKey office_signing_key(const std::filesystem::path& data_dir);

}  // namespace anjungan::office
