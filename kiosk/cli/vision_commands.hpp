// `anjungan check`, `anjungan rectify` and `anjungan export`: the quality gate on files, for
// operators, tests and tuning.
#pragma once

#include <string>
#include <vector>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::cli {

struct VisionArgs {
    std::string kind;
    std::vector<std::string> files;  // check: inputs; rectify/export: inputs then the output
    bool as_json = false;
};

int run_check(const platform::Config& config, domain::Lang lang, const VisionArgs& a);
int run_rectify(const platform::Config& config, const VisionArgs& a);
int run_export(const platform::Config& config, const VisionArgs& a);

}  // namespace anjungan::cli
