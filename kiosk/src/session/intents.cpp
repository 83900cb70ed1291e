// The codes of screens, intents and admin actions (the text form of scripts, the CLI, tests and
// logs), and the typed intents made from them.
#include <array>
#include <charconv>

#include "anjungan/platform/codes.hpp"
#include "internal.hpp"

namespace anjungan::kiosk {

namespace {

struct ScreenInfo {
    Screen screen;
    std::string_view code;
    int step;  // on the applicant's path; 0 elsewhere
};

constexpr std::array kScreens{
    ScreenInfo{Screen::kAttract, "attract", 0},
    ScreenInfo{Screen::kLanguage, "language", 1},
    ScreenInfo{Screen::kConsent, "consent", 2},
    ScreenInfo{Screen::kIdentity, "identity", 3},
    ScreenInfo{Screen::kContact, "contact", 4},
    ScreenInfo{Screen::kWork, "work", 5},
    ScreenInfo{Screen::kCaptureKtp, "capture_ktp", 6},
    ScreenInfo{Screen::kCaptureSk, "capture_sk", 7},
    ScreenInfo{Screen::kCaptureLetter, "capture_letter", 8},
    ScreenInfo{Screen::kCaptureSelfie, "capture_selfie", 9},
    ScreenInfo{Screen::kReview, "review", 10},
    ScreenInfo{Screen::kReceipt, "receipt", 0},
    ScreenInfo{Screen::kDone, "done", 0},
    ScreenInfo{Screen::kDuplicate, "duplicate", 0},
    ScreenInfo{Screen::kNeedHelp, "need_help", 0},
    ScreenInfo{Screen::kDeviceFault, "device_fault", 0},
    ScreenInfo{Screen::kStatusLookup, "status_lookup", 0},
    ScreenInfo{Screen::kStatusResult, "status_result", 0},
    ScreenInfo{Screen::kOutOfService, "out_of_service", 0},
    ScreenInfo{Screen::kAdminPin, "admin_pin", 0},
    ScreenInfo{Screen::kAdmin, "admin", 0},
};

constexpr std::array<std::pair<Intent::Kind, std::string_view>, 24> kIntents{{
    {Intent::Kind::kTouch, "touch"},
    {Intent::Kind::kStart, "start"},
    {Intent::Kind::kLanguage, "language"},
    {Intent::Kind::kAccept, "accept"},
    {Intent::Kind::kDecline, "decline"},
    {Intent::Kind::kSetField, "set_field"},
    {Intent::Kind::kNext, "next"},
    {Intent::Kind::kBack, "back"},
    {Intent::Kind::kCancel, "cancel"},
    {Intent::Kind::kConfirm, "confirm"},
    {Intent::Kind::kShutter, "shutter"},
    {Intent::Kind::kScanPage, "scan_page"},
    {Intent::Kind::kRemovePage, "remove_page"},
    {Intent::Kind::kRetake, "retake"},
    {Intent::Kind::kEdit, "edit"},
    {Intent::Kind::kSubmit, "submit"},
    {Intent::Kind::kStillHere, "still_here"},
    {Intent::Kind::kStatusLookup, "status_lookup"},
    {Intent::Kind::kTypeReceipt, "type_receipt"},
    {Intent::Kind::kRetry, "retry"},
    {Intent::Kind::kFinish, "finish"},
    {Intent::Kind::kAdminGesture, "admin_gesture"},
    {Intent::Kind::kAdminPin, "admin_pin"},
    {Intent::Kind::kAdminAction, "admin_action"},
}};

constexpr std::array<std::pair<AdminAction, std::string_view>, 9> kAdminActions{{
    {AdminAction::kRefresh, "refresh"},
    {AdminAction::kTestPrint, "test_print"},
    {AdminAction::kTestCapture, "test_capture"},
    {AdminAction::kTestScan, "test_scan"},
    {AdminAction::kReprint, "reprint"},
    {AdminAction::kOutOfService, "out_of_service"},
    {AdminAction::kRestart, "restart"},
    {AdminAction::kSync, "sync"},
    {AdminAction::kLock, "lock"},
}};

std::optional<domain::Lang> lang_from_code(std::string_view code) {
    if (code == "id") {
        return domain::Lang::kId;
    }
    if (code == "en") {
        return domain::Lang::kEn;
    }
    return std::nullopt;
}

}  // namespace

// [SECTION] Codes ---------------------------------------------------------------------------

std::string_view to_code(Screen s) {
    return kScreens[static_cast<std::size_t>(s)].code;
}

std::optional<Screen> screen_from_code(std::string_view code) {
    for (const auto& i : kScreens) {
        if (i.code == code) {
            return i.screen;
        }
    }
    return std::nullopt;
}

std::string_view to_code(Intent::Kind k) {
    return platform::code_of(kIntents, k);
}

std::optional<Intent::Kind> intent_from_code(std::string_view code) {
    return platform::value_of<Intent::Kind>(kIntents, code);
}

std::string_view to_code(AdminAction a) {
    return platform::code_of(kAdminActions, a);
}

std::optional<AdminAction> admin_action_from_code(std::string_view code) {
    return platform::value_of<AdminAction>(kAdminActions, code);
}

std::string_view to_code(FaultDevice d) {
    switch (d) {
        case FaultDevice::kCamera:
            return "camera";
        case FaultDevice::kScanner:
            return "scanner";
        case FaultDevice::kNone:
            break;
    }
    return "";
}

// [SECTION] Intents -------------------------------------------------------------------------

Intent Intent::from_text(Kind kind, std::string field, std::string value) {
    Intent in(kind);
    switch (kind) {
        case Kind::kLanguage:
            in.lang = lang_from_code(value);
            break;
        case Kind::kRemovePage: {
            int n = 0;
            std::from_chars(value.data(), value.data() + value.size(), n);
            in.page = n;
            break;
        }
        case Kind::kEdit:
            in.screen = screen_from_code(field);
            break;
        case Kind::kRetake:
            in.document = domain::document_from_code(field);
            break;
        case Kind::kAdminAction:
            in.action = admin_action_from_code(field);
            break;
        default:
            break;
    }
    in.field = std::move(field);
    in.value = std::move(value);
    return in;
}

Intent Intent::set_field(std::string field, std::string value) {
    return from_text(Kind::kSetField, std::move(field), std::move(value));
}

Intent Intent::language(domain::Lang lang) {
    Intent in(Kind::kLanguage);
    in.lang = lang;
    in.value = lang == domain::Lang::kEn ? "en" : "id";
    return in;
}

Intent Intent::remove_page(int page) {
    Intent in(Kind::kRemovePage);
    in.page = page;
    in.value = std::to_string(page);
    return in;
}

Intent Intent::edit(Screen screen) {
    Intent in(Kind::kEdit);
    in.screen = screen;
    in.field = std::string(to_code(screen));
    return in;
}

Intent Intent::retake(domain::DocumentKind document) {
    Intent in(Kind::kRetake);
    in.document = document;
    in.field = std::string(domain::to_code(document));
    return in;
}

Intent Intent::admin(AdminAction action, std::string argument) {
    Intent in(Kind::kAdminAction);
    in.action = action;
    in.field = std::string(to_code(action));
    in.value = std::move(argument);
    return in;
}

Intent Intent::type_receipt(const std::string& receipt_no, const std::string& phone_digits) {
    return from_text(Kind::kTypeReceipt, {}, receipt_no + " " + phone_digits);
}

namespace detail {

int step_of(Screen s) {
    return kScreens[static_cast<std::size_t>(s)].step;
}

}  // namespace detail

}  // namespace anjungan::kiosk
