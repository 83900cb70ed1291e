// OpenCV images as OpenGL textures for ImGui: the camera preview and capture thumbnails.
// A texture is kept while its image is drawn; one not drawn in a frame is released.
#pragma once

#include <imgui.h>

#include <map>
#include <opencv2/core.hpp>
#include <tuple>

namespace anjungan::ui {

class Textures {
  public:
    Textures() = default;
    ~Textures();
    Textures(const Textures&) = delete;
    Textures& operator=(const Textures&) = delete;

    // The texture of `bgr` (8-bit, 1 or 3 channels), scaled down to at most `max_side` pixels
    // on its longer side; uploaded again only when `version` changes (a camera may hand out a
    // new frame in the same buffer). Null for an empty image.
    ImTextureID get(const cv::Mat& bgr, int max_side, std::uint64_t version = 0);
    // Releases what was not drawn since the last call.
    void end_frame();
    std::size_t uploads() const { return uploads_; }

  private:
    struct Entry {
        unsigned texture = 0;
        std::uint64_t version = 0;
        bool used = false;
    };
    // Keyed by the image's buffer and shape: the camera gives a new buffer for a new frame.
    std::map<std::tuple<const void*, int, int, int>, Entry> entries_;
    std::size_t uploads_ = 0;
};

}  // namespace anjungan::ui
