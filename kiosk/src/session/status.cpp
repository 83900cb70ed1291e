// Looking a receipt up: its QR code read by the camera (and its signature checked) or its
// number typed; the case's timeline.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "anjungan/domain/receipt_number.hpp"
#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

void Session::apply_status(const Intent& in) {
    using K = Intent::Kind;
    if (view_.screen == Screen::kStatusLookup) {
        if (in.kind == K::kTypeReceipt) {
            const auto parsed = domain::parse_receipt_number(in.value);
            if (!parsed) {
                view_.lookup_fault = "invalid_receipt";
                view_.message = texts::invalid_receipt();
                return;
            }
            show_status(parsed->text);
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

void Session::lookup_tick() {
    auto frame = dev_.camera.read();
    if (!frame) {
        return;
    }
    if (++frames_seen_ % static_cast<std::uint64_t>(std::max(1, policy_.qr_every_n_frames)) != 0) {
        return;
    }
    const auto codes = drivers::read_qr_codes(frame->image);
    if (codes.empty()) {
        return;
    }
    const auto v = printing::verify_payload(codes.front(), keys_);
    if (!v.valid) {
        view_.lookup_fault = v.reason;
        view_.message = v.reason == "payload.not_anjungan" ? texts::not_an_anjungan_code()
                                                           : texts::receipt_not_valid();
        spdlog::warn("status lookup: receipt code refused: {} ({})", v.reason, v.detail);
        return;
    }
    show_status(v.claim->receipt_no);
}

void Session::show_status(const std::string& receipt_no) {
    const auto rec = store_.find_by_receipt(receipt_no);
    if (!rec) {
        go(Screen::kStatusLookup);
        view_.lookup_fault = "unknown_receipt";
        view_.message = texts::unknown_receipt(receipt_no);
        return;
    }
    StatusView sv;
    sv.receipt_no = rec->receipt_no;
    sv.status = rec->status;
    sv.masked_name = domain::mask_name(rec->applicant.certificate_name.empty()
                                           ? rec->applicant.full_name
                                           : rec->applicant.certificate_name);
    sv.history = rec->history;
    sv.label = {std::string(label(rec->status, domain::Lang::kId)),
                std::string(label(rec->status, domain::Lang::kEn))};
    sv.next_step = {std::string(domain::next_step(rec->status, domain::Lang::kId)),
                    std::string(domain::next_step(rec->status, domain::Lang::kEn))};
    const domain::Lang lang = view_.lang;
    go(Screen::kStatusResult);
    view_.lang = lang;
    view_.status = std::move(sv);
    view_.lookup_fault.clear();
}

}  // namespace anjungan::kiosk
