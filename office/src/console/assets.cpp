// The console's compiled-in files (office/console/embed.cmake) and the mustache rendering.
#include <cstdlib>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <map>
#include <sstream>
#include <stdexcept>

#include "console.hpp"

namespace anjungan::office::console {

namespace embedded {
struct File {
    const char* name;
    const unsigned char* data;
    std::size_t size;
};
extern const File kFiles[];
}  // namespace embedded

std::optional<std::string> asset(std::string_view name) {
    if (const char* dir = std::getenv("ANJUNGAN_CONSOLE_ASSETS"); dir && *dir) {
        if (name.find("..") != std::string_view::npos) {
            return std::nullopt;
        }
        std::ifstream in(std::string(dir) + "/" + std::string(name), std::ios::binary);
        if (!in) {
            return std::nullopt;
        }
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    for (const auto* f = embedded::kFiles; f->name; ++f) {
        if (name == f->name) {
            return std::string(reinterpret_cast<const char*>(f->data), f->size);
        }
    }
    return std::nullopt;
}

namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

data to_data(const json& j) {
    switch (j.type()) {
        case json::value_t::object: {
            data d{data::type::object};
            for (const auto& [k, v] : j.items()) {
                d.set(k, to_data(v));
            }
            return d;
        }
        case json::value_t::array: {
            data d{data::type::list};
            for (const auto& v : j) {
                d.push_back(to_data(v));
            }
            return d;
        }
        case json::value_t::string:
            // An empty text is false, so {{#error}}...{{/error}} shows nothing for "".
            return j.get_ref<const std::string&>().empty() ? data{false}
                                                           : data{j.get<std::string>()};
        case json::value_t::boolean:
            return data{j.get<bool>()};
        case json::value_t::null:
            return data{false};
        default:
            return data{j.dump()};
    }
}

// Parsed templates, per thread (a kainjow template is not shared between renders at once).
mustache& parsed(std::string_view name) {
    thread_local std::map<std::string, mustache, std::less<>> cache;
    const bool from_disk = std::getenv("ANJUNGAN_CONSOLE_ASSETS") != nullptr;
    auto it = cache.find(name);
    if (it == cache.end() || from_disk) {
        const std::string file = "templates/" + std::string(name) + ".mustache";
        const auto source = asset(file);
        if (!source) {
            throw std::logic_error("console: no template " + file);
        }
        mustache m{*source};
        if (!m.is_valid()) {
            throw std::logic_error("console: " + file + ": " + m.error_message());
        }
        cache.erase(std::string(name));
        it = cache.emplace(std::string(name), std::move(m)).first;
    }
    return it->second;
}

}  // namespace

std::string render(std::string_view name, const json& model) {
    auto& m = parsed(name);
    std::string out = m.render(to_data(model));
    if (!m.is_valid()) {
        throw std::logic_error("console: templates/" + std::string(name) + ": " +
                               m.error_message());
    }
    return out;
}

}  // namespace anjungan::office::console
