#include "session_command.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "anjungan/kiosk/capture.hpp"
#include "anjungan/kiosk/kiosk.hpp"
#include "anjungan/kiosk/receipt.hpp"
#include "anjungan/kiosk/session.hpp"

namespace anjungan::cli {

namespace {

using kiosk::Intent;
using kiosk::Screen;
using nlohmann::json;

constexpr int kOk = 0, kNegative = 1, kUsage = 2, kRefused = 3;
constexpr std::int64_t kTickMs = 40;  // 25 frames a second

struct Line {
    int number = 0;
    std::string verb;
    std::string rest;
};

std::vector<Line> read_script(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read the script " + path);
    }
    std::vector<Line> out;
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
        ++n;
        const auto hash = text.find('#');
        if (hash != std::string::npos) {
            text = text.substr(0, hash);
        }
        std::istringstream is(text);
        Line l;
        l.number = n;
        if (!(is >> l.verb)) {
            continue;
        }
        std::getline(is >> std::ws, l.rest);
        while (!l.rest.empty() && (l.rest.back() == ' ' || l.rest.back() == '\r')) {
            l.rest.pop_back();
        }
        out.push_back(l);
    }
    return out;
}

// "set_field nik 6271..." -> field nik, value the rest; "admin_action reprint X" -> the action
// and its argument; "retake ktp" and "edit identity" name a document or a screen; "language
// en", "type_receipt ...", "remove_page 2" carry a value.
Intent to_intent(const Line& l) {
    const auto kind = kiosk::intent_from_code(l.verb);
    if (!kind) {
        throw std::invalid_argument("line " + std::to_string(l.number) + ": unknown intent '" +
                                    l.verb + "'");
    }
    std::string field;
    std::string value;
    if (*kind == Intent::Kind::kSetField || *kind == Intent::Kind::kAdminAction) {
        std::istringstream is(l.rest);
        is >> field;
        std::getline(is >> std::ws, value);
        if (field.empty()) {
            throw std::invalid_argument("line " + std::to_string(l.number) + ": " + l.verb +
                                        (*kind == Intent::Kind::kSetField
                                             ? " needs a field name"
                                             : " needs an action name"));
        }
    } else if (*kind == Intent::Kind::kRetake || *kind == Intent::Kind::kEdit) {
        field = l.rest;
    } else {
        value = l.rest;
    }
    return Intent::from_text(*kind, std::move(field), std::move(value));
}

}  // namespace

int run_session(const platform::Config& config, const SessionArgs& a) {
    std::vector<Line> script;
    try {
        script = read_script(a.script);
        for (const auto& l : script) {
            if (l.verb != "wait" && l.verb != "tick" && l.verb != "expect") {
                to_intent(l);  // refuse a bad script before anything starts
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "session: " << e.what() << "\n";
        return kUsage;
    }

    platform::FixedClock clock(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    // The given folders, else the configured devices; simulated ones run on the simulated clock.
    kiosk::KioskOverrides parts;
    parts.admin = false;  // a script drives an applicant's session; staff mode is not scripted
    if (!a.camera_dir.empty() || config.camera.kind == "file") {
        parts.camera = std::make_unique<drivers::FileCamera>(
            a.camera_dir.empty() ? config.camera.folder : std::filesystem::path(a.camera_dir), 25.0,
            clock);
    }
    if (!a.sane_config_dir.empty()) {
        drivers::SaneConfig sc;
        sc.device = "pnm:0";
        sc.config_dir = a.sane_config_dir;
        sc.pnm_folder = a.scanner_dir;
        parts.scanner = drivers::make_sane_scanner(sc);
    } else if (!a.scanner_dir.empty()) {
        parts.scanner = std::make_unique<drivers::FileScanner>(a.scanner_dir);
    }
    const auto kiosk = kiosk::open_kiosk(config, clock, std::move(parts));
    kiosk::Session& session = *kiosk->session;

    Screen shown = session.view().screen;
    auto tick = [&] {
        // Scans and prints run on their own threads in real time: the simulated clock waits
        // for them (up to a minute), as a person at the kiosk would.
        for (int i = 0; i < 30000 && (session.view().capture.scanning || session.view().saving ||
                                      session.view().printing);
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            session.tick();
        }
        clock.set(clock.now() + std::chrono::milliseconds(kTickMs));
        session.tick();
        if (a.trace && session.view().screen != shown) {
            shown = session.view().screen;
            std::cerr << "  -> " << kiosk::to_code(shown) << "\n";
        }
    };
    auto fail = [&](const Line& l, const std::string& why) {
        const auto& v = session.view();
        std::cerr << "session: line " << l.number << " (" << l.verb << " " << l.rest << "): " << why
                  << "; now on " << kiosk::to_code(v.screen);
        if (!v.message.empty()) {
            std::cerr << " - " << v.message.en;
        }
        std::cerr << "\n";
    };

    int code = kOk;
    for (const auto& l : script) {
        if (l.verb == "tick") {
            const int n = l.rest.empty() ? 1 : std::atoi(l.rest.c_str());
            for (int i = 0; i < n; ++i) {
                tick();
            }
        } else if (l.verb == "wait" || l.verb == "expect") {
            std::istringstream is(l.rest);
            std::string name;
            double seconds = 30;
            is >> name >> seconds;
            const auto target = kiosk::screen_from_code(name);
            if (!target) {
                fail(l, "unknown screen '" + name + "'");
                return kUsage;
            }
            if (l.verb == "wait") {
                const auto limit = clock.now() + std::chrono::milliseconds(
                                                     static_cast<std::int64_t>(seconds * 1000));
                while (session.view().screen != *target && clock.now() < limit) {
                    tick();
                    const Screen s = session.view().screen;
                    if (s == Screen::kNeedHelp && *target != Screen::kNeedHelp) {
                        break;  // the gate refused the images: stop here, not at the limit
                    }
                }
            }
            if (session.view().screen != *target) {
                fail(l, "expected screen " + name);
                // Ending on "staff will help", a device fault, or a capture screen whose
                // images never passed the quality gate: the inputs were refused.
                const Screen s = session.view().screen;
                code = s == Screen::kNeedHelp || s == Screen::kDeviceFault ||
                               s == Screen::kCaptureKtp || s == Screen::kCaptureSk ||
                               s == Screen::kCaptureLetter || s == Screen::kCaptureSelfie
                           ? kRefused
                           : kNegative;
                break;
            }
        } else {
            session.apply(to_intent(l));
            if (a.trace && session.view().screen != shown) {
                shown = session.view().screen;
                std::cerr << "  -> " << kiosk::to_code(shown) << "\n";
            }
        }
    }
    // Let a print that is still running finish.
    for (int i = 0; i < 3000 && (session.view().saving || session.view().printing); ++i) {
        tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    const auto& v = session.view();
    const auto& last = session.last_case();
    if (a.as_json) {
        std::cout << json{{"receipt_no", last ? json(last->receipt_no) : json(nullptr)},
                          {"case_id", last ? json(last->case_id) : json(nullptr)},
                          {"screen", std::string(kiosk::to_code(v.screen))},
                          {"printed", v.printed},
                          {"printer_state", v.printer_state
                                                ? std::string(printing::to_code(*v.printer_state))
                                                : std::string()},
                          {"message", v.message.en},
                          {"guidance", v.capture.guidance.en}}
                         .dump()
                  << "\n";
    } else if (last) {
        std::cout << last->receipt_no << "\n";
    }
    if (code == kOk && !last) {
        code = kNegative;
    }
    return code;
}

}  // namespace anjungan::cli
