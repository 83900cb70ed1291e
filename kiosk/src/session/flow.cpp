// The session's flow: moving between screens, the one wipe of a session, dispatching intents,
// the idle timers and devices that go away. The features' intents are handled in their own
// files (forms.cpp, camera.cpp, scan.cpp, submit.cpp, status.cpp, admin.cpp).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "anjungan/kiosk/capture.hpp"
#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

// [SECTION] Screens -------------------------------------------------------------------------

namespace detail {

const std::vector<std::string>& fields_of(Screen s) {
    static const std::vector<std::string> identity{
        "full_name", "certificate_name", "nik", "employment", "nip", "sex"};
    static const std::vector<std::string> contact{"email", "phone"};
    // The office's address in BSrE's order: province, city, then the street.
    static const std::vector<std::string> work{"work_unit", "position", "office_province",
                                               "office_city", "office_address"};
    static const std::vector<std::string> none;
    switch (s) {
        case Screen::kIdentity:
            return identity;
        case Screen::kContact:
            return contact;
        case Screen::kWork:
            return work;
        default:
            return none;
    }
}

bool holds_field(Screen s, const std::string& field) {
    const auto& f = fields_of(s);
    return std::find(f.begin(), f.end(), field) != f.end();
}

bool is_capture(Screen s) {
    return s == Screen::kCaptureKtp || s == Screen::kCaptureSk || s == Screen::kCaptureLetter ||
           s == Screen::kCaptureSelfie;
}

bool is_camera(domain::DocumentKind k) {
    return k == domain::DocumentKind::kKtp || k == domain::DocumentKind::kSelfie;
}

domain::DocumentKind document_of(Screen s) {
    switch (s) {
        case Screen::kCaptureSk:
            return domain::DocumentKind::kSk;
        case Screen::kCaptureLetter:
            return domain::DocumentKind::kLetter;
        case Screen::kCaptureSelfie:
            return domain::DocumentKind::kSelfie;
        default:
            return domain::DocumentKind::kKtp;
    }
}

Screen capture_screen(domain::DocumentKind k) {
    switch (k) {
        case domain::DocumentKind::kKtp:
            return Screen::kCaptureKtp;
        case domain::DocumentKind::kSk:
            return Screen::kCaptureSk;
        case domain::DocumentKind::kLetter:
            return Screen::kCaptureLetter;
        case domain::DocumentKind::kSelfie:
            return Screen::kCaptureSelfie;
    }
    return Screen::kCaptureKtp;
}

vision::Kind vision_kind(domain::DocumentKind k) {
    switch (k) {
        case domain::DocumentKind::kKtp:
            return vision::Kind::kKtp;
        case domain::DocumentKind::kSk:
            return vision::Kind::kSk;
        case domain::DocumentKind::kLetter:
            return vision::Kind::kLetter;
        case domain::DocumentKind::kSelfie:
            return vision::Kind::kSelfie;
    }
    return vision::Kind::kKtp;
}

vision::Verdict thrown_if_not_assessed(vision::Verdict v) {
    if (!v.assessed && v.reasons.empty()) {
        throw std::runtime_error(v.not_assessed_reason);
    }
    return v;
}

}  // namespace detail

using namespace detail;

// [SECTION] Life cycle ------------------------------------------------------------------------

Session::Session(Store& store, SessionDevices devices, const platform::SigningKey& key,
                 const platform::Config& config, const platform::Clock& clock,
                 const vision::FaceModel* faces, printing::KeyRing keys, SessionPolicy policy)
    : store_(store),
      dev_(devices),
      key_(key),
      config_(config),
      clock_(clock),
      faces_(faces),
      keys_(std::move(keys)),
      policy_(policy),
      thresholds_(vision_thresholds(config)),
      throttle_(config.data_dir, clock, policy.lookup),
      out_of_service_message_(texts::out_of_service_default()) {
    policy_.scan_dpi = config.scanner.dpi;
    view_.applicant = blank_applicant(config_);
    last_touch_ms_ = screen_since_ms_ = now_ms();
}

Session::~Session() {
    // Work still running on other threads refers to this session's devices and store.
    stop_gate();
    scan_.wait();
    save_.wait();
    print_.wait();
    wipe();
}

std::int64_t Session::now_ms() const {
    return clock_.ms();
}

void Session::go(Screen s) {
    if (s == Screen::kAttract && out_of_service_) {
        s = Screen::kOutOfService;
    }
    view_.screen = s;
    view_.step = step_of(s);
    view_.errors.clear();
    view_.warnings.clear();
    view_.question = false;
    view_.idle_countdown.reset();
    view_.message = s == Screen::kOutOfService ? out_of_service_message_ : Text{};
    view_.notice = s == Screen::kConsent ? consent_notice(config_) : std::vector<Text>{};
    screen_since_ms_ = now_ms();
    confirmed_warnings_ = false;
    if (is_capture(s)) {
        start_capture(s);
    } else {
        stop_gate();
        view_.capture.preview.release();
    }
    if (s == Screen::kStatusLookup) {
        dev_.camera.prepare(drivers::CameraPurpose::kQr);
        frames_seen_ = 0;
    }
    for (auto& d : view_.documents) {
        wipe_mat(d.image);
    }
    view_.documents.clear();
    if (s == Screen::kReview) {
        view_.documents = docs_.thumbs();
    }
}

// The one wipe of a session: everything the person typed or showed is overwritten, on every
// way out (done, cancel, idle, decline, staff taking over).
void Session::wipe() {
    scan_.drop();
    wipe_applicant(view_.applicant);
    view_.applicant = blank_applicant(config_);
    if (last_case_) {
        wipe_applicant(last_case_->applicant);  // only its ids are kept
    }
    docs_.wipe();
    for (auto& d : view_.documents) {
        wipe_mat(d.image);
    }
    view_.documents.clear();
    for (auto& m : view_.capture.pages) {
        wipe_mat(m);
    }
    view_.capture.pages.clear();
    wipe_mat(last_frame_);
    view_.capture = CaptureView{};
    view_.captured.clear();
    view_.open_case = false;
    view_.status.reset();
    view_.lookup_fault.clear();
    view_.receipt_no.clear();
    view_.saving = view_.printing = view_.printed = false;
    view_.printer_state.reset();
    view_.fault_device = FaultDevice::kNone;
    view_.lang = domain::Lang::kId;
    stop_gate();
    case_id_.clear();
    return_to_review_ = false;
    duplicate_acknowledged_ = false;
}

void Session::fail_device(FaultDevice device, const std::string& detail) {
    fault_return_ = view_.screen;
    stop_gate();
    view_.screen = Screen::kDeviceFault;
    view_.step = 0;
    view_.fault_device = device;
    view_.message =
        device == FaultDevice::kCamera ? texts::camera_missing() : texts::scanner_missing();
    spdlog::warn("{} gone: {}", to_code(device), detail);
}

// [SECTION] Dispatch --------------------------------------------------------------------------

void Session::apply(const Intent& in) {
    using K = Intent::Kind;
    last_touch_ms_ = now_ms();
    view_.idle_countdown.reset();
    const Screen s = view_.screen;
    if (s == Screen::kAdmin && admin_ != nullptr) {
        admin_->touch();  // any touch keeps admin mode open, not only actions
    }

    switch (in.kind) {
        case K::kTouch:
        case K::kStillHere:
            return;
        case K::kLanguage:
            if (in.lang) {
                view_.lang = *in.lang;
            }
            return;
        case K::kCancel:
            if (s == Screen::kAdminPin || s == Screen::kAdmin) {
                break;  // admin mode handles its own cancel (lock and leave)
            }
            if (s != Screen::kAttract && s != Screen::kOutOfService && !view_.saving &&
                !view_.printing) {
                spdlog::info("session cancelled on {}", to_code(s));
                wipe();
                go(Screen::kAttract);
            }
            return;
        default:
            break;
    }

    if (in.kind == K::kAdminGesture || s == Screen::kAdminPin || s == Screen::kAdmin) {
        admin_apply(in);
        return;
    }
    switch (s) {
        case Screen::kAdminPin:
        case Screen::kAdmin:
        case Screen::kOutOfService:
            return;
        case Screen::kAttract: {
            // The language the person chose on the attract screen stays theirs.
            const domain::Lang chosen = view_.lang;
            if (in.kind == K::kStart || in.kind == K::kNext) {
                wipe();
                view_.lang = chosen;
                case_id_ = platform::new_uuid_v4();
                go(Screen::kLanguage);
            } else if (in.kind == K::kStatusLookup) {
                wipe();
                view_.lang = chosen;
                go(Screen::kStatusLookup);
            }
            return;
        }
        case Screen::kLanguage:
            if (in.kind == K::kNext) {
                go(Screen::kConsent);
            } else if (in.kind == K::kBack) {
                wipe();
                go(Screen::kAttract);
            }
            return;
        case Screen::kConsent:
            if (in.kind == K::kAccept || in.kind == K::kNext) {
                go(Screen::kIdentity);
            } else if (in.kind == K::kDecline) {
                wipe();
                go(Screen::kAttract);
            } else if (in.kind == K::kBack) {
                go(Screen::kLanguage);
            }
            return;
        case Screen::kIdentity:
        case Screen::kContact:
        case Screen::kWork:
            apply_form(in);
            return;
        case Screen::kDuplicate:
            apply_duplicate(in);
            return;
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            apply_camera(in);
            return;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            apply_scan(in);
            return;
        case Screen::kNeedHelp:
        case Screen::kDeviceFault:
            if (in.kind == K::kRetry) {
                go(fault_return_);
            }
            return;
        case Screen::kReview:
        case Screen::kReceipt:
        case Screen::kDone:
            apply_review(in);
            return;
        case Screen::kStatusLookup:
        case Screen::kStatusResult:
            apply_status(in);
            return;
    }
}

void Session::tick() {
    idle_tick();
    switch (view_.screen) {
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            capture_tick();
            break;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            scan_tick();
            break;
        case Screen::kDeviceFault:
            // Back by itself when the device returns (the camera replugged).
            if (view_.fault_device == FaultDevice::kCamera && dev_.camera.health().ok()) {
                go(fault_return_);
            } else if (view_.fault_device == FaultDevice::kScanner && dev_.scanner.health().ok()) {
                go(fault_return_);
            }
            break;
        case Screen::kReceipt:
            submit_tick();
            break;
        case Screen::kStatusLookup:
            lookup_tick();
            break;
        case Screen::kAdminPin:
        case Screen::kAdmin:
            admin_tick();
            break;
        default:
            break;
    }
}

Screen Session::after(Screen s) const {
    switch (s) {
        case Screen::kLanguage:
            return Screen::kConsent;
        case Screen::kConsent:
            return Screen::kIdentity;
        case Screen::kIdentity:
            return Screen::kContact;
        case Screen::kContact:
            return Screen::kWork;
        case Screen::kWork:
            return Screen::kCaptureKtp;
        case Screen::kCaptureKtp:
            return Screen::kCaptureSk;
        case Screen::kCaptureSk:
            return Screen::kCaptureLetter;
        case Screen::kCaptureLetter:
            return Screen::kCaptureSelfie;
        case Screen::kCaptureSelfie:
            return Screen::kReview;
        default:
            return s;
    }
}

Screen Session::before(Screen s) const {
    switch (s) {
        case Screen::kConsent:
            return Screen::kLanguage;
        case Screen::kIdentity:
            return Screen::kConsent;
        case Screen::kContact:
            return Screen::kIdentity;
        case Screen::kWork:
            return Screen::kContact;
        case Screen::kCaptureKtp:
            return Screen::kWork;
        case Screen::kCaptureSk:
            return Screen::kCaptureKtp;
        case Screen::kCaptureLetter:
            return Screen::kCaptureSk;
        case Screen::kCaptureSelfie:
            return Screen::kCaptureLetter;
        case Screen::kReview:
            return Screen::kCaptureSelfie;
        default:
            return Screen::kAttract;
    }
}

// [SECTION] Idle ------------------------------------------------------------------------------

void Session::idle_tick() {
    const Screen s = view_.screen;
    const std::int64_t now = now_ms();
    if (s == Screen::kAttract || s == Screen::kOutOfService || s == Screen::kAdmin ||
        view_.saving || view_.printing || scan_.busy()) {
        return;
    }
    const std::int64_t on_screen = now - screen_since_ms_;
    if (s == Screen::kDone && on_screen >= policy_.done_seconds * 1000LL) {
        wipe();
        go(Screen::kAttract);
        return;
    }
    if (s == Screen::kReceipt && on_screen >= policy_.receipt_seconds * 1000LL) {
        go(Screen::kDone);
        return;
    }
    if (s == Screen::kStatusResult && on_screen >= policy_.status_seconds * 1000LL) {
        wipe();
        go(Screen::kAttract);
        return;
    }
    const std::int64_t idle = now - last_touch_ms_;
    const std::int64_t limit = config_.timeouts.idle_seconds * 1000LL;
    const std::int64_t warning = config_.timeouts.idle_warning_seconds * 1000LL;
    if (idle < limit) {
        view_.idle_countdown.reset();
        return;
    }
    const std::int64_t left = limit + warning - idle;
    if (left > 0) {
        view_.idle_countdown = static_cast<int>((left + 999) / 1000);
        return;
    }
    spdlog::info("session on {} wiped after {} s without a touch", to_code(s), idle / 1000);
    wipe();
    go(Screen::kAttract);
}

}  // namespace anjungan::kiosk
