#include "textures.hpp"

#include <SDL2/SDL_opengl.h>

#include <opencv2/imgproc.hpp>

namespace anjungan::ui {

Textures::~Textures() {
    for (auto& [key, e] : entries_) {
        glDeleteTextures(1, &e.texture);
    }
}

ImTextureID Textures::get(const cv::Mat& bgr, int max_side, std::uint64_t version) {
    if (bgr.empty() || bgr.depth() != CV_8U) {
        return nullptr;
    }
    const auto key =
        std::make_tuple(static_cast<const void*>(bgr.data), bgr.cols, bgr.rows, max_side);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.version != version) {
        glDeleteTextures(1, &it->second.texture);
        entries_.erase(it);
        it = entries_.end();
    }
    if (it == entries_.end()) {
        // On the render thread for every camera frame: a linear resize (an area resize costs four
        // times as much at 1080p) and no colour conversion; GL takes BGR as it is.
        cv::Mat img = bgr;
        const int longest = std::max(bgr.cols, bgr.rows);
        if (longest > max_side) {
            const double f = static_cast<double>(max_side) / longest;
            cv::resize(bgr, img, cv::Size(), f, f, f < 0.5 ? cv::INTER_AREA : cv::INTER_LINEAR);
        }
        if (img.channels() == 1) {
            cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
        } else if (img.channels() == 4) {
            cv::cvtColor(img, img, cv::COLOR_BGRA2BGR);
        }
        if (!img.isContinuous()) {
            img = img.clone();
        }
        Entry e;
        e.version = version;
        glGenTextures(1, &e.texture);
        glBindTexture(GL_TEXTURE_2D, e.texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, img.cols, img.rows, 0, GL_BGR, GL_UNSIGNED_BYTE,
                     img.data);
        ++uploads_;
        it = entries_.emplace(key, e).first;
    }
    it->second.used = true;
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(it->second.texture));
}

void Textures::end_frame() {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (!it->second.used) {
            glDeleteTextures(1, &it->second.texture);
            it = entries_.erase(it);
        } else {
            it->second.used = false;
            ++it;
        }
    }
}

}  // namespace anjungan::ui
