// Camera captures (the KTP and the selfie): the live preview through the quality gate, the
// automatic or manual still, its full check, and refusals.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "anjungan/vision/export.hpp"
#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

using namespace detail;

void Session::apply_camera(const Intent& in) {
    using K = Intent::Kind;
    const Screen s = view_.screen;
    const domain::DocumentKind kind = document_of(s);
    if (in.kind == K::kShutter && view_.capture.shutter_enabled && !view_.capture.taken &&
        !last_frame_.empty()) {
        take_still(last_frame_.clone());
    } else if (in.kind == K::kNext &&
               std::count(view_.captured.begin(), view_.captured.end(), kind)) {
        go(next_of(s));
    } else if (in.kind == K::kRetake) {
        // The old picture goes: Next (and review) wait for the new one.
        std::erase(view_.captured, kind);
        docs_.drop(kind);
        go(s);
    } else if (in.kind == K::kBack) {
        go(back_of(s));
    }
}

void Session::start_capture(Screen s) {
    const domain::DocumentKind kind = document_of(s);
    view_.capture = CaptureView{};
    view_.capture.kind = kind;
    view_.capture.camera = is_camera(kind);
    last_good_ms_ = now_ms();
    // Coming back to a scanned document shows its pages; a camera capture starts afresh.
    if (!view_.capture.camera) {
        view_.capture.pages = docs_.pages(kind);
    }
    if (view_.capture.camera) {
        dev_.camera.prepare(kind == domain::DocumentKind::kSelfie
                                ? drivers::CameraPurpose::kFace
                                : drivers::CameraPurpose::kDocument);
        stop_gate();
        gate_ = std::make_unique<vision::PreviewGate>(vision_kind(kind), thresholds_, faces_);
        view_.capture.guidance = kind == domain::DocumentKind::kSelfie
                                     ? texts::look_at_camera()
                                     : texts::guidance_not_found(vision_kind(kind));
    } else {
        dev_.scanner.prepare(kind == domain::DocumentKind::kSk ? drivers::ScanPurpose::kSk
                                                               : drivers::ScanPurpose::kLetter);
        view_.capture.guidance = texts::place_page();
        if (const auto h = dev_.scanner.health(); h.state == drivers::DeviceState::kMissing) {
            fail_device(FaultDevice::kScanner, h.detail);
        }
    }
}

void Session::capture_tick() {
    if (view_.capture.taken) {
        return;  // the accepted picture stays on screen until Next or Retake
    }
    if (gate_job_.ready()) {
        const auto step = gate_job_.take();
        const cv::Mat frame = std::move(gate_frame_);
        if (apply_gate(step, frame)) {
            return;
        }
    }
    auto frame = dev_.camera.read();
    if (!frame) {
        const auto h = dev_.camera.health();
        if (h.state == drivers::DeviceState::kMissing ||
            h.state == drivers::DeviceState::kDisconnected ||
            h.state == drivers::DeviceState::kError) {
            fail_device(FaultDevice::kCamera,
                        std::string(drivers::to_code(h.state)) + ", " + h.detail);
        }
        return;
    }
    last_frame_ = frame->image;
    view_.capture.preview = frame->image;
    ++view_.capture.preview_seq;
    if (!policy_.async_gate) {
        if (apply_gate(gate_->process(frame->image, static_cast<double>(frame->t_ms)),
                       frame->image)) {
            return;
        }
    } else if (gate_job_.idle()) {
        // The newest frame goes to the gate when it is free; the frames in between only reach
        // the screen. The gate keeps its own state: one job at a time.
        gate_frame_ = frame->image;
        gate_job_.start("preview gate", [gate = gate_.get(), img = frame->image, t = frame->t_ms] {
            return gate->process(img, static_cast<double>(t));
        });
    }
    const std::int64_t now = now_ms();
    view_.capture.shutter_enabled = now - screen_since_ms_ >= policy_.shutter_after_ms;
    if (now - last_good_ms_ >= policy_.help_after_ms) {
        fault_return_ = view_.screen;
        go(Screen::kNeedHelp);
        view_.message = texts::capture_too_long();
    }
}

bool Session::apply_gate(const vision::PreviewGate::Step& step, const cv::Mat& frame) {
    view_.capture.verdict = step.verdict;
    view_.capture.progress = step.progress;
    view_.capture.guidance = texts::guidance(vision_kind(view_.capture.kind), step.verdict);
    if (step.capture) {
        take_still(frame.clone());
        return true;
    }
    return false;
}

void Session::stop_gate() {
    gate_job_.drop();
    gate_frame_.release();
    gate_.reset();
}

void Session::take_still(const cv::Mat& frame) {
    const domain::DocumentKind kind = view_.capture.kind;
    const vision::Kind vk = vision_kind(kind);
    const auto v = thrown_if_not_assessed(vision::check_capture(vk, frame, thresholds_, faces_));
    view_.capture.verdict = v;
    if (!v.ok()) {
        refuse(v);
        return;
    }
    try {
        cv::Mat kept = frame;
        if (kind == domain::DocumentKind::kKtp && v.corners) {
            kept = vision::rectify(vk, frame, *v.corners);
        }
        docs_.set_photo(kind, kept);
        view_.capture.pages = {kept};
    } catch (const std::exception& e) {
        spdlog::error("capture of {}: {}", to_code(kind), e.what());
        refuse(v);
        return;
    }
    if (std::find(view_.captured.begin(), view_.captured.end(), kind) == view_.captured.end()) {
        view_.captured.push_back(kind);
    }
    view_.capture.progress = 1;
    view_.capture.guidance = texts::captured();
    spdlog::info("captured {}", to_code(kind));
    if (policy_.confirm_captures) {
        view_.capture.taken = true;
        view_.capture.guidance =
            kind == domain::DocumentKind::kKtp ? texts::ktp_taken() : texts::photo_taken();
        return;
    }
    go(next_of(view_.screen));
}

// A capture the full check refused; after too many, staff will help.
void Session::refuse(const vision::Verdict& v) {
    ++view_.capture.failures;
    view_.capture.guidance = texts::guidance(vision_kind(view_.capture.kind), v);
    if (gate_job_.busy()) {
        gate_job_.drop();  // its answer is about a picture already refused
        gate_frame_.release();
    }
    if (gate_) {
        gate_->reset();
    }
    if (view_.capture.failures >= policy_.help_after_failures) {
        fault_return_ = view_.screen;
        const int failures = view_.capture.failures;
        go(Screen::kNeedHelp);
        view_.capture.failures = failures;
        view_.message = texts::capture_refused_too_often();
    }
}

}  // namespace anjungan::kiosk
