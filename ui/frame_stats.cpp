#include "frame_stats.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

namespace anjungan::ui {

Memory memory() {
    std::ifstream f("/proc/self/status");
    Memory m;
    std::string key;
    double kb = 0;
    while (f >> key) {
        if (key == "VmRSS:" && f >> kb) {
            m.rss = kb / 1024;
        } else if (key == "RssAnon:" && f >> kb) {
            m.anon = kb / 1024;
        }
    }
    return m;
}

double rss_mb() {
    return memory().rss;
}

double process_age_ms() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');  // the command name may hold spaces
    std::istringstream rest(close == std::string::npos ? "" : text.substr(close + 2));
    std::string field;
    for (int i = 3; i < 22 && rest >> field; ++i) {
    }
    unsigned long long start_ticks = 0;
    rest >> start_ticks;
    double uptime_s = 0;
    std::ifstream("/proc/uptime") >> uptime_s;
    return (uptime_s -
            static_cast<double>(start_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK))) *
           1000;
}

nlohmann::json summary(std::vector<double> v) {
    if (v.empty()) {
        return nullptr;
    }
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    auto r = [](double x) { return std::round(x * 100) / 100; };
    return {{"count", v.size()},
            {"mean", r(mean)},
            {"p50", r(at(0.5))},
            {"p95", r(at(0.95))},
            {"max", r(v.back())}};
}

void FrameStats::add(double frame, double build, double swap, bool preview) {
    swap_ms.push_back(swap);
    frame_ms.push_back(frame);
    build_ms.push_back(build);
    const Memory mem = memory();
    max.rss = std::max(max.rss, mem.rss);
    max.anon = std::max(max.anon, mem.anon);
    if (preview) {
        preview_frame_ms.push_back(frame);
        preview_build_ms.push_back(build);
        capture_max.rss = std::max(capture_max.rss, mem.rss);
        capture_max.anon = std::max(capture_max.anon, mem.anon);
    }
}

nlohmann::json FrameStats::report() const {
    return {
        {"startup_ms", std::round(startup_ms)},
        {"demo_inputs_ms", std::round(demo_inputs_ms)},
        {"frame_ms", summary(frame_ms)},
        {"preview_frame_ms", summary(preview_frame_ms)},
        {"swap_ms", summary(swap_ms)},
        {"build_ms", summary(build_ms)},
        {"preview_build_ms", summary(preview_build_ms)},
        {"rss_mb_max", std::round(max.rss)},
        {"rss_mb_capture_max", std::round(capture_max.rss)},
        {"anon_mb_max", std::round(max.anon)},
        {"anon_mb_capture_max", std::round(capture_max.anon)},
    };
}

}  // namespace anjungan::ui
