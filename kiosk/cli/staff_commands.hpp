// `anjungan staff add|list|remove|reset-lockout`: operators set up the staff who may unlock
// the kiosk's admin mode (see anjungan/kiosk/admin.hpp). The PIN is read from stdin (one line;
// never from the command line); changes are written to the store's audit log.
//
// Wiring in main.cpp: before app.parse,
//     cli::StaffArgs staff_args;
//     cli::add_staff_commands(app, staff_args);
// and after the configuration is loaded, with the other commands:
//     if (staff_args.selected()) {
//         return cli::run_staff_command({g.config, g.language(), actor_name()}, staff_args);
//     }
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::cli {

struct StaffContext {
    const platform::Config& config;
    domain::Lang lang = domain::Lang::kId;
    std::string actor;  // who runs the command, for the audit log
};

// What the command line selected; owned by main, filled in by CLI11 during parse.
struct StaffArgs {
    CLI::App* add = nullptr;
    CLI::App* list = nullptr;
    CLI::App* remove = nullptr;
    CLI::App* reset_lockout = nullptr;
    std::string id;
    std::string name;
    std::string role = "counter";
    std::string badge;
    bool as_json = false;
    bool selected() const;
};

// Adds the `staff` subcommand and its four subcommands to `app`, bound to `args`.
void add_staff_commands(CLI::App& app, StaffArgs& args);

// Runs the selected staff command. Exit codes: 0 done, 1 refused (a weak PIN, a taken id,
// an unknown id, ...), 2 usage (no PIN on stdin), 3 the staff registry or the store cannot be
// used. Handles its own errors.
int run_staff_command(const StaffContext& ctx, const StaffArgs& args);

}  // namespace anjungan::cli
