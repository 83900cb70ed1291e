// Running commands from tests: the `anjungan` binary, zbarimg, lpstat, pdftoppm.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace anjungan::test {

struct CommandResult {
    int code = -1;  // the exit code; -1 when it did not exit normally or could not start
    std::string out;
    std::string err;  // only when run_command was given a file for it
};

// 'text' for /bin/sh, whatever it holds.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

// Runs a shell command line and captures its standard output; standard error goes to
// `err_file` (and into the result) when one is given, else it is discarded.
inline CommandResult run_command(const std::string& cmd,
                                 const std::filesystem::path& err_file = {}) {
    CommandResult r;
    const std::string full =
        cmd + " 2>" + (err_file.empty() ? std::string("/dev/null") : shell_quote(err_file));
    FILE* p = ::popen(full.c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.out.append(buf.data(), n);
    }
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!err_file.empty()) {
        std::ifstream in(err_file);
        r.err.assign(std::istreambuf_iterator<char>(in), {});
    }
    return r;
}

#ifdef ANJUNGAN_CLI
// The `anjungan` binary with these arguments (each quoted).
inline CommandResult run_anjungan(const std::vector<std::string>& args,
                                  const std::filesystem::path& err_file) {
    std::string cmd = shell_quote(ANJUNGAN_CLI);
    for (const auto& a : args) {
        cmd += " " + shell_quote(a);
    }
    return run_command(cmd, err_file);
}
#endif

}  // namespace anjungan::test
