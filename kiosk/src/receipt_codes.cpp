#include "anjungan/kiosk/receipt_codes.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace anjungan::kiosk {

ReceiptCodes check_receipt_codes(std::vector<drivers::QrCode> codes,
                                 const printing::KeyRing& keys) {
    // The order the reader met them in must not matter: sort by place, then text.
    std::sort(codes.begin(), codes.end(), [](const drivers::QrCode& a, const drivers::QrCode& b) {
        return std::tie(a.y, a.x, a.text) < std::tie(b.y, b.x, b.text);
    });
    ReceiptCodes out;
    std::set<std::pair<std::string, std::string>> genuine;  // receipt number, case id
    std::optional<std::size_t> first_genuine;
    std::optional<std::size_t> worst_invalid;
    for (auto& c : codes) {
        auto v = printing::verify_payload(c.text, keys);
        out.codes.push_back({std::move(c), std::move(v)});
        const std::size_t i = out.codes.size() - 1;
        const auto& checked = out.codes[i];
        if (checked.verification.valid) {
            genuine.emplace(checked.verification.claim->receipt_no,
                            checked.verification.claim->case_id);
            first_genuine = first_genuine.value_or(i);
        } else if (checked.anjungan()) {
            if (!worst_invalid || std::tie(checked.verification.reason, checked.code.text) <
                                      std::tie(out.codes[*worst_invalid].verification.reason,
                                               out.codes[*worst_invalid].code.text)) {
                worst_invalid = i;
            }
        }
    }
    out.receipts = genuine.size();
    const std::size_t invalid = static_cast<std::size_t>(
        std::count_if(out.codes.begin(), out.codes.end(),
                      [](const CheckedCode& c) { return !c.verification.valid && c.anjungan(); }));
    if (out.codes.empty()) {
        out.reason = "no_qr_found";
        out.detail = "no QR code was found";
    } else if (!genuine.empty() && invalid > 0) {
        out.reason = "mixed_codes";
        out.detail = std::to_string(genuine.size()) + " genuine receipt(s) and " +
                     std::to_string(invalid) +
                     " code(s) claiming to be a receipt that are not valid; each code says which";
    } else if (genuine.size() > 1) {
        out.reason = "several_receipts";
        std::string names;
        for (const auto& [no, id] : genuine) {
            names += (names.empty() ? "" : ", ") + no;
        }
        out.detail = "the image holds " + std::to_string(genuine.size()) +
                     " different genuine receipts (" + names + "); verify one at a time";
    } else if (genuine.size() == 1) {
        out.reason = "ok";
        out.chosen = first_genuine;
        out.detail = out.codes[*first_genuine].verification.detail;
    } else if (worst_invalid) {
        out.chosen = worst_invalid;
        out.reason = out.codes[*worst_invalid].verification.reason;
        out.detail = out.codes[*worst_invalid].verification.detail;
        if (invalid > 1) {
            out.detail +=
                " (" + std::to_string(invalid) + " codes claim to be receipts, none valid)";
        }
    } else {
        out.reason = "payload.not_anjungan";
        out.detail = out.codes.size() == 1 ? out.codes.front().verification.detail
                                           : std::to_string(out.codes.size()) +
                                                 " QR codes, none of them an Anjungan receipt";
    }
    return out;
}

}  // namespace anjungan::kiosk
