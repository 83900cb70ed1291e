// anjungan-office's configuration file (config/office.example.toml documents every key):
// [office], [letter], [working_time], [smtp] and [handoff].
#pragma once

#include <string>
#include <vector>

#include "anjungan/office/letter.hpp"
#include "anjungan/office/mail.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/working_time.hpp"

namespace anjungan::office::cli {

struct Settings {
    std::string listen = "127.0.0.1:8480";
    std::string data = "/var/lib/anjungan-office";
    int clock_skew_seconds = 900;
    int threads = 64;
    int max_blob_mb = 64;
    // Disk and data at rest (issue 16): the data key file (empty: DATA/keys/data.key), the age
    // after which partial uploads and blobs no case holds are collected, each kiosk's quota of
    // uploads no case holds yet, and the free space below which uploads wait (507).
    std::string data_key;
    int blob_collect_after_hours = 24 * 7;
    int kiosk_quota_mb = 4096;
    int min_free_mb = 512;
    std::string tls_cert, tls_key;
    std::string log_level = "info";
    int token_days = 365;  // a staff API token ends this long after it was made
    // The console: signed out after this long without a request, and this long after sign-in;
    // its times in the office's local time.
    int console_idle_minutes = 30;
    int console_idle_seconds = 0;  // when set, wins over the minutes (tests, demos)
    int console_absolute_hours = 12;
    // Failed sign-ins per account and per address: free ones, then waits doubling from the
    // first delay, then locked for lock_minutes.
    int login_free_failures = 3;
    int login_first_delay_seconds = 2;
    int login_lock_after = 10;
    int login_lock_minutes = 15;
    int utc_offset_minutes = 420;
    std::string public_url;  // how applicants reach the office (the e-mails' links)
    LetterConfig letter;
    // [working_time]: parsed once the whole file is read (the offset may come later).
    std::vector<std::string> hours{"07:30-16:00"};
    std::vector<std::string> days{"mon", "tue", "wed", "thu", "fri"};
    std::vector<std::string> holidays;
    WorkingTime working;
    MailConfig mail;  // [smtp], and public_url from [office]
    HandoffConfig handoff;
};

// Reads FILE into `s` (keys not in the file keep their values). Throws std::runtime_error
// naming the file, the section and the key.
void read_config(const std::string& file, Settings& s);
// Settings after the file and the command line: the working time parsed, the mail's shared
// values filled in. Throws std::runtime_error for a bad [working_time].
void finish(Settings& s);
// The server's options from the settings.
ServerOptions server_options(const Settings& s);

}  // namespace anjungan::office::cli
