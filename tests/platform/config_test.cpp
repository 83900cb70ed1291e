// Tests for loading the kiosk configuration (platform/config.hpp, config/kiosk.example.toml).
//
// Every bad configuration must be refused with a ConfigError that names the file, the key and a
// reason, so an operator can fix it without reading code. Expectations follow the header's and
// the example file's rules.

#include "anjungan/platform/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace anjungan::platform {
namespace {

namespace fs = std::filesystem;

// A fresh folder from mkdtemp under /tmp, removed afterwards.
class ConfigTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = "/tmp/anjungan-config-test-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    fs::path write(const std::string& text, const std::string& name = "kiosk.toml") {
        const fs::path p = dir_ / name;
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << text;
        return p;
    }

    // Loads `text` and returns the ConfigError it must raise (fails the test when none).
    std::optional<ConfigError> error_for(const std::string& text) {
        const fs::path p = write(text);
        try {
            load_config(p);
        } catch (const ConfigError& e) {
            EXPECT_EQ(e.file(), p.string()) << "text:\n" << text;
            return e;
        }
        ADD_FAILURE() << "accepted:\n" << text;
        return std::nullopt;
    }

    fs::path dir_;
};

// ---- defaults and the example ----------------------------------------------------------------

TEST_F(ConfigTest, DefaultsApplyWithoutAFile) {
    const Config c = load_config(std::nullopt);
    EXPECT_EQ(c.kiosk_id, "PKY1");
    EXPECT_EQ(c.utc_offset_minutes, 420);
    EXPECT_FALSE(c.work_units.empty());
    EXPECT_EQ(c.work_units, default_work_units());
    EXPECT_TRUE(c.email_domains.empty());
    EXPECT_EQ(c.office_url, "http://127.0.0.1:8480");
    EXPECT_EQ(c.data_dir, fs::path("/var/lib/anjungan"));
    EXPECT_EQ(c.log_level, "info");
    EXPECT_EQ(c.timeouts.idle_seconds, 90);
    EXPECT_EQ(c.timeouts.idle_warning_seconds, 20);
    EXPECT_EQ(c.timeouts.network_connect_seconds, 10);
    EXPECT_EQ(c.timeouts.network_stall_seconds, 30);
    EXPECT_EQ(c.timeouts.printer_seconds, 60);
}

TEST_F(ConfigTest, DefaultWorkUnitsAreNonEmptyAndDistinct) {
    const auto units = default_work_units();
    ASSERT_FALSE(units.empty());
    for (std::size_t i = 0; i < units.size(); ++i) {
        EXPECT_FALSE(units[i].empty());
        for (std::size_t j = i + 1; j < units.size(); ++j) {
            EXPECT_NE(units[i], units[j]);
        }
    }
}

TEST_F(ConfigTest, LoadsTheExampleFile) {
    const fs::path example = fs::path(ANJUNGAN_SOURCE_DIR) / "config" / "kiosk.example.toml";
    const Config c = load_config(example);
    EXPECT_EQ(c.kiosk_id, "PKY1");
    EXPECT_EQ(c.utc_offset_minutes, 420);
    EXPECT_EQ(c.office_url, "http://127.0.0.1:8480");
    EXPECT_EQ(c.email_domains, std::vector<std::string>{"palangkaraya.go.id"});
    // work_units.names is commented out in the example: the built-in list applies.
    EXPECT_EQ(c.work_units, default_work_units());
    EXPECT_EQ(c.timeouts.idle_seconds, 90);
    EXPECT_EQ(c.timeouts.printer_seconds, 60);
    EXPECT_EQ(c.data_dir, fs::path("/var/lib/anjungan"));
    EXPECT_EQ(c.log_level, "info");
    EXPECT_EQ(c.source, example.string());
}

TEST_F(ConfigTest, AnEmptyFileMeansAllDefaults) {
    const Config c = load_config(write(""));
    EXPECT_EQ(c.kiosk_id, "PKY1");
    EXPECT_EQ(c.work_units, default_work_units());
    EXPECT_EQ(c.data_dir, fs::path("/var/lib/anjungan"));
}

// "Every key is optional" (kiosk.example.toml): a section whose keys are all commented out,
// as the example does with [work_units], keeps every default.
TEST_F(ConfigTest, SectionsWithEveryKeyCommentedOutKeepTheDefaults) {
    const Config c = load_config(write(R"(
[kiosk]
# id = "PKY1"
[office]
[email]
[work_units]
# names = ["Dinas A"]
[timeouts]
[data]
# dir = "/var/lib/anjungan"
[log]
)"));
    EXPECT_EQ(c.kiosk_id, "PKY1");
    EXPECT_EQ(c.work_units, default_work_units());
    EXPECT_EQ(c.data_dir, fs::path("/var/lib/anjungan"));
    EXPECT_EQ(c.log_level, "info");
}

TEST_F(ConfigTest, DataSectionWithoutDirKeepsTheDefaultDataDir) {
    const Config c = load_config(write("[data]\n# dir = \"/srv/x\"\n"));
    EXPECT_EQ(c.data_dir, fs::path("/var/lib/anjungan"));
}

TEST_F(ConfigTest, ReadsEveryKeyFromTheFile) {
    const Config c = load_config(write(R"(
[kiosk]
id = "KT2"
utc_offset_minutes = 480
[office]
url = "https://office.example.go.id"
[email]
allowed_domains = ["palangkaraya.go.id", "kalteng.go.id"]
[work_units]
names = ["Dinas A", "Dinas B"]
[timeouts]
idle_seconds = 120
idle_warning_seconds = 15
network_connect_seconds = 5
network_stall_seconds = 45
printer_seconds = 30
[data]
dir = "/srv/anjungan"
[log]
level = "debug"
)"));
    EXPECT_EQ(c.kiosk_id, "KT2");
    EXPECT_EQ(c.utc_offset_minutes, 480);
    EXPECT_EQ(c.office_url, "https://office.example.go.id");
    EXPECT_EQ(c.email_domains, (std::vector<std::string>{"palangkaraya.go.id", "kalteng.go.id"}));
    EXPECT_EQ(c.work_units, (std::vector<std::string>{"Dinas A", "Dinas B"}));
    EXPECT_EQ(c.timeouts.idle_seconds, 120);
    EXPECT_EQ(c.timeouts.idle_warning_seconds, 15);
    EXPECT_EQ(c.timeouts.network_connect_seconds, 5);
    EXPECT_EQ(c.timeouts.network_stall_seconds, 45);
    EXPECT_EQ(c.timeouts.printer_seconds, 30);
    EXPECT_EQ(c.data_dir, fs::path("/srv/anjungan"));
    EXPECT_EQ(c.log_level, "debug");
}

TEST_F(ConfigTest, DataDirOverrideWinsOverTheFile) {
    const fs::path p = write("[data]\ndir = \"/srv/from-file\"\n");
    EXPECT_EQ(load_config(p).data_dir, fs::path("/srv/from-file"));
    EXPECT_EQ(load_config(p, fs::path("/srv/from-option")).data_dir, fs::path("/srv/from-option"));
}

TEST_F(ConfigTest, DataDirOverrideAppliesWithoutAFile) {
    EXPECT_EQ(load_config(std::nullopt, fs::path("/srv/x")).data_dir, fs::path("/srv/x"));
}

TEST_F(ConfigTest, ToTomlOutputLoadsBackToTheSameValues) {
    Config c = load_config(std::nullopt);
    c.kiosk_id = "KT9";
    c.email_domains = {"palangkaraya.go.id"};
    c.work_units = {"Dinas \"Kutip\"", "Dinas B"};
    c.timeouts.idle_seconds = 45;
    c.data_dir = "/srv/k";
    c.log_level = "warn";
    const Config back = load_config(write(to_toml(c)));
    EXPECT_EQ(back.kiosk_id, c.kiosk_id);
    EXPECT_EQ(back.utc_offset_minutes, c.utc_offset_minutes);
    EXPECT_EQ(back.office_url, c.office_url);
    EXPECT_EQ(back.email_domains, c.email_domains);
    EXPECT_EQ(back.work_units, c.work_units);
    EXPECT_EQ(back.timeouts.idle_seconds, 45);
    EXPECT_EQ(back.data_dir, c.data_dir);
    EXPECT_EQ(back.log_level, c.log_level);
}

// [form]: the work form's pre-filled province and city (BSrE's address parts).
TEST_F(ConfigTest, FormDefaultsAreTheKiosksProvinceAndCity) {
    const Config c = load_config(std::nullopt);
    EXPECT_EQ(c.form.default_province, "Kalimantan Tengah");
    EXPECT_EQ(c.form.default_city, "Kota Palangka Raya");
    // The example documents the same values.
    const Config example =
        load_config(fs::path(ANJUNGAN_SOURCE_DIR) / "config" / "kiosk.example.toml");
    EXPECT_EQ(example.form.default_province, c.form.default_province);
    EXPECT_EQ(example.form.default_city, c.form.default_city);
}

TEST_F(ConfigTest, ReadsTheFormDefaults) {
    const Config c = load_config(write(R"(
[form]
default_province = "Kalimantan Selatan"
default_city = "Kota Banjarmasin"
)"));
    EXPECT_EQ(c.form.default_province, "Kalimantan Selatan");
    EXPECT_EQ(c.form.default_city, "Kota Banjarmasin");
    // One key alone leaves the other at its default; an empty one is allowed (typed by hand).
    const Config one = load_config(write("[form]\ndefault_city = \"\"\n"));
    EXPECT_EQ(one.form.default_city, "");
    EXPECT_EQ(one.form.default_province, "Kalimantan Tengah");
}

TEST_F(ConfigTest, RefusesAFormDefaultThatIsNotAString) {
    const auto e = error_for("[form]\ndefault_province = 62\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "form.default_province");
    const auto unknown = error_for("[form]\ndefault_street = \"Jl. A\"\n");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->key(), "form.default_street");
}

TEST_F(ConfigTest, ShownFormDefaultsLoadBack) {
    Config c = load_config(std::nullopt);
    c.form.default_province = "Daerah Istimewa Yogyakarta";
    c.form.default_city = "Kabupaten \"Sleman\"";
    const Config back = load_config(write(to_toml(c)));
    EXPECT_EQ(back.form.default_province, c.form.default_province);
    EXPECT_EQ(back.form.default_city, c.form.default_city);
}

TEST_F(ConfigTest, EmailDomainsAreLowerCased) {
    const Config c = load_config(write("[email]\nallowed_domains = [\"Palangkaraya.GO.ID\"]\n"));
    EXPECT_EQ(c.email_domains, std::vector<std::string>{"palangkaraya.go.id"});
}

TEST_F(ConfigTest, AcceptsHttpsOfficeUrlAndGoIdItself) {
    const Config c = load_config(
        write("[office]\nurl = \"https://x.go.id\"\n[email]\nallowed_domains = [\"go.id\"]\n"));
    EXPECT_EQ(c.office_url, "https://x.go.id");
    EXPECT_EQ(c.email_domains, std::vector<std::string>{"go.id"});
}

// ---- refusals: file level --------------------------------------------------------------------

TEST_F(ConfigTest, RefusesMissingFileNamingTheFile) {
    const fs::path p = dir_ / "does-not-exist.toml";
    try {
        load_config(p);
        FAIL() << "a missing file was accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.file(), p.string());
        EXPECT_EQ(e.key(), "");
        EXPECT_FALSE(e.reason().empty());
        EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
}

TEST_F(ConfigTest, RefusesAFolderGivenAsTheFile) {
    try {
        load_config(dir_);
        FAIL() << "a folder was accepted as the configuration file";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.file(), dir_.string());
        EXPECT_EQ(e.key(), "");
    }
}

TEST_F(ConfigTest, RefusesInvalidTomlSyntaxWithoutAKey) {
    const auto e = error_for("[kiosk\nid = \"PKY1\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "");
    EXPECT_FALSE(e->reason().empty());
}

TEST_F(ConfigTest, RefusesAValueWithoutQuotesAsSyntax) {
    const auto e = error_for("[kiosk]\nid = PKY1\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "");
}

// ---- refusals: keys --------------------------------------------------------------------------

TEST_F(ConfigTest, RefusesUnknownKeyNamingFileAndKey) {
    const auto e = error_for("[kiosk]\nidd = \"X\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk.idd");
    EXPECT_FALSE(e->reason().empty());
}

TEST_F(ConfigTest, RefusesUnknownKeyBesideKnownOnes) {
    const auto e = error_for("[timeouts]\nidle_seconds = 90\nidle_secs = 30\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "timeouts.idle_secs");
}

TEST_F(ConfigTest, RefusesUnknownSectionNamingIt) {
    const auto e = error_for("[kiosks]\nid = \"PKY1\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosks");
}

TEST_F(ConfigTest, RefusesUnknownTopLevelKey) {
    const auto e = error_for("kiosk_id = \"PKY1\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk_id");
}

TEST_F(ConfigTest, RefusesASectionThatIsNotATable) {
    const auto e = error_for("kiosk = 5\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk");
}

TEST_F(ConfigTest, RefusesWrongTypeForKioskId) {
    const auto e = error_for("[kiosk]\nid = 5\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk.id");
}

TEST_F(ConfigTest, RefusesStringWhereAnIntegerIsExpected) {
    const auto e = error_for("[timeouts]\nidle_seconds = \"90\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "timeouts.idle_seconds");
}

TEST_F(ConfigTest, RefusesOutOfRangeIdleSeconds) {
    const auto e = error_for("[timeouts]\nidle_seconds = 1\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "timeouts.idle_seconds");
    EXPECT_FALSE(e->reason().empty());
}

TEST_F(ConfigTest, RefusesUtcOffsetBeyondAnyRealZone) {
    // Real zones range from UTC-12 to UTC+14.
    const auto e = error_for("[kiosk]\nutc_offset_minutes = 1000\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk.utc_offset_minutes");
}

TEST_F(ConfigTest, RefusesAllowedDomainsThatIsNotAnArray) {
    const auto e = error_for("[email]\nallowed_domains = \"palangkaraya.go.id\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "email.allowed_domains");
}

TEST_F(ConfigTest, RefusesANonStringElementInWorkUnits) {
    const auto e = error_for("[work_units]\nnames = [\"Dinas A\", 7]\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "work_units.names");
}

// ---- refusals: values --------------------------------------------------------------------------

TEST_F(ConfigTest, RefusesKioskIdWithLowerCaseLetter) {
    const auto e = error_for("[kiosk]\nid = \"PKy1\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk.id");
    EXPECT_FALSE(e->reason().empty());
}

TEST_F(ConfigTest, RefusesKioskIdWithLetterO) {
    const auto e = error_for("[kiosk]\nid = \"PKO1\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "kiosk.id");
}

TEST_F(ConfigTest, RefusesKioskIdOfWrongLength) {
    for (const char* id : {"P", "ABCDEFGHJ", ""}) {
        const auto e = error_for(std::string("[kiosk]\nid = \"") + id + "\"\n");
        ASSERT_TRUE(e) << id;
        EXPECT_EQ(e->key(), "kiosk.id") << id;
    }
}

TEST_F(ConfigTest, RefusesOfficeUrlWithoutHttpScheme) {
    for (const char* url : {"127.0.0.1:8480", "ftp://office.go.id", "httpx://a", ""}) {
        const auto e = error_for(std::string("[office]\nurl = \"") + url + "\"\n");
        ASSERT_TRUE(e) << url;
        EXPECT_EQ(e->key(), "office.url") << url;
    }
}

TEST_F(ConfigTest, RefusesAllowedDomainNotUnderGoId) {
    for (const char* d : {"gmail.com", "evilgo.id", "go.id.example.com", "xgo.id"}) {
        const auto e = error_for(
            std::string("[email]\nallowed_domains = [\"palangkaraya.go.id\", \"") + d + "\"]\n");
        ASSERT_TRUE(e) << d;
        EXPECT_EQ(e->key(), "email.allowed_domains") << d;
    }
}

TEST_F(ConfigTest, RefusesEmptyWorkUnitList) {
    const auto e = error_for("[work_units]\nnames = []\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "work_units.names");
}

TEST_F(ConfigTest, RefusesUnknownLogLevel) {
    const auto e = error_for("[log]\nlevel = \"loud\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "log.level");
}

TEST_F(ConfigTest, AcceptsEveryDocumentedLogLevel) {
    for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
        const Config c = load_config(write(std::string("[log]\nlevel = \"") + level + "\"\n"));
        EXPECT_EQ(c.log_level, level);
    }
}

TEST_F(ConfigTest, RefusesEmptyDataDir) {
    const auto e = error_for("[data]\ndir = \"\"\n");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "data.dir");
}

TEST_F(ConfigTest, ErrorMessageMentionsFileAndKey) {
    const auto e = error_for("[kiosk]\nidd = \"X\"\n");
    ASSERT_TRUE(e);
    const std::string what = e->what();
    EXPECT_NE(what.find((dir_ / "kiosk.toml").string()), std::string::npos) << what;
    EXPECT_NE(what.find("kiosk.idd"), std::string::npos) << what;
}

TEST_F(ConfigTest, ConfigErrorKeepsItsParts) {
    const ConfigError e("/etc/anjungan/kiosk.toml", "log.level", "bad level");
    EXPECT_EQ(e.file(), "/etc/anjungan/kiosk.toml");
    EXPECT_EQ(e.key(), "log.level");
    EXPECT_EQ(e.reason(), "bad level");
    const std::string what = e.what();
    EXPECT_NE(what.find("/etc/anjungan/kiosk.toml"), std::string::npos);
    EXPECT_NE(what.find("log.level"), std::string::npos);
    EXPECT_NE(what.find("bad level"), std::string::npos);
}

// ---- kiosk_id_problem ------------------------------------------------------------------------

TEST(ConfigKioskIdProblem, AcceptsDigitsAndCapitalsWithoutILOU) {
    for (const char* id : {"PKY1", "K2", "ABCDEFGH", "12345678", "Z10", "0AZ"}) {
        EXPECT_EQ(kiosk_id_problem(id), "") << id;
    }
}

// Luhn mod 32 cannot see 0 and Z swapped, so a kiosk id never has them side by side.
TEST(ConfigKioskIdProblem, RefusesZeroNextToZ) {
    for (const char* id : {"Z0", "0Z", "K0ZM", "KZ0M", "PKY10Z"}) {
        EXPECT_NE(kiosk_id_problem(id), "") << id;
    }
}

TEST(ConfigKioskIdProblem, RefusesEachOfILOU) {
    for (const char* id : {"PKI1", "PKL1", "PKO1", "PKU1"}) {
        EXPECT_NE(kiosk_id_problem(id), "") << id;
    }
}

TEST(ConfigKioskIdProblem, RefusesLowerCaseSymbolsAndWrongLength) {
    for (const char* id : {"pky1", "PK-1", "PK 1", "A", "", "ABCDEFGHJ"}) {
        EXPECT_NE(kiosk_id_problem(id), "") << "'" << id << "'";
    }
}

}  // namespace
}  // namespace anjungan::platform

namespace anjungan::platform {
namespace {

class DeviceConfigTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = "/tmp/anjungan-devconfig-test-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    Config load(const std::string& text) {
        const auto p = dir_ / "kiosk.toml";
        std::ofstream(p) << text;
        return load_config(p);
    }
    std::string key_of_error(const std::string& text) {
        try {
            load(text);
        } catch (const ConfigError& e) {
            return e.key();
        }
        return "(accepted)";
    }
    std::filesystem::path dir_;
};

TEST_F(DeviceConfigTest, CameraAndScannerSectionsAreRead) {
    const auto c = load(
        "[camera]\nkind = \"file\"\nfolder = \"/srv/frames\"\nwidth = 1920\nheight = 1080\n"
        "autofocus = true\nfocus = 40\n[scanner]\nkind = \"sane\"\ndevice = \"pnm:0\"\n"
        "sane_config_dir = \"/etc/anjungan/sane\"\nfolder = \"/srv/pages\"\ndpi = 300\n");
    EXPECT_EQ(c.camera.kind, "file");
    EXPECT_EQ(c.camera.folder, "/srv/frames");
    EXPECT_EQ(c.camera.width, 1920);
    EXPECT_TRUE(c.camera.autofocus);
    EXPECT_EQ(c.camera.focus, 40);
    EXPECT_EQ(c.scanner.device, "pnm:0");
    EXPECT_EQ(c.scanner.sane_config_dir, "/etc/anjungan/sane");
    EXPECT_EQ(c.scanner.dpi, 300);
    // The defaults: the real devices.
    const auto d = load("");
    EXPECT_EQ(d.camera.kind, "v4l2");
    EXPECT_EQ(d.camera.device, "/dev/video0");
    EXPECT_FALSE(d.camera.autofocus);
    EXPECT_EQ(d.scanner.kind, "sane");
    EXPECT_EQ(d.scanner.dpi, 200);
}

TEST_F(DeviceConfigTest, BadDeviceSettingsNameTheirKey) {
    EXPECT_EQ(key_of_error("[camera]\nkind = \"usb\"\n"), "camera.kind");
    EXPECT_EQ(key_of_error("[camera]\nkind = \"file\"\n"), "camera.folder");
    EXPECT_EQ(key_of_error("[camera]\nautofocus = 1\n"), "camera.autofocus");
    EXPECT_EQ(key_of_error("[camera]\nfps = 0\n"), "camera.fps");
    EXPECT_EQ(key_of_error("[scanner]\nkind = \"twain\"\n"), "scanner.kind");
    EXPECT_EQ(key_of_error("[scanner]\nkind = \"file\"\n"), "scanner.folder");
    EXPECT_EQ(key_of_error("[scanner]\ndpi = 100\n"), "scanner.dpi");
    EXPECT_EQ(key_of_error("[scanner]\nresolution = 300\n"), "scanner.resolution");
}

TEST_F(DeviceConfigTest, PrinterSectionIsReadAndCheckedKeyByKey) {
    const auto c = load(
        "[printer]\nkind = \"file\"\nfolder = \"/srv/printed\"\npaper_mm = 80\n"
        "dpi = 300\nformat = \"pdf\"\nunreachable_seconds = 3\n");
    EXPECT_EQ(c.printer.kind, "file");
    EXPECT_EQ(c.printer.folder, "/srv/printed");
    EXPECT_EQ(c.printer.paper_mm, 80);
    EXPECT_EQ(c.printer.dpi, 300);
    EXPECT_EQ(c.printer.format, "pdf");
    EXPECT_EQ(c.printer.unreachable_seconds, 3);
    const auto d = load("");
    EXPECT_EQ(d.printer.kind, "cups");
    EXPECT_EQ(d.printer.queue, "receipt");
    EXPECT_EQ(d.printer.paper_mm, 58);
    EXPECT_EQ(d.printer.dpi, 203);

    EXPECT_EQ(key_of_error("[printer]\nkind = \"escpos\"\n"), "printer.kind");
    EXPECT_EQ(key_of_error("[printer]\npaper_mm = 60\n"), "printer.paper_mm");
    EXPECT_EQ(key_of_error("[printer]\ndpi = 100\n"), "printer.dpi");
    EXPECT_EQ(key_of_error("[printer]\nformat = \"jpeg\"\n"), "printer.format");
    EXPECT_EQ(key_of_error("[printer]\nqueue = \"\"\n"), "printer.queue");
    EXPECT_EQ(key_of_error("[printer]\nunreachable_seconds = 0\n"), "printer.unreachable_seconds");
    EXPECT_EQ(key_of_error("[printer]\ncopies = 2\n"), "printer.copies");
}

TEST_F(DeviceConfigTest, ShownConfigurationLoadsBackTheSame) {
    const auto c = load(
        "[camera]\nkind = \"file\"\nfolder = \"/srv/frames\"\n[scanner]\n"
        "device = \"pnm:0\"\n");
    const auto again = load(to_toml(c));
    EXPECT_EQ(again.camera.folder, c.camera.folder);
    EXPECT_EQ(again.camera.kind, "file");
    EXPECT_EQ(again.scanner.device, "pnm:0");
}

TEST_F(DeviceConfigTest, DisplayAndOfficeNamesAreReadCheckedAndShown) {
    const auto c = load(
        "[kiosk]\noffice_name = \"Dinas Kominfo SP\"\ncity_name = \"Kota Contoh\"\n"
        "[display]\nwidth = 1080\nheight = 1920\nfullscreen = false\ndpi = 141\n"
        "high_contrast = true\nlarge_text = true\n");
    EXPECT_EQ(c.office_name, "Dinas Kominfo SP");
    EXPECT_EQ(c.city_name, "Kota Contoh");
    EXPECT_EQ(c.display.width, 1080);
    EXPECT_EQ(c.display.height, 1920);
    EXPECT_FALSE(c.display.fullscreen);
    EXPECT_EQ(c.display.dpi, 141);
    EXPECT_TRUE(c.display.high_contrast);
    EXPECT_TRUE(c.display.large_text);
    const auto d = load("");
    EXPECT_EQ(d.display.width, 1920);
    EXPECT_TRUE(d.display.fullscreen);
    EXPECT_FALSE(d.display.high_contrast);
    EXPECT_EQ(key_of_error("[display]\ndpi = 10\n"), "display.dpi");
    EXPECT_EQ(key_of_error("[display]\nwidth = -1\n"), "display.width");
    EXPECT_EQ(key_of_error("[display]\nfullscreen = \"yes\"\n"), "display.fullscreen");
    EXPECT_EQ(key_of_error("[display]\nrotation = 90\n"), "display.rotation");
    const auto again = load(to_toml(c));
    EXPECT_EQ(again.display.height, 1920);
    EXPECT_EQ(again.display.dpi, 141);
    EXPECT_TRUE(again.display.large_text);
    EXPECT_EQ(again.office_name, "Dinas Kominfo SP");
}

}  // namespace
}  // namespace anjungan::platform
