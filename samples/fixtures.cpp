#include "fixtures.hpp"

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>
#include <stdexcept>

namespace anjungan::test {

using vision::Kind;
using vision::Quad;
using vision::Reason;

std::string opencv_samples_dir() {
    return "/usr/share/doc/opencv-doc/examples/data";
}
std::string skimage_data_dir() {
    return "/usr/lib/python3/dist-packages/skimage/data";
}

namespace {

cv::Mat load(const std::string& path) {
    cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);
    if (m.empty()) {
        throw std::runtime_error("fixture image missing: " + path +
                                 " (install opencv-doc and python3-skimage)");
    }
    return m;
}

// Real textures for the surface the document lies on.
const std::vector<cv::Mat>& textures() {
    static const std::vector<cv::Mat> t = [] {
        std::vector<cv::Mat> out;
        for (const char* f :
             {"building.jpg", "board.jpg", "fruits.jpg", "home.jpg", "baboon.jpg"}) {
            out.push_back(load(opencv_samples_dir() + "/" + f));
        }
        for (const char* f : {"brick.png", "grass.png", "gravel.png", "coffee.png"}) {
            out.push_back(load(skimage_data_dir() + "/" + f));
        }
        return out;
    }();
    return t;
}

// A background of `size` from texture `seed`, darkened a little (a kiosk's tray is dark).
cv::Mat background(cv::Size size, unsigned seed, double gain = 0.6) {
    const cv::Mat& tex = textures()[seed % textures().size()];
    cv::Mat bg;
    cv::resize(tex, bg, size, 0, 0, cv::INTER_LINEAR);
    bg.convertTo(bg, -1, gain, 0);
    return bg;
}

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale, int thick = 2,
          cv::Scalar colour = {30, 30, 30}) {
    cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, colour, thick, cv::LINE_AA);
}

// Places `doc` into `frame` at `quad` (perspective warp), with rounded corners when asked.
void place(cv::Mat& frame, const cv::Mat& doc, const Quad& quad, int corner_radius) {
    const cv::Point2f src[4] = {{0, 0},
                                {static_cast<float>(doc.cols), 0},
                                {static_cast<float>(doc.cols), static_cast<float>(doc.rows)},
                                {0, static_cast<float>(doc.rows)}};
    const cv::Mat m = cv::getPerspectiveTransform(src, quad.data());
    cv::Mat mask(doc.size(), CV_8U, cv::Scalar(255));
    if (corner_radius > 0) {
        mask.setTo(0);
        const int r = corner_radius;
        cv::rectangle(mask, cv::Rect(r, 0, doc.cols - 2 * r, doc.rows), 255, cv::FILLED);
        cv::rectangle(mask, cv::Rect(0, r, doc.cols, doc.rows - 2 * r), 255, cv::FILLED);
        for (auto c : {cv::Point(r, r), cv::Point(doc.cols - r, r), cv::Point(r, doc.rows - r),
                       cv::Point(doc.cols - r, doc.rows - r)}) {
            cv::circle(mask, c, r, 255, cv::FILLED, cv::LINE_AA);
        }
    }
    cv::Mat warped, warped_mask;
    cv::warpPerspective(doc, warped, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    cv::warpPerspective(mask, warped_mask, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    warped.copyTo(frame, warped_mask > 128);
}

// A quad of a document `w` x `h` (long side `long_px`) centred at `c`, turned by `angle`
// degrees, with a little perspective.
Quad quad_at(cv::Point2f c, double long_px, double aspect, double angle, double tilt) {
    const double w = long_px, h = long_px / aspect;
    const double a = angle * CV_PI / 180;
    const cv::Point2f corners[4] = {
        {static_cast<float>(-w / 2 * (1 - tilt)), static_cast<float>(-h / 2)},
        {static_cast<float>(w / 2 * (1 - tilt)), static_cast<float>(-h / 2)},
        {static_cast<float>(w / 2), static_cast<float>(h / 2)},
        {static_cast<float>(-w / 2), static_cast<float>(h / 2)}};
    Quad q;
    for (int i = 0; i < 4; ++i) {
        const auto& p = corners[i];
        q[static_cast<std::size_t>(i)] = {
            static_cast<float>(c.x + p.x * std::cos(a) - p.y * std::sin(a)),
            static_cast<float>(c.y + p.x * std::sin(a) + p.y * std::cos(a))};
    }
    return q;
}

void add_glare(cv::Mat& frame, cv::Point2f centre, double radius) {
    cv::Mat spot(frame.size(), CV_32F, cv::Scalar(0));
    cv::circle(spot, centre, static_cast<int>(radius), 1.0, cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(spot, spot, cv::Size(0, 0), radius / 4);
    cv::Mat f;
    frame.convertTo(f, CV_32FC3);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (auto& c : ch) {
        c = c + spot * 400.0f;
    }
    cv::merge(ch, f);
    f.convertTo(frame, CV_8UC3);
}

}  // namespace

cv::Mat synthetic_ktp(unsigned seed) {
    std::mt19937 rng(seed);
    cv::Mat card(638, 1011, CV_8UC3);
    // Light blue with a soft vertical gradient and a fine guilloche-like pattern.
    for (int y = 0; y < card.rows; ++y) {
        const double g = static_cast<double>(y) / card.rows;
        card.row(y).setTo(cv::Scalar(235 - 15 * g, 205 - 10 * g, 160 - 10 * g));
    }
    for (int i = 0; i < 40; ++i) {
        cv::ellipse(card, cv::Point(505, 319), cv::Size(60 + i * 12, 30 + i * 7), i * 4.5, 0, 360,
                    cv::Scalar(225, 200, 170), 1, cv::LINE_AA);
    }
    text(card, "PROVINSI KALIMANTAN TENGAH", {250, 50}, 1.0, 2);
    text(card, "KOTA PALANGKA RAYA", {330, 92}, 0.95, 2);
    text(card,
         "NIK : 62710" + std::to_string(10000000000ULL + rng() % 89999999999ULL).substr(0, 11),
         {30, 160}, 1.25, 3);
    const char* labels[] = {
        "Nama",  "Tempat/Tgl Lahir",  "Jenis Kelamin", "Alamat", "RT/RW", "Kel/Desa", "Kecamatan",
        "Agama", "Status Perkawinan", "Pekerjaan"};
    const char* values[] = {"SITI RAHMAWATI", "PALANGKA RAYA, 05-08-1990",
                            "PEREMPUAN",      "JL. TJILIK RIWUT KM 5",
                            "003/012",        "BUKIT TUNGGAL",
                            "JEKAN RAYA",     "ISLAM",
                            "KAWIN",          "PEGAWAI NEGERI SIPIL"};
    for (int i = 0; i < 10; ++i) {
        text(card, labels[i], {30, 205 + i * 38}, 0.62, 1);
        text(card, std::string(": ") + values[i], {260, 205 + i * 38}, 0.62, 2);
    }
    // The photo: a red background with a head-and-shoulders silhouette.
    const cv::Rect photo(760, 140, 210, 270);
    card(photo).setTo(cv::Scalar(60, 60, 200));
    cv::ellipse(card, cv::Point(865, 240), cv::Size(55, 70), 0, 0, 360, cv::Scalar(120, 150, 190),
                cv::FILLED);
    cv::ellipse(card, cv::Point(865, 420), cv::Size(100, 90), 0, 180, 360, cv::Scalar(90, 90, 90),
                cv::FILLED);
    text(card, "PALANGKA RAYA", {775, 460}, 0.6, 1);
    text(card, "05-08-2017", {800, 490}, 0.6, 1);
    return card;
}

cv::Mat synthetic_page(unsigned seed) {
    std::mt19937 rng(seed);
    cv::Mat page(2339, 1654, CV_8UC3, cv::Scalar(246, 248, 250));
    text(page, "PEMERINTAH KOTA PALANGKA RAYA", {330, 200}, 1.8, 4);
    text(page, "KEPUTUSAN WALI KOTA PALANGKA RAYA", {300, 290}, 1.5, 3);
    text(page, "NOMOR : 800/" + std::to_string(100 + rng() % 800) + "/BKPSDM/2026", {420, 360}, 1.2,
         2);
    const char* words[] = {"menimbang",  "bahwa",       "dalam",       "rangka",     "pegawai",
                           "negeri",     "sipil",       "jabatan",     "fungsional", "pada",
                           "dinas",      "komunikasi",  "informatika", "statistik",  "persandian",
                           "ditetapkan", "sebagaimana", "dimaksud"};
    for (int line = 0; line < 44; ++line) {
        std::string s;
        while (s.size() < 62) {
            s += std::string(words[rng() % 18]) + " ";
        }
        text(page, s, {170, 480 + line * 38}, 0.95, 2);
    }
    text(page, "WALI KOTA PALANGKA RAYA", {1000, 2250}, 1.0, 2);
    return page;
}

namespace {

struct KtpCase {
    const char* name;
    std::optional<Reason> reason;
};

Fixture ktp_fixture(const KtpCase& c, int i) {
    const unsigned seed = static_cast<unsigned>(i * 7919 + 13);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    const cv::Size size(1920, 1080);  // a 1080p still: the capture path's input
    Fixture f;
    f.name = std::string("ktp/") + c.name + "/" + std::to_string(i);
    f.kind = Kind::kKtp;
    f.expected = c.reason;
    cv::Mat frame = background(size, seed);
    cv::Mat card = synthetic_ktp(seed);
    const std::string what = c.name;
    if (what == "greyscale") {
        cv::Mat g;
        cv::cvtColor(card, g, cv::COLOR_BGR2GRAY);
        cv::cvtColor(g, card, cv::COLOR_GRAY2BGR);
    }
    double long_px = 1000 + 350 * u(rng);
    if (what == "too_small") {
        long_px = 500 + 280 * u(rng);
    }
    cv::Point2f centre(static_cast<float>(960 + 120 * (u(rng) - 0.5)),
                       static_cast<float>(540 + 80 * (u(rng) - 0.5)));
    const double angle = 8 * (u(rng) - 0.5);
    const double tilt = 0.06 * u(rng);
    if (what == "cropped") {
        centre.x = static_cast<float>(u(rng) < 0.5 ? 960 - long_px * 0.55 : 960 + long_px * 0.55);
    }
    const Quad q = quad_at(centre, long_px, 85.6 / 54.0, angle, tilt);
    if (what != "not_found") {
        place(frame, card, q, 28);
        if (what != "cropped") {
            f.truth = q;
        }
    }
    if (what == "glare") {
        // Over the text zone (the left part of the card), as a ceiling light on laminate does.
        const cv::Point2f at = q[0] * 0.55f + q[2] * 0.25f + q[3] * 0.2f;
        add_glare(frame, at, 45 + 30 * u(rng));
    } else if (what == "blur") {
        cv::GaussianBlur(frame, frame, cv::Size(0, 0), 2.6 + 2 * u(rng));
    } else if (what == "too_dark") {
        frame.convertTo(frame, -1, 0.22 + 0.08 * u(rng), 0);
    } else if (what == "too_bright") {
        frame.convertTo(frame, -1, 0.55, 150 + 40 * u(rng));
    }
    // Sensor noise, as on every real camera frame.
    cv::Mat noise(frame.size(), CV_16SC3);
    cv::randn(noise, 0, 3);
    cv::Mat f16;
    frame.convertTo(f16, CV_16SC3);
    f16 += noise;
    f16.convertTo(f.image, CV_8UC3);
    return f;
}

Fixture page_fixture(Kind kind, const std::string& what, std::optional<Reason> reason, int i) {
    const unsigned seed = static_cast<unsigned>(i * 104729 + 7);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    Fixture f;
    f.name = std::string(vision::to_code(kind)) + "/" + what + "/" + std::to_string(i);
    f.kind = kind;
    f.expected = reason;
    cv::Mat page = synthetic_page(seed);
    const bool photo = what == "photo" || what == "cropped" || what == "not_found";
    if (!photo) {
        // A flatbed scan: the page is the image, at the scan's resolution.
        double dpi = 200 + 100 * u(rng);
        if (what == "low_resolution") {
            dpi = 90 + 40 * u(rng);
        }
        const double s = dpi / 200.0;
        cv::resize(page, f.image, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (what == "blur") {
            cv::GaussianBlur(f.image, f.image, cv::Size(0, 0), 2.5 * s + 1.5 * u(rng));
        } else if (what == "too_dark") {
            f.image.convertTo(f.image, -1, 0.35 + 0.15 * u(rng), 0);
        } else if (what == "too_bright") {
            f.image.convertTo(f.image, -1, 0.2, 200 + 20 * u(rng));
        }
        const float w = static_cast<float>(f.image.cols - 1),
                    h = static_cast<float>(f.image.rows - 1);
        f.truth = Quad{cv::Point2f(0, 0), {w, 0}, {w, h}, {0, h}};
        return f;
    }
    // A high-resolution still (4000 x 3000 is a phone's 12 MP) of the page on a desk.
    const cv::Size size(3000, 4000);
    cv::Mat frame = background(size, seed, 0.45);
    const double long_px = 3300 + 400 * u(rng);
    cv::Point2f centre(static_cast<float>(1500 + 100 * (u(rng) - 0.5)),
                       static_cast<float>(2000 + 100 * (u(rng) - 0.5)));
    if (what == "cropped") {
        centre.y += static_cast<float>(long_px * 0.3);
    }
    const Quad q = quad_at(centre, long_px, 297.0 / 210.0, 90 + 6 * (u(rng) - 0.5), 0.04 * u(rng));
    if (what != "not_found") {
        place(frame, page, q, 0);
        if (what == "photo") {
            f.truth = q;
        }
    }
    f.image = frame;
    return f;
}

Fixture selfie_fixture(const std::string& what, std::optional<Reason> reason, int i) {
    const unsigned seed = static_cast<unsigned>(i * 6151 + 3);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    static const cv::Mat astronaut = load(skimage_data_dir() + "/astronaut.png");
    // The astronaut's face spans about x 175..275, y 60..165 of the 512 x 512 photo.
    const cv::Rect face_in_photo(175, 60, 100, 105);
    const cv::Size size(1280, 720);
    Fixture f;
    f.name = "selfie/" + what + "/" + std::to_string(i);
    f.kind = Kind::kSelfie;
    f.expected = reason;
    cv::Mat frame = background(size, seed, 0.8);
    auto put = [&](double face_width_share, cv::Point2f face_centre) {
        const double s = face_width_share * size.width / face_in_photo.width;
        cv::Mat photo;
        cv::resize(astronaut, photo, cv::Size(), s, s, cv::INTER_AREA);
        const double fcx = (face_in_photo.x + face_in_photo.width / 2.0) * s;
        const double fcy = (face_in_photo.y + face_in_photo.height / 2.0) * s;
        const cv::Point origin(
            static_cast<int>(static_cast<double>(face_centre.x) * size.width - fcx),
            static_cast<int>(static_cast<double>(face_centre.y) * size.height - fcy));
        const cv::Rect dst =
            cv::Rect(origin, photo.size()) & cv::Rect(0, 0, size.width, size.height);
        photo(cv::Rect(dst.tl() - origin, dst.size())).copyTo(frame(dst));
    };
    const double w = 0.26 + 0.08 * u(rng);
    const cv::Point2f centred(static_cast<float>(0.5 + 0.06 * (u(rng) - 0.5)),
                              static_cast<float>(0.45 + 0.08 * (u(rng) - 0.5)));
    if (what == "good" || what == "blur" || what == "too_dark" || what == "too_bright") {
        put(w, centred);
    } else if (what == "face_too_small") {
        put(0.09 + 0.04 * u(rng), centred);
    } else if (what == "face_off_centre") {
        put(0.2, {static_cast<float>(u(rng) < 0.5 ? 0.18 : 0.82), static_cast<float>(0.45)});
    } else if (what == "multiple_faces") {
        put(0.19, {0.28f, 0.45f});
        put(0.19, {0.72f, 0.45f});
    }
    if (what == "blur") {
        cv::GaussianBlur(frame, frame, cv::Size(0, 0), 5 + 3 * u(rng));
    } else if (what == "too_dark") {
        frame.convertTo(frame, -1, 0.25 + 0.07 * u(rng), 0);
    } else if (what == "too_bright") {
        frame.convertTo(frame, -1, 0.4, 175 + 25 * u(rng));
    }
    f.image = frame;
    return f;
}

}  // namespace

std::vector<Fixture> labelled_set(int per_case) {
    std::vector<Fixture> out;
    const KtpCase ktp_cases[] = {
        {"good", std::nullopt},           {"not_found", Reason::kNotFound},
        {"cropped", Reason::kCropped},    {"too_small", Reason::kTooSmall},
        {"blur", Reason::kBlur},          {"glare", Reason::kGlare},
        {"too_dark", Reason::kTooDark},   {"too_bright", Reason::kTooBright},
        {"greyscale", Reason::kGreyscale}};
    for (const auto& c : ktp_cases) {
        for (int i = 0; i < per_case + (c.reason ? 0 : per_case); ++i) {
            out.push_back(ktp_fixture(c, i));
        }
    }
    const std::pair<const char*, std::optional<Reason>> page_cases[] = {
        {"scan", std::nullopt},
        {"photo", std::nullopt},
        {"low_resolution", Reason::kLowResolution},
        {"blur", Reason::kBlur},
        {"too_dark", Reason::kTooDark},
        {"too_bright", Reason::kTooBright},
        {"cropped", Reason::kCropped},
        {"not_found", Reason::kNotFound}};
    for (const auto& [what, reason] : page_cases) {
        for (int i = 0; i < (per_case + 1) / 2; ++i) {
            out.push_back(page_fixture(i % 2 ? Kind::kLetter : Kind::kSk, what, reason, i));
        }
    }
    const std::pair<const char*, std::optional<Reason>> selfie_cases[] = {
        {"good", std::nullopt},
        {"no_face", Reason::kNoFace},
        {"multiple_faces", Reason::kMultipleFaces},
        {"face_too_small", Reason::kFaceTooSmall},
        {"face_off_centre", Reason::kFaceOffCentre},
        {"blur", Reason::kBlur},
        {"too_dark", Reason::kTooDark},
        {"too_bright", Reason::kTooBright}};
    for (const auto& [what, reason] : selfie_cases) {
        for (int i = 0; i < per_case; ++i) {
            out.push_back(selfie_fixture(what, reason, i));
        }
    }
    // Real photos with known defects.
    for (const char* f : {"text_defocus.jpg", "text_motion.jpg"}) {
        Fixture real;
        real.name = std::string("real/") + f;
        real.kind = Kind::kLetter;
        real.image = load(opencv_samples_dir() + "/" + f);
        real.expected = Reason::kBlur;  // defocused and motion-blurred text
        out.push_back(real);
    }
    return out;
}

const vision::FaceModel& face_model() {
    auto text = [](const std::string& path) {
        std::ifstream in(path);
        if (!in) {
            throw std::runtime_error("face model missing: " + path + " (install opencv-data)");
        }
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    static const vision::FaceModel m(
        text(ANJUNGAN_OPENCV_DATA_DIR "/haarcascades/haarcascade_frontalface_alt2.xml"),
        text(ANJUNGAN_OPENCV_DATA_DIR "/haarcascades/haarcascade_eye_tree_eyeglasses.xml"));
    return m;
}

cv::Mat ktp_frame(cv::Size size, unsigned seed) {
    Fixture f = ktp_fixture({"good", std::nullopt}, static_cast<int>(seed));
    cv::Mat out;
    cv::resize(f.image, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

cv::Mat selfie_frame(cv::Size size, unsigned seed) {
    Fixture f = selfie_fixture("good", std::nullopt, static_cast<int>(seed));
    cv::Mat out;
    cv::resize(f.image, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

}  // namespace anjungan::test
