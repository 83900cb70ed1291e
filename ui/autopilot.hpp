// The autopilot: walks a whole session through the real UI by touching what a person would
// touch (buttons, fields, the on-screen keys), one finger, one frame at a time. It only sees
// the session's view and this frame's touch targets, as a person sees the screen.
#pragma once

#include <deque>
#include <optional>
#include <set>
#include <string>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/kiosk/session.hpp"
#include "ui.hpp"

namespace anjungan::ui {

struct AutopilotPlan {
    domain::Applicant applicant;  // what to type
    domain::Lang lang = domain::Lang::kId;
    // After the done screen: look the new case up by its number, then open staff mode with
    // `staff_pin` (when given) and leave it; for screenshots of those screens.
    bool tour = false;
    std::string staff_pin;
    double stuck_seconds = 150;  // on one screen without progress: give up
};

class Autopilot {
  public:
    enum class Outcome {
        kRunning,
        kDone,     // the session ended on the done screen (and the tour, when asked, ended)
        kRefused,  // the inputs were refused: "staff will help", a device fault
        kFailed,   // the UI did not behave: a field refused, a screen stuck, a target missing
    };
    struct Pointer {
        ImVec2 pos{-1, -1};
        bool down = false;
    };

    Autopilot(AutopilotPlan plan, const platform::Config& config);

    // Called once a frame before ImGui::NewFrame, with the view and last frame's targets;
    // returns where the finger is and whether it touches.
    Pointer step(const kiosk::SessionView& view, const TouchTargets& targets, double now);

    Outcome outcome() const { return outcome_; }
    const std::string& detail() const { return detail_; }
    const std::string& receipt_no() const { return receipt_no_; }
    // A screenshot the autopilot wants of the frame being drawn (its name), once.
    std::optional<std::string> take_screenshot_request();
    // Every touch target smaller than `min_touch` seen so far ("id WxH").
    const std::vector<std::string>& small_targets() const { return small_; }
    // Also records targets that lie (partly) outside the screen ("id off screen").
    void check_sizes(const TouchTargets& targets, float min_touch, ImVec2 screen);

  private:
    struct Action {
        enum class Kind { kTap, kHold, kWait, kShot, kOption } kind = Kind::kTap;
        std::string target;  // kTap, kHold: a target id; kShot: the name; kOption: the value
        int frames = 0;      // kWait, kHold
    };
    void plan_screen(const kiosk::SessionView& view, double now);
    void plan_form(const kiosk::SessionView& view);
    void tap(const std::string& id) { queue_.push_back({Action::Kind::kTap, id, 0}); }
    void wait(int frames) { queue_.push_back({Action::Kind::kWait, {}, frames}); }
    void shot(const std::string& name) { queue_.push_back({Action::Kind::kShot, name, 0}); }
    void fail(Outcome o, const std::string& why);
    void type(const std::string& field, const std::string& text);

    AutopilotPlan plan_;
    const platform::Config& config_;
    Outcome outcome_ = Outcome::kRunning;
    std::string detail_;
    std::string receipt_no_;
    std::deque<Action> queue_;
    int phase_ = 0;  // frames into the current touch (move, press, release)
    kiosk::Screen screen_ = kiosk::Screen::kAttract;
    bool planned_ = false;     // the current screen's actions are queued
    int visits_ = 0;           // screens seen, for screenshot names
    double screen_since_ = 0;  // when this screen was entered
    double last_shutter_ = -1e9;
    int form_attempts_ = 0;
    int frames_on_screen_ = -1;
    int missing_frames_ = 0;
    bool preview_shot_ = false;
    bool saving_shot_ = false;
    std::optional<std::string> refused_;  // why the inputs were refused, once shown
    bool session_done_ = false;           // the done screen was reached
    int tour_step_ = 0;
    std::optional<std::string> shot_;
    std::vector<std::string> small_;
    std::set<std::string> shots_taken_;
};

}  // namespace anjungan::ui
