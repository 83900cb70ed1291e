// The review screen, saving the case (one store transaction, on a worker) and printing its
// receipt; the receipt and done screens.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

using namespace detail;

void Session::apply_review(const Intent& in) {
    using K = Intent::Kind;
    switch (view_.screen) {
        case Screen::kReview:
            if (in.kind == K::kSubmit || in.kind == K::kNext) {
                submit();
            } else if (in.kind == K::kEdit) {
                if (in.screen && !fields_of(*in.screen).empty()) {
                    return_to_review_ = true;
                    go(*in.screen);
                }
            } else if (in.kind == K::kRetake) {
                if (in.document) {
                    return_to_review_ = true;
                    go(capture_screen(*in.document));
                }
            } else if (in.kind == K::kBack) {
                return_to_review_ = false;  // back walks down the path again
                go(Screen::kCaptureSelfie);
            }
            return;
        case Screen::kReceipt:
            if ((in.kind == K::kFinish || in.kind == K::kNext) && !view_.saving &&
                !view_.printing) {
                go(Screen::kDone);
            }
            return;
        case Screen::kDone:
            if (in.kind == K::kFinish || in.kind == K::kNext) {
                wipe();
                go(Screen::kAttract);
            }
            return;
        default:
            return;
    }
}

void Session::submit() {
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    if (!check.valid()) {
        // Cannot happen through the screens; go to the first screen with a problem.
        for (Screen s : {Screen::kIdentity, Screen::kContact, Screen::kWork}) {
            for (const auto& e : check.errors) {
                if (holds_field(s, e.field)) {
                    return_to_review_ = true;
                    go(s);
                    validate_screen(true);
                    return;
                }
            }
        }
        return;
    }
    for (domain::DocumentKind k : {domain::DocumentKind::kKtp, domain::DocumentKind::kSk,
                                   domain::DocumentKind::kLetter, domain::DocumentKind::kSelfie}) {
        if (std::find(view_.captured.begin(), view_.captured.end(), k) == view_.captured.end()) {
            return_to_review_ = true;
            go(capture_screen(k));
            return;
        }
    }
    domain::NewCase c;
    c.case_id = case_id_;
    c.applicant = check.normalized;
    // Every warning was asked and confirmed on its screen (next_from_form); staff see them.
    c.applicant.confirmed_warnings = check.warnings;
    if (duplicate_acknowledged_) {
        const auto t = texts::nik_has_open_case();
        c.applicant.confirmed_warnings.push_back({"nik", {"nik.open_case", t.id, t.en}});
    }
    // Encoding the PDFs and the durable writes take seconds: they run on a worker thread while
    // the receipt screen says "saving". Nothing else touches the captures meanwhile (cancel and
    // the idle timer wait for it).
    go(Screen::kReceipt);
    view_.saving = true;
    save_.start("save case", [this, c = std::move(c)]() mutable {
        c.documents = docs_.encode();
        return store_.submit(c);
    });
}

void Session::start_print() {
    view_.printing = true;
    if (sync_now_) {
        sync_now_();  // the case is saved: the sync thread sends it now, not at its next poll
    }
    // The case is saved: whatever the printer does now, nothing is lost.
    print_.start("print receipt", [&store = store_, &printer = dev_.printer, &key = key_,
                                   &config = config_, &clock = clock_, id = case_id_] {
        return print_receipt(store, printer, key, config, id, "kiosk", clock);
    });
}

void Session::submit_tick() {
    if (save_.ready()) {
        view_.saving = false;
        try {
            const domain::CaseRecord rec = save_.take();
            last_case_ = rec;
            view_.receipt_no = rec.receipt_no;
            spdlog::info("case {} saved as {}", rec.case_id, rec.receipt_no);
        } catch (const std::exception& e) {
            // Nothing was saved; everything stays in memory, so staff can help finish it.
            spdlog::error("case {} could not be saved: {}", case_id_, e.what());
            fault_return_ = Screen::kReview;
            go(Screen::kNeedHelp);
            view_.message = texts::not_saved();
            return;
        }
        start_print();
        screen_since_ms_ = now_ms();
        return;
    }
    if (print_.ready()) {
        ReceiptPrint p;
        try {
            p = print_.take();
        } catch (const std::exception& e) {
            p.result.printer.state = printing::PrinterState::kError;
            p.result.detail = e.what();
            spdlog::error("receipt print: {}", e.what());
        }
        view_.printing = false;
        view_.printed = p.result.printed;
        view_.printer_state = p.result.printer.state;
        view_.message = p.result.printed
                            ? texts::receipt_printed()
                            : texts::receipt_not_printed(view_.receipt_no, p.result.printer.state);
        screen_since_ms_ = now_ms();
    }
}

}  // namespace anjungan::kiosk
