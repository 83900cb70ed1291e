// Staff mode: the hidden gesture, the PIN pad (and a staff badge shown to the camera), and the
// actions of admin mode (AdminAction), each written to the audit log by AdminGuard.
#include <algorithm>
#include <filesystem>
#include <thread>

#include "anjungan/domain/receipt_number.hpp"
#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

void Session::admin_leave() {
    view_.admin = AdminView{};
    go(admin_return_);
}

void Session::admin_apply(const Intent& in) {
    using K = Intent::Kind;
    const Screen s = view_.screen;
    if (in.kind == K::kAdminGesture) {
        // Only where no applicant's data is on screen.
        if (admin_ != nullptr && (s == Screen::kAttract || s == Screen::kOutOfService ||
                                  s == Screen::kNeedHelp || s == Screen::kDeviceFault)) {
            admin_return_ = s == Screen::kOutOfService ? Screen::kOutOfService : Screen::kAttract;
            if (s == Screen::kNeedHelp || s == Screen::kDeviceFault) {
                wipe();  // staff take over: the applicant's half-done session ends
            }
            view_.admin = AdminView{};
            go(Screen::kAdminPin);
            dev_.camera.prepare(drivers::CameraPurpose::kQr);
            const auto st = admin_->attempt_status();
            view_.admin.wait_seconds = st.wait_seconds;
            if (!st.ok()) {
                view_.admin.message = {st.message_id, st.message_en};
            }
        }
        return;
    }
    if (s == Screen::kAdminPin) {
        if (in.kind == K::kAdminPin) {
            const auto r = view_.admin.badge.empty()
                               ? admin_->unlock_with_pin(in.value)
                               : admin_->unlock_with_badge(view_.admin.badge, in.value);
            view_.admin.message = {r.message_id, r.message_en};
            view_.admin.wait_seconds = r.wait_seconds;
            if (r.ok()) {
                view_.admin.badge.clear();
                go(Screen::kAdmin);
                view_.admin.message = {r.message_id, r.message_en};
                admin_refresh();
            }
        } else if (in.kind == K::kCancel || in.kind == K::kBack) {
            admin_leave();
        }
        return;
    }
    // Unlocked admin mode.
    if (!admin_->unlocked()) {
        admin_leave();
        return;
    }
    admin_->touch();
    if (in.kind == K::kAdminAction) {
        if (!in.action) {
            view_.admin.message = texts::unknown_action(in.field);
            return;
        }
        admin_action(*in.action, in.value);
    } else if (in.kind == K::kCancel || in.kind == K::kBack || in.kind == K::kFinish) {
        admin_action(AdminAction::kLock, "");
    }
}

void Session::admin_refresh() {
    auto& a = view_.admin;
    a.unlocked = admin_->unlocked();
    a.staff_id = admin_->staff_id();
    a.seconds_until_lock = admin_->seconds_until_lock();
    a.camera = dev_.camera.health();
    a.scanner = dev_.scanner.health();
    a.printer = dev_.printer.status();
    std::error_code ec;
    a.disk_free_bytes = std::filesystem::space(store_.data_dir(), ec).available;
    a.outbox = store_.outbox_counts();
    {
        const auto sync = store_.sync_summary();  // written by the sync thread (sync/)
        a.last_sync = sync.last_success;
        a.sync_error = sync.last_error;
        for (const auto& q : store_.outbox(OutboxState::kQuarantined, 20)) {
            a.quarantined.push_back(q.receipt_no + ": " + q.last_error);
        }
    }
    auto recent = store_.list_cases();
    if (recent.size() > 20) {
        recent.erase(recent.begin(), recent.end() - 20);
    }
    std::reverse(recent.begin(), recent.end());
    a.recent = std::move(recent);
    a.awaiting_print = store_.awaiting_print();
    a.audit = store_.audit_log(50);
    a.out_of_service = out_of_service_;
}

void Session::admin_action(AdminAction action, const std::string& arg) {
    auto& a = view_.admin;
    if (action == AdminAction::kLock) {
        admin_->lock("left admin mode");
        admin_leave();
        return;
    }
    if (!admin_->record_action("admin " + std::string(to_code(action)), arg)) {
        admin_leave();
        return;
    }
    switch (action) {
        case AdminAction::kRefresh:
        case AdminAction::kLock:
            break;
        case AdminAction::kTestPrint: {
            const auto r = print_test_receipt(dev_.printer, key_, config_, clock_);
            a.message = texts::test_print_result(r.printed, r.printer.state);
            break;
        }
        case AdminAction::kTestCapture: {
            dev_.camera.prepare(drivers::CameraPurpose::kDocument);
            std::optional<drivers::Frame> f;
            for (int i = 0; i < 50 && !f; ++i) {
                f = dev_.camera.read();
                if (!f) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
            }
            if (!f) {
                a.message = texts::camera_no_picture(dev_.camera.health().detail);
            } else {
                const auto v = detail::thrown_if_not_assessed(
                    vision::check_capture(vision::Kind::kKtp, f->image, thresholds_));
                a.message = texts::camera_gives(f->image.cols, f->image.rows, v.ok());
            }
            break;
        }
        case AdminAction::kTestScan: {
            dev_.scanner.prepare(drivers::ScanPurpose::kOther);
            drivers::ScanRequest req;
            req.max_pages = 1;
            req.use_feeder = false;
            a.message = texts::scanner_result(dev_.scanner.scan(req));
            break;
        }
        case AdminAction::kReprint: {
            const auto parsed = domain::parse_receipt_number(arg);
            const auto rec = parsed ? store_.find_by_receipt(parsed->text) : std::nullopt;
            if (!rec) {
                a.message = texts::receipt_not_found(arg);
                break;
            }
            const auto p = print_receipt(store_, dev_.printer, key_, config_, rec->case_id,
                                         "staff:" + admin_->staff_id(), clock_);
            a.message = p.result.printed ? texts::reprinted(rec->receipt_no, p.record.copy)
                                         : texts::not_printed(p.result.printer.state);
            break;
        }
        case AdminAction::kOutOfService: {
            // "on [message]" or "off".
            const bool on = arg.rfind("on", 0) == 0;
            const std::string note = arg.size() > 3 ? arg.substr(3) : std::string();
            out_of_service_ = on;
            out_of_service_message_ =
                note.empty() ? texts::out_of_service_default() : Text{note, note};
            admin_return_ = on ? Screen::kOutOfService : Screen::kAttract;
            a.message = texts::out_of_service_set(on);
            break;
        }
        case AdminAction::kSync:
            if (sync_now_) {
                sync_now_();
                a.message = texts::sync_started();
            } else {
                a.message = texts::sync_not_running();
            }
            break;
        case AdminAction::kRestart:
            a.restart_requested = true;
            a.message = texts::restarting();
            break;
    }
    admin_refresh();
}

void Session::admin_tick() {
    if (admin_ == nullptr) {
        go(Screen::kAttract);
        return;
    }
    if (view_.screen == Screen::kAdmin) {
        if (admin_->tick() || !admin_->unlocked()) {
            admin_leave();
            return;
        }
        view_.admin.seconds_until_lock = admin_->seconds_until_lock();
        return;
    }
    // The PIN pad: a staff badge shown to the camera picks who is unlocking.
    if (const auto st = admin_->attempt_status(); !st.ok()) {
        view_.admin.wait_seconds = st.wait_seconds;
    } else {
        view_.admin.wait_seconds = 0;
    }
    if (view_.admin.badge.empty()) {
        if (auto f = dev_.camera.read(); f && ++frames_seen_ % static_cast<std::uint64_t>(std::max(
                                                                   1, policy_.qr_every_n_frames)) ==
                                                  0) {
            const auto codes = drivers::read_qr_codes(f->image);
            if (!codes.empty() && codes.front().rfind("AJ", 0) != 0) {
                view_.admin.badge = codes.front();
                view_.admin.message = texts::badge_read();
            }
        }
    }
    // The PIN pad closes by itself like any other screen.
    if (now_ms() - last_touch_ms_ >= config_.timeouts.idle_seconds * 1000LL) {
        admin_leave();
    }
}

}  // namespace anjungan::kiosk
