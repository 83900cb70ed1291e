#include "anjungan/platform/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace anjungan::platform {

void init_logging(const std::string& level) {
    static auto logger = [] {
        auto l = spdlog::stderr_color_mt("anjungan");
        spdlog::set_default_logger(l);
        return l;
    }();
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
}

}  // namespace anjungan::platform
