// A case: one application, from the kiosk to the certificate, and the SOP's statuses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::domain {

// The SOP's steps (sop.md) as statuses. The codes are stored and exchanged: never rename.
enum class CaseStatus {
    kReceived,             // "received": handed in at the kiosk (SOP step 1 starts)
    kHeadDisposition,      // "head_disposition": Kepala Dinas disposed it (end of step 1)
    kDivisionDisposition,  // "division_disposition": Kabid disposed it (step 2)
    kSectionVerified,      // "section_verified": Kasi verified the files (step 3, first half)
    kSentToBsre,           // "sent_to_bsre": verifier's recommendation sent to BSrE (step 3)
    kBsreRegistration,     // "bsre_registration": applicant registering with BSrE (step 4)
    kIssued,               // "issued": certificate issued (step 5), final
    kReturned,             // "returned": returned to the applicant for correction
    kRejected,             // "rejected": refused, final
};

std::string_view to_code(CaseStatus s);
std::optional<CaseStatus> status_from_code(std::string_view code);
std::string_view label(CaseStatus s, Lang lang);
// What the applicant should do or expect next, for status screens and receipts.
std::string_view next_step(CaseStatus s, Lang lang);
bool is_final(CaseStatus s);
// The statuses a case may move to from `s`, per the SOP (the office enforces who may do it).
std::vector<CaseStatus> allowed_next(CaseStatus s);
std::vector<CaseStatus> all_statuses();

// The SOP's steps still ahead of a case, with their service standard (sop.md), for receipts
// and status screens. Empty for a final, returned or rejected case.
struct SopStep {
    CaseStatus reaches;  // the status the case has when the step is done
    std::string_view what_id, what_en;
    std::string_view time_id, time_en;  // the standard time; empty when the SOP sets none
};
std::vector<SopStep> remaining_steps(CaseStatus current);

enum class DocumentKind { kKtp, kSk, kLetter, kSelfie };
std::string_view to_code(DocumentKind k);  // "ktp", "sk", "letter", "selfie"
std::optional<DocumentKind> document_from_code(std::string_view code);
std::string_view label(DocumentKind k, Lang lang);

// One captured document page, in memory, before it is stored.
struct Document {
    DocumentKind kind = DocumentKind::kKtp;
    int page = 1;  // 1-based; the KTP and the selfie have one page
    std::string media_type = "image/jpeg";
    platform::Bytes content;
};

// A stored page: the file is content-addressed by the SHA-256 of its plain content.
struct Attachment {
    DocumentKind kind = DocumentKind::kKtp;
    int page = 1;
    std::string sha256;
    std::uint64_t size = 0;
    std::string media_type;
};

// Checks that a set of pages makes a complete application: exactly one KTP and one selfie,
// at least one SK page and one letter page, pages numbered 1..n without gaps or repeats, and
// no empty content. Codes: documents.missing documents.too_many documents.pages
// documents.empty
std::vector<Problem> check_documents(const std::vector<Document>& docs);

// A case to be stored: what the kiosk's session hands to the store on submit.
struct NewCase {
    std::string case_id;  // a UUID made when the capture started
    Applicant applicant;  // already checked with check_applicant
    std::vector<Document> documents;
};

struct StatusChange {
    CaseStatus status = CaseStatus::kReceived;
    std::string at;  // UTC, ISO 8601
    std::string note;
};

struct CaseRecord {
    std::string case_id;
    std::string receipt_no;
    std::string kiosk_id;
    std::string created_at;  // UTC, ISO 8601
    CaseStatus status = CaseStatus::kReceived;
    Applicant applicant;
    std::vector<Attachment> attachments;
    std::vector<StatusChange> history;
    bool purged = false;  // the applicant and the documents were erased (status kept)
};

}  // namespace anjungan::domain
