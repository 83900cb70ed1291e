// The kiosk's configuration: one TOML file (see config/kiosk.example.toml for every key, its
// default and its meaning). Every binary takes --config FILE and --data-dir DIR; the option wins
// over the file, and the defaults below apply when there is no file at all.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace anjungan::platform {

// A configuration that cannot be used: names the file, the key and the reason, so an operator
// can fix it without reading code. `key` is empty for a file-level problem (unreadable, syntax).
class ConfigError : public std::runtime_error {
  public:
    ConfigError(std::string file, std::string key, std::string reason);
    const std::string& file() const { return file_; }
    const std::string& key() const { return key_; }
    const std::string& reason() const { return reason_; }

  private:
    std::string file_, key_, reason_;
};

struct Timeouts {
    int idle_seconds = 90;          // a kiosk screen without a touch before the idle warning
    int idle_warning_seconds = 20;  // the countdown shown before the session is wiped
    int network_connect_seconds = 10;
    int network_stall_seconds = 30;  // no progress for this long counts as a dead link
    // A whole request to the office (a chunk, a case, a page of statuses) may take this long,
    // however steadily bytes trickle.
    int network_request_seconds = 300;
    int printer_seconds = 60;  // a job not completed by then: printer offline
};

// [camera]: the webcam (V4L2), or a simulated camera playing image files.
struct CameraSettings {
    std::string kind = "v4l2";           // "v4l2" or "file"
    std::string device = "/dev/video0";  // a path or an index
    int width = 1280;
    int height = 720;
    std::string fourcc = "MJPG";
    int fps = 30;
    // Cheap webcams at a fixed distance: autofocus off and a fixed focus (-1: the device's).
    bool autofocus = false;
    int focus = -1;
    int exposure = -1;             // -1: automatic
    std::filesystem::path folder;  // kind "file": images (subfolders ktp/, selfie/, qr/)
};

// [scanner]: a SANE scanner, or a simulated scanner reading files.
struct ScannerSettings {
    std::string kind = "sane";              // "sane" or "file"
    std::string device;                     // the SANE device name; empty: the first SANE finds
    std::filesystem::path sane_config_dir;  // a private SANE_CONFIG_DIR (e.g. only pnm)
    std::filesystem::path folder;  // kind "file", or the pnm backend's pages (sk/, letter/)
    int dpi = 200;
};

// [printer]: where receipts go and how they are laid out.
struct PrinterConfig {
    // "cups": a CUPS queue (the kiosk's own cupsd, or a server); "file": a simulated printer
    // that writes each receipt into `folder` (demo and tests).
    std::string kind = "cups";
    std::string server;  // "host:port"; empty: libcups' default (CUPS_SERVER, localhost:631)
    std::string queue = "receipt";
    int paper_mm = 58;             // 58 or 80
    int dpi = 203;                 // the print head's resolution; receipts are rendered at it
    std::string format = "png";    // what is sent: "png" (at the printer's dpi) or "pdf"
    std::filesystem::path folder;  // kind "file": empty means <data dir>/printed
    // A job that makes no progress while the printer does not answer for this long: the
    // printer is unreachable (the whole job's limit is timeouts.printer_seconds).
    int unreachable_seconds = 10;
};

// [display]: the kiosk's screen and how the UI is drawn on it.
struct DisplaySettings {
    int width = 1920;   // the window (fullscreen: the mode asked for; 0 x 0: the desktop's)
    int height = 1080;  // portrait panels: 1080 x 1920
    bool fullscreen = true;
    // The panel's physical resolution, for touch targets of at least 15 mm: a 21.5" 1080p
    // panel has 102 pixels per inch, a 15.6" one 141.
    int dpi = 102;
    bool high_contrast = false;  // the start-up theme; the applicant can switch on screen
    bool large_text = false;
};

// [sync]: how the kiosk sends its cases to the office and pulls their status back.
struct SyncSettings {
    // Personal data and images of a case stay on the kiosk this long after the office
    // acknowledged it (never before); the status stays for lookups.
    int purge_after_hours = 72;
    int status_poll_seconds = 60;   // how often the status feed is pulled when all is quiet
    int probe_seconds = 5;          // while the link is down: how often it is tried
    int backoff_max_seconds = 300;  // the longest wait between two failed passes
    int chunk_kib = 1024;           // the largest upload chunk (256..1024 KiB)
    // A case the office never took (quarantined) keeps its personal data this many days from
    // its quarantine, then it is erased like an acknowledged one; staff are told
    // quarantine_warning_days ahead (the log, the audit log in admin mode, `sync status`).
    int quarantine_purge_days = 30;
    int quarantine_warning_days = 7;
};

// [form]: what the forms offer before the person types. The work form asks for the office's
// address in BSrE's parts; most applicants work in the kiosk's own city, so its province and
// city are filled in and the person changes them only when they differ.
struct FormDefaults {
    std::string default_province = "Kalimantan Tengah";
    std::string default_city = "Kota Palangka Raya";  // BSrE's "kabupaten/kota"
};

struct Config {
    std::string kiosk_id = "PKY1";
    // Shown on every kiosk screen: who runs the service.
    std::string office_name = "Dinas Komunikasi, Informatika, Statistik dan Persandian";
    std::string city_name = "Kota Palangka Raya";
    // Palangka Raya is WIB (UTC+7): receipt numbers and on-screen dates use this offset.
    int utc_offset_minutes = 7 * 60;
    std::string office_url = "http://127.0.0.1:8480";
    // HTTPS to the office: a CA bundle to trust (empty: the system's) and the office's pinned
    // public key ("sha256//<base64>", empty: no pinning).
    std::string office_ca_file;
    std::string office_pinned_key;
    // E-mail domains allowed in addition to the rule "go.id or *.go.id"; empty: any .go.id.
    std::vector<std::string> email_domains;
    // The city's work units (OPD) offered to the applicant.
    std::vector<std::string> work_units;
    Timeouts timeouts;
    CameraSettings camera;
    ScannerSettings scanner;
    PrinterConfig printer;
    DisplaySettings display;
    SyncSettings sync;
    FormDefaults form;
    std::filesystem::path data_dir = "/var/lib/anjungan";
    std::string log_level = "info";
    // [vision]: overrides of the image-quality thresholds, by name (vision/thresholds.hpp);
    // the names are checked where they are applied. face_models_dir is a string key.
    std::map<std::string, double> vision_thresholds;
    std::filesystem::path face_models_dir = "/usr/share/opencv4";
    // Where the values came from, for `anjungan config show` and diagnostics.
    std::string source = "built-in defaults";
};

// The work units used when the configuration names none (Pemerintah Kota Palangka Raya).
std::vector<std::string> default_work_units();

// Loads `file` (or only the defaults when it is empty) and applies `data_dir_override`.
// Throws ConfigError on a missing or unreadable file, a syntax error, an unknown key, a value
// of the wrong type or out of range.
Config load_config(const std::optional<std::filesystem::path>& file,
                   const std::optional<std::filesystem::path>& data_dir_override = std::nullopt);

// Checks the kiosk id rule (also used by the receipt numbers): 2-8 characters from
// 0-9 and A-Z without I, L, O and U, which are misheard or misread as digits, and without 0
// and Z side by side (the one swap Luhn mod 32 cannot see). Returns the
// reason, or an empty string when the id is fine.
std::string kiosk_id_problem(const std::string& id);

// The configuration as TOML text (what `anjungan config show` prints).
std::string to_toml(const Config& config);

}  // namespace anjungan::platform
