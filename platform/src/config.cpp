#include "anjungan/platform/config.hpp"

#include <cctype>
#include <set>
#include <sstream>
#include <toml.hpp>

namespace anjungan::platform {

ConfigError::ConfigError(std::string file, std::string key, std::string reason)
    : std::runtime_error("configuration " + (file.empty() ? std::string("(defaults)") : file) +
                         (key.empty() ? "" : ": key '" + key + "'") + ": " + reason),
      file_(std::move(file)),
      key_(std::move(key)),
      reason_(std::move(reason)) {}

std::vector<std::string> default_work_units() {
    return {
        "Sekretariat Daerah",
        "Sekretariat DPRD",
        "Inspektorat",
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Badan Pendapatan Daerah",
        "Badan Penanggulangan Bencana Daerah",
        "Badan Kesatuan Bangsa dan Politik",
        "Dinas Pendidikan",
        "Dinas Kesehatan",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Dinas Sosial",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB",
        "Dinas Perhubungan",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Dinas Pemuda dan Olahraga",
        "Dinas Kebudayaan dan Pariwisata",
        "Dinas Perpustakaan dan Kearsipan",
        "Dinas Ketahanan Pangan dan Pertanian",
        "Dinas Perdagangan, Koperasi dan UKM",
        "Dinas Lingkungan Hidup",
        "Dinas Tenaga Kerja dan Perindustrian",
        "Satuan Polisi Pamong Praja",
        "RSUD Kota Palangka Raya",
        "Kecamatan Pahandut",
        "Kecamatan Sabangau",
        "Kecamatan Jekan Raya",
        "Kecamatan Bukit Batu",
        "Kecamatan Rakumpit",
    };
}

std::string kiosk_id_problem(const std::string& id) {
    if (id.size() < 2 || id.size() > 8) {
        return "must be 2 to 8 characters long (it is part of every receipt number)";
    }
    if (id.find("0Z") != std::string::npos || id.find("Z0") != std::string::npos) {
        // The receipt check character (Luhn mod 32) cannot see 0 and Z swapped.
        return "must not have 0 and Z side by side (the receipt check cannot tell 0Z from Z0)";
    }
    for (char c : id) {
        const bool digit = c >= '0' && c <= '9';
        const bool upper = c >= 'A' && c <= 'Z';
        if (!digit && !upper) {
            return "may hold only digits 0-9 and capital letters A-Z";
        }
        if (c == 'I' || c == 'L' || c == 'O' || c == 'U') {
            return "must not contain I, L, O or U (read aloud they are mistaken for 1, 0 or V)";
        }
    }
    return {};
}

namespace {

// Walks the parsed file, reading known keys and refusing unknown ones: a misspelt key that
// silently falls back to a default is worse than a refusal on an unattended appliance.
class Reader {
  public:
    Reader(std::string file, const toml::value& root) : file_(std::move(file)), root_(root) {}

    [[noreturn]] void fail(const std::string& key, const std::string& reason,
                           const toml::value* at = nullptr) const {
        std::string where;
        if (at != nullptr) {
            const auto loc = at->location();
            if (loc.line() > 0) {
                where = " (line " + std::to_string(loc.line()) + ")";
            }
        }
        throw ConfigError(file_, key, reason + where);
    }

    const toml::table* table(const std::string& name) {
        seen_.insert(name);
        if (!root_.contains(name)) {
            return nullptr;
        }
        const toml::value& v = root_.at(name);
        if (!v.is_table()) {
            fail(name, "expected a table [" + name + "], got " + type_name(v), &v);
        }
        return &v.as_table();
    }

    void string(const std::string& section, const std::string& key, std::string& out) {
        if (const toml::value* v = find(section, key)) {
            if (!v->is_string()) {
                fail(section + "." + key, "expected a string, got " + type_name(*v), v);
            }
            out = v->as_string().str;
        }
    }

    void boolean(const std::string& section, const std::string& key, bool& out) {
        if (const toml::value* v = find(section, key)) {
            if (!v->is_boolean()) {
                fail(section + "." + key, "expected true or false, got " + type_name(*v), v);
            }
            out = v->as_boolean();
        }
    }

    void path(const std::string& section, const std::string& key, std::filesystem::path& out) {
        std::string text = out.string();
        string(section, key, text);
        out = text;
    }

    void integer(const std::string& section, const std::string& key, int& out, int lo, int hi) {
        if (const toml::value* v = find(section, key)) {
            if (!v->is_integer()) {
                fail(section + "." + key, "expected an integer, got " + type_name(*v), v);
            }
            const auto n = v->as_integer();
            if (n < lo || n > hi) {
                fail(section + "." + key,
                     "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                         ", got " + std::to_string(n),
                     v);
            }
            out = static_cast<int>(n);
        }
    }

    void strings(const std::string& section, const std::string& key,
                 std::vector<std::string>& out) {
        if (const toml::value* v = find(section, key)) {
            if (!v->is_array()) {
                fail(section + "." + key, "expected an array of strings, got " + type_name(*v), v);
            }
            std::vector<std::string> items;
            for (const auto& item : v->as_array()) {
                if (!item.is_string()) {
                    fail(section + "." + key,
                         "every element must be a string, found " + type_name(item), &item);
                }
                items.push_back(item.as_string().str);
            }
            out = std::move(items);
        }
    }

    // Every key of `section` except `skip` as a number (integers or floats), all marked as known.
    void numbers(const std::string& section, const std::string& skip,
                 std::map<std::string, double>& out) {
        const toml::table* t = table(section);
        if (t == nullptr) {
            return;
        }
        for (const auto& [key, v] : *t) {
            if (key == skip) {
                continue;
            }
            seen_.insert(section + "." + key);
            if (v.is_integer()) {
                out[key] = static_cast<double>(v.as_integer());
            } else if (v.is_floating()) {
                out[key] = v.as_floating();
            } else {
                fail(section + "." + key, "expected a number, got " + type_name(v), &v);
            }
        }
    }

    // Refuses sections and keys the reader never asked for.
    void refuse_unknown() const {
        for (const auto& [name, value] : root_.as_table()) {
            if (!seen_.count(name)) {
                fail(name, "unknown section or key (known sections: " + known_sections() + ")",
                     &value);
            }
            if (value.is_table()) {
                for (const auto& [key, inner] : value.as_table()) {
                    if (!seen_.count(name + "." + key)) {
                        fail(name + "." + key, "unknown key", &inner);
                    }
                }
            }
        }
    }

  private:
    const toml::value* find(const std::string& section, const std::string& key) {
        seen_.insert(section + "." + key);
        const toml::table* t = table(section);
        if (t == nullptr) {
            return nullptr;
        }
        const auto it = t->find(key);
        return it == t->end() ? nullptr : &it->second;
    }

    std::string known_sections() const {
        std::string out;
        for (const auto& s : seen_) {
            if (s.find('.') == std::string::npos) {
                out += (out.empty() ? "" : ", ") + s;
            }
        }
        return out;
    }

    static std::string type_name(const toml::value& v) {
        std::ostringstream os;
        os << v.type();
        return os.str();
    }

    std::string file_;
    const toml::value& root_;
    std::set<std::string> seen_;
};

void check_values(const std::string& file, const Config& c) {
    if (const auto why = kiosk_id_problem(c.kiosk_id); !why.empty()) {
        throw ConfigError(file, "kiosk.id", "'" + c.kiosk_id + "' " + why);
    }
    if (c.office_url.rfind("http://", 0) != 0 && c.office_url.rfind("https://", 0) != 0) {
        throw ConfigError(file, "office.url",
                          "must start with http:// or https://, got '" + c.office_url + "'");
    }
    for (const auto& d : c.email_domains) {
        if (d != "go.id" && (d.size() < 7 || d.compare(d.size() - 6, 6, ".go.id") != 0)) {
            throw ConfigError(file, "email.allowed_domains",
                              "'" + d + "' is not go.id or a domain under .go.id");
        }
    }
    if (c.work_units.empty()) {
        throw ConfigError(file, "work_units.names", "the list of work units must not be empty");
    }
    if (c.data_dir.empty()) {
        throw ConfigError(file, "data.dir", "must not be empty");
    }
    if (c.camera.kind != "v4l2" && c.camera.kind != "file") {
        throw ConfigError(file, "camera.kind", "'" + c.camera.kind + "' is not v4l2 or file");
    }
    if (c.camera.kind == "file" && c.camera.folder.empty()) {
        throw ConfigError(file, "camera.folder", "a file camera needs a folder of images");
    }
    if (c.scanner.kind != "sane" && c.scanner.kind != "file") {
        throw ConfigError(file, "scanner.kind", "'" + c.scanner.kind + "' is not sane or file");
    }
    if (c.scanner.kind == "file" && c.scanner.folder.empty()) {
        throw ConfigError(file, "scanner.folder", "a file scanner needs a folder of pages");
    }
    if (c.printer.kind != "cups" && c.printer.kind != "file") {
        throw ConfigError(file, "printer.kind", "'" + c.printer.kind + "' is not cups or file");
    }
    if (c.printer.paper_mm != 58 && c.printer.paper_mm != 80) {
        throw ConfigError(file, "printer.paper_mm",
                          std::to_string(c.printer.paper_mm) + " is not 58 or 80");
    }
    if (c.printer.format != "png" && c.printer.format != "pdf") {
        throw ConfigError(file, "printer.format", "'" + c.printer.format + "' is not png or pdf");
    }
    if (c.printer.kind == "cups" && c.printer.queue.empty()) {
        throw ConfigError(file, "printer.queue", "must not be empty for a CUPS printer");
    }
    static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.count(c.log_level)) {
        throw ConfigError(
            file, "log.level",
            "'" + c.log_level + "' is not one of trace, debug, info, warn, error, off");
    }
}

}  // namespace

Config load_config(const std::optional<std::filesystem::path>& file,
                   const std::optional<std::filesystem::path>& data_dir_override) {
    Config c;
    c.work_units = default_work_units();
    std::string name;
    if (file) {
        name = file->string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*file, ec)) {
            throw ConfigError(name, "", "no such file (or not a regular file)");
        }
        toml::value root;
        try {
            root = toml::parse(*file);
        } catch (const toml::syntax_error& e) {
            throw ConfigError(name, "", std::string("not valid TOML:\n") + e.what());
        } catch (const std::exception& e) {
            throw ConfigError(name, "", std::string("cannot be read: ") + e.what());
        }
        Reader r(name, root);
        std::string data_dir = c.data_dir.string();
        r.string("kiosk", "id", c.kiosk_id);
        r.integer("kiosk", "utc_offset_minutes", c.utc_offset_minutes, -12 * 60, 14 * 60);
        r.string("kiosk", "office_name", c.office_name);
        r.string("kiosk", "city_name", c.city_name);
        r.string("office", "url", c.office_url);
        r.string("office", "ca_file", c.office_ca_file);
        r.string("office", "pinned_public_key", c.office_pinned_key);
        r.integer("sync", "purge_after_hours", c.sync.purge_after_hours, 0, 24 * 365);
        r.integer("sync", "status_poll_seconds", c.sync.status_poll_seconds, 1, 86400);
        r.integer("sync", "probe_seconds", c.sync.probe_seconds, 1, 3600);
        r.integer("sync", "backoff_max_seconds", c.sync.backoff_max_seconds, 1, 86400);
        r.integer("sync", "chunk_kib", c.sync.chunk_kib, 256, 1024);
        r.integer("sync", "quarantine_purge_days", c.sync.quarantine_purge_days, 1, 3650);
        r.integer("sync", "quarantine_warning_days", c.sync.quarantine_warning_days, 0, 3650);
        r.strings("email", "allowed_domains", c.email_domains);
        r.strings("work_units", "names", c.work_units);
        r.string("form", "default_province", c.form.default_province);
        r.string("form", "default_city", c.form.default_city);
        r.integer("timeouts", "idle_seconds", c.timeouts.idle_seconds, 10, 3600);
        r.integer("timeouts", "idle_warning_seconds", c.timeouts.idle_warning_seconds, 3, 300);
        r.integer("timeouts", "network_connect_seconds", c.timeouts.network_connect_seconds, 1,
                  300);
        r.integer("timeouts", "network_stall_seconds", c.timeouts.network_stall_seconds, 1, 3600);
        r.integer("timeouts", "network_request_seconds", c.timeouts.network_request_seconds, 1,
                  86400);
        r.integer("timeouts", "printer_seconds", c.timeouts.printer_seconds, 5, 3600);
        r.string("printer", "kind", c.printer.kind);
        r.string("printer", "server", c.printer.server);
        r.string("printer", "queue", c.printer.queue);
        r.integer("printer", "paper_mm", c.printer.paper_mm, 58, 80);
        // Below 150 dpi a 58 mm head cannot give the QR code 4 dots per module.
        r.integer("printer", "dpi", c.printer.dpi, 150, 600);
        r.string("printer", "format", c.printer.format);
        std::string printer_folder = c.printer.folder.string();
        r.string("printer", "folder", printer_folder);
        c.printer.folder = printer_folder;
        r.integer("printer", "unreachable_seconds", c.printer.unreachable_seconds, 1, 600);
        r.string("camera", "kind", c.camera.kind);
        r.string("camera", "device", c.camera.device);
        r.integer("camera", "width", c.camera.width, 160, 7680);
        r.integer("camera", "height", c.camera.height, 120, 4320);
        r.string("camera", "fourcc", c.camera.fourcc);
        r.integer("camera", "fps", c.camera.fps, 1, 120);
        r.boolean("camera", "autofocus", c.camera.autofocus);
        r.integer("camera", "focus", c.camera.focus, -1, 10000);
        r.integer("camera", "exposure", c.camera.exposure, -1, 100000);
        r.path("camera", "folder", c.camera.folder);
        r.string("scanner", "kind", c.scanner.kind);
        r.string("scanner", "device", c.scanner.device);
        r.path("scanner", "sane_config_dir", c.scanner.sane_config_dir);
        r.path("scanner", "folder", c.scanner.folder);
        r.integer("scanner", "dpi", c.scanner.dpi, 150, 600);
        r.integer("display", "width", c.display.width, 0, 7680);
        r.integer("display", "height", c.display.height, 0, 7680);
        r.boolean("display", "fullscreen", c.display.fullscreen);
        r.integer("display", "dpi", c.display.dpi, 50, 600);
        r.boolean("display", "high_contrast", c.display.high_contrast);
        r.boolean("display", "large_text", c.display.large_text);
        r.string("data", "dir", data_dir);
        r.string("log", "level", c.log_level);
        std::string models = c.face_models_dir.string();
        r.string("vision", "face_models_dir", models);
        c.face_models_dir = models;
        r.numbers("vision", "face_models_dir", c.vision_thresholds);
        r.refuse_unknown();
        c.data_dir = data_dir;  // check_values refuses an empty one
        for (auto& d : c.email_domains) {
            for (auto& ch : d) {
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
        }
        c.source = name;
    }
    if (data_dir_override) {
        c.data_dir = *data_dir_override;
    }
    check_values(name, c);
    return c;
}

std::string to_toml(const Config& c) {
    auto quote = [](const std::string& s) {
        std::string out = "\"";
        for (char ch : s) {
            if (ch == '"' || ch == '\\') {
                out += '\\';
            }
            out += ch;
        }
        return out + "\"";
    };
    auto list = [&](const std::vector<std::string>& items) {
        std::string out = "[";
        for (std::size_t i = 0; i < items.size(); ++i) {
            out += (i ? ",\n  " : "\n  ") + quote(items[i]);
        }
        return out + (items.empty() ? "]" : ",\n]");
    };
    std::ostringstream os;
    os << "# effective configuration (from " << c.source << ")\n"
       << "[kiosk]\nid = " << quote(c.kiosk_id) << "\nutc_offset_minutes = " << c.utc_offset_minutes
       << "\noffice_name = " << quote(c.office_name) << "\ncity_name = " << quote(c.city_name)
       << "\n\n[office]\nurl = " << quote(c.office_url) << "\nca_file = " << quote(c.office_ca_file)
       << "\npinned_public_key = " << quote(c.office_pinned_key)
       << "\n\n[sync]\npurge_after_hours = " << c.sync.purge_after_hours
       << "\nstatus_poll_seconds = " << c.sync.status_poll_seconds
       << "\nprobe_seconds = " << c.sync.probe_seconds
       << "\nbackoff_max_seconds = " << c.sync.backoff_max_seconds
       << "\nchunk_kib = " << c.sync.chunk_kib
       << "\nquarantine_purge_days = " << c.sync.quarantine_purge_days
       << "\nquarantine_warning_days = " << c.sync.quarantine_warning_days
       << "\n\n[email]\nallowed_domains = " << list(c.email_domains)
       << "\n\n[work_units]\nnames = " << list(c.work_units)
       << "\n\n[form]\ndefault_province = " << quote(c.form.default_province)
       << "\ndefault_city = " << quote(c.form.default_city)
       << "\n\n[timeouts]\nidle_seconds = " << c.timeouts.idle_seconds
       << "\nidle_warning_seconds = " << c.timeouts.idle_warning_seconds
       << "\nnetwork_connect_seconds = " << c.timeouts.network_connect_seconds
       << "\nnetwork_stall_seconds = " << c.timeouts.network_stall_seconds
       << "\nnetwork_request_seconds = " << c.timeouts.network_request_seconds
       << "\nprinter_seconds = " << c.timeouts.printer_seconds
       << "\n\n[camera]\nkind = " << quote(c.camera.kind) << "\ndevice = " << quote(c.camera.device)
       << "\nwidth = " << c.camera.width << "\nheight = " << c.camera.height
       << "\nfourcc = " << quote(c.camera.fourcc) << "\nfps = " << c.camera.fps
       << "\nautofocus = " << (c.camera.autofocus ? "true" : "false")
       << "\nfocus = " << c.camera.focus << "\nexposure = " << c.camera.exposure
       << "\nfolder = " << quote(c.camera.folder.string())
       << "\n\n[scanner]\nkind = " << quote(c.scanner.kind)
       << "\ndevice = " << quote(c.scanner.device)
       << "\nsane_config_dir = " << quote(c.scanner.sane_config_dir.string())
       << "\nfolder = " << quote(c.scanner.folder.string()) << "\ndpi = " << c.scanner.dpi
       << "\n\n[printer]\nkind = " << quote(c.printer.kind)
       << "\nserver = " << quote(c.printer.server) << "\nqueue = " << quote(c.printer.queue)
       << "\npaper_mm = " << c.printer.paper_mm << "\ndpi = " << c.printer.dpi
       << "\nformat = " << quote(c.printer.format)
       << "\nfolder = " << quote(c.printer.folder.string())
       << "\nunreachable_seconds = " << c.printer.unreachable_seconds
       << "\n\n[display]\nwidth = " << c.display.width << "\nheight = " << c.display.height
       << "\nfullscreen = " << (c.display.fullscreen ? "true" : "false")
       << "\ndpi = " << c.display.dpi
       << "\nhigh_contrast = " << (c.display.high_contrast ? "true" : "false")
       << "\nlarge_text = " << (c.display.large_text ? "true" : "false")
       << "\n\n[data]\ndir = " << quote(c.data_dir.string())
       << "\n\n[log]\nlevel = " << quote(c.log_level)
       << "\n\n[vision]\nface_models_dir = " << quote(c.face_models_dir.string()) << "\n";
    for (const auto& [name, value] : c.vision_thresholds) {
        os << name << " = " << value << "\n";
    }
    return os.str();
}

}  // namespace anjungan::platform
