#include "anjungan/office/csv.hpp"

namespace anjungan::office {

std::string csv_cell(std::string_view value) {
    std::string v;
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                           value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
        v = "'";
    }
    v.append(value);
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (const char c : v) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) {
            out += ',';
        }
        out += csv_cell(cells[i]);
    }
    return out + "\r\n";
}

}  // namespace anjungan::office
