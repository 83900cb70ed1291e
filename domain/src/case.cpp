#include "anjungan/domain/case.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace anjungan::domain {

namespace {

struct StatusInfo {
    CaseStatus status;
    std::string_view code, label_id, label_en, next_id, next_en;
};

constexpr std::array kStatuses{
    StatusInfo{CaseStatus::kReceived, "received", "Diterima di anjungan", "Received at the kiosk",
               "Berkas menunggu disposisi Kepala Dinas (standar 10 menit).",
               "The file awaits the head of department's disposition (standard: 10 minutes)."},
    StatusInfo{CaseStatus::kHeadDisposition, "head_disposition", "Disposisi Kepala Dinas",
               "Disposition by the head of department",
               "Berkas menunggu disposisi Kabid Statistik dan Persandian (standar 10 menit).",
               "The file awaits the division head's disposition (standard: 10 minutes)."},
    StatusInfo{CaseStatus::kDivisionDisposition, "division_disposition",
               "Disposisi Kabid Statistik dan Persandian", "Disposition by the division head",
               "Berkas diverifikasi oleh Kasi Tata Kelola Persandian (standar 15 menit).",
               "The section head verifies the files (standard: 15 minutes)."},
    StatusInfo{CaseStatus::kSectionVerified, "section_verified", "Berkas terverifikasi",
               "Files verified", "Verifikator menyusun surat rekomendasi ke BSrE.",
               "The verifier writes the recommendation letter to BSrE."},
    StatusInfo{CaseStatus::kSentToBsre, "sent_to_bsre", "Rekomendasi dikirim ke BSrE",
               "Recommendation sent to BSrE",
               "Tunggu e-mail dari BSrE berisi username dan password di e-mail dinas Anda.",
               "Wait for BSrE's e-mail with a username and password at your official address."},
    StatusInfo{CaseStatus::kBsreRegistration, "bsre_registration", "Registrasi di BSrE",
               "Registration with BSrE",
               "Lengkapi registrasi BSrE (data diri dan swafoto) dan buat passphrase (1 hari).",
               "Complete the BSrE registration (personal data and a selfie) and set your "
               "passphrase (1 day)."},
    StatusInfo{CaseStatus::kIssued, "issued", "Sertifikat elektronik terbit",
               "Electronic certificate issued", "Unduh sertifikat elektronik Anda dari BSrE.",
               "Download your electronic certificate from BSrE."},
    StatusInfo{CaseStatus::kReturned, "returned", "Dikembalikan untuk perbaikan",
               "Returned for correction",
               "Perbaiki berkas sesuai catatan petugas, lalu ajukan kembali di anjungan.",
               "Correct the files as the staff noted, then apply again at the kiosk."},
    StatusInfo{CaseStatus::kRejected, "rejected", "Ditolak", "Rejected",
               "Hubungi petugas Bidang Statistik dan Persandian untuk penjelasan.",
               "Ask the staff of the statistics and encryption division for the reason."},
};

const StatusInfo& info(CaseStatus s) {
    return kStatuses[static_cast<std::size_t>(s)];
}

}  // namespace

std::string_view to_code(CaseStatus s) {
    return info(s).code;
}

std::optional<CaseStatus> status_from_code(std::string_view code) {
    for (const auto& i : kStatuses) {
        if (i.code == code) {
            return i.status;
        }
    }
    return std::nullopt;
}

std::string_view label(CaseStatus s, Lang lang) {
    return lang == Lang::kId ? info(s).label_id : info(s).label_en;
}

std::string_view next_step(CaseStatus s, Lang lang) {
    return lang == Lang::kId ? info(s).next_id : info(s).next_en;
}

bool is_final(CaseStatus s) {
    return s == CaseStatus::kIssued || s == CaseStatus::kRejected;
}

std::vector<CaseStatus> allowed_next(CaseStatus s) {
    using S = CaseStatus;
    switch (s) {
        case S::kReceived:
            return {S::kHeadDisposition, S::kReturned, S::kRejected};
        case S::kHeadDisposition:
            return {S::kDivisionDisposition, S::kReturned, S::kRejected};
        case S::kDivisionDisposition:
            return {S::kSectionVerified, S::kReturned, S::kRejected};
        case S::kSectionVerified:
            return {S::kSentToBsre, S::kReturned, S::kRejected};
        case S::kSentToBsre:
            return {S::kBsreRegistration, S::kRejected};
        case S::kBsreRegistration:
            return {S::kIssued, S::kRejected};
        case S::kReturned:
            return {S::kReceived, S::kRejected};  // corrected files handed in again
        case S::kIssued:
        case S::kRejected:
            return {};
    }
    return {};
}

std::vector<CaseStatus> all_statuses() {
    std::vector<CaseStatus> out;
    for (const auto& i : kStatuses) {
        out.push_back(i.status);
    }
    return out;
}

std::vector<SopStep> remaining_steps(CaseStatus current) {
    using S = CaseStatus;
    static constexpr std::array kSteps{
        SopStep{S::kHeadDisposition, "Disposisi Kepala Dinas", "Head of department's disposition",
                "10 menit", "10 minutes"},
        SopStep{S::kDivisionDisposition, "Disposisi Kabid Statistik dan Persandian",
                "Division head's disposition", "10 menit", "10 minutes"},
        SopStep{S::kSentToBsre, "Verifikasi berkas dan rekomendasi ke BSrE",
                "Files verified, recommendation sent to BSrE", "15 menit", "15 minutes"},
        SopStep{S::kBsreRegistration, "E-mail BSrE: registrasi, swafoto, passphrase",
                "BSrE e-mail: registration, selfie, passphrase", "1 hari", "1 day"},
        SopStep{S::kIssued, "Sertifikat terbit, unduh dari BSrE",
                "Certificate issued, download it from BSrE", "", ""},
    };
    // Where each status stands in the list above: the steps after it remain.
    std::size_t done = 0;
    switch (current) {
        case S::kReceived:
            done = 0;
            break;
        case S::kHeadDisposition:
            done = 1;
            break;
        case S::kDivisionDisposition:
        case S::kSectionVerified:
            done = 2;
            break;
        case S::kSentToBsre:
            done = 3;
            break;
        case S::kBsreRegistration:
            done = 4;
            break;
        case S::kIssued:
        case S::kReturned:
        case S::kRejected:
            return {};
    }
    return {kSteps.begin() + static_cast<std::ptrdiff_t>(done), kSteps.end()};
}

std::string_view to_code(DocumentKind k) {
    switch (k) {
        case DocumentKind::kKtp:
            return "ktp";
        case DocumentKind::kSk:
            return "sk";
        case DocumentKind::kLetter:
            return "letter";
        case DocumentKind::kSelfie:
            return "selfie";
    }
    return "?";
}

std::optional<DocumentKind> document_from_code(std::string_view code) {
    for (auto k :
         {DocumentKind::kKtp, DocumentKind::kSk, DocumentKind::kLetter, DocumentKind::kSelfie}) {
        if (to_code(k) == code) {
            return k;
        }
    }
    return std::nullopt;
}

std::string_view label(DocumentKind k, Lang lang) {
    const bool id = lang == Lang::kId;
    switch (k) {
        case DocumentKind::kKtp:
            return id ? "KTP (berwarna)" : "KTP (colour)";
        case DocumentKind::kSk:
            return id ? "SK Penempatan/Jabatan" : "Placement/position decree (SK)";
        case DocumentKind::kLetter:
            return id ? "Surat Permohonan" : "Application letter";
        case DocumentKind::kSelfie:
            return id ? "Swafoto" : "Selfie";
    }
    return "?";
}

std::vector<Problem> check_documents(const std::vector<Document>& docs) {
    std::vector<Problem> out;
    std::map<DocumentKind, std::vector<int>> pages;
    for (const auto& d : docs) {
        pages[d.kind].push_back(d.page);
        if (d.content.empty()) {
            out.push_back({"documents.empty",
                           "Berkas " + std::string(label(d.kind, Lang::kId)) + " halaman " +
                               std::to_string(d.page) + " kosong.",
                           std::string(label(d.kind, Lang::kEn)) + " page " +
                               std::to_string(d.page) + " is empty."});
        }
    }
    for (auto k :
         {DocumentKind::kKtp, DocumentKind::kSk, DocumentKind::kLetter, DocumentKind::kSelfie}) {
        auto& p = pages[k];
        const std::string id(label(k, Lang::kId)), en(label(k, Lang::kEn));
        if (p.empty()) {
            out.push_back({"documents.missing", id + " belum diambil.", en + " is missing."});
            continue;
        }
        const bool single = k == DocumentKind::kKtp || k == DocumentKind::kSelfie;
        if (single && p.size() > 1) {
            out.push_back({"documents.too_many", id + " hanya satu.", "Only one " + en + "."});
        }
        std::sort(p.begin(), p.end());
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (p[i] != static_cast<int>(i) + 1) {
                out.push_back({"documents.pages", "Nomor halaman " + id + " tidak urut.",
                               "The pages of " + en + " are not numbered 1..n."});
                break;
            }
        }
    }
    return out;
}

}  // namespace anjungan::domain
