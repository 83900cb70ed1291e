// What `--stats FILE.json` reports (and the log at exit): start-up time, frame times and
// memory of the kiosk's render loop. Measured only when asked for: a kiosk runs for months,
// and glFinish and /proc reads have no place in its frame otherwise.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace anjungan::ui {

// Resident memory from /proc/self/status, in MB: all of it (VmRSS: shared libraries and the
// OpenGL driver included) and the process's own (RssAnon: heap, stacks, buffers).
struct Memory {
    double rss = 0;
    double anon = 0;
};
Memory memory();
double rss_mb();

// How long this process has run, in ms (from the kernel's start time: dynamic loading and
// static initialisation included), at 10 ms resolution.
double process_age_ms();

// count, mean, p50, p95 and max of `v`, rounded to 0.01; null when empty.
nlohmann::json summary(std::vector<double> v);

struct FrameStats {
    // Process start to the first attract frame on screen; the demo's one-off generation of its
    // sample inputs is counted apart.
    double startup_ms = -1;
    double demo_inputs_ms = 0;
    // A frame's work: events, the session's tick, building the screen and rendering it (to
    // glFinish); the swap (under Xvfb a copy of the whole frame to the X server) apart.
    std::vector<double> frame_ms;
    std::vector<double> preview_frame_ms;  // frames with the camera preview on screen
    std::vector<double> swap_ms;
    // Of frame_ms, the CPU's part: events, tick, building the screen (ImGui::Render); the rest
    // is rasterising, which llvmpipe (software OpenGL under Xvfb) does on the CPU too.
    std::vector<double> build_ms;
    std::vector<double> preview_build_ms;
    Memory max;
    Memory capture_max;  // while a camera capture screen shows its preview

    // One measured frame; `preview` when the camera's picture was on screen.
    void add(double frame, double build, double swap, bool preview);
    // The report's figures (the caller adds what it knows of the window and the GPU).
    nlohmann::json report() const;
};

}  // namespace anjungan::ui
