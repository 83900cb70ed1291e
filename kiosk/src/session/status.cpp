// Looking a receipt up, and the case's timeline. Two ways in:
// - the receipt's QR code read by the camera: the code is signed by the kiosk's key and holds
//   the case id, so only the paper (or a picture of it) gives it; it proves possession and
//   needs nothing more. Every code in view is checked (receipt_codes.hpp): several receipts, or
//   a receipt beside a code that is not valid, ask for one receipt at a time.
// - the number typed: numbers are sequential (kiosk, date, counter), so the number alone proves
//   nothing; it needs the last four digits of the phone given in the application, and failed
//   tries are throttled per kiosk (LookupThrottle), with one answer for "no such receipt" and
//   "wrong digits".
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/receipt_codes.hpp"
#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

void Session::apply_status(const Intent& in) {
    using K = Intent::Kind;
    if (view_.screen == Screen::kStatusLookup) {
        if (in.kind == K::kTypeReceipt) {
            type_receipt(in.value);
        } else if (in.kind == K::kBack || in.kind == K::kFinish) {
            go(Screen::kAttract);
        }
        return;
    }
    if (in.kind == K::kFinish || in.kind == K::kNext || in.kind == K::kBack) {
        wipe();
        go(Screen::kAttract);
    }
}

void Session::type_receipt(const std::string& typed) {
    std::istringstream is(typed);
    std::string number;
    std::string digits;
    is >> number >> digits;
    view_.lookup_wait_seconds = throttle_.wait_seconds();
    if (view_.lookup_wait_seconds > 0) {
        view_.lookup_fault = "throttled";
        view_.message = texts::lookup_wait(view_.lookup_wait_seconds);
        return;  // not checked, not counted
    }
    const auto parsed = domain::parse_receipt_number(number);
    if (!parsed) {
        view_.lookup_fault = "invalid_receipt";
        view_.message = texts::invalid_receipt();
        return;  // the check character: a slip, and nothing learnt
    }
    const bool four_digits =
        digits.size() == 4 && std::all_of(digits.begin(), digits.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
    if (!four_digits) {
        view_.lookup_fault = "phone_digits";
        view_.message = texts::phone_digits_needed();
        return;
    }
    const auto rec = store_.find_by_receipt(parsed->text);
    // A purged case keeps no phone: only its receipt's code opens it.
    const std::string expected = rec ? phone_last_digits(rec->applicant.phone) : std::string();
    if (expected.empty() || expected != digits) {
        const int wait = throttle_.record_failure();
        view_.lookup_wait_seconds = wait;
        view_.lookup_fault = "no_match";
        view_.message = texts::lookup_no_match(wait);
        spdlog::warn("status lookup: typed number and phone digits match no case ({} failures{})",
                     throttle_.state().failures,
                     wait > 0 ? ", typing waits " + std::to_string(wait) + " s" : "");
        if (throttle_.locked_out()) {  // each lock-out starts here: staff see it
            store_.audit("kiosk", "status lookup locked out",
                         std::to_string(throttle_.state().failures) +
                             " typed look-ups failed; typing waits " + std::to_string(wait) + " s");
        }
        return;
    }
    throttle_.record_success();
    show_case(*rec);
}

void Session::lookup_tick() {
    view_.lookup_wait_seconds = throttle_.wait_seconds();
    auto frame = dev_.camera.read();
    if (!frame) {
        return;
    }
    if (++frames_seen_ % static_cast<std::uint64_t>(std::max(1, policy_.qr_every_n_frames)) != 0) {
        return;
    }
    auto codes = qr_.read(frame->image);
    if (codes.empty()) {
        return;
    }
    const auto r = check_receipt_codes(std::move(codes), keys_);
    if (r.reason == "several_receipts" || r.reason == "mixed_codes") {
        view_.lookup_fault = r.reason;
        view_.message = texts::show_one_receipt();
        return;
    }
    if (!r.valid()) {
        view_.lookup_fault = r.reason;
        view_.message = r.reason == "payload.not_anjungan" ? texts::not_an_anjungan_code()
                                                           : texts::receipt_not_valid();
        spdlog::warn("status lookup: receipt code refused: {} ({})", r.reason, r.detail);
        return;
    }
    const auto& claim = *r.codes[*r.chosen].verification.claim;
    show_status(claim.receipt_no, claim.case_id);
}

void Session::show_status(const std::string& receipt_no, const std::string& case_id) {
    const auto rec = store_.find_by_receipt(receipt_no);
    if (!rec || rec->case_id != case_id) {
        go(Screen::kStatusLookup);
        view_.lookup_fault = "unknown_receipt";
        view_.message = texts::unknown_receipt(receipt_no);
        return;
    }
    show_case(*rec);
}

void Session::show_case(const domain::CaseRecord& rec) {
    StatusView sv;
    sv.receipt_no = rec.receipt_no;
    sv.status = rec.status;
    sv.masked_name =
        domain::mask_name(rec.applicant.certificate_name.empty() ? rec.applicant.full_name
                                                                 : rec.applicant.certificate_name);
    sv.history = rec.history;
    sv.label = {std::string(label(rec.status, domain::Lang::kId)),
                std::string(label(rec.status, domain::Lang::kEn))};
    sv.next_step = {std::string(domain::next_step(rec.status, domain::Lang::kId)),
                    std::string(domain::next_step(rec.status, domain::Lang::kEn))};
    const domain::Lang lang = view_.lang;
    go(Screen::kStatusResult);
    view_.lang = lang;
    view_.status = std::move(sv);
    view_.lookup_fault.clear();
}

}  // namespace anjungan::kiosk
