#include "vision_commands.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "anjungan/drivers/image_file.hpp"
#include "anjungan/kiosk/capture.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "anjungan/vision/export.hpp"

namespace anjungan::cli {

namespace {

using nlohmann::json;
constexpr int kOk = 0, kNegative = 1, kUsage = 2;
// An image the gate could not assess: what main's catch-all answered when check_capture threw.
constexpr int kNotAssessed = 3;
// rectify or export was asked to write over one of its inputs (main.cpp's usage lists it).
constexpr int kWouldOverwrite = 4;
constexpr std::size_t kKtpBudget = 300 * 1000;  // BSrE guides: KTP JPEG at most 300 KB
constexpr std::size_t kPdfBudget = 500 * 1000;  // BSrE guides: letter PDF at most 500 KB

// The image, or empty with `error` saying why (unreadable, unknown format, a size no camera
// or scanner makes: refused from the header, before decoding).
cv::Mat read_image(const std::string& path, std::string& error) {
    try {
        cv::Mat img = drivers::read_image_file(path, cv::IMREAD_COLOR);
        if (img.empty()) {
            error = path + ": cannot read the file as an image";
        }
        return img;
    } catch (const drivers::ImageFileError& e) {
        error = e.what();
        return {};
    }
}

// True (after saying so) when `output` names the same file as one of `inputs`, by any path:
// a symlink, a hard link, "./a.png" for "a.png".
bool would_overwrite_an_input(const std::vector<std::string>& inputs, const std::string& output) {
    std::error_code ec;
    for (const auto& in : inputs) {
        if (std::filesystem::equivalent(in, output, ec)) {
            std::cerr << "anjungan: the output " << output << " is the input " << in
                      << "; refusing to overwrite it (nothing was written). Give another "
                         "output file.\n";
            return true;
        }
    }
    return false;
}

json verdict_json(const std::string& file, const vision::Verdict& v, double ms, domain::Lang lang) {
    json reasons = json::array();
    for (auto r : v.reasons) {
        reasons.push_back(vision::to_code(r));
    }
    json corners = nullptr;
    if (v.corners) {
        corners = json::array();
        for (const auto& p : *v.corners) {
            corners.push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
        }
    }
    json metrics = json::object();
    for (const auto& [name, m] : v.metrics) {
        metrics[name] = {{"raw", m.raw}, {"score", std::round(m.score * 10) / 10}};
    }
    const auto first = v.first();
    return {{"file", file},
            {"kind", vision::to_code(v.kind)},
            {"ok", v.ok()},
            {"reasons", reasons},
            {"corners", corners},
            {"metrics", metrics},
            {"guidance",
             first ? kiosk::guidance(v.kind, *first, lang) : kiosk::guidance_ok(v.kind, lang)},
            {"ms", std::round(ms * 100) / 100}};
}

}  // namespace

int run_check(const platform::Config& config, domain::Lang lang, const VisionArgs& a) {
    const auto kind = vision::kind_from_code(a.kind);
    const auto t = kiosk::vision_thresholds(config);
    std::unique_ptr<vision::FaceModel> faces;
    if (kind == vision::Kind::kSelfie) {
        faces = kiosk::load_face_model(config.face_models_dir);
    }
    bool all_ok = true;
    for (const auto& file : a.files) {
        std::string error;
        const cv::Mat img = read_image(file, error);
        if (img.empty()) {
            all_ok = false;
            if (a.as_json) {
                std::cout << json{{"file", file},
                                  {"kind", a.kind},
                                  {"ok", false},
                                  {"error", error},
                                  {"reasons", json::array()},
                                  {"corners", nullptr},
                                  {"metrics", json::object()},
                                  {"ms", 0.0}}
                                 .dump()
                          << "\n";
            } else {
                std::cout << file << ": "
                          << (lang == domain::Lang::kId ? "tidak terbaca sebagai gambar"
                                                        : "cannot be read as an image")
                          << " (" << error << ")\n";
            }
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        const vision::Verdict v = vision::check_capture(*kind, img, t, faces.get());
        if (!v.assessed && v.reasons.empty()) {
            // check_capture used to throw here (an OpenCV error): the same message, the same
            // exit status, and no further files, as when main caught it.
            std::cerr << "anjungan: " << v.not_assessed_reason << "\n";
            return kNotAssessed;
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        all_ok = all_ok && v.ok();
        const json j = verdict_json(file, v, ms, lang);
        if (a.as_json) {
            std::cout << j.dump() << "\n";
        } else {
            std::cout << file << ": " << (v.ok() ? "OK" : "FAIL");
            for (const auto& r : j["reasons"]) {
                std::cout << " " << r.get<std::string>();
            }
            std::cout << "  (" << j["guidance"].get<std::string>() << ")\n";
            for (const auto& [name, m] : j["metrics"].items()) {
                std::printf("  %-18s raw %10.4f  score %5.1f\n", name.c_str(),
                            m["raw"].get<double>(), m["score"].get<double>());
            }
        }
    }
    return all_ok ? kOk : kNegative;
}

namespace {

// Finds and rectifies the document in `file`; reports and returns empty when it cannot.
cv::Mat rectified(vision::Kind kind, const std::string& file, const vision::Thresholds& t) {
    std::string error;
    const cv::Mat img = read_image(file, error);
    if (img.empty()) {
        std::cerr << "anjungan: " << error << "\n";
        return {};
    }
    const auto corners = vision::find_document(kind, img, t);
    if (!corners) {
        std::cerr << "anjungan: " << file << ": no " << vision::to_code(kind)
                  << " found in the image\n";
        return {};
    }
    return vision::rectify(kind, img, *corners);
}

void write_bytes(const std::string& path, const vision::Bytes& data) {
    platform::write_file_durably(path, data, 0644);
}

}  // namespace

int run_rectify(const platform::Config& config, const VisionArgs& a) {
    const auto kind = *vision::kind_from_code(a.kind);
    if (kind == vision::Kind::kSelfie || a.files.size() != 2) {
        std::cerr << "anjungan: rectify --kind ktp|sk|letter IN OUT\n";
        return kUsage;
    }
    if (would_overwrite_an_input({a.files[0]}, a.files[1])) {
        return kWouldOverwrite;
    }
    const cv::Mat out = rectified(kind, a.files[0], kiosk::vision_thresholds(config));
    if (out.empty()) {
        return kNegative;
    }
    std::vector<std::uint8_t> encoded;
    const std::string ext = std::filesystem::path(a.files[1]).extension().string();
    try {
        if (ext.empty() || !cv::imencode(ext, out, encoded)) {
            encoded.clear();
        }
    } catch (const cv::Exception&) {
        encoded.clear();
    }
    if (encoded.empty()) {
        std::cerr << "anjungan: cannot write " << a.files[1] << " (use .png or .jpg)\n";
        return kNegative;
    }
    try {
        write_bytes(a.files[1], encoded);
    } catch (const platform::FileError& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kNegative;
    }
    std::cout << a.files[1] << ": " << out.cols << " x " << out.rows << " px\n";
    return kOk;
}

int run_export(const platform::Config& config, const VisionArgs& a) {
    const auto kind = *vision::kind_from_code(a.kind);
    if (a.files.size() < 2) {
        std::cerr << "anjungan: export --kind KIND IN... OUT\n";
        return kUsage;
    }
    const std::vector<std::string> inputs(a.files.begin(), a.files.end() - 1);
    const std::string& output = a.files.back();
    if (would_overwrite_an_input(inputs, output)) {
        return kWouldOverwrite;
    }
    const auto t = kiosk::vision_thresholds(config);
    try {
        if (kind == vision::Kind::kSk || kind == vision::Kind::kLetter) {
            std::vector<cv::Mat> pages;
            for (const auto& in : inputs) {
                cv::Mat page = rectified(kind, in, t);
                if (page.empty()) {
                    return kNegative;
                }
                pages.push_back(std::move(page));
            }
            const auto pdf = vision::encode_pdf_within(pages, 200, kPdfBudget);
            write_bytes(output, pdf.data);
            std::cout << output << ": PDF, " << pages.size() << " page(s), " << pdf.data.size()
                      << " bytes, JPEG quality " << pdf.quality << ", scale " << pdf.scale << "\n";
            return kOk;
        }
        if (inputs.size() != 1) {
            std::cerr << "anjungan: export --kind " << a.kind << " takes one image\n";
            return kUsage;
        }
        std::string error;
        const cv::Mat img = kind == vision::Kind::kKtp ? rectified(kind, inputs[0], t)
                                                       : read_image(inputs[0], error);
        if (!error.empty()) {
            std::cerr << "anjungan: " << error << "\n";
        }
        if (img.empty()) {
            std::cerr << "anjungan: nothing to export from " << inputs[0] << "\n";
            return kNegative;
        }
        const auto jpeg = vision::encode_jpeg_within(img, kKtpBudget);
        write_bytes(output, jpeg.data);
        std::cout << output << ": JPEG, " << jpeg.data.size() << " bytes, quality " << jpeg.quality
                  << ", scale " << jpeg.scale << "\n";
        return kOk;
    } catch (const vision::ExportError& e) {
        std::cerr << "anjungan: export: " << e.what() << "\n";
        return kNegative;
    } catch (const platform::FileError& e) {
        std::cerr << "anjungan: export: " << e.what() << "\n";
        return kNegative;
    }
}

}  // namespace anjungan::cli
