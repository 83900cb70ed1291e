// Over 600 lines: SANE is one process-wide stateful library; its rules (below) and the one class
// that follows them stay together.
// A document scanner through SANE (libsane, the `dll` meta-backend).
//
// Process-wide rules (SANE keeps global state):
// - sane_init runs once per process, when the first SANE scanner is made; sane_exit is never
//   called (the backends stay loaded until the process ends; each scanner closes its own
//   handle). Making and destroying scanners repeatedly (tests) is therefore cheap and safe.
// - SANE_CONFIG_DIR: when SaneConfig::config_dir is set, it is put into the environment just
//   before that sane_init. SANE reads the variable once per process and caches it (even
//   sane_exit + sane_init does not read it again), so config_dir must be the same for every
//   scanner of a process; a different one later is ignored with a warning. Without a trailing
//   ':' only that folder is searched: its dll.conf names the backends (e.g. just "pnm"), its
//   dll.d/ (if any) adds more, and each backend's own .conf comes from there too, so nothing
//   else loads or probes USB or the network. With a trailing ':' SANE appends "." and
//   /etc/sane.d: dll.conf is still taken from the first folder that has one, but dll.d/ is
//   taken from the first folder that has one (so /etc/sane.d/dll.d snippets such as hplip's
//   would load) and backends find their .conf files in /etc/sane.d.
// - Every SANE call is serialised by one process-wide mutex (libsane and most backends are not
//   thread-safe). A scan holds it for its whole duration; health() does not wait for it and
//   answers the last known state while any SANE scan is running. The progress callback runs
//   with the mutex held: it must not call back into a SANE scanner.
//
// Device handling: the device is opened when the scanner is made and kept open between scans
// (a real scanner keeps its warm-up and calibration; the kiosk owns the scanner). After an
// I/O-type fault the handle is closed and the next scan() or health() reopens it (a kiosk
// scanner may be unplugged and plugged back: reopen_count counts the comebacks). A failed open
// lists the devices SANE sees (sane_get_devices, which also lets USB backends notice a device
// plugged in after start) and retries once. A device that is not there gives kNoScanner and
// health kMissing (kDisconnected when it had been open before); DEVICE_BUSY gives kBusy.
// Paper faults (jammed, cover open) keep the handle and show as health kError until the next
// good scan; no document and cancellation leave health kOk.
//
// Options, by name, each scan: "mode" (Color / Gray, or the nearest list entry naming colour
// or grey), "resolution" (the nearest value the device allows; the dpi reported is the value
// the device reads back, or the requested one when it has no resolution option), "source"
// (an ADF entry without "duplex" when use_feeder, else a flatbed entry). A grey scan of a
// device that only gives colour is converted here; a colour request to a grey-only device
// returns grey. Frames: GRAY and RGB at depth 8 or 16 (16 is reduced to 8), GRAY at depth 1
// (1 = black), and three-pass RED/GREEN/BLUE frames; unknown height (lines = -1) grows the
// buffer until EOF. Pages come back BGR or grey, 8 bits.
//
// Feeder: with use_feeder and an ADF source selected, sane_start is repeated until
// SANE_STATUS_NO_DOCS (or EOF from sane_start, which some backends, pnm among them, use to end
// a batch) or max_pages; NO_DOCS on the first page is kNoDocument. Without a feeder (or an ADF
// source) one page per scan(). A fault on a later page keeps the pages already scanned in the
// result, with the fault set. The progress callback returning false cancels (sane_cancel) and
// gives kCancelled, keeping the pages done.
//
// The pnm backend (a simulated scanner for tests and the demo): it has the options "filename"
// (string, default /tmp/input.ppm), "resolution" (a word list 75..300, default 75; it does not
// change the pixels: a file scans at its own size, bit-exact), "grayify", "three-pass",
// "hand-scanner" (lines = -1) and "status-jammed" / "status-nodocs" / "status-coveropen" /
// "status-ioerror" ... (the next sane_read fails with that status; "status" = yes clears them).
// It has no "mode" and no "source" option, so by itself it is a one-page flatbed: after a page
// the next sane_start answers EOF (end of batch). Its option values are global to the loaded
// backend (they survive sane_close and apply to pnm:0 and pnm:1 alike), and only one pnm
// handle can be open per process (a second sane_open answers DEVICE_BUSY). When pnm_folder is
// set this driver simulates the documents: each page sets "filename" to the next .ppm / .pgm /
// .pbm / .pnm file in name order from pnm_folder (or its "sk" / "letter" subfolder after
// prepare(kSk / kLetter), starting again at the first file on every prepare()), and with
// use_feeder it simulates a feeder: it ends pnm's one-page batch (sane_cancel) and starts the
// next file, up to max_pages or the last file. When the files run out: kNoDocument naming the
// folder; a missing folder, a missing or non-PNM file: kIo naming the path.
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <system_error>

#include "anjungan/drivers/scanner.hpp"
#include "anjungan/platform/clock.hpp"
#include "scan_folders.hpp"

namespace anjungan::drivers {
namespace {

namespace fs = std::filesystem;

std::int64_t now_ms() {
    return platform::system_clock().ms();
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
    return lower(hay).find(lower(needle)) != std::string::npos;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += s;
    }
    return out;
}

std::string status_text(SANE_Status st) {
    const char* text = sane_strstatus(st);
    return text != nullptr ? text : "status " + std::to_string(static_cast<int>(st));
}

// --- process-wide SANE state -------------------------------------------------------------

std::mutex& sane_mutex() {
    static std::mutex m;
    return m;
}

struct SaneRuntime {
    bool started = false;
    std::string config_dir;  // SANE_CONFIG_DIR as SANE read it ("" when unset)
};

SaneRuntime& runtime() {
    static SaneRuntime r;
    return r;
}

// Starts SANE once per process. The caller holds sane_mutex().
SANE_Status ensure_sane_started(const fs::path& config_dir) {
    SaneRuntime& rt = runtime();
    if (rt.started) {
        if (!config_dir.empty() && config_dir.string() != rt.config_dir) {
            spdlog::warn(
                "scanner: SANE was started with SANE_CONFIG_DIR '{}'; '{}' is ignored (SANE "
                "reads it once per process)",
                rt.config_dir, config_dir.string());
        }
        return SANE_STATUS_GOOD;
    }
    if (!config_dir.empty()) {
        ::setenv("SANE_CONFIG_DIR", config_dir.c_str(), 1);
    }
    const char* env = std::getenv("SANE_CONFIG_DIR");
    rt.config_dir = env != nullptr ? env : "";
    SANE_Int version = 0;
    const SANE_Status st = sane_init(&version, nullptr);
    if (st == SANE_STATUS_GOOD) {
        rt.started = true;
        spdlog::info("scanner: SANE {}.{}.{} started (SANE_CONFIG_DIR '{}')",
                     SANE_VERSION_MAJOR(version), SANE_VERSION_MINOR(version),
                     SANE_VERSION_BUILD(version), rt.config_dir);
    }
    return st;
}

std::vector<std::string> sane_device_names() {
    std::vector<std::string> names;
    const SANE_Device** list = nullptr;
    if (sane_get_devices(&list, SANE_FALSE) == SANE_STATUS_GOOD && list != nullptr) {
        for (int i = 0; list[i] != nullptr; ++i) {
            if (list[i]->name != nullptr) {
                names.emplace_back(list[i]->name);
            }
        }
    }
    return names;
}

// --- options -------------------------------------------------------------------------------

struct Option {
    SANE_Int index = -1;
    const SANE_Option_Descriptor* desc = nullptr;
};

std::optional<Option> find_option(SANE_Handle h, std::string_view name) {
    SANE_Int count = 0;
    if (sane_control_option(h, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) {
        return std::nullopt;
    }
    for (SANE_Int i = 1; i < count; ++i) {
        const SANE_Option_Descriptor* d = sane_get_option_descriptor(h, i);
        if (d != nullptr && d->name != nullptr && name == d->name) {
            return Option{i, d};
        }
    }
    return std::nullopt;
}

bool usable(const Option& o) {
    return SANE_OPTION_IS_ACTIVE(o.desc->cap) && SANE_OPTION_IS_SETTABLE(o.desc->cap);
}

std::string get_string(SANE_Handle h, const Option& o) {
    std::vector<char> buf(static_cast<std::size_t>(std::max<SANE_Int>(o.desc->size, 1)) + 1, 0);
    if (sane_control_option(h, o.index, SANE_ACTION_GET_VALUE, buf.data(), nullptr) !=
        SANE_STATUS_GOOD) {
        return {};
    }
    return buf.data();
}

std::optional<SANE_Word> get_word(SANE_Handle h, const Option& o) {
    std::vector<SANE_Word> buf(
        std::max<std::size_t>(static_cast<std::size_t>(o.desc->size) / sizeof(SANE_Word), 1));
    if (sane_control_option(h, o.index, SANE_ACTION_GET_VALUE, buf.data(), nullptr) !=
        SANE_STATUS_GOOD) {
        return std::nullopt;
    }
    return buf[0];
}

// Empty on success, else why not.
std::string set_string(SANE_Handle h, const Option& o, const std::string& value) {
    const auto size = static_cast<std::size_t>(o.desc->size);
    if (value.size() + 1 > size) {
        return "value too long for option '" + std::string(o.desc->name) + "' (at most " +
               std::to_string(size > 0 ? size - 1 : 0) + " bytes)";
    }
    std::vector<char> buf(size, 0);
    std::memcpy(buf.data(), value.data(), value.size());
    SANE_Int info = 0;
    const SANE_Status st =
        sane_control_option(h, o.index, SANE_ACTION_SET_VALUE, buf.data(), &info);
    return st == SANE_STATUS_GOOD ? std::string() : status_text(st);
}

std::string set_word(SANE_Handle h, const Option& o, SANE_Word value) {
    // Array options (size > one word) get the value in every element.
    std::vector<SANE_Word> buf(
        std::max<std::size_t>(static_cast<std::size_t>(o.desc->size) / sizeof(SANE_Word), 1),
        value);
    SANE_Int info = 0;
    const SANE_Status st =
        sane_control_option(h, o.index, SANE_ACTION_SET_VALUE, buf.data(), &info);
    return st == SANE_STATUS_GOOD ? std::string() : status_text(st);
}

std::vector<std::string> string_list(const Option& o) {
    std::vector<std::string> out;
    if (o.desc->constraint_type == SANE_CONSTRAINT_STRING_LIST &&
        o.desc->constraint.string_list != nullptr) {
        for (int i = 0; o.desc->constraint.string_list[i] != nullptr; ++i) {
            out.emplace_back(o.desc->constraint.string_list[i]);
        }
    }
    return out;
}

// Sets an option from configuration text. Empty on success, else why not.
std::string set_option_text(SANE_Handle h, const std::string& name, const std::string& value) {
    const auto o = find_option(h, name);
    if (!o) {
        return "no option '" + name + "'";
    }
    if (!SANE_OPTION_IS_ACTIVE(o->desc->cap)) {
        return "option '" + name + "' is inactive";
    }
    if (!SANE_OPTION_IS_SETTABLE(o->desc->cap)) {
        return "option '" + name + "' cannot be set";
    }
    std::string err;
    try {
        switch (o->desc->type) {
            case SANE_TYPE_BOOL: {
                const std::string v = lower(value);
                if (v == "yes" || v == "true" || v == "1" || v == "on") {
                    err = set_word(h, *o, SANE_TRUE);
                } else if (v == "no" || v == "false" || v == "0" || v == "off") {
                    err = set_word(h, *o, SANE_FALSE);
                } else {
                    err = "not a yes/no value";
                }
                break;
            }
            case SANE_TYPE_INT:
                err = set_word(h, *o, static_cast<SANE_Word>(std::stol(value)));
                break;
            case SANE_TYPE_FIXED:
                err = set_word(h, *o, SANE_FIX(std::stod(value)));
                break;
            case SANE_TYPE_STRING:
                err = set_string(h, *o, value);
                break;
            case SANE_TYPE_BUTTON: {
                const SANE_Status st =
                    sane_control_option(h, o->index, SANE_ACTION_SET_VALUE, nullptr, nullptr);
                err = st == SANE_STATUS_GOOD ? std::string() : status_text(st);
                break;
            }
            default:
                err = "option type not supported";
                break;
        }
    } catch (const std::exception&) {
        err = "not a number";
    }
    return err.empty() ? err : "option '" + name + "' = '" + value + "': " + err;
}

// The allowed value nearest to `want` (same units as the option).
SANE_Word nearest_allowed(const SANE_Option_Descriptor& d, SANE_Word want) {
    if (d.constraint_type == SANE_CONSTRAINT_WORD_LIST && d.constraint.word_list != nullptr &&
        d.constraint.word_list[0] > 0) {
        const SANE_Word* list = d.constraint.word_list;
        SANE_Word best = list[1];
        for (SANE_Word i = 1; i <= list[0]; ++i) {
            const long long diff = std::llabs(static_cast<long long>(list[i]) - want);
            const long long best_diff = std::llabs(static_cast<long long>(best) - want);
            if (diff < best_diff || (diff == best_diff && list[i] > best)) {
                best = list[i];
            }
        }
        return best;
    }
    if (d.constraint_type == SANE_CONSTRAINT_RANGE && d.constraint.range != nullptr) {
        const SANE_Range& r = *d.constraint.range;
        SANE_Word v = std::clamp(want, r.min, r.max);
        if (r.quant > 0) {
            const double steps = std::round(static_cast<double>(v - r.min) / r.quant);
            v = static_cast<SANE_Word>(r.min + static_cast<SANE_Word>(steps) * r.quant);
            if (v > r.max) {
                v -= r.quant;
            }
        }
        return v;
    }
    return want;
}

// Sets the resolution nearest to `dpi`; returns the dpi in effect (the requested one when the
// device has no resolution option).
int apply_resolution(SANE_Handle h, int dpi) {
    const auto o = find_option(h, SANE_NAME_SCAN_RESOLUTION);
    if (!o || !SANE_OPTION_IS_ACTIVE(o->desc->cap) ||
        (o->desc->type != SANE_TYPE_INT && o->desc->type != SANE_TYPE_FIXED)) {
        return dpi;
    }
    const bool fixed = o->desc->type == SANE_TYPE_FIXED;
    if (SANE_OPTION_IS_SETTABLE(o->desc->cap)) {
        const SANE_Word want = fixed ? SANE_FIX(dpi) : static_cast<SANE_Word>(dpi);
        const std::string err = set_word(h, *o, nearest_allowed(*o->desc, want));
        if (!err.empty()) {
            spdlog::warn("scanner: cannot set resolution {}: {}", dpi, err);
        }
    }
    const auto v = get_word(h, *o);
    if (!v) {
        return dpi;
    }
    const int got = fixed ? static_cast<int>(std::lround(SANE_UNFIX(*v))) : static_cast<int>(*v);
    return got > 0 ? got : dpi;
}

void apply_mode(SANE_Handle h, bool colour) {
    const auto o = find_option(h, SANE_NAME_SCAN_MODE);
    if (!o || !usable(*o) || o->desc->type != SANE_TYPE_STRING) {
        return;
    }
    const std::vector<std::string> modes = string_list(*o);
    const std::string exact = colour ? SANE_VALUE_SCAN_MODE_COLOR : SANE_VALUE_SCAN_MODE_GRAY;
    std::string pick;
    for (const auto& m : modes) {
        if (m == exact) {
            pick = m;
            break;
        }
    }
    for (const auto& m : modes) {
        if (!pick.empty()) {
            break;
        }
        if (colour ? (contains_ci(m, "color") || contains_ci(m, "colour"))
                   : (contains_ci(m, "gray") || contains_ci(m, "grey"))) {
            pick = m;
        }
    }
    if (pick.empty()) {
        return;
    }
    const std::string err = set_string(h, *o, pick);
    if (!err.empty()) {
        spdlog::warn("scanner: cannot set mode '{}': {}", pick, err);
    }
}

bool is_feeder_source(std::string_view s) {
    return contains_ci(s, "adf") || contains_ci(s, "feeder");
}

bool is_flatbed_source(std::string_view s) {
    return contains_ci(s, "flatbed") || contains_ci(s, "glass");
}

// Selects the feeder or the flatbed; returns whether the source in effect is a feeder.
bool apply_source(SANE_Handle h, bool feeder) {
    const auto o = find_option(h, SANE_NAME_SCAN_SOURCE);
    if (!o || o->desc->type != SANE_TYPE_STRING || !SANE_OPTION_IS_ACTIVE(o->desc->cap)) {
        return false;
    }
    if (SANE_OPTION_IS_SETTABLE(o->desc->cap)) {
        const std::vector<std::string> sources = string_list(*o);
        std::string pick;
        if (feeder) {
            for (const auto& s : sources) {
                if (is_feeder_source(s) && !contains_ci(s, "duplex") && !contains_ci(s, "back")) {
                    pick = s;
                    break;
                }
            }
            for (const auto& s : sources) {
                if (pick.empty() && is_feeder_source(s)) {
                    pick = s;
                }
            }
        }
        for (const auto& s : sources) {
            if (pick.empty() && is_flatbed_source(s)) {
                pick = s;
            }
        }
        if (!pick.empty()) {
            const std::string err = set_string(h, *o, pick);
            if (!err.empty()) {
                spdlog::warn("scanner: cannot set source '{}': {}", pick, err);
            }
        }
    }
    return is_feeder_source(get_string(h, *o));
}

// --- frames --------------------------------------------------------------------------------

// One frame's bytes as an 8-bit image (BGR or grey); empty with `why` when not supported.
cv::Mat frame_to_mat(const SANE_Parameters& p, std::vector<std::uint8_t>& data, int rows,
                     std::string& why) {
    const int channels = p.format == SANE_FRAME_RGB ? 3 : 1;
    const int width = p.pixels_per_line;
    const auto step = static_cast<std::size_t>(p.bytes_per_line);
    cv::Mat out;
    if (p.depth == 8 && p.bytes_per_line >= width * channels) {
        out = cv::Mat(rows, width, CV_8UC(channels), data.data(), step).clone();
    } else if (p.depth == 16 && p.bytes_per_line >= width * channels * 2) {
        const cv::Mat wide(rows, width, CV_16UC(channels), data.data(), step);
        wide.convertTo(out, CV_8U, 1.0 / 257.0);
    } else if (p.depth == 1 && channels == 1 && p.bytes_per_line >= (width + 7) / 8) {
        out.create(rows, width, CV_8UC1);
        for (int r = 0; r < rows; ++r) {
            const std::uint8_t* src = data.data() + static_cast<std::size_t>(r) * step;
            auto* dst = out.ptr<std::uint8_t>(r);
            for (int c = 0; c < width; ++c) {
                const bool black = ((src[c / 8] >> (7 - c % 8)) & 1) != 0;
                dst[c] = black ? 0 : 255;
            }
        }
    } else {
        why = "unsupported frame (format " + std::to_string(static_cast<int>(p.format)) +
              ", depth " + std::to_string(p.depth) + ", " + std::to_string(p.bytes_per_line) +
              " bytes for " + std::to_string(width) + " pixels)";
        return {};
    }
    if (channels == 3) {
        cv::cvtColor(out, out, cv::COLOR_RGB2BGR);
    }
    return out;
}

// A later SANE status ("lamp not ready, please retry"), disabled by `#if 0` in sane.h; some
// backends return it from sane_start: try again later, like a busy device.
constexpr int kSaneStatusWarmingUp = 12;

ScanFault fault_of(SANE_Status st) {
    switch (st) {
        case SANE_STATUS_NO_DOCS:
        case SANE_STATUS_EOF:
            return ScanFault::kNoDocument;
        case SANE_STATUS_JAMMED:
            return ScanFault::kJammed;
        case SANE_STATUS_COVER_OPEN:
            return ScanFault::kCoverOpen;
        case SANE_STATUS_DEVICE_BUSY:
            return ScanFault::kBusy;
        case SANE_STATUS_CANCELLED:
            return ScanFault::kCancelled;
        default:
            break;
    }
    if (static_cast<int>(st) == kSaneStatusWarmingUp) {
        return ScanFault::kBusy;
    }
    return ScanFault::kIo;
}

// The PNM files directly in `folder`, in name order.
std::vector<fs::path> pnm_files(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code fec;
        if (!it->is_regular_file(fec)) {
            continue;
        }
        const std::string ext = lower(it->path().extension().string());
        if (ext == ".ppm" || ext == ".pgm" || ext == ".pbm" || ext == ".pnm") {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

// --- the scanner -----------------------------------------------------------------------------

class SaneScanner final : public Scanner {
  public:
    explicit SaneScanner(SaneConfig config)
        : config_(std::move(config)), pnm_current_(config_.pnm_folder) {
        health_.device =
            config_.device.empty() ? std::string("(first SANE device)") : config_.device;
        std::lock_guard lock(sane_mutex());
        std::string detail;
        open_locked(detail);
    }

    ~SaneScanner() override {
        std::lock_guard lock(sane_mutex());
        close_locked();
    }

    SaneScanner(const SaneScanner&) = delete;
    SaneScanner& operator=(const SaneScanner&) = delete;

    ScanResult scan(const ScanRequest& request, const ScanProgress& progress) override;

    DeviceHealth health() override {
        std::unique_lock lock(sane_mutex(), std::try_to_lock);
        if (!lock.owns_lock()) {
            return snapshot();  // a SANE scan is running: the last known state
        }
        if (handle_ != nullptr) {
            SANE_Int count = 0;
            if (sane_control_option(handle_, 0, SANE_ACTION_GET_VALUE, &count, nullptr) !=
                SANE_STATUS_GOOD) {
                close_locked();
                lost_ = true;
            }
        }
        std::string detail;
        open_locked(detail);
        return snapshot();
    }

    void prepare(ScanPurpose purpose) override {
        std::lock_guard lock(sane_mutex());
        if (!config_.pnm_folder.empty()) {
            pnm_current_ = purpose_folder(config_.pnm_folder, purpose);
        }
        pnm_next_ = 0;
    }

    std::string describe() const override {
        std::string s =
            "SANE scanner '" + (config_.device.empty() ? "(first found)" : config_.device) + "'";
        if (!config_.config_dir.empty()) {
            s += " (SANE_CONFIG_DIR '" + config_.config_dir.string() + "')";
        }
        if (!config_.pnm_folder.empty()) {
            s += ", pnm pages from '" + config_.pnm_folder.string() + "'";
        }
        return s;
    }

  private:
    ScanFault open_locked(std::string& detail);
    void close_locked();
    SANE_Status read_page(cv::Mat& out, std::string& where);
    std::string filename_note();

    void set_health(DeviceState state, std::string detail) {
        std::lock_guard lock(health_mu_);
        health_.state = state;
        health_.detail = std::move(detail);
        health_.reopen_count = reopen_count_;
        health_.last_ok_ms = last_ok_ms_;
    }

    DeviceHealth snapshot() const {
        std::lock_guard lock(health_mu_);
        return health_;
    }

    const SaneConfig config_;
    SANE_Handle handle_ = nullptr;
    std::string opened_name_;
    bool ever_opened_ = false;
    bool lost_ = false;  // closed after a fault: the next open is a comeback
    int reopen_count_ = 0;
    std::int64_t last_ok_ms_ = -1;
    fs::path pnm_current_;
    std::size_t pnm_next_ = 0;

    mutable std::mutex health_mu_;
    DeviceHealth health_;
};

ScanFault SaneScanner::open_locked(std::string& detail) {
    if (handle_ != nullptr) {
        return ScanFault::kNone;
    }
    const SANE_Status init = ensure_sane_started(config_.config_dir);
    if (init != SANE_STATUS_GOOD) {
        detail = "sane_init failed: " + status_text(init);
        set_health(DeviceState::kError, detail);
        return ScanFault::kIo;
    }
    const std::string where =
        runtime().config_dir.empty() ? "" : " (SANE_CONFIG_DIR '" + runtime().config_dir + "')";
    const DeviceState absent = ever_opened_ ? DeviceState::kDisconnected : DeviceState::kMissing;
    std::string name = config_.device;
    std::vector<std::string> seen;
    bool listed = false;
    if (name.empty()) {
        seen = sane_device_names();
        listed = true;
        if (seen.empty()) {
            detail = "no SANE scanner found" + where;
            set_health(absent, detail);
            return ScanFault::kNoScanner;
        }
        name = seen.front();
    }
    SANE_Handle h = nullptr;
    SANE_Status st = sane_open(name.c_str(), &h);
    if (st != SANE_STATUS_GOOD && st != SANE_STATUS_DEVICE_BUSY && !listed) {
        // Backends learn about a device plugged in after start when the devices are listed.
        seen = sane_device_names();
        listed = true;
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            st = sane_open(name.c_str(), &h);
        }
    }
    if (st == SANE_STATUS_DEVICE_BUSY) {
        detail = "SANE device '" + name + "' is busy (used by another program)";
        set_health(DeviceState::kBusy, detail);
        return ScanFault::kBusy;
    }
    if (st != SANE_STATUS_GOOD) {
        if (std::find(seen.begin(), seen.end(), name) == seen.end()) {
            detail = "SANE device '" + name + "' not found (sane_open: " + status_text(st) +
                     "); SANE sees " + (seen.empty() ? std::string("no devices") : join(seen)) +
                     where;
            set_health(absent, detail);
            return ScanFault::kNoScanner;
        }
        detail = "cannot open SANE device '" + name + "': " + status_text(st);
        set_health(DeviceState::kError, detail);
        return ScanFault::kIo;
    }
    handle_ = h;
    opened_name_ = name;
    for (const auto& [key, value] : config_.options) {
        const std::string err = set_option_text(h, key, value);
        if (!err.empty()) {
            detail = "SANE device '" + name + "': " + err;
            close_locked();
            set_health(DeviceState::kError, detail);
            return ScanFault::kIo;
        }
    }
    if (lost_) {
        ++reopen_count_;
        lost_ = false;
    }
    if (!ever_opened_) {
        spdlog::info("scanner: opened SANE device '{}'", name);
    }
    ever_opened_ = true;
    set_health(DeviceState::kOk, "");
    return ScanFault::kNone;
}

void SaneScanner::close_locked() {
    if (handle_ != nullptr) {
        sane_cancel(handle_);
        sane_close(handle_);
        handle_ = nullptr;
    }
}

// " (filename '...')" for a device with a filename option (pnm), else "".
std::string SaneScanner::filename_note() {
    const auto o = find_option(handle_, SANE_NAME_FILE);
    if (!o || o->desc->type != SANE_TYPE_STRING) {
        return {};
    }
    return " (file '" + get_string(handle_, *o) + "')";
}

SANE_Status SaneScanner::read_page(cv::Mat& out, std::string& where) {
    cv::Mat planes[3];  // three-pass frames: red, green, blue
    bool separate = false;
    std::vector<SANE_Byte> chunk(256 * 1024);
    for (int frame = 0; frame < 3; ++frame) {
        where = "sane_start";
        SANE_Status st = sane_start(handle_);
        if (st != SANE_STATUS_GOOD) {
            return st;
        }
        where = "sane_get_parameters";
        SANE_Parameters p{};
        st = sane_get_parameters(handle_, &p);
        if (st != SANE_STATUS_GOOD) {
            return st;
        }
        where = "sane_read";
        std::vector<std::uint8_t> data;
        if (p.lines > 0 && p.bytes_per_line > 0) {
            data.reserve(static_cast<std::size_t>(p.lines) *
                         static_cast<std::size_t>(p.bytes_per_line));
        }
        for (;;) {
            SANE_Int len = 0;
            st = sane_read(handle_, chunk.data(), static_cast<SANE_Int>(chunk.size()), &len);
            if (st != SANE_STATUS_GOOD) {
                break;
            }
            if (len > 0) {
                data.insert(data.end(), chunk.data(), chunk.data() + len);
            }
        }
        if (st != SANE_STATUS_EOF) {
            return st;
        }
        if (p.bytes_per_line <= 0 || p.pixels_per_line <= 0) {
            where = "frame parameters (" + std::to_string(p.pixels_per_line) + " pixels, " +
                    std::to_string(p.bytes_per_line) + " bytes per line)";
            return SANE_STATUS_IO_ERROR;
        }
        const auto rows =
            static_cast<int>(data.size() / static_cast<std::size_t>(p.bytes_per_line));
        if (rows == 0) {
            where = "an empty frame (" + std::to_string(data.size()) + " bytes)";
            return SANE_STATUS_IO_ERROR;
        }
        std::string why;
        cv::Mat image = frame_to_mat(p, data, rows, why);
        if (image.empty()) {
            where = why;
            return SANE_STATUS_UNSUPPORTED;
        }
        if (p.format == SANE_FRAME_RED || p.format == SANE_FRAME_GREEN ||
            p.format == SANE_FRAME_BLUE) {
            planes[p.format - SANE_FRAME_RED] = image;
            separate = true;
        } else {
            out = image;
        }
        if (p.last_frame != SANE_FALSE) {
            break;
        }
    }
    if (separate) {
        for (const cv::Mat& m : planes) {
            if (m.empty() || m.size() != planes[0].size()) {
                where = "an incomplete three-pass scan";
                return SANE_STATUS_IO_ERROR;
            }
        }
        const std::vector<cv::Mat> bgr{planes[2], planes[1], planes[0]};
        cv::merge(bgr, out);
    }
    return SANE_STATUS_GOOD;
}

ScanResult SaneScanner::scan(const ScanRequest& request, const ScanProgress& progress) {
    std::lock_guard lock(sane_mutex());
    ScanResult result;
    result.fault = open_locked(result.detail);
    if (result.fault != ScanFault::kNone) {
        return result;
    }

    const bool simulate = !config_.pnm_folder.empty();
    std::vector<fs::path> files;
    std::optional<Option> filename_option;
    if (simulate) {
        filename_option = find_option(handle_, SANE_NAME_FILE);
        if (!is_folder(config_.pnm_folder)) {
            result.fault = ScanFault::kIo;
            result.detail = "pnm folder '" + config_.pnm_folder.string() + "' does not exist";
            return result;
        }
        if (!filename_option || filename_option->desc->type != SANE_TYPE_STRING ||
            !usable(*filename_option)) {
            result.fault = ScanFault::kIo;
            result.detail = "SANE device '" + opened_name_ +
                            "' has no 'filename' option: pnm_folder needs the pnm backend";
            return result;
        }
        files = pnm_files(pnm_current_);
        if (pnm_next_ >= files.size()) {
            result.fault = ScanFault::kNoDocument;
            result.detail =
                files.empty()
                    ? "no PNM files (.ppm/.pgm/.pbm/.pnm) in '" + pnm_current_.string() + "'"
                    : "no more pages in '" + pnm_current_.string() + "' (all " +
                          std::to_string(files.size()) + " scanned)";
            return result;
        }
    }

    apply_mode(handle_, request.colour);
    const int dpi = apply_resolution(handle_, request.dpi);
    const bool feeder = apply_source(handle_, request.use_feeder);
    const bool batch = request.use_feeder && (feeder || simulate);
    const int max_pages = batch ? std::max(1, request.max_pages) : 1;

    while (static_cast<int>(result.pages.size()) < max_pages) {
        const bool first = result.pages.empty();
        std::string file;
        if (simulate) {
            if (pnm_next_ >= files.size()) {
                break;
            }
            file = files[pnm_next_++].string();
            if (!first) {
                sane_cancel(handle_);  // pnm ends its batch after one page: start a new one
            }
            const std::string err = set_string(handle_, *filename_option, file);
            if (!err.empty()) {
                result.fault = ScanFault::kIo;
                result.detail = "SANE device '" + opened_name_ + "': file '" + file + "': " + err;
                break;
            }
        }
        cv::Mat image;
        std::string where;
        const SANE_Status st = read_page(image, where);
        if (st != SANE_STATUS_GOOD) {
            const bool end_of_batch =
                where == "sane_start" && (st == SANE_STATUS_NO_DOCS || st == SANE_STATUS_EOF);
            if (end_of_batch && !first) {
                break;
            }
            result.fault = fault_of(st);
            result.detail = "SANE device '" + opened_name_ + "': " + where + ": " +
                            status_text(st) +
                            (file.empty() ? filename_note() : " (file '" + file + "')");
            break;
        }
        if (!request.colour && image.channels() == 3) {
            cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
        }
        result.pages.push_back({std::move(image), dpi});
        last_ok_ms_ = now_ms();
        if (progress && !progress(static_cast<int>(result.pages.size()))) {
            result.fault = ScanFault::kCancelled;
            result.detail =
                "cancelled by the caller after " + std::to_string(result.pages.size()) + " page(s)";
            break;
        }
    }
    sane_cancel(handle_);

    switch (result.fault) {
        case ScanFault::kNone:
        case ScanFault::kNoDocument:
        case ScanFault::kCancelled:
            set_health(DeviceState::kOk, "");
            break;
        case ScanFault::kJammed:
        case ScanFault::kCoverOpen:
            set_health(DeviceState::kError, result.detail);
            break;
        case ScanFault::kBusy:
            close_locked();
            lost_ = true;
            set_health(DeviceState::kBusy, result.detail);
            break;
        case ScanFault::kNoScanner:
        case ScanFault::kIo:
            close_locked();
            lost_ = true;
            set_health(DeviceState::kError, result.detail);
            break;
    }
    if (result.fault != ScanFault::kNone) {
        spdlog::info("scanner: scan ended with {}: {}", to_code(result.fault), result.detail);
    }
    return result;
}

}  // namespace

std::unique_ptr<Scanner> make_sane_scanner(const SaneConfig& config) {
    return std::make_unique<SaneScanner>(config);
}

}  // namespace anjungan::drivers
