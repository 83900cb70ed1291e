// The kiosk's window: SDL2, an OpenGL 3.0 context and Dear ImGui's SDL2 and OpenGL3 backends,
// set up and torn down in one place, as ImGui's own example main does. Nothing of the session
// here: main.cpp drives frames, app.cpp draws them.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>

struct SDL_Window;

namespace anjungan::ui {

struct WindowOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;  // the desktop's size, no decorations
    bool vsync = true;
    bool cursor = false;  // no cursor on a touchscreen
};

class Window {
  public:
    // Opens the window and ImGui's context; nothing, with `error` saying why (no display, no
    // OpenGL 3.0), when it cannot.
    static std::unique_ptr<Window> open(const WindowOptions& options, std::string& error);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Hands the pending events to ImGui; true when the window was asked to close.
    bool poll_events();
    void new_frame();
    // Renders ImGui's draw data over `background`.
    void render(ImVec4 background);
    void swap();
    // Writes what is on screen now as a PNG (logs when it cannot).
    void screenshot(const std::filesystem::path& file) const;

    int width() const { return width_; }
    int height() const { return height_; }
    std::string video_driver() const;
    std::string renderer() const;

  private:
    Window() = default;
    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;  // SDL_GLContext
    int width_ = 0;
    int height_ = 0;
};

}  // namespace anjungan::ui
