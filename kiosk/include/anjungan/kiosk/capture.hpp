// The kiosk's side of the quality gate: thresholds from the configuration, the face model from
// Debian's opencv-data, and what to tell the person for each reason, in Indonesian and English.
#pragma once

#include <memory>
#include <string_view>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/vision/gate.hpp"

namespace anjungan::kiosk {

// The defaults of vision/thresholds.hpp with the [vision] overrides applied. Throws
// platform::ConfigError naming "vision.<name>" for an unknown name.
vision::Thresholds vision_thresholds(const platform::Config& config);

// Reads the frontal-face and eye Haar cascades from `dir` (opencv-data's folder). Throws
// std::runtime_error naming the missing file and the package that ships it.
std::unique_ptr<vision::FaceModel> load_face_model(const std::filesystem::path& dir);

// A short instruction for the person at the kiosk, for the reason to fix first.
std::string_view guidance(vision::Kind kind, vision::Reason reason, domain::Lang lang);
// What to say when everything is fine ("hold still ...").
std::string_view guidance_ok(vision::Kind kind, domain::Lang lang);

}  // namespace anjungan::kiosk
