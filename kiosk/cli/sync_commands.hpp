// `anjungan sync --once | sync status [--json] | sync requeue RECEIPT_NO`,
// `anjungan keys show [--json]` and `anjungan cases seed --count N`: the kiosk's side of sync
// for operators, demos and load tests.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "anjungan/platform/config.hpp"

namespace anjungan::cli {

struct SyncArgs {
    CLI::App* sync = nullptr;
    CLI::App* status = nullptr;
    CLI::App* requeue = nullptr;
    CLI::App* keys_show = nullptr;
    CLI::App* seed = nullptr;
    bool once = false;
    bool as_json = false;
    std::string receipt_no;
    int count = 10;
    bool selected() const;
};

// Adds `sync`, `keys` and `cases seed` (under the existing `cases` command).
void add_sync_commands(CLI::App& app, CLI::App& cases, SyncArgs& args);

// Exit codes: 0 done (`sync --once`: the outbox is drained and the feed read); 1 not found;
// 2 usage; 3 the store cannot be used; 4 `sync --once` left cases pending (the office could
// not be reached, refused the kiosk, or answered with an error: the reason is on stderr).
int run_sync_command(const platform::Config& config, const std::string& actor,
                     const SyncArgs& args);

}  // namespace anjungan::cli
