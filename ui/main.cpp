// anjungan-kiosk: the top floor. Reads the configuration, makes the devices (real, or simulated
// for the demo), opens the store, and runs the session in a fullscreen SDL2 + OpenGL window
// drawn with Dear ImGui. `--autopilot` walks a whole session through this UI by touch.
#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <thread>

#include "anjungan/kiosk/admin.hpp"
#include "anjungan/kiosk/capture.hpp"
#include "anjungan/kiosk/demo_folder.hpp"
#include "anjungan/kiosk/kiosk.hpp"
#include "anjungan/kiosk/receipt.hpp"
#include "anjungan/kiosk/session.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/log.hpp"
#include "anjungan/samples/sample_case.hpp"
#include "app.hpp"
#include "autopilot.hpp"
#include "demo_inputs.hpp"
#include "frame_stats.hpp"
#include "window.hpp"

namespace {

using namespace anjungan;
using Steady = std::chrono::steady_clock;

constexpr int kOk = 0, kFailed = 1, kUsage = 2, kRefused = 3;

std::atomic<bool> g_stop{false};

struct Args {
    std::string config;
    std::string data_dir;
    std::string camera_dir;
    std::string scanner_dir;
    std::string screenshots;
    std::string stats;
    std::string lang = "id";
    std::string size;  // "WxH"
    bool demo = false;
    bool autopilot = false;
    bool tour = false;
    bool windowed = false;
    bool no_sync = false;
    double max_seconds = 600;
};

bool is_camera_screen(kiosk::Screen s) {
    return s == kiosk::Screen::kCaptureKtp || s == kiosk::Screen::kCaptureSelfie;
}

// The demo: simulated devices playing sample inputs, a printer writing PNG files, a window.
void apply_demo(platform::Config& c, const Args& a) {
    if (a.data_dir.empty() && a.config.empty()) {
        c.data_dir = "demo-data";
    }
    c.camera.kind = "file";
    c.scanner.kind = "file";
    c.printer.kind = "file";
    if (c.printer.folder.empty()) {
        c.printer.folder = c.data_dir / "printed";
    }
    if (c.email_domains.empty()) {
        c.email_domains = {"palangkaraya.go.id"};
    }
}

int run(const Args& a) {
    platform::Config config = platform::load_config(
        a.config.empty() ? std::nullopt : std::optional<std::filesystem::path>(a.config),
        a.data_dir.empty() ? std::nullopt : std::optional<std::filesystem::path>(a.data_dir));
    if (a.demo) {
        apply_demo(config, a);
    }
    platform::init_logging(config.log_level);  // to stderr: stdout carries the receipt number
    if (a.demo) {
        // Before anything is written: the demo's staff PIN is published (kiosk/demo_folder.hpp).
        kiosk::claim_demo_folder(config.data_dir);
    }
    std::filesystem::create_directories(config.data_dir);

    // The clock: real, or for the autopilot a simulated one that moves one frame (1/60 s) per
    // frame, so a run does not depend on how fast this machine draws.
    platform::FixedClock sim_clock(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    platform::SystemClock real_clock;
    const platform::Clock& clock =
        a.autopilot ? static_cast<const platform::Clock&>(sim_clock) : real_clock;
    spdlog::debug("{:.0f} ms: configuration read (rss {:.0f} MB)", ui::process_age_ms(),
                  ui::rss_mb());

    // Devices: given folders, else the demo's sample inputs, else the configuration.
    std::filesystem::path camera_dir = a.camera_dir, scanner_dir = a.scanner_dir;
    ui::FrameStats stats;
    if (a.demo && (camera_dir.empty() || scanner_dir.empty())) {
        const auto g0 = Steady::now();
        const auto in = test::write_demo_inputs(config.data_dir / "demo-inputs");
        stats.demo_inputs_ms =
            std::chrono::duration<double, std::milli>(Steady::now() - g0).count();
        camera_dir = camera_dir.empty() ? in.camera : camera_dir;
        scanner_dir = scanner_dir.empty() ? in.scanner : scanner_dir;
    }
    kiosk::KioskOverrides parts;
    if (!camera_dir.empty()) {
        parts.camera = std::make_unique<drivers::FileCamera>(camera_dir, 30.0, clock);
    }
    if (!scanner_dir.empty()) {
        parts.scanner = std::make_unique<drivers::FileScanner>(scanner_dir);
    }
    parts.policy.confirm_captures = true;  // the person sees the picture, then Next or Retake
    parts.policy.async_gate = true;        // the preview keeps its 60 frames a second
    const auto kiosk = kiosk::open_kiosk(config, clock, std::move(parts));
    spdlog::debug("{:.0f} ms: devices, face model and store (rss {:.0f} MB)", ui::process_age_ms(),
                  ui::rss_mb());
    if (a.demo) {
        kiosk::ensure_demo_staff(config.data_dir, clock.now());
    }
    kiosk::Session& session = *kiosk->session;
    // The sender thread: the outbox to the office, the status feed back, the purge. It has its
    // own connection to the store and runs on the real clock, also under the autopilot.
    static platform::SystemClock wall_clock;
    std::unique_ptr<sync::SyncService> syncer;
    if (!a.no_sync) {
        syncer = kiosk::make_sync_service(config, wall_clock);
        syncer->start();
        // Staff's "send now", and every stored case (the session calls it; never the store
        // from this thread: the session's workers use that connection).
        session.set_sync_trigger([s = syncer.get()] { s->wake(); });
    }
    if (a.lang == "en") {
        session.apply(kiosk::Intent::language(domain::Lang::kEn));
    }

    // The window.
    int width = config.display.width, height = config.display.height;
    bool fullscreen = config.display.fullscreen && !a.windowed && !a.demo;
    if ((width <= 0 || height <= 0) && !fullscreen) {
        width = 1920;  // "the desktop's size" asks for fullscreen; a window needs a size
        height = 1080;
    }
    if (a.demo && !a.autopilot) {
        width = 1280;
        height = 720;
    }
    if (!a.size.empty()) {
        if (std::sscanf(a.size.c_str(), "%dx%d", &width, &height) != 2 || width < 320 ||
            height < 320) {
            std::cerr << "anjungan-kiosk: --size wants WIDTHxHEIGHT, e.g. 1920x1080\n";
            return kUsage;
        }
    }
    ui::WindowOptions wo;
    wo.width = width;
    wo.height = height;
    wo.fullscreen = fullscreen;
    wo.vsync = !a.autopilot;
    wo.cursor = a.demo && !a.autopilot;  // no cursor on a touchscreen; the demo's window keeps it
    std::string window_error;
    const auto window = ui::Window::open(wo, window_error);
    if (!window) {
        std::cerr << "anjungan-kiosk: " << window_error << "\n";
        return kUsage;
    }
    width = window->width();
    height = window->height();
    ImGuiIO& io = ImGui::GetIO();
    const auto layout = ui::make_layout(
        {static_cast<float>(width), static_cast<float>(height)}, config.display.dpi,
        // [display] 0 x 0 means the desktop's size: the panel is this window.
        static_cast<float>(config.display.width > 0 && config.display.height > 0
                               ? std::min(config.display.width, config.display.height)
                               : std::min(width, height)));
    ui::KioskApp app(session, config, ui::load_fonts(layout.scale), layout);
    {
        unsigned char* px = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
        spdlog::debug("{:.0f} ms: window, OpenGL and fonts (rss {:.0f} MB, atlas {}x{})",
                      ui::process_age_ms(), ui::rss_mb(), tw, th);
    }

    std::optional<ui::Autopilot> pilot;
    if (a.autopilot) {
        ui::AutopilotPlan plan;
        plan.applicant = samples::sample_applicant();
        plan.lang = a.lang == "en" ? domain::Lang::kEn : domain::Lang::kId;
        plan.tour = a.tour;
        plan.staff_pin = a.demo ? kiosk::kDemoStaffPin : "";
        pilot.emplace(plan, config);
    }

    std::map<std::string, int> shots;
    std::uint64_t frames = 0;
    const auto start = Steady::now();
    double sim_s = 0;
    int code = kOk;
    bool quit = false;
    while (!quit && !g_stop) {
        const auto f0 = Steady::now();
        if (window->poll_events() && (a.demo || !fullscreen)) {
            quit = true;  // a window's close button; in kiosk mode nothing leaves the app
        }
        if (a.autopilot) {
            sim_s += 1.0 / 60;
            sim_clock.set(sim_clock.now() + std::chrono::microseconds(16667));
        }
        const double now =
            a.autopilot ? sim_s : std::chrono::duration<double>(Steady::now() - start).count();
        window->new_frame();
        if (pilot && !app.busy()) {  // a worker is changing the view: look again later
            const auto p = pilot->step(session.view(), app.targets(), now);
            io.MousePos = p.pos;
            io.MouseDown[0] = p.down;
        }
        ImGui::NewFrame();
        const kiosk::Screen drawn = session.view().screen;
        app.frame(now);
        ImGui::Render();
        const auto built = Steady::now();
        window->render(app.background());
        if (pilot) {
            pilot->check_sizes(app.targets(), layout.min_touch,
                               {static_cast<float>(width), static_cast<float>(height)});
            if (auto name = pilot->take_screenshot_request(); name && !a.screenshots.empty()) {
                int& n = shots[*name];
                const std::string file = a.lang + "-" + (shots.size() < 10 ? "0" : "") +
                                         std::to_string(shots.size()) + "-" + *name +
                                         (n++ ? "-" + std::to_string(n) : "") + ".png";
                window->screenshot(std::filesystem::path(a.screenshots) / file);
            }
        }
        // Frame figures only when asked for (--stats, the autopilot): a kiosk runs for months,
        // and glFinish and /proc reads have no place in its frame otherwise.
        const bool measure = pilot.has_value() || !a.stats.empty();
        if (measure) {
            glFinish();
        }
        const auto f1 = Steady::now();
        window->swap();
        const double ms = std::chrono::duration<double, std::milli>(f1 - f0).count();
        if (++frames == 1) {
            io.Fonts->ClearTexData();  // the atlas is on the GPU now: free its CPU copy
        }
        if (drawn != session.view().screen) {
            spdlog::debug("screen {} -> {} (frame {})", kiosk::to_code(drawn),
                          kiosk::to_code(session.view().screen), frames);
        }
        if (ms > 100) {
            spdlog::debug("slow frame: {:.0f} ms on {}", ms, kiosk::to_code(drawn));
        }
        if (measure) {
            stats.add(ms, std::chrono::duration<double, std::milli>(built - f0).count(),
                      std::chrono::duration<double, std::milli>(Steady::now() - f1).count(),
                      is_camera_screen(drawn) && !session.view().capture.preview.empty());
        }
        if (stats.startup_ms < 0 && drawn == kiosk::Screen::kAttract) {
            stats.startup_ms = ui::process_age_ms() - stats.demo_inputs_ms;
        }
        if (session.view().admin.restart_requested) {
            spdlog::info("restart requested by staff");
            quit = true;
        }
        if (pilot) {
            if (pilot->outcome() != ui::Autopilot::Outcome::kRunning) {
                break;
            }
            if (sim_s > a.max_seconds) {
                code = kFailed;
                std::cerr << "anjungan-kiosk: autopilot ran past " << a.max_seconds << " s on "
                          << kiosk::to_code(session.view().screen) << "\n";
                break;
            }
            // Saving, printing and scanning run in real time on their own threads: let real
            // time pass with the simulated clock, as a person waiting would.
            const auto& v = session.view();
            if (v.saving || v.printing || v.capture.scanning || app.busy()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(16));
            }
        } else if (ms < 16.0) {
            // Xvfb and some drivers do not wait for vsync: keep to 60 frames a second.
            std::this_thread::sleep_for(
                std::chrono::microseconds(static_cast<int>((16.6 - ms) * 1000)));
        }
    }

    if (pilot) {
        using O = ui::Autopilot::Outcome;
        switch (pilot->outcome()) {
            case O::kDone:
                std::cout << pilot->receipt_no() << "\n";
                break;
            case O::kRefused:
                std::cerr << "anjungan-kiosk: the inputs were refused: " << pilot->detail() << "\n";
                code = kRefused;
                break;
            case O::kFailed:
                std::cerr << "anjungan-kiosk: autopilot failed: " << pilot->detail() << "\n";
                code = kFailed;
                break;
            case O::kRunning:
                code = code == kOk ? kFailed : code;
                break;
        }
        if (!pilot->small_targets().empty()) {
            std::cerr << "anjungan-kiosk: touch targets under 15 mm ("
                      << static_cast<int>(layout.min_touch) << " px) or off screen:";
            for (const auto& s : pilot->small_targets()) {
                std::cerr << " " << s;
            }
            std::cerr << "\n";
            code = code == kOk ? kFailed : code;
        }
    }
    nlohmann::json report = stats.report();
    report["texture_uploads"] = app.texture_uploads();
    report["window"] = std::to_string(width) + "x" + std::to_string(height);
    report["video_driver"] = window->video_driver();
    report["gl_renderer"] = window->renderer();
    if (!a.stats.empty()) {
        std::ofstream(a.stats) << report.dump(2) << "\n";
    }
    spdlog::info("kiosk stats: {}", report.dump());

    return code;
}

}  // namespace

int main(int argc, char** argv) {
    // Two malloc arenas are enough for the render thread and the few workers; one per thread
    // (glibc's default) keeps freed frame buffers resident.
    mallopt(M_ARENA_MAX, 2);
    CLI::App cli{"anjungan-kiosk: the self-service kiosk's touch screens"};
    Args a;
    cli.add_option("--config", a.config, "configuration file (TOML)");
    cli.add_option("--data-dir", a.data_dir, "the kiosk's data folder (the store)");
    cli.add_flag("--demo", a.demo,
                 "simulated camera, scanner and printer with sample inputs, in a window");
    cli.add_flag(
        "--autopilot", a.autopilot,
        "walk a whole session by touch; print the receipt number; exit 0 (3: inputs refused)");
    cli.add_flag("--tour", a.tour,
                 "with --autopilot --demo: then look the case up and open staff mode");
    cli.add_option("--screenshots", a.screenshots, "save a PNG of every screen visited here");
    cli.add_option("--camera-dir", a.camera_dir,
                   "the simulated camera plays these images (subfolders ktp/, selfie/, qr/)");
    cli.add_option("--scanner-dir", a.scanner_dir,
                   "the simulated scanner returns these pages (subfolders sk/, letter/)");
    cli.add_option("--lang", a.lang, "id or en")->check(CLI::IsMember({"id", "en"}));
    cli.add_option("--stats", a.stats, "write frame times, start-up time and memory (JSON)");
    cli.add_option("--size", a.size, "window size WIDTHxHEIGHT (default: [display])");
    cli.add_flag("--windowed", a.windowed, "a window instead of fullscreen");
    cli.add_flag("--no-sync", a.no_sync, "do not send cases to the office (office.url)");
    cli.add_option("--max-seconds", a.max_seconds,
                   "autopilot: give up after this long (simulated)");
    CLI11_PARSE(cli, argc, argv);
    std::signal(SIGTERM, [](int) { g_stop = true; });
    std::signal(SIGINT, [](int) { g_stop = true; });
    try {
        return run(a);
    } catch (const platform::ConfigError& e) {
        std::cerr << "anjungan-kiosk: " << e.what() << "\n";
        return kUsage;
    } catch (const kiosk::DemoFolderRefused& e) {
        std::cerr << "anjungan-kiosk: " << e.what() << "\n";
        return kUsage;
    } catch (const std::exception& e) {
        std::cerr << "anjungan-kiosk: " << e.what() << "\n";
        return kFailed;
    }
}
