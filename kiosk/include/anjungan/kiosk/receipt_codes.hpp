// The verdict on every QR code in one picture of receipts (`anjungan receipt verify`, the
// kiosk's camera lookup), independent of the order the codes were found in.
//
//   no code                              "no_qr_found"
//   one genuine receipt (its code once or  "ok"; other, non-Anjungan codes beside it are
//   several times), nothing tampered       listed and ignored (a shop's code on the paper)
//   two or more different genuine receipts "several_receipts": show one receipt at a time
//   a genuine receipt and a code that      "mixed_codes": each code says which it is
//   claims to be one but is not valid
//   only invalid Anjungan codes            that code's reason ("bad_signature", ...); with
//                                          several, the first by (reason, text)
//   only other codes                       "payload.not_anjungan"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "anjungan/drivers/qr_reader.hpp"
#include "anjungan/printing/qr_payload.hpp"

namespace anjungan::kiosk {

struct CheckedCode {
    drivers::QrCode code;
    printing::Verification verification;
    bool anjungan() const { return verification.reason != "payload.not_anjungan"; }
};

struct ReceiptCodes {
    std::vector<CheckedCode> codes;  // every code, top to bottom, then left to right
    std::string reason;              // see the table above
    std::string detail;              // English, for operators: what was found
    // The code the verdict is about: the genuine receipt ("ok"), or the invalid code whose
    // reason is given; none for no_qr_found, several_receipts, mixed_codes, not_anjungan.
    std::optional<std::size_t> chosen;
    std::size_t receipts = 0;  // different genuine receipts
    bool valid() const { return reason == "ok"; }
};

ReceiptCodes check_receipt_codes(std::vector<drivers::QrCode> codes, const printing::KeyRing& keys);

}  // namespace anjungan::kiosk
