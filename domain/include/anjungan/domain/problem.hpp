// The result of checking one value: every problem found (not only the first), each with a
// stable code that UIs, scripts and tests rely on, and a message in Indonesian and English.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace anjungan::domain {

enum class Lang { kId, kEn };

struct Problem {
    std::string code;        // stable, e.g. "nik.length"; never reworded
    std::string message_id;  // Bahasa Indonesia
    std::string message_en;  // English
    const std::string& message(Lang lang) const {
        return lang == Lang::kId ? message_id : message_en;
    }
};

struct Validation {
    std::string normalized;         // the value after normalisation (what is stored)
    std::vector<Problem> errors;    // any error refuses the value
    std::vector<Problem> warnings;  // worth a question to the person or a note to staff
    std::vector<std::pair<std::string, std::string>> fields;  // decoded parts, in order

    bool valid() const { return errors.empty(); }
    bool has_error(const std::string& code) const;
    bool has_warning(const std::string& code) const;
    const std::string* field(const std::string& name) const;
    void error(std::string code, std::string id, std::string en) {
        errors.push_back({std::move(code), std::move(id), std::move(en)});
    }
    void warning(std::string code, std::string id, std::string en) {
        warnings.push_back({std::move(code), std::move(id), std::move(en)});
    }
};

}  // namespace anjungan::domain
