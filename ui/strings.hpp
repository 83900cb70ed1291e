// The string catalogue (strings.inc): screens name a string, never write it.
#pragma once

#include <cstddef>
#include <string_view>

#include "anjungan/domain/problem.hpp"

namespace anjungan::ui {

enum class S {
#define X(name, id, en) name,
#include "strings.inc"
#undef X
    kCount_
};

struct CatalogueEntry {
    std::string_view name;  // "kNext": for tests and diagnostics
    std::string_view id;
    std::string_view en;
};

// The text of `s` in `lang`; printf-style placeholders stay for the caller.
const char* tr(S s, domain::Lang lang);
const CatalogueEntry& catalogue_entry(S s);
constexpr std::size_t catalogue_size() {
    return static_cast<std::size_t>(S::kCount_);
}

}  // namespace anjungan::ui
