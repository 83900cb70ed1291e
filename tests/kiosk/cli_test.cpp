// The `anjungan` command line as operators and scripts use it: exit codes, JSON shapes,
// masking, refusals with clear messages. Runs the real binary on real data folders.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "anjungan/kiosk/demo_folder.hpp"
#include "anjungan/kiosk/store.hpp"
#include "command.hpp"
#include "fixtures.hpp"
#include "test_support.hpp"

namespace {

using anjungan::test::TempDir;
using nlohmann::json;

using Result = anjungan::test::CommandResult;

std::string quote(const std::string& s) {
    return anjungan::test::shell_quote(s);
}

class CliTest : public ::testing::Test {
  protected:
    TempDir dir;

    Result run(const std::vector<std::string>& args) const {
        return anjungan::test::run_anjungan(args, dir / "stderr.txt");
    }

    std::vector<std::string> with_data(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--data-dir", (dir / "data").string()});
        return args;
    }

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto p = dir / name;
        std::ofstream(p) << content;
        return p;
    }
};

TEST_F(CliTest, ValidNikAnswersJsonWithDecodedFieldsAndExitsZero) {
    const auto r = run({"validate", "nik", "6271014508900001", "--json", "--today", "2026-11-23"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = json::parse(r.out);
    EXPECT_EQ(j.at("valid"), true);
    EXPECT_TRUE(j.at("errors").empty());
    EXPECT_TRUE(j.at("warnings").is_array());
    EXPECT_EQ(j.at("fields").at("birth_date"), "1990-08-05");
    EXPECT_EQ(j.at("fields").at("sex"), "F");
    EXPECT_EQ(j.at("fields").at("regency"), "Kota Palangka Raya");
}

TEST_F(CliTest, InvalidNikListsEveryErrorWithCodeAndMessageAndExitsOne) {
    const auto r = run({"validate", "nik", "0071017208900000", "--json"});
    ASSERT_EQ(r.code, 1) << r.err;
    const auto j = json::parse(r.out);
    EXPECT_EQ(j.at("valid"), false);
    std::set<std::string> codes;
    for (const auto& e : j.at("errors")) {
        codes.insert(e.at("code"));
        EXPECT_FALSE(e.at("message").get<std::string>().empty());
    }
    EXPECT_EQ(codes, (std::set<std::string>{"nik.province", "nik.birth_date", "nik.serial"}));
}

TEST_F(CliTest, MessagesFollowTheChosenLanguage) {
    const auto id = json::parse(run({"validate", "phone", "12345", "--json"}).out);
    const auto en = json::parse(run({"validate", "phone", "12345", "--json", "--lang", "en"}).out);
    EXPECT_EQ(id.at("errors")[0].at("code"), en.at("errors")[0].at("code"));
    EXPECT_NE(id.at("errors")[0].at("message"), en.at("errors")[0].at("message"));
    EXPECT_EQ(en.at("errors")[0].at("message"), en.at("errors")[0].at("message_en"));
}

TEST_F(CliTest, NipCrossCheckWithNikWarnsButStaysValid) {
    const auto r =
        run({"validate", "nip", "199008052015032001", "--nik", "6271010508900001", "--json"});
    ASSERT_EQ(r.code, 0);
    const auto j = json::parse(r.out);
    ASSERT_EQ(j.at("warnings").size(), 1u);
    EXPECT_EQ(j.at("warnings")[0].at("code"), "cross.sex");
}

TEST_F(CliTest, PhoneIsNormalisedToE164) {
    const auto j = json::parse(run({"validate", "phone", "0812-3456-7890", "--json"}).out);
    EXPECT_EQ(j.at("value"), "+6281234567890");
}

TEST_F(CliTest, UsageErrorsExitTwo) {
    EXPECT_EQ(run({"validate", "passport", "X"}).code, 2);
    EXPECT_EQ(run({"validate", "nik"}).code, 2);
    EXPECT_EQ(run({}).code, 2);
    EXPECT_EQ(run({"validate", "nik", "1", "--today", "23-11-2026"}).code, 2);
    EXPECT_EQ(run({"--help"}).code, 0);
}

TEST_F(CliTest, EmailAllowListComesFromTheConfiguration) {
    const auto cfg = write("k.toml", "[email]\nallowed_domains = [\"palangkaraya.go.id\"]\n");
    const auto ok = run({"--config", cfg.string(), "validate", "email", "a@palangkaraya.go.id"});
    EXPECT_EQ(ok.code, 0);
    const auto r =
        run({"--config", cfg.string(), "validate", "email", "a@jakarta.go.id", "--json"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(json::parse(r.out).at("errors")[0].at("code"), "email.not_allowed");
}

TEST_F(CliTest, BadConfigurationNamesFileKeyAndReason) {
    const auto cfg = write("bad.toml", "[kiosk]\nid = \"pky1\"\n");
    const auto r = run({"--config", cfg.string(), "validate", "nik", "1"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(cfg.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("kiosk.id"), std::string::npos) << r.err;
    const auto missing = run({"--config", (dir / "nope.toml").string(), "cases", "list"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("nope.toml"), std::string::npos);
}

TEST_F(CliTest, DataDirOptionWinsOverTheFile) {
    const auto cfg = write("k.toml", "[data]\ndir = \"/nonexistent/anjungan\"\n");
    const auto r =
        run({"--config", cfg.string(), "--data-dir", "/tmp/elsewhere", "config", "show"});
    ASSERT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("dir = \"/tmp/elsewhere\""), std::string::npos) << r.out;
}

TEST_F(CliTest, ListingAMissingStoreFailsClearlyAndCreatesNothing) {
    const auto r = run(with_data({"cases", "list"}));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("no store"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "data"));
}

TEST_F(CliTest, AddListShowMasksPersonalDataUnlessUnmasked) {
    const auto added = run(with_data({"cases", "add", "--sample", "--json"}));
    ASSERT_EQ(added.code, 0) << added.err;
    const auto a = json::parse(added.out);
    EXPECT_EQ(a.at("stored"), true);
    const std::string receipt = a.at("receipt_no");

    const auto list = run(with_data({"cases", "list", "--json"}));
    ASSERT_EQ(list.code, 0);
    const auto l = json::parse(list.out);
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].at("receipt_no"), receipt);
    EXPECT_EQ(list.out.find("Rahmawati"), std::string::npos);

    const auto shown = run(with_data({"cases", "show", receipt, "--json"}));
    ASSERT_EQ(shown.code, 0);
    const auto s = json::parse(shown.out);
    EXPECT_EQ(s.at("masked"), true);
    EXPECT_EQ(s.at("applicant").at("nik"), "6271**********01");
    EXPECT_EQ(shown.out.find("6271014508900001"), std::string::npos);
    EXPECT_EQ(s.at("attachments").size(), 5u);
    EXPECT_EQ(s.at("status"), "received");

    const auto unmasked = run(with_data({"cases", "show", receipt, "--json", "--unmask"}));
    ASSERT_EQ(unmasked.code, 0);
    EXPECT_EQ(json::parse(unmasked.out).at("applicant").at("nik"), "6271014508900001");

    EXPECT_FALSE(anjungan::test::folder_contains(dir / "data", "6271014508900001"));
    EXPECT_EQ(run(with_data({"cases", "show", "PKY1-991231-0001-0"})).code, 1);
}

// The warnings the person confirmed are an array in the applicant: shown, not a crash.
TEST_F(CliTest, ShowPrintsTheWarningsThePersonConfirmed) {
    json a = anjungan::test::good_applicant();
    a["confirmed_warnings"] = json::array(
        {{{"field", "nik"}, {"code", "nik.open_case"}, {"id", "NIK ini sudah ada"}, {"en", "x"}}});
    const auto applicant = write("a.json", a.dump());
    const auto doc = write("p.jpg", "jpeg");
    const auto added = run(
        with_data({"cases", "add", "--applicant", applicant.string(), "--ktp", doc.string(), "--sk",
                   doc.string(), "--letter", doc.string(), "--selfie", doc.string(), "--json"}));
    ASSERT_EQ(added.code, 0) << added.out << added.err;
    const std::string receipt = json::parse(added.out).at("receipt_no");
    const auto shown = run(with_data({"cases", "show", receipt}));
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_NE(shown.out.find("confirmed warning: NIK ini sudah ada (nik.open_case)"),
              std::string::npos)
        << shown.out;
    const auto j = json::parse(run(with_data({"cases", "show", receipt, "--json"})).out);
    EXPECT_EQ(j.at("applicant").at("confirmed_warnings").size(), 1u);
}

// The office's address in BSrE's parts goes in and out of the CLI's applicant JSON.
TEST_F(CliTest, AddAndShowCarryTheOfficesProvinceAndCity) {
    json a = anjungan::test::good_applicant();
    a["office_city"] = "Kabupaten Kotawaringin Barat";
    a["office_province"] = "Kalimantan Tengah";
    const auto applicant = write("a.json", a.dump());
    const auto doc = write("p.jpg", "jpeg");
    const auto added = run(
        with_data({"cases", "add", "--applicant", applicant.string(), "--ktp", doc.string(), "--sk",
                   doc.string(), "--letter", doc.string(), "--selfie", doc.string(), "--json"}));
    ASSERT_EQ(added.code, 0) << added.out << added.err;
    const std::string receipt = json::parse(added.out).at("receipt_no");
    const auto unmasked = run(with_data({"cases", "show", receipt, "--json", "--unmask"}));
    ASSERT_EQ(unmasked.code, 0) << unmasked.err;
    const auto u = json::parse(unmasked.out).at("applicant");
    EXPECT_EQ(u.at("office_address"), a.at("office_address"));
    EXPECT_EQ(u.at("office_city"), "Kabupaten Kotawaringin Barat");
    EXPECT_EQ(u.at("office_province"), "Kalimantan Tengah");
    // The text form lists them too; masked, the street is hidden and the city is not personal.
    const auto shown = run(with_data({"cases", "show", receipt}));
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_NE(shown.out.find("office_city: Kabupaten Kotawaringin Barat"), std::string::npos)
        << shown.out;
    EXPECT_NE(shown.out.find("office_province: Kalimantan Tengah"), std::string::npos);
    EXPECT_EQ(shown.out.find("Tjilik"), std::string::npos) << shown.out;

    // Without them (an applicant file from before the parts) the kiosk refuses, naming both.
    a.erase("office_city");
    a.erase("office_province");
    const auto old = write("old.json", a.dump());
    const auto refused = run(
        with_data({"cases", "add", "--applicant", old.string(), "--ktp", doc.string(), "--sk",
                   doc.string(), "--letter", doc.string(), "--selfie", doc.string(), "--json"}));
    ASSERT_EQ(refused.code, 1) << refused.out << refused.err;
    std::set<std::string> codes;
    const auto answer = json::parse(refused.out);
    for (const auto& e : answer.at("errors")) {
        codes.insert(e.at("code").get<std::string>());
    }
    EXPECT_EQ(codes, (std::set<std::string>{"applicant.office_city", "applicant.office_province"}));
}

TEST_F(CliTest, AddRefusesAnInvalidApplicantNamingTheFields) {
    const auto applicant = write("a.json", R"({"full_name":"Budi 2","nik":"123","nip":"",
        "email":"budi@gmail.com","phone":"0812","position":"","work_unit":"Nowhere",
        "office_address":"Jl. A"})");
    const auto doc = write("p.jpg", "jpeg");
    const auto r = run(
        with_data({"cases", "add", "--applicant", applicant.string(), "--ktp", doc.string(), "--sk",
                   doc.string(), "--letter", doc.string(), "--selfie", doc.string(), "--json"}));
    ASSERT_EQ(r.code, 1) << r.out << r.err;
    std::set<std::string> fields;
    const auto answer = json::parse(r.out);
    for (const auto& e : answer.at("errors")) {
        fields.insert(e.at("field"));
    }
    for (const char* f : {"full_name", "nik", "nip", "email", "phone", "position", "work_unit",
                          "office_city", "office_province"}) {
        EXPECT_TRUE(fields.count(f)) << f;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / "anjungan.db"));
}

TEST_F(CliTest, KeygenCreatesOnceAndThenKeeps) {
    const auto first = run(with_data({"keygen", "--json"}));
    ASSERT_EQ(first.code, 0) << first.err;
    const auto j1 = json::parse(first.out);
    EXPECT_EQ(j1.at("device_key_created"), true);
    EXPECT_EQ(j1.at("public_key").get<std::string>().size(), 43u);
    const auto j2 = json::parse(run(with_data({"keygen", "--json"})).out);
    EXPECT_EQ(j2.at("device_key_created"), false);
    EXPECT_EQ(j2.at("signing_key_created"), false);
    EXPECT_EQ(j2.at("public_key"), j1.at("public_key"));
}

TEST_F(CliTest, StoreVerifyFindsAnAlteredAttachment) {
    ASSERT_EQ(run(with_data({"cases", "add", "--sample"})).code, 0);
    EXPECT_EQ(run(with_data({"store", "verify"})).code, 0);
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "data" / "blobs")) {
        if (e.is_regular_file()) {
            std::fstream f(e.path(), std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(100);
            f.put('\x42');
            break;
        }
    }
    const auto r = run(with_data({"store", "verify", "--json"}));
    EXPECT_EQ(r.code, 1);
    const auto j = json::parse(r.out);
    EXPECT_EQ(j.at("ok"), false);
    EXPECT_EQ(j.at("problems").size(), 1u);
}

TEST_F(CliTest, WrongKeyIsRefusedWithExitThree) {
    ASSERT_EQ(run(with_data({"cases", "add", "--sample"})).code, 0);
    const auto other = dir / "other";
    ASSERT_EQ(run({"--data-dir", other.string(), "keygen"}).code, 0);
    std::filesystem::copy_file(other / "keys" / "device.key", dir / "data" / "keys" / "device.key",
                               std::filesystem::copy_options::overwrite_existing);
    const auto r = run(with_data({"cases", "list"}));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("does not belong"), std::string::npos) << r.err;
}

}  // namespace

// ---- anjungan check / rectify / export ------------------------------------------------------

namespace {

class VisionCliTest : public CliTest {
  protected:
    std::string image(const std::string& name, const cv::Mat& img) const {
        const auto p = (dir / name).string();
        cv::imwrite(p, img);
        return p;
    }
};

TEST_F(VisionCliTest, CheckAnswersOneJsonLinePerFileInTheAgreedShape) {
    const auto good = image("good.png", anjungan::test::ktp_frame(cv::Size(1920, 1080)));
    cv::Mat blurred;
    cv::GaussianBlur(cv::imread(good), blurred, cv::Size(0, 0), 5);
    const auto bad = image("blurred.png", blurred);
    const auto broken = write("broken.png", "not an image").string();
    const auto r = run({"check", "--kind", "ktp", "--json", good, bad, broken});
    EXPECT_EQ(r.code, 1);
    std::istringstream lines(r.out);
    std::vector<json> answers;
    for (std::string line; std::getline(lines, line);) {
        answers.push_back(json::parse(line));
    }
    ASSERT_EQ(answers.size(), 3u);
    for (const auto& a : answers) {
        for (const char* key : {"file", "kind", "ok", "reasons", "corners", "metrics", "ms"}) {
            EXPECT_TRUE(a.contains(key)) << key;
        }
        EXPECT_EQ(a.at("kind"), "ktp");
    }
    EXPECT_EQ(answers[0].at("file"), good);
    EXPECT_EQ(answers[0].at("ok"), true);
    ASSERT_EQ(answers[0].at("corners").size(), 4u);
    EXPECT_EQ(answers[0].at("corners")[0].size(), 2u);
    const auto& blur = answers[0].at("metrics").at("blur");
    EXPECT_TRUE(blur.at("raw").is_number());
    EXPECT_GE(blur.at("score").get<double>(), 0.0);
    EXPECT_LE(blur.at("score").get<double>(), 100.0);
    EXPECT_EQ(answers[1].at("ok"), false);
    EXPECT_NE(std::find(answers[1].at("reasons").begin(), answers[1].at("reasons").end(), "blur"),
              answers[1].at("reasons").end());
    EXPECT_EQ(answers[2].at("ok"), false);
    EXPECT_TRUE(answers[2].at("corners").is_null());
    EXPECT_TRUE(answers[2].contains("error"));
    EXPECT_EQ(run({"check", "--kind", "ktp", good}).code, 0);
}

TEST_F(VisionCliTest, CheckRefusesAnUnknownKindAndAMissingFileList) {
    EXPECT_EQ(run({"check", "--kind", "passport", "x.png"}).code, 2);
    EXPECT_EQ(run({"check", "--kind", "ktp"}).code, 2);
}

TEST_F(VisionCliTest, ThresholdsComeFromTheVisionSection) {
    cv::Mat blurred;
    cv::GaussianBlur(anjungan::test::ktp_frame(cv::Size(1920, 1080)), blurred, cv::Size(0, 0), 4);
    const auto bad = image("blurred.png", blurred);
    EXPECT_EQ(run({"check", "--kind", "ktp", bad}).code, 1);
    const auto lenient = write("lenient.toml", "[vision]\nktp_blur_bad = 0.99\n");
    EXPECT_EQ(run({"--config", lenient.string(), "check", "--kind", "ktp", bad}).code, 0);
    const auto unknown = write("unknown.toml", "[vision]\nblurriness = 1\n");
    const auto r = run({"--config", unknown.string(), "check", "--kind", "ktp", bad});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("vision.blurriness"), std::string::npos) << r.err;
}

TEST_F(VisionCliTest, RectifyAndExportMeetTheSizesBsreAsksFor) {
    const auto frame = image("ktp.png", anjungan::test::ktp_frame(cv::Size(1920, 1080)));
    const auto card = (dir / "card.png").string();
    ASSERT_EQ(run({"rectify", "--kind", "ktp", frame, card}).code, 0);
    EXPECT_EQ(cv::imread(card).size(), cv::Size(1011, 638));

    const auto jpeg = (dir / "ktp.jpg").string();
    ASSERT_EQ(run({"export", "--kind", "ktp", frame, jpeg}).code, 0);
    EXPECT_LE(std::filesystem::file_size(jpeg), 300u * 1000);
    EXPECT_EQ(cv::imread(jpeg).size(), cv::Size(1011, 638));

    const auto p1 = image("p1.png", anjungan::test::synthetic_page(1));
    const auto p2 = image("p2.png", anjungan::test::synthetic_page(2));
    const auto pdf = (dir / "sk.pdf").string();
    ASSERT_EQ(run({"export", "--kind", "sk", p1, p2, pdf}).code, 0);
    EXPECT_LE(std::filesystem::file_size(pdf), 500u * 1000);
    std::ifstream in(pdf, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    EXPECT_EQ(head, "%PDF-");
    // An independent reader (poppler) sees two A4 pages.
    FILE* p = ::popen(("pdfinfo " + quote(pdf)).c_str(), "r");
    std::string info;
    for (int c = std::fgetc(p); c != EOF; c = std::fgetc(p)) {
        info += static_cast<char>(c);
    }
    EXPECT_EQ(::pclose(p), 0) << info;
    EXPECT_NE(info.find("Pages:           2"), std::string::npos) << info;
    EXPECT_NE(info.find("(A4)"), std::string::npos) << info;

    const auto nothing = image("nothing.png", cv::Mat(720, 1280, CV_8UC3, cv::Scalar(40, 40, 40)));
    EXPECT_EQ(run({"rectify", "--kind", "ktp", nothing, card}).code, 1);
}

}  // namespace

namespace {

TEST_F(VisionCliTest, AMissingFaceModelIsReportedNotACrash) {
    const auto selfie = image("selfie.png", anjungan::test::selfie_frame(cv::Size(1280, 720)));
    const auto cfg =
        write("nomodels.toml", "[vision]\nface_models_dir = \"/nonexistent/opencv4\"\n");
    const auto r = run({"--config", cfg.string(), "check", "--kind", "selfie", selfie});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("opencv-data"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/opencv4"), std::string::npos) << r.err;
    // With the models where Debian puts them, the same selfie passes.
    EXPECT_EQ(run({"check", "--kind", "selfie", selfie}).code, 0);
}

}  // namespace

// ---- Inputs are never overwritten; outputs go through a temporary file (issue 16, item 15) --

namespace {

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(VisionCliTest, ExportAndRectifyRefuseToOverwriteTheirInputByAnyPath) {
    const auto frame = image("ktp.png", anjungan::test::ktp_frame(cv::Size(1920, 1080)));
    const std::string before = file_bytes(frame);
    std::filesystem::create_directory(dir / "sub");
    std::filesystem::create_symlink(frame, dir / "link.png");
    const std::string same_by_dots = (dir / "sub" / ".." / "ktp.png").string();
    for (const auto& out : {frame, same_by_dots, (dir / "link.png").string()}) {
        const auto r = run({"export", "--kind", "ktp", frame, out});
        EXPECT_EQ(r.code, 4) << out << "\n" << r.err;
        EXPECT_NE(r.err.find("refusing to overwrite"), std::string::npos) << r.err;
        EXPECT_EQ(run({"rectify", "--kind", "ktp", frame, out}).code, 4) << out;
    }
    const auto p1 = image("p1.png", anjungan::test::synthetic_page(1));
    const auto p2 = image("p2.png", anjungan::test::synthetic_page(2));
    const std::string p1_before = file_bytes(p1);
    EXPECT_EQ(run({"export", "--kind", "sk", p1, p2, p1}).code, 4);
    EXPECT_EQ(file_bytes(frame), before);
    EXPECT_EQ(file_bytes(p1), p1_before);
    // The exit code is in the usage.
    const auto help = run({"--help"});
    EXPECT_NE(help.out.find("4 the output would overwrite an input"), std::string::npos)
        << help.out;
}

TEST_F(VisionCliTest, RectifyReplacesItsOutputByRenameNotInPlace) {
    // The output is a second name (a hard link) of another file: a write in place would change
    // that file too; a temporary file renamed over the output leaves it alone.
    const auto frame = image("ktp.png", anjungan::test::ktp_frame(cv::Size(1920, 1080)));
    const auto keep = write("keep.png", "precious bytes");
    const auto out = dir / "card.png";
    std::filesystem::create_hard_link(keep, out);
    ASSERT_EQ(run({"rectify", "--kind", "ktp", frame, out.string()}).code, 0);
    EXPECT_EQ(file_bytes(keep), "precious bytes");
    EXPECT_EQ(cv::imread(out.string()).size(), cv::Size(1011, 638));
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
    }
}

// ---- Image sizes checked before decoding; bounded memory (issue 16, item 16) ----------------

struct Measured {
    int code = -1;
    long peak_kb = 0;  // the command's peak resident memory
};

class HugeImageTest : public VisionCliTest {
  protected:
    // Runs the command from a child process of its own, so RUSAGE_CHILDREN's peak is this
    // command's (the shell's and anjungan's) and not an earlier test's.
    Measured run_measured(const std::vector<std::string>& args) const {
        int fds[2];
        if (::pipe(fds) != 0) {
            return {};
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            const Result r = run(args);
            rusage u{};
            ::getrusage(RUSAGE_CHILDREN, &u);
            const long out[2] = {r.code, u.ru_maxrss};
            [[maybe_unused]] const auto n = ::write(fds[1], out, sizeof out);
            ::_exit(0);
        }
        ::close(fds[1]);
        long out[2] = {-1, 0};
        [[maybe_unused]] const auto n = ::read(fds[0], out, sizeof out);
        ::close(fds[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        return {static_cast<int>(out[0]), out[1]};
    }
    std::string err() const { return file_bytes(dir / "stderr.txt"); }
};

TEST_F(HugeImageTest, APngOf20000PxASideIsRefusedFromItsHeaderInBoundedMemory) {
    // Mostly empty, so a few hundred KB on disk; decoded it would be 1.2 GB in colour.
    {
        cv::Mat huge(20000, 20000, CV_8UC1, cv::Scalar(255));
        cv::rectangle(huge, cv::Rect(5000, 5000, 8000, 5000), cv::Scalar(30), cv::FILLED);
        ASSERT_TRUE(cv::imwrite((dir / "huge.png").string(), huge));
    }
    const auto huge = (dir / "huge.png").string();
    ASSERT_LT(std::filesystem::file_size(huge), 2u << 20);
    constexpr long kLimitKb = 300 * 1024;

    const auto check = run_measured({"check", "--kind", "ktp", "--json", huge});
    EXPECT_EQ(check.code, 1);
    EXPECT_LT(check.peak_kb, kLimitKb);
    const auto answer = run({"check", "--kind", "ktp", "--json", huge});
    const json j = json::parse(answer.out);
    EXPECT_NE(j.at("error").get<std::string>().find("20000 x 20000 px"), std::string::npos)
        << answer.out;

    const auto exported = run_measured({"export", "--kind", "ktp", huge, (dir / "o.jpg").string()});
    EXPECT_EQ(exported.code, 1);
    EXPECT_LT(exported.peak_kb, kLimitKb);
    EXPECT_NE(err().find("20000 x 20000 px"), std::string::npos) << err();
    EXPECT_FALSE(std::filesystem::exists(dir / "o.jpg"));

    const auto selfie =
        run_measured({"export", "--kind", "selfie", huge, (dir / "s.jpg").string()});
    EXPECT_EQ(selfie.code, 1);
    EXPECT_LT(selfie.peak_kb, kLimitKb);

    const auto verify = run_measured(with_data({"receipt", "verify", "--json", huge}));
    EXPECT_EQ(verify.code, 3);
    EXPECT_LT(verify.peak_kb, kLimitKb);
    const auto v = run(with_data({"receipt", "verify", "--json", huge}));
    EXPECT_NE(v.out.find("20000 x 20000 px"), std::string::npos) << v.out;
    std::printf("peak memory: check %ld KB, export %ld KB, receipt verify %ld KB\n", check.peak_kb,
                exported.peak_kb, verify.peak_kb);
}

TEST_F(HugeImageTest, AJpegWhoseFrameHeaderClaimsAHugeSizeIsRefusedNamingIt) {
    std::vector<std::uint8_t> jpeg;
    ASSERT_TRUE(cv::imencode(".jpg", cv::Mat(16, 16, CV_8UC3, cv::Scalar(90, 90, 90)), jpeg));
    // Patch the baseline frame header (FFC0 len P Y X) to 30000 x 30000.
    bool patched = false;
    for (std::size_t i = 2; i + 8 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
            jpeg[i + 5] = jpeg[i + 7] = 30000 >> 8;
            jpeg[i + 6] = jpeg[i + 8] = 30000 & 0xFF;
            patched = true;
            break;
        }
    }
    ASSERT_TRUE(patched);
    const auto path = dir / "claims.jpg";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(jpeg.data()),
               static_cast<std::streamsize>(jpeg.size()));
    const auto r = run_measured({"check", "--kind", "ktp", path.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_LT(r.peak_kb, 300 * 1024);
    const auto text = run({"check", "--kind", "ktp", path.string()});
    EXPECT_NE(text.out.find("30000 x 30000 px (900 MP)"), std::string::npos) << text.out;
}

}  // namespace

// ---- The data folder and its keys (issue 16, item 17) ---------------------------------------

namespace {

TEST_F(CliTest, AnEmptyDataDirIsRefusedNotTakenAsTheDefault) {
    const auto r = run({"--data-dir", "", "cases", "list"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--data-dir is empty"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("/var/lib/anjungan"), std::string::npos) << r.err;
}

TEST_F(CliTest, ADataFolderThatIsAFileIsCalledAFile) {
    write("data", "not a folder");
    const auto r = run(with_data({"cases", "list"}));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("is a file, not a folder"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(CliTest, ADeviceKeyThatIsAFolderGetsNoChmodAdvice) {
    ASSERT_EQ(run(with_data({"cases", "add", "--sample"})).code, 0);
    const auto key = dir / "data" / "keys" / "device.key";
    std::filesystem::remove(key);
    std::filesystem::create_directory(key);
    const auto r = run(with_data({"cases", "list"}));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("is a folder, not a key file"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("chmod"), std::string::npos) << r.err;
}

TEST_F(CliTest, ReadOnlyCommandsChangeNoByteOfTheStore) {
    ASSERT_EQ(run(with_data({"cases", "add", "--sample", "--json"})).code, 0);
    const auto db = dir / "data" / "anjungan.db";
    const std::string before = file_bytes(db);
    const auto mtime = std::filesystem::last_write_time(db);
    const auto receipt =
        json::parse(run(with_data({"cases", "list", "--json"})).out).at(0).at("receipt_no");
    EXPECT_EQ(run(with_data({"cases", "show", receipt.get<std::string>()})).code, 0);
    EXPECT_EQ(run(with_data({"store", "verify"})).code, 0);
    EXPECT_EQ(file_bytes(db), before);
    EXPECT_EQ(std::filesystem::last_write_time(db), mtime);
}

// Root ignores file modes, so the read-only folder is tested as another user (nobody), who
// owns the store but may not write it. What stays untested as root: a read-only mount
// (EROFS), which needs mount privileges a test should not use; it takes the same path
// (access(W_OK) fails, the database is opened immutable).
TEST_F(CliTest, AReadOnlyStoreServesReadCommandsAndRefusesWritesClearly) {
    if (::geteuid() != 0 || !std::filesystem::exists("/usr/bin/setpriv")) {
        GTEST_SKIP() << "needs root and setpriv to run as another user";
    }
    ASSERT_EQ(run(with_data({"cases", "add", "--sample"})).code, 0);
    namespace fs = std::filesystem;
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    const std::string data = (dir / "data").string();
    ASSERT_EQ(anjungan::test::run_command("chown -R 65534:65534 " + quote(data) + " && find " +
                                          quote(data) + " -type d -exec chmod 0500 {} + && find " +
                                          quote(data) + " -type f -exec chmod 0400 {} +")
                  .code,
              0);
    auto as_nobody = [&](const std::vector<std::string>& args) {
        std::string cmd = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups " +
                          quote(ANJUNGAN_CLI) + " --data-dir " + quote(data);
        for (const auto& a : args) {
            cmd += " " + quote(a);
        }
        return anjungan::test::run_command(cmd, dir / "stderr.txt");
    };
    const auto list = as_nobody({"cases", "list", "--json"});
    ASSERT_EQ(list.code, 0) << list.err;
    ASSERT_EQ(json::parse(list.out).size(), 1u);
    const auto receipt = json::parse(list.out).at(0).at("receipt_no").get<std::string>();
    EXPECT_EQ(as_nobody({"cases", "show", receipt}).code, 0);
    const auto verify = as_nobody({"store", "verify"});
    EXPECT_EQ(verify.code, 0) << verify.err;
    const auto add = as_nobody({"cases", "add", "--sample"});
    EXPECT_EQ(add.code, 3);
    EXPECT_NE(add.err.find("read-only"), std::string::npos) << add.err;
    EXPECT_EQ(anjungan::test::run_command("chown -R 0:0 " + quote(data) + " && chmod -R u+w " +
                                          quote(data))
                  .code,
              0);
}

}  // namespace

// ---- Non-ASCII input to validate (issue 16, item 18) -----------------------------------------

namespace {

TEST_F(CliTest, AnArabicIndicNikIsCountedInCharacters) {
    std::string arabic;
    for (int i = 0; i < 16; ++i) {
        arabic += "\xD9\xA1";
    }
    const auto r = run({"--lang", "en", "validate", "nik", arabic, "--json"});
    EXPECT_EQ(r.code, 1);
    const json j = json::parse(r.out);
    EXPECT_EQ(j.at("errors").at(0).at("code"), "nik.characters");
    EXPECT_EQ(r.out.find("32 given"), std::string::npos) << r.out;
}

TEST_F(CliTest, InvalidUtf8IsAValidationErrorNotAStoreError) {
    for (const std::string kind : {"nik", "name", "email"}) {
        const auto r = run({"validate", kind, "62710145\xFF\xFE", "--json"});
        EXPECT_EQ(r.code, 1) << kind << ": " << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j.at("valid"), false);
        EXPECT_EQ(j.at("errors").at(0).at("code"), kind + ".encoding") << r.out;
        const auto text = run({"validate", kind, "62710145\xFF\xFE"});
        EXPECT_EQ(text.code, 1);
        EXPECT_NE(text.out.find(kind + ".encoding"), std::string::npos) << text.out;
    }
}

// [SECTION] A damaged store (issue 16, item 14) and the demo's folder (item 11) ---------------

TEST_F(CliTest, AStoreWhoseDatabaseWasDeletedIsRefusedAsDamagedAndLeftAlone) {
    ASSERT_EQ(run(with_data({"cases", "add", "--sample"})).code, 0);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove((dir / "data" / "anjungan.db").string() + suffix);
    }
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"cases", "list"}, {"keygen"}, {"cases", "add", "--sample"}, {"store", "verify"}}) {
        const auto r = run(with_data(args));
        EXPECT_EQ(r.code, 3) << args[0] << ": " << r.out << r.err;
        EXPECT_NE(r.err.find("damaged store"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("Restore anjungan.db"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("move the whole folder away"), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find("No cases yet"), std::string::npos);
        EXPECT_EQ(r.out.find("Belum ada"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / "anjungan.db"));
    // Emptied to zero bytes: the same refusal, and the file stays empty.
    std::ofstream(dir / "data" / "anjungan.db").close();
    const auto r = run(with_data({"cases", "list"}));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("is empty (0 bytes)"), std::string::npos) << r.err;
    EXPECT_EQ(std::filesystem::file_size(dir / "data" / "anjungan.db"), 0u);
}

TEST_F(CliTest, SyncStatusTellsWhenAQuarantinedCasesDataIsErased) {
    const auto add = run(with_data({"cases", "add", "--sample", "--json"}));
    ASSERT_EQ(add.code, 0) << add.err;
    const std::string id = json::parse(add.out).at("case_id");
    {
        anjungan::platform::SystemClock clock;
        anjungan::kiosk::StoreOptions o;
        o.data_dir = dir / "data";
        anjungan::kiosk::Store::open(o, clock)->outbox_quarantine(id, "refused: bad field");
    }
    const auto r = run(with_data({"sync", "status", "--json"}));
    ASSERT_EQ(r.code, 0) << r.err;
    const auto q = json::parse(r.out).at("quarantine").at(0);
    EXPECT_TRUE(q.at("erased_from").is_string());
    EXPECT_EQ(q.at("erased"), false);
    const auto text = run(with_data({"sync", "status"}));
    EXPECT_NE(text.out.find("personal data erased from"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("quarantine_purge_days = 30"), std::string::npos) << text.out;
}

TEST_F(CliTest, TheDemoClaimsANewFolderAndAnOlderDemoFolderButNoRealOne) {
    namespace k = anjungan::kiosk;
    const auto fresh = dir / "fresh";
    k::claim_demo_folder(fresh);
    EXPECT_TRUE(std::filesystem::exists(k::demo_marker_path(fresh)));
    k::ensure_demo_staff(fresh, std::chrono::system_clock::now());
    ASSERT_EQ(run({"--data-dir", fresh.string(), "cases", "add", "--sample"}).code, 0);
    EXPECT_NO_THROW(k::claim_demo_folder(fresh));  // a restart: the marker says it is the demo's

    // A demo folder from before the marker: the demo's staff member only, and its cases.
    const auto older = dir / "older";
    k::ensure_demo_staff(older, std::chrono::system_clock::now());
    ASSERT_EQ(run({"--data-dir", older.string(), "cases", "add", "--sample"}).code, 0);
    EXPECT_NO_THROW(k::claim_demo_folder(older));
    EXPECT_TRUE(std::filesystem::exists(k::demo_marker_path(older)));

    // Real staff beside the demo's member (a real folder a demo ran on before): refused.
    const auto mixed = dir / "mixed";
    k::ensure_demo_staff(mixed, std::chrono::system_clock::now());
    ASSERT_EQ(anjungan::test::run_command("printf '281746\\n' | " + quote(ANJUNGAN_CLI) +
                                          " --data-dir " + quote(mixed.string()) +
                                          " staff add budi.s --name 'Budi Santoso'")
                  .code,
              0);
    EXPECT_THROW(k::claim_demo_folder(mixed), k::DemoFolderRefused);
    EXPECT_FALSE(std::filesystem::exists(k::demo_marker_path(mixed)));
}

#ifdef ANJUNGAN_KIOSK
class DemoKioskTest : public CliTest {
  protected:
    // anjungan-kiosk --demo on `data`; with --autopilot it stops after a tenth of a (simulated)
    // second in an offscreen window (exit 1, "ran past"), which is enough to see it start.
    Result demo(const std::filesystem::path& data, bool start = false) const {
        std::string cmd = "SDL_VIDEODRIVER=offscreen " + quote(ANJUNGAN_KIOSK) +
                          " --demo --no-sync --data-dir " + quote(data.string());
        if (start) {
            cmd += " --autopilot --max-seconds 0.1";
        }
        return anjungan::test::run_command(cmd, dir / "kiosk-stderr.txt");
    }
};

TEST_F(DemoKioskTest, TheDemoRefusesAFolderWithRealCasesAndWritesNothingThere) {
    const auto real = dir / "real";
    ASSERT_EQ(run({"--data-dir", real.string(), "cases", "add", "--sample"}).code, 0);
    const auto r = demo(real);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("holds 1 case(s)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not the demo's"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
    for (const char* p : {"demo-folder.txt", "keys/staff.json", "demo-inputs", "printed"}) {
        EXPECT_FALSE(std::filesystem::exists(real / p)) << p;
    }
}

TEST_F(DemoKioskTest, TheDemoRefusesAFolderWithRealStaff) {
    const auto real = dir / "staffed";
    ASSERT_EQ(anjungan::test::run_command("printf '281746\\n' | " + quote(ANJUNGAN_CLI) +
                                          " --data-dir " + quote(real.string()) +
                                          " staff add budi.s --name 'Budi Santoso'")
                  .code,
              0);
    const auto r = demo(real);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("1 staff member(s) (budi.s)"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(real / "demo-folder.txt"));
}

TEST_F(DemoKioskTest, TheDemosOwnFolderKeepsWorkingAcrossRestarts) {
    const auto own = dir / "demo-data";
    // As scripts/run.sh does: `anjungan keygen` first, then the demo.
    ASSERT_EQ(run({"--data-dir", own.string(), "keygen"}).code, 0);
    for (int i = 0; i < 2; ++i) {
        const auto r = demo(own, true);
        EXPECT_EQ(r.code, 1) << r.err;
        EXPECT_NE(r.err.find("autopilot ran past"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("not the demo's"), std::string::npos) << r.err;
    }
    EXPECT_TRUE(std::filesystem::exists(own / "demo-folder.txt"));
    EXPECT_TRUE(std::filesystem::exists(own / "keys" / "staff.json"));
}
#endif

}  // namespace
