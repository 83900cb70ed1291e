#include "autopilot.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "form_fields.hpp"

namespace anjungan::ui {

namespace {

using kiosk::Screen;

constexpr int kSettleFrames = 8;  // frames on a new screen before touching anything

}  // namespace

Autopilot::Autopilot(AutopilotPlan plan, const platform::Config& config)
    : plan_(std::move(plan)), config_(config) {}

std::optional<std::string> Autopilot::take_screenshot_request() {
    auto s = std::move(shot_);
    shot_.reset();
    // One picture per screen and state: a screen planned again (waiting) asks again.
    if (s && !shots_taken_.insert(*s).second) {
        return std::nullopt;
    }
    return s;
}

void Autopilot::fail(Outcome o, const std::string& why) {
    if (outcome_ == Outcome::kRunning) {
        outcome_ = o;
        detail_ = why;
    }
    queue_.clear();
}

void Autopilot::check_sizes(const TouchTargets& targets, float min_touch, ImVec2 screen) {
    for (const auto& [id, r] : targets.all()) {
        const float w = r.second.x - r.first.x, h = r.second.y - r.first.y;
        if (r.first.x < 0 || r.first.y < 0 || r.second.x > screen.x + 0.5f ||
            r.second.y > screen.y + 0.5f) {
            const std::string entry = id + " off screen";
            if (std::find(small_.begin(), small_.end(), entry) == small_.end()) {
                small_.push_back(entry);
            }
        } else if (w + 0.5f < min_touch || h + 0.5f < min_touch) {
            const std::string entry = id + " " + std::to_string(static_cast<int>(w)) + "x" +
                                      std::to_string(static_cast<int>(h));
            if (std::find(small_.begin(), small_.end(), entry) == small_.end()) {
                small_.push_back(entry);
            }
        }
    }
}

void Autopilot::type(const std::string& field, const std::string& text) {
    const FieldSpec* spec = nullptr;
    for (Screen s : {Screen::kIdentity, Screen::kContact, Screen::kWork}) {
        for (const auto& f : fields(s)) {
            if (f.name == field) {
                spec = &f;
            }
        }
    }
    const KeyboardKind kind = spec ? spec->keyboard : KeyboardKind::kReceipt;
    for (std::size_t i = 0; i < text.size();) {
        const std::string rest = text.substr(i);
        bool done = false;
        if (kind == KeyboardKind::kEmail) {
            for (const auto& d : config_.email_domains) {
                if (rest == "@" + d) {
                    tap("key:@" + d);
                    i += rest.size();
                    done = true;
                }
            }
            if (!done && rest.rfind(".go.id", 0) == 0) {
                tap("key:.go.id");
                i += 6;
                done = true;
            }
        }
        if (done) {
            continue;
        }
        const std::string key = key_for(kind, text[i]);
        if (key.empty()) {
            fail(Outcome::kFailed, "no key types '" + std::string(1, text[i]) + "' for " + field);
            return;
        }
        tap("key:" + key);
        ++i;
    }
}

void Autopilot::plan_form(const kiosk::SessionView& view) {
    const std::string name(kiosk::to_code(view.screen));
    if (form_attempts_ == 0) {
        shot(name);
        for (const auto& f : fields(view.screen)) {
            const std::string want = value_of(plan_.applicant, f.name);
            const std::string have = value_of(view.applicant, f.name);
            if (!f.choices.empty()) {
                if (have != want) {
                    tap("choice:" + f.name + ":" + want);
                }
                continue;
            }
            if (f.picker) {
                if (have != want) {
                    tap("field:" + f.name);
                    queue_.push_back({Action::Kind::kOption, want, 0});
                }
                continue;
            }
            const std::string text = typeable(f.keyboard, want);
            if (have == text || have == want) {  // typed before, or pre-filled (province, city)
                continue;
            }
            tap("field:" + f.name);
            if (!have.empty()) {
                if (f.keyboard != KeyboardKind::kPhone) {
                    tap("key:clear");
                } else {  // the phone pad has no "clear"
                    for (std::size_t i = 0; i < have.size(); ++i) {
                        tap("key:backspace");
                    }
                }
            }
            type(f.name, text);
            if (f.keyboard == KeyboardKind::kEmail || f.name == "full_name" ||
                f.name == "office_address") {
                shot(name + "-" + f.name);  // each keyboard layout, with what it typed
            }
        }
        shot(name + "-filled");
        tap("nav.next");
        ++form_attempts_;
        return;
    }
    if (view.question) {
        shot(name + "-question");
        tap("question.confirm");
    } else if (!view.errors.empty()) {
        std::string why = "the " + name + " form refused:";
        for (const auto& e : view.errors) {
            why += " " + e.field + " (" + e.problem.code + ": " + e.problem.message_en + ")";
        }
        fail(Outcome::kFailed, why);
        return;
    } else {
        wait(10);
    }
    if (++form_attempts_ > 6) {
        fail(Outcome::kFailed, "the " + name + " form did not move on");
    }
}

void Autopilot::plan_screen(const kiosk::SessionView& view, double now) {
    const std::string name(kiosk::to_code(view.screen));
    const auto& c = view.capture;
    switch (view.screen) {
        case Screen::kAttract:
            if (view.lang != plan_.lang) {
                // After a session the kiosk greets the next person in Indonesian.
                tap(plan_.lang == domain::Lang::kEn ? "lang.toggle.en" : "lang.toggle.id");
                return;
            }
            if (!session_done_) {
                shot(name);
                tap("attract.start");
            } else if (plan_.tour && tour_step_ == 0) {
                tour_step_ = 1;
                tap("attract.status");
            } else if (plan_.tour && tour_step_ == 2 && !plan_.staff_pin.empty()) {
                tour_step_ = 3;
                queue_.push_back({Action::Kind::kHold, "gesture.admin", 200});
            } else if (plan_.tour && tour_step_ == 3) {
                // The accessibility setting: high contrast and large type.
                tour_step_ = 4;
                tap("toggle.access");
                wait(3);
                shot(name + "-high-contrast");
                tap("toggle.access");
            } else if (plan_.tour && tour_step_ == 4 && config_.timeouts.idle_seconds <= 30) {
                // With short idle times configured: the idle warning and the cancel question.
                tour_step_ = 5;
                tap("attract.start");
            } else {
                outcome_ = Outcome::kDone;
            }
            return;
        case Screen::kLanguage:
            shot(name);
            tap(plan_.lang == domain::Lang::kEn ? "lang.en" : "lang.id");
            return;
        case Screen::kConsent:
            shot(name);
            tap("consent.accept");
            return;
        case Screen::kIdentity:
            if (tour_step_ == 5) {
                if (!view.idle_countdown) {
                    wait(30);  // nobody touches anything
                    return;
                }
                tour_step_ = 6;
                shot(name + "-idle-warning");
                tap("idle.still_here");
                tap("nav.cancel");
                shot(name + "-cancel-question");
                tap("cancel.yes");
                return;
            }
            plan_form(view);
            return;
        case Screen::kContact:
        case Screen::kWork:
            plan_form(view);
            return;
        case Screen::kDuplicate:
            shot(name);
            tap("duplicate.continue");
            return;
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            if (c.taken) {
                shot(name + "-taken");
                tap("nav.next");
            } else if (c.shutter_enabled && now - last_shutter_ > 3) {
                // As a person would: the picture never came by itself, so press the shutter.
                shot(name + "-shutter");
                last_shutter_ = now;
                tap("capture.shutter");
            } else if (c.progress > 0.3 && !preview_shot_) {
                preview_shot_ = true;
                shot(name);
                wait(1);
            } else {
                wait(1);
            }
            return;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            if (c.scanning) {
                wait(2);
            } else if (c.pages.empty()) {
                shot(name);
                tap("scan.page");
                wait(3);
            } else {
                shot(name + "-scanned");
                tap("nav.next");
            }
            return;
        case Screen::kReview:
            shot(name);
            tap("review.submit");
            return;
        case Screen::kReceipt:
            if (view.saving || view.printing || view.receipt_no.empty()) {
                if (!saving_shot_) {
                    saving_shot_ = true;
                    shot(name + "-saving");
                }
                wait(2);
                return;
            }
            receipt_no_ = view.receipt_no;
            shot(name);
            tap("receipt.finish");
            return;
        case Screen::kDone:
            shot(name);
            session_done_ = true;
            if (plan_.tour) {
                tap("done.finish");
            } else {
                outcome_ = Outcome::kDone;
            }
            return;
        case Screen::kNeedHelp:
        case Screen::kDeviceFault: {
            shot(name);
            std::string why = name + ": " + view.message.en;
            if (!c.guidance.empty()) {
                why += " (" + c.guidance.en + ")";
            }
            refused_ = why;  // ends once the screenshot is taken
            return;
        }
        case Screen::kStatusLookup:
            shot(name);
            type("receipt", receipt_no_);
            tap("status.field.phone");
            type("receipt", kiosk::phone_last_digits(plan_.applicant.phone));
            shot(name + "-typed");
            tap("status.find");
            return;
        case Screen::kStatusResult:
            shot(name);
            tour_step_ = 2;
            tap("status.finish");
            return;
        case Screen::kAdminPin:
            shot(name);
            for (char d : plan_.staff_pin) {
                tap(std::string("key:") + d);
            }
            tap("pin.enter");
            wait(5);
            return;
        case Screen::kAdmin:
            shot(name);
            tap("admin.lock");
            return;
        case Screen::kOutOfService:
            fail(Outcome::kFailed, "the kiosk is out of service");
            return;
    }
}

Autopilot::Pointer Autopilot::step(const kiosk::SessionView& view, const TouchTargets& targets,
                                   double now) {
    Pointer p;
    if (outcome_ != Outcome::kRunning) {
        return p;
    }
    if (refused_ && !shot_) {
        fail(Outcome::kRefused, *refused_);
        return p;
    }
    if (view.screen != screen_ || frames_on_screen_ < 0) {
        screen_ = view.screen;
        queue_.clear();
        phase_ = 0;
        planned_ = false;
        frames_on_screen_ = 0;
        form_attempts_ = 0;
        preview_shot_ = false;
        saving_shot_ = false;
        screen_since_ = now;
    }
    ++frames_on_screen_;
    const bool busy = view.saving || view.printing || view.capture.scanning;
    if (!busy && now - screen_since_ > plan_.stuck_seconds) {
        const bool capture = screen_ == Screen::kCaptureKtp || screen_ == Screen::kCaptureSelfie ||
                             screen_ == Screen::kCaptureSk || screen_ == Screen::kCaptureLetter;
        fail(capture ? Outcome::kRefused : Outcome::kFailed,
             "stuck on " + std::string(kiosk::to_code(screen_)) + ": " + view.capture.guidance.en);
        return p;
    }
    if (frames_on_screen_ < kSettleFrames) {
        return p;
    }
    if (queue_.empty()) {
        plan_screen(view, now);
        planned_ = true;
    }
    while (!queue_.empty()) {
        Action& a = queue_.front();
        switch (a.kind) {
            case Action::Kind::kShot:
                shot_ = a.target;  // of this frame: the next action waits for the next one
                queue_.pop_front();
                return p;
            case Action::Kind::kWait:
                if (--a.frames <= 0) {
                    queue_.pop_front();
                }
                return p;
            case Action::Kind::kOption: {
                const auto& units = work_units(config_);
                const auto it = std::find(units.begin(), units.end(), a.target);
                if (it == units.end()) {
                    fail(Outcome::kFailed, "'" + a.target + "' is not among the work units");
                    return p;
                }
                const std::string id =
                    "option:work_unit:" + std::to_string(std::distance(units.begin(), it));
                if (targets.find(id)) {
                    a = {Action::Kind::kTap, id, 0};
                } else if (targets.find("picker.down")) {
                    queue_.push_front({Action::Kind::kTap, "picker.down", 0});
                } else {
                    if (++missing_frames_ > 30) {
                        fail(Outcome::kFailed,
                             "the work unit list does not show '" + a.target + "'");
                    }
                    return p;
                }
                missing_frames_ = 0;
                continue;
            }
            case Action::Kind::kTap:
            case Action::Kind::kHold: {
                const auto r = targets.find(a.target);
                if (!r) {
                    if (++missing_frames_ > 30) {
                        fail(Outcome::kFailed, "no '" + a.target + "' on the " +
                                                   std::string(kiosk::to_code(screen_)) +
                                                   " screen");
                    }
                    return p;
                }
                missing_frames_ = 0;
                p.pos = {(r->first.x + r->second.x) / 2, (r->first.y + r->second.y) / 2};
                const int press_frames = a.kind == Action::Kind::kHold ? a.frames : 1;
                p.down = phase_ >= 1 && phase_ <= press_frames;
                // move, press, release, then one frame for the screen to answer
                if (++phase_ > press_frames + 2) {
                    phase_ = 0;
                    queue_.pop_front();
                }
                return p;
            }
        }
    }
    return p;
}

}  // namespace anjungan::ui
