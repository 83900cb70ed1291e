#include "anjungan/kiosk/capture.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace anjungan::kiosk {

using vision::Kind;
using vision::Reason;

vision::Thresholds vision_thresholds(const platform::Config& config) {
    vision::Thresholds t;
    for (const auto& [name, value] : config.vision_thresholds) {
        if (!vision::set_threshold(t, name, value)) {
            std::string known;
            for (const auto& n : vision::threshold_names()) {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw platform::ConfigError(config.source, "vision." + name,
                                        "unknown threshold (known: " + known + ")");
        }
    }
    return t;
}

std::unique_ptr<vision::FaceModel> load_face_model(const std::filesystem::path& dir) {
    auto read = [&](const char* name) {
        const auto path = dir / name;
        std::ifstream in(path);
        if (!in) {
            throw std::runtime_error("face model " + path.string() +
                                     " is missing (Debian package opencv-data)");
        }
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    return std::make_unique<vision::FaceModel>(
        read("haarcascades/haarcascade_frontalface_alt2.xml"),
        read("haarcascades/haarcascade_eye_tree_eyeglasses.xml"));
}

std::string_view guidance(Kind kind, Reason reason, domain::Lang lang) {
    const bool id = lang == domain::Lang::kId;
    const bool card = kind == Kind::kKtp;
    switch (reason) {
        case Reason::kNotFound:
            return card ? (id ? "Letakkan KTP di dalam bingkai."
                              : "Place your KTP inside the frame.")
                        : (id ? "Letakkan halaman dokumen di dalam bingkai."
                              : "Place the document page inside the frame.");
        case Reason::kCropped:
            return id ? "Sebagian dokumen keluar dari bingkai; geser ke tengah."
                      : "Part of the document is outside the frame; move it to the middle.";
        case Reason::kTooSmall:
            return id ? "Dekatkan KTP ke kamera." : "Bring the KTP closer to the camera.";
        case Reason::kLowResolution:
            return id ? "Resolusi terlalu rendah; pindai dengan 200 dpi atau lebih."
                      : "The resolution is too low; scan at 200 dpi or more.";
        case Reason::kNoFace:
            return id ? "Hadapkan wajah Anda ke kamera." : "Face the camera.";
        case Reason::kMultipleFaces:
            return id ? "Hanya satu orang di depan kamera."
                      : "Only one person in front of the camera.";
        case Reason::kFaceTooSmall:
            return id ? "Mendekatlah ke kamera." : "Come closer to the camera.";
        case Reason::kFaceOffCentre:
            return id ? "Posisikan wajah di tengah bingkai."
                      : "Put your face in the middle of the frame.";
        case Reason::kTooDark:
            return id ? "Terlalu gelap; pindah ke tempat yang lebih terang."
                      : "Too dark; move to a brighter spot.";
        case Reason::kTooBright:
            return id ? "Terlalu terang; hindari cahaya langsung."
                      : "Too bright; avoid direct light.";
        case Reason::kGlare:
            return id ? "Ada pantulan cahaya; miringkan KTP sedikit."
                      : "There is a reflection; tilt the KTP slightly.";
        case Reason::kBlur:
            return id ? "Gambar buram; tahan tetap diam." : "The image is blurred; hold still.";
        case Reason::kGreyscale:
            return id ? "Gunakan KTP asli berwarna, bukan fotokopi."
                      : "Use the original colour KTP, not a photocopy.";
    }
    return "";
}

std::string_view guidance_ok(Kind kind, domain::Lang lang) {
    const bool id = lang == domain::Lang::kId;
    return kind == Kind::kSelfie ? (id ? "Bagus, tetap diam..." : "Good, hold still...")
                                 : (id ? "Bagus, tahan sebentar..." : "Good, hold it there...");
}

}  // namespace anjungan::kiosk
