// Cameras: the simulated FileCamera on a fake clock, the V4L2 camera without a webcam (missing
// devices, index parsing, reopen pacing), and QR reading from camera frames.
#define ZX_USE_UTF8 1
#include "anjungan/drivers/camera.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test_support.hpp"

namespace anjungan::drivers {
namespace {

using anjungan::test::TempDir;
namespace fs = std::filesystem;

const cv::Scalar kRed(0, 0, 255);
const cv::Scalar kGreen(0, 255, 0);
const cv::Scalar kBlue(255, 0, 0);
const cv::Scalar kWhite(255, 255, 255);
const cv::Scalar kYellow(0, 255, 255);

void write_solid(const fs::path& path, const cv::Scalar& bgr) {
    fs::create_directories(path.parent_path());
    const cv::Mat img(24, 32, CV_8UC3, bgr);
    ASSERT_TRUE(cv::imwrite(path.string(), img)) << path;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// The frame's colour as a name, so failures read well ("red", "green", ...).
std::string colour(const std::optional<Frame>& f) {
    if (!f) {
        return "(no frame)";
    }
    if (f->image.empty() || f->image.type() != CV_8UC3) {
        return "(not BGR)";
    }
    const cv::Vec3b p = f->image.at<cv::Vec3b>(f->image.rows / 2, f->image.cols / 2);
    const auto is = [&](const cv::Scalar& s) {
        return p[0] == s[0] && p[1] == s[1] && p[2] == s[2];
    };
    if (is(kRed))
        return "red";
    if (is(kGreen))
        return "green";
    if (is(kBlue))
        return "blue";
    if (is(kWhite))
        return "white";
    if (is(kYellow))
        return "yellow";
    return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) +
           ")";
}

// A FileCamera on a clock the test moves (in steady milliseconds).
struct Clocked final : platform::Clock {
    std::int64_t t = 1'000'000;
    platform::TimePoint now() const override {
        return platform::TimePoint(std::chrono::milliseconds(t));
    }
    std::int64_t ms() const override { return t; }
};

// ---- FileCamera ---------------------------------------------------------------------------

TEST(FileCamera, PlaysFilesInNameOrderLoopingOneFramePerInterval) {
    TempDir dir;
    write_solid(dir / "b.png", kGreen);
    write_solid(dir / "a.png", kRed);
    write_solid(dir / "c.BMP", kBlue);  // extensions in any case
    write_bytes(dir / "notes.txt", "not an image");
    write_solid(dir / ".hidden.png", kWhite);  // hidden files are not played
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);  // one frame per 100 ms
    EXPECT_EQ(cam.health().state, DeviceState::kOk) << cam.health().detail;

    const std::int64_t t0 = clock.t;
    auto f = cam.read();  // the first read of a phase gives frame 0 at once
    ASSERT_TRUE(f);
    EXPECT_EQ(colour(f), "red");
    EXPECT_EQ(f->seq, 1u);
    EXPECT_EQ(f->t_ms, t0);
    EXPECT_EQ(f->image.size(), cv::Size(32, 24));

    // Nothing between ticks.
    EXPECT_FALSE(cam.read());
    clock.t = t0 + 50;
    EXPECT_FALSE(cam.read());
    clock.t = t0 + 99;
    EXPECT_FALSE(cam.read());

    const std::vector<std::string> expected = {"green", "blue", "red", "green", "blue", "red"};
    for (std::size_t k = 0; k < expected.size(); ++k) {
        clock.t = t0 + 100 * static_cast<std::int64_t>(k + 1);
        f = cam.read();
        ASSERT_TRUE(f) << "tick " << k + 1;
        EXPECT_EQ(colour(f), expected[k]) << "tick " << k + 1;
        EXPECT_EQ(f->seq, k + 2) << "tick " << k + 1;
        EXPECT_EQ(f->t_ms, clock.t);
        EXPECT_FALSE(cam.read()) << "a second read in the same tick";
    }
    EXPECT_EQ(cam.health().last_ok_ms, clock.t);

    // A slow caller skips frames (the image follows the clock) but seq still counts by one.
    clock.t = t0 + 100 * 11 + 30;  // tick 11: 11 mod 3 = 2
    f = cam.read();
    ASSERT_TRUE(f);
    EXPECT_EQ(colour(f), "blue");
    EXPECT_EQ(f->seq, 8u);
}

TEST(FileCamera, NameOrderIsPlainByteWise) {
    TempDir dir;
    write_solid(dir / "2.png", kRed);
    write_solid(dir / "10.png", kBlue);
    write_solid(dir / "1.png", kGreen);
    Clocked clock;
    FileCamera cam(dir.path(), 4.0, clock);  // 250 ms a frame
    std::vector<std::string> got;
    for (int k = 0; k < 3; ++k) {
        clock.t += k == 0 ? 0 : 250;
        got.push_back(colour(cam.read()));
    }
    // "1.png" < "10.png" < "2.png": byte-wise, not numeric.
    EXPECT_EQ(got, (std::vector<std::string>{"green", "blue", "red"}));
}

TEST(FileCamera, FramesAreCopiesTheCallerMayDrawOn) {
    TempDir dir;
    write_solid(dir / "a.png", kRed);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    auto f = cam.read();
    ASSERT_TRUE(f);
    f->image.setTo(kYellow);
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "red");
}

TEST(FileCamera, PhasesPlayTheirSubfolderOrFallBackToTheFolder) {
    TempDir dir;
    write_solid(dir / "root.png", kWhite);
    write_solid(dir / "ktp" / "1.png", kRed);
    write_solid(dir / "ktp" / "2.png", kGreen);
    write_solid(dir / "selfie" / "1.png", kBlue);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);

    EXPECT_EQ(colour(cam.read()), "white") << "before any prepare(): the folder itself";

    clock.t += 1000;
    cam.prepare(CameraPurpose::kDocument);
    EXPECT_EQ(colour(cam.read()), "red");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "green");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "red");
    EXPECT_NE(cam.health().detail.find("ktp"), std::string::npos) << cam.health().detail;

    cam.prepare(CameraPurpose::kFace);
    EXPECT_EQ(colour(cam.read()), "blue");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "blue");

    cam.prepare(CameraPurpose::kQr);  // no qr/: the folder itself
    EXPECT_EQ(colour(cam.read()), "white");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "white");
    EXPECT_EQ(cam.health().state, DeviceState::kOk);
}

TEST(FileCamera, PhaseSubfolderAliasesAndNoImagesAtTheTop) {
    TempDir dir;
    write_solid(dir / "document" / "1.png", kRed);
    write_solid(dir / "face" / "1.png", kBlue);
    write_solid(dir / "qr" / "1.png", kGreen);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    // No images of its own: the first purpose subfolder plays until prepare() says otherwise.
    EXPECT_EQ(cam.health().state, DeviceState::kOk) << cam.health().detail;
    EXPECT_EQ(colour(cam.read()), "red");
    cam.prepare(CameraPurpose::kFace);
    EXPECT_EQ(colour(cam.read()), "blue");
    cam.prepare(CameraPurpose::kQr);
    EXPECT_EQ(colour(cam.read()), "green");
    cam.prepare(CameraPurpose::kDocument);
    EXPECT_EQ(colour(cam.read()), "red");
}

TEST(FileCamera, PrepareRestartsThePhaseAtFrameZero) {
    TempDir dir;
    write_solid(dir / "ktp" / "1.png", kRed);
    write_solid(dir / "ktp" / "2.png", kGreen);
    write_solid(dir / "ktp" / "3.png", kBlue);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    cam.prepare(CameraPurpose::kDocument);
    EXPECT_EQ(colour(cam.read()), "red");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "green");
    clock.t += 40;
    cam.prepare(CameraPurpose::kDocument);  // the same purpose again: back to frame 0, at once
    auto f = cam.read();
    EXPECT_EQ(colour(f), "red");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->seq, 3u) << "seq keeps counting across phases";
    clock.t += 99;
    EXPECT_FALSE(cam.read()) << "the new phase's ticks count from prepare()";
    clock.t += 1;
    EXPECT_EQ(colour(cam.read()), "green");
}

TEST(FileCamera, ASingleFilePlaysAsAStill) {
    TempDir dir;
    write_solid(dir / "still.jpg", kRed);  // JPEG: compare loosely below
    Clocked clock;
    FileCamera cam(dir / "still.jpg", 5.0, clock);  // 200 ms a frame
    std::uint64_t last_seq = 0;
    for (int k = 0; k < 4; ++k) {
        auto f = cam.read();
        ASSERT_TRUE(f) << "interval " << k;
        EXPECT_EQ(f->seq, last_seq + 1);
        last_seq = f->seq;
        const cv::Vec3b p = f->image.at<cv::Vec3b>(12, 16);
        EXPECT_LT(p[0], 20);
        EXPECT_GT(p[2], 230);
        EXPECT_FALSE(cam.read()) << "one frame per interval";
        clock.t += 200;
    }
    cam.prepare(CameraPurpose::kFace);  // no subfolders for a file: still the same picture
    ASSERT_TRUE(cam.read());
    EXPECT_EQ(cam.health().state, DeviceState::kOk);
}

TEST(FileCamera, UnplugAndReplug) {
    TempDir dir;
    write_solid(dir / "a.png", kRed);
    write_solid(dir / "b.png", kGreen);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    ASSERT_TRUE(cam.read());
    EXPECT_EQ(cam.health().reopen_count, 0);
    const std::int64_t last_ok = cam.health().last_ok_ms;

    cam.set_unplugged(true);
    for (int k = 0; k < 5; ++k) {
        clock.t += 100;
        EXPECT_FALSE(cam.read());
    }
    auto h = cam.health();
    EXPECT_EQ(h.state, DeviceState::kDisconnected);
    EXPECT_FALSE(h.detail.empty());
    EXPECT_EQ(h.reopen_count, 0);
    EXPECT_EQ(h.last_ok_ms, last_ok);
    cam.set_unplugged(true);  // twice changes nothing

    cam.set_unplugged(false);
    h = cam.health();
    EXPECT_EQ(h.state, DeviceState::kOk);
    EXPECT_EQ(h.reopen_count, 1);
    auto f = cam.read();
    ASSERT_TRUE(f);
    EXPECT_EQ(colour(f), "red") << "a replug starts a new phase";
    EXPECT_EQ(f->seq, 2u);
    EXPECT_EQ(cam.health().last_ok_ms, clock.t);
    cam.set_unplugged(false);  // already plugged: not another reopen
    EXPECT_EQ(cam.health().reopen_count, 1);

    cam.set_unplugged(true);
    cam.set_unplugged(false);
    EXPECT_EQ(cam.health().reopen_count, 2);
}

TEST(FileCamera, EmptyOrMissingFolderIsMissingWithAReason) {
    TempDir dir;
    fs::create_directories(dir / "empty");
    write_bytes(dir / "empty" / "readme.txt", "no pictures here");
    for (const fs::path& source : {dir / "empty", dir / "does-not-exist"}) {
        Clocked clock;
        FileCamera cam(source, 10.0, clock);
        const auto h = cam.health();
        EXPECT_EQ(h.state, DeviceState::kMissing) << source;
        EXPECT_NE(h.detail.find(source.string()), std::string::npos) << h.detail;
        EXPECT_EQ(h.device, source.string());
        for (int k = 0; k < 5; ++k) {
            EXPECT_FALSE(cam.read());
            clock.t += 100;
        }
        cam.prepare(CameraPurpose::kDocument);
        EXPECT_FALSE(cam.read());
        EXPECT_EQ(cam.health().state, DeviceState::kMissing);
    }
    {
        Clocked clock;
        FileCamera cam(dir / "empty", 10.0, clock);
        EXPECT_NE(cam.health().detail.find("no image files"), std::string::npos);
    }
    {
        Clocked clock;
        FileCamera cam(dir / "does-not-exist", 10.0, clock);
        EXPECT_NE(cam.health().detail.find("no such"), std::string::npos);
    }
}

TEST(FileCamera, AnUnreadableFileIsSkippedAndNamed) {
    TempDir dir;
    write_solid(dir / "1.png", kRed);
    write_bytes(dir / "2-garbage.png", "this is not a PNG at all");
    write_solid(dir / "3.png", kGreen);
    {
        // A PNG cut in half: the header is right, the data is not.
        const cv::Mat img(240, 320, CV_8UC3, kBlue);
        std::vector<uchar> png;
        cv::imencode(".png", img, png);
        write_bytes(dir / "4-truncated.png",
                    std::string(png.begin(), png.begin() + static_cast<long>(png.size() / 2)));
    }
    write_solid(dir / "5.png", kWhite);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    std::vector<std::string> got;
    std::vector<std::uint64_t> seqs;
    for (int k = 0; k < 6; ++k) {
        std::optional<Frame> f;
        EXPECT_NO_THROW(f = cam.read());
        ASSERT_TRUE(f) << "tick " << k;
        got.push_back(colour(f));
        seqs.push_back(f->seq);
        clock.t += 100;
    }
    EXPECT_EQ(got, (std::vector<std::string>{"red", "green", "white", "red", "green", "white"}));
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6}));
    const auto h = cam.health();
    EXPECT_EQ(h.state, DeviceState::kOk);
    EXPECT_NE(h.detail.find("2-garbage.png"), std::string::npos) << h.detail;
    EXPECT_NE(h.detail.find("4-truncated.png"), std::string::npos) << h.detail;
    EXPECT_EQ(h.detail.find("3.png"), std::string::npos) << h.detail;
}

TEST(FileCamera, NothingReadableIsAnError) {
    TempDir dir;
    write_bytes(dir / "a.png", "garbage");
    write_bytes(dir / "b.jpg", "more garbage");
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    for (int k = 0; k < 3; ++k) {
        EXPECT_FALSE(cam.read());
        clock.t += 100;
    }
    const auto h = cam.health();
    EXPECT_EQ(h.state, DeviceState::kError);
    EXPECT_NE(h.detail.find("a.png"), std::string::npos) << h.detail;
    EXPECT_NE(h.detail.find("b.jpg"), std::string::npos) << h.detail;
}

TEST(FileCamera, SetFramesPlaysTheGivenImages) {
    TempDir dir;
    write_solid(dir / "a.png", kWhite);
    Clocked clock;
    FileCamera cam(dir.path(), 10.0, clock);
    EXPECT_EQ(colour(cam.read()), "white");
    clock.t += 30;

    const cv::Mat red(10, 10, CV_8UC3, kRed);
    const cv::Mat grey(10, 10, CV_8UC1, cv::Scalar(255));  // grey in, BGR out
    cam.set_frames({red, grey});
    EXPECT_EQ(colour(cam.read()), "red") << "set_frames() starts at frame 0";
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "white");
    clock.t += 100;
    EXPECT_EQ(colour(cam.read()), "red");
    cam.prepare(CameraPurpose::kFace);  // given frames play for every purpose
    EXPECT_EQ(colour(cam.read()), "red");
    EXPECT_EQ(cam.health().state, DeviceState::kOk);

    cam.set_frames({});
    EXPECT_FALSE(cam.read());
    EXPECT_EQ(cam.health().state, DeviceState::kMissing);
}

// ---- V4L2 (there is no webcam on the test machines) -----------------------------------------

TEST(V4l2Camera, DeviceIsAPathOrAnIndex) {
    auto d = parse_v4l2_device("0");
    EXPECT_EQ(d.path, "/dev/video0");
    EXPECT_EQ(d.index, 0);
    d = parse_v4l2_device(" 12 ");
    EXPECT_EQ(d.path, "/dev/video12");
    EXPECT_EQ(d.index, 12);
    d = parse_v4l2_device("/dev/video2");
    EXPECT_EQ(d.path, "/dev/video2");
    EXPECT_EQ(d.index, -1);
    d = parse_v4l2_device("/dev/v4l/by-id/usb-Webcam-video-index0");
    EXPECT_EQ(d.path, "/dev/v4l/by-id/usb-Webcam-video-index0");
    EXPECT_EQ(d.index, -1);
    d = parse_v4l2_device("-1");
    EXPECT_EQ(d.index, -1);
    d = parse_v4l2_device("0x1");
    EXPECT_EQ(d.index, -1);
}

TEST(V4l2Camera, AMissingDeviceIsReportedAndNeverThrowsOrBlocks) {
    CameraConfig config;
    config.device = "/dev/video-does-not-exist";
    std::unique_ptr<Camera> cam;
    ASSERT_NO_THROW(cam = make_v4l2_camera(config));
    ASSERT_TRUE(cam);
    auto h = cam->health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_EQ(h.device, config.device);
    EXPECT_NE(h.detail.find("/dev/video-does-not-exist"), std::string::npos) << h.detail;
    EXPECT_NE(h.detail.find("no such device"), std::string::npos) << h.detail;
    for (int k = 0; k < 100; ++k) {
        std::optional<Frame> f;
        ASSERT_NO_THROW(f = cam->read());
        EXPECT_FALSE(f);
    }
    cam->prepare(CameraPurpose::kDocument);
    h = cam->health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_EQ(h.reopen_count, 0);
    EXPECT_EQ(h.last_ok_ms, -1);
    EXPECT_NE(cam->describe().find("/dev/video-does-not-exist"), std::string::npos)
        << cam->describe();
}

TEST(V4l2Camera, AnIndexNamesItsDeviceNode) {
    CameraConfig config;
    config.device = "63";
    if (fs::exists("/dev/video63")) {
        GTEST_SKIP() << "/dev/video63 exists on this machine";
    }
    const auto cam = make_v4l2_camera(config);
    const auto h = cam->health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_NE(h.detail.find("/dev/video63"), std::string::npos) << h.detail;
    EXPECT_NE(cam->describe().find("/dev/video63"), std::string::npos) << cam->describe();
    EXPECT_FALSE(cam->read());
}

TEST(V4l2Camera, ANonDeviceIsRefusedAndRetriedEveryReopenInterval) {
    TempDir dir;
    CameraConfig config;
    config.device = (dir / "video0").string();
    config.reopen_ms = 1000;
    Clocked clock;
    const auto cam = make_v4l2_camera(config, clock);
    EXPECT_NE(cam->health().detail.find("no such device"), std::string::npos)
        << cam->health().detail;

    // The node appears, but as a plain file: not looked at again before reopen_ms has passed.
    write_bytes(dir / "video0", "not a device");
    clock.t += 500;
    EXPECT_FALSE(cam->read());
    EXPECT_NE(cam->health().detail.find("no such device"), std::string::npos)
        << cam->health().detail;
    clock.t += 500;
    EXPECT_FALSE(cam->read());
    const auto h = cam->health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_NE(h.detail.find("not a video device"), std::string::npos) << h.detail;
    EXPECT_NE(h.detail.find(config.device), std::string::npos) << h.detail;
}

// ---- QR codes in camera frames --------------------------------------------------------------

// `text` as a QR code, `dots` pixels a module, with a 4-module white quiet zone; grey.
cv::Mat qr_image(const std::string& text, int dots) {
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                   .setEccLevel(4)
                                   .setMargin(0)
                                   .encode(text, 0, 0);
    constexpr int kQuiet = 4;
    const int side = (m.width() + 2 * kQuiet) * dots;
    cv::Mat img(side, side, CV_8U, cv::Scalar(255));
    for (int y = 0; y < m.height(); ++y) {
        for (int x = 0; x < m.width(); ++x) {
            if (m.get(x, y)) {
                img(cv::Rect((x + kQuiet) * dots, (y + kQuiet) * dots, dots, dots)) = cv::Scalar(0);
            }
        }
    }
    return img;
}

// A 1280x720 camera-like frame: a grey gradient background with noise, codes pasted at `at`.
cv::Mat frame_with(const std::vector<std::pair<cv::Mat, cv::Point>>& codes) {
    cv::Mat frame(720, 1280, CV_8UC3);
    for (int y = 0; y < frame.rows; ++y) {
        frame.row(y).setTo(cv::Scalar(90 + y / 12, 100 + y / 12, 110 + y / 12));
    }
    for (const auto& [code, at] : codes) {
        cv::Mat bgr;
        cv::cvtColor(code, bgr, cv::COLOR_GRAY2BGR);
        bgr.copyTo(frame(cv::Rect(at, bgr.size())));
    }
    cv::Mat noise(frame.size(), CV_16SC3);
    cv::RNG rng(12345);
    rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(12));
    cv::Mat noisy;
    frame.convertTo(noisy, CV_16SC3);
    noisy += noise;
    noisy.convertTo(frame, CV_8UC3);  // saturating
    return frame;
}

TEST(QrReader, ReadsACodeInACameraFrame) {
    const std::string text = "ANJ1:0042-20240517-0007-K:3F9A2C7D0E1B";
    const cv::Mat frame = frame_with({{qr_image(text, 4), cv::Point(500, 200)}});
    EXPECT_EQ(read_qr_codes(frame), std::vector<std::string>{text});

    cv::Mat grey;
    cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(read_qr_codes(grey), std::vector<std::string>{text}) << "grey frames too";

    cv::Mat rotated;
    cv::rotate(frame, rotated, cv::ROTATE_90_CLOCKWISE);
    EXPECT_EQ(read_qr_codes(rotated), std::vector<std::string>{text}) << "turned 90 degrees";
}

TEST(QrReader, AFrameWithoutACodeGivesNothing) {
    EXPECT_TRUE(read_qr_codes(frame_with({})).empty());
    EXPECT_TRUE(read_qr_codes(cv::Mat()).empty());
    const cv::Mat white(720, 1280, CV_8UC3, kWhite);
    EXPECT_TRUE(read_qr_codes(white).empty());
}

TEST(QrReader, ReadsEveryCodeInTheFrame) {
    const std::string a = "ANJ1:RECEIPT-A-0001";
    const std::string b = "STAFF:BADGE-7731";
    const cv::Mat frame =
        frame_with({{qr_image(a, 4), cv::Point(120, 150)}, {qr_image(b, 4), cv::Point(800, 300)}});
    auto got = read_qr_codes(frame);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{a, b}));
}

}  // namespace
}  // namespace anjungan::drivers
