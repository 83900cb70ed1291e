#include "window.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <spdlog/spdlog.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace anjungan::ui {

std::unique_ptr<Window> Window::open(const WindowOptions& o, std::string& error) {
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");  // ours stop the loop cleanly
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        error = std::string("no display: ") + SDL_GetError() +
                " (run under xvfb-run, or set SDL_VIDEODRIVER=offscreen)";
        return nullptr;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI |
                         (o.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    std::unique_ptr<Window> w(new Window());
    w->window_ = SDL_CreateWindow("Anjungan", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  o.width, o.height, flags);
    if (w->window_ == nullptr) {
        error = std::string("cannot open a window: ") + SDL_GetError();
        return nullptr;
    }
    w->gl_ = SDL_GL_CreateContext(w->window_);
    if (w->gl_ == nullptr) {
        error = std::string("no OpenGL 3.0: ") + SDL_GetError();
        return nullptr;
    }
    SDL_GL_MakeCurrent(w->window_, w->gl_);
    SDL_GL_SetSwapInterval(o.vsync ? 1 : 0);
    SDL_ShowCursor(o.cursor ? SDL_ENABLE : SDL_DISABLE);
    SDL_GetWindowSize(w->window_, &w->width_, &w->height_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing written next to the kiosk
    io.LogFilename = nullptr;
    ImGui::StyleColorsLight();
    ImGui_ImplSDL2_InitForOpenGL(w->window_, w->gl_);
    ImGui_ImplOpenGL3_Init("#version 130");
    return w;
}

Window::~Window() {
    if (ImGui::GetCurrentContext() != nullptr) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (gl_ != nullptr) {
        SDL_GL_DeleteContext(gl_);
    }
    if (window_ != nullptr) {
        SDL_DestroyWindow(window_);
    }
    SDL_Quit();
}

bool Window::poll_events() {
    bool close = false;
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        close = close || ev.type == SDL_QUIT;
    }
    return close;
}

void Window::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
}

void Window::render(ImVec4 background) {
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x), static_cast<int>(io.DisplaySize.y));
    glClearColor(background.x, background.y, background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() {
    SDL_GL_SwapWindow(window_);
}

void Window::screenshot(const std::filesystem::path& file) const {
    cv::Mat rgb(height_, width_, CV_8UC3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, rgb.data);
    cv::Mat bgr;
    cv::flip(rgb, bgr, 0);
    cv::cvtColor(bgr, bgr, cv::COLOR_RGB2BGR);
    std::filesystem::create_directories(file.parent_path());
    if (!cv::imwrite(file.string(), bgr)) {
        spdlog::error("cannot write the screenshot {}", file.string());
    }
}

std::string Window::video_driver() const {
    const char* d = SDL_GetCurrentVideoDriver();
    return d != nullptr ? d : "";
}

std::string Window::renderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r != nullptr ? r : "";
}

}  // namespace anjungan::ui
