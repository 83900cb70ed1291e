// Sample inputs for the simulated camera and scanner: the demo kiosk and the autopilot's
// tests play them. The folder layout is the one `--camera-dir` and `--scanner-dir` read.
#pragma once

#include <filesystem>
#include <string>

namespace anjungan::test {

struct DemoInputs {
    std::filesystem::path camera;   // ktp/, selfie/
    std::filesystem::path scanner;  // sk/, letter/
};

enum class DemoQuality {
    kGood,       // every capture passes the quality gate
    kBlurryKtp,  // the KTP is out of focus: the gate refuses it, the rest is good
};

// Writes the inputs under `dir` (camera/ and scanner/) unless they are there already: a 1080p
// camera frame of a KTP on a desk, a 720p selfie frame, two SK pages and a one-page letter
// (200 dpi). Throws std::runtime_error naming the missing Debian package when the real
// textures or the face photo are not installed (opencv-doc, python3-skimage).
DemoInputs write_demo_inputs(const std::filesystem::path& dir,
                             DemoQuality quality = DemoQuality::kGood);

}  // namespace anjungan::test
