// A case's receipt: its content (masked, bilingual), its signed QR payload, and printing it
// with a durable record of every copy, so a receipt is never lost and never printed twice
// without saying "reprint".
#pragma once

#include <string>

#include "anjungan/domain/case.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/printing/printer.hpp"
#include "anjungan/printing/qr_payload.hpp"
#include "anjungan/printing/receipt.hpp"

namespace anjungan::kiosk {

// What the QR code claims for a case (no personal data).
printing::ReceiptClaim receipt_claim(const domain::CaseRecord& rec);

// A short fingerprint of the case: case id, receipt number, time and every attachment's hash,
// as 8 Crockford base-32 characters "XXXX-XXXX". Staff compare it with the office's record.
std::string case_fingerprint(const domain::CaseRecord& rec);

// The receipt for `rec`: masked name and NIP, documents, the SOP's next steps, the QR.
// `copy` > 0 marks the n-th reprint, made at `now`.
printing::ReceiptContent receipt_content(const domain::CaseRecord& rec,
                                         const platform::SigningKey& key, int utc_offset_minutes,
                                         int copy = 0, platform::TimePoint now = {});

// This kiosk's key, plus the other kiosks' keys the office published
// (<data dir>/keys/kiosk-keys.json, when present).
printing::KeyRing known_kiosk_keys(const std::filesystem::path& data_dir,
                                   const std::string& kiosk_id);

printing::Layout receipt_layout(const platform::PrinterConfig& config);

struct ReceiptPrint {
    PrintRecord record;  // as stored at the end
    printing::PrintResult result;
    std::string receipt_no;
};

// Prints the receipt of case `case_id`: records the attempt (and its copy number) before
// sending, renders, prints, follows the job, and records the outcome. A failure leaves the
// case waiting in Store::awaiting_print for a reprint from admin mode. Throws StoreError only
// when the case does not exist or the store fails.
ReceiptPrint print_receipt(Store& store, printing::Printer& printer,
                           const platform::SigningKey& key, const platform::Config& config,
                           const std::string& case_id, const std::string& requested_by,
                           const platform::Clock& clock);

// A case that is not in the store, for test prints: the sample applicant's masked data, today's
// date and the day's last counter; marked as a sample on paper.
domain::CaseRecord sample_case(const platform::Config& config, const platform::Clock& clock);

// Prints a sample receipt ("CONTOH / SAMPLE") signed with `key`: admin mode's and
// `anjungan print-test`'s test print. Nothing is recorded in the store.
printing::PrintResult print_test_receipt(printing::Printer& printer,
                                         const platform::SigningKey& key,
                                         const platform::Config& config,
                                         const platform::Clock& clock);

}  // namespace anjungan::kiosk
