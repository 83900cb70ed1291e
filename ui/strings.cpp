#include "strings.hpp"

#include <array>

namespace anjungan::ui {

namespace {

// The literals are kept NUL-terminated (string literals) so tr() can hand them to ImGui.
struct Literal {
    const char* name;
    const char* id;
    const char* en;
};

constexpr std::array<Literal, catalogue_size()> kTable{{
#define X(name, id, en) {#name, id, en},
#include "strings.inc"
#undef X
}};

}  // namespace

const char* tr(S s, domain::Lang lang) {
    const auto& e = kTable[static_cast<std::size_t>(s)];
    return lang == domain::Lang::kEn ? e.en : e.id;
}

const CatalogueEntry& catalogue_entry(S s) {
    static const auto entries = [] {
        std::array<CatalogueEntry, catalogue_size()> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = {kTable[i].name, kTable[i].id, kTable[i].en};
        }
        return out;
    }();
    return entries[static_cast<std::size_t>(s)];
}

}  // namespace anjungan::ui
