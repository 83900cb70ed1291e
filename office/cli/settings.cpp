#include "settings.hpp"

#include <functional>
#include <map>
#include <stdexcept>
#include <toml.hpp>

namespace anjungan::office::cli {

namespace {

using Setter = std::function<void(const toml::value&)>;

Setter text(std::string& out) {
    return [&out](const toml::value& v) { out = v.as_string(); };
}
Setter number(int& out) {
    return [&out](const toml::value& v) { out = static_cast<int>(v.as_integer()); };
}
Setter flag(bool& out) {
    return [&out](const toml::value& v) { out = v.as_boolean(); };
}
Setter texts(std::vector<std::string>& out) {
    return [&out](const toml::value& v) {
        out.clear();
        for (const auto& item : v.as_array()) {
            out.push_back(item.as_string());
        }
    };
}

std::map<std::string, std::map<std::string, Setter>> sections(Settings& s) {
    LetterConfig& l = s.letter;
    SmtpConfig& m = s.mail.smtp;
    HandoffConfig& h = s.handoff;
    return {
        {"office",
         {{"listen", text(s.listen)},
          {"data", text(s.data)},
          {"clock_skew_seconds", number(s.clock_skew_seconds)},
          {"threads", number(s.threads)},
          {"max_blob_mb", number(s.max_blob_mb)},
          {"data_key", text(s.data_key)},
          {"blob_collect_after_hours", number(s.blob_collect_after_hours)},
          {"kiosk_quota_mb", number(s.kiosk_quota_mb)},
          {"min_free_mb", number(s.min_free_mb)},
          {"tls_cert", text(s.tls_cert)},
          {"tls_key", text(s.tls_key)},
          {"log_level", text(s.log_level)},
          {"token_days", number(s.token_days)},
          {"console_idle_minutes", number(s.console_idle_minutes)},
          {"console_idle_seconds", number(s.console_idle_seconds)},
          {"console_absolute_hours", number(s.console_absolute_hours)},
          {"login_free_failures", number(s.login_free_failures)},
          {"login_first_delay_seconds", number(s.login_first_delay_seconds)},
          {"login_lock_after", number(s.login_lock_after)},
          {"login_lock_minutes", number(s.login_lock_minutes)},
          {"utc_offset_minutes", number(s.utc_offset_minutes)},
          {"public_url", text(s.public_url)}}},
        {"letter",
         {{"number_scheme", text(l.number_scheme)},
          {"place", text(l.place)},
          {"government", text(l.government)},
          {"jurisdiction", text(l.jurisdiction)},
          {"department", text(l.department)},
          {"address", text(l.address)},
          {"phone", text(l.phone)},
          {"website", text(l.website)},
          {"email", text(l.email)},
          {"emblem_svg", text(l.emblem_svg)},
          {"addressee", texts(l.addressee)},
          {"subject", text(l.subject)},
          {"signer_title", text(l.signer_title)},
          {"signer_name", text(l.signer_name)},
          {"signer_rank", text(l.signer_rank)},
          {"signer_nip", text(l.signer_nip)}}},
        {"working_time",
         {{"hours", texts(s.hours)}, {"days", texts(s.days)}, {"holidays", texts(s.holidays)}}},
        {"smtp",
         {{"url", text(m.url)},
          {"from", text(m.from)},
          {"username", text(m.username)},
          {"password_file", text(m.password_file)},
          {"starttls", flag(m.starttls)},
          {"ca_file", text(m.ca_file)},
          {"timeout_seconds", number(m.timeout_seconds)},
          {"max_attempts", number(m.max_attempts)},
          {"backoff_first_seconds", number(m.backoff_first_seconds)},
          {"backoff_max_seconds", number(m.backoff_max_seconds)},
          {"poll_seconds", number(m.poll_seconds)},
          {"confirm_days", number(s.mail.confirm_days)},
          {"office_name", text(s.mail.office_name)},
          {"office_address", text(s.mail.office_address)}}},
        {"handoff",
         {{"agency", text(h.agency)},
          {"default_province", text(h.default_province)},
          {"default_city", text(h.default_city)}}},
    };
}

}  // namespace

void read_config(const std::string& file, Settings& s) {
    toml::value root;
    try {
        root = toml::parse(file);
    } catch (const std::exception& e) {
        throw std::runtime_error(file + ": " + e.what());
    }
    const auto known = sections(s);
    for (const auto& [section, table] : root.as_table()) {
        const auto keys = known.find(section);
        if (keys == known.end() || !table.is_table()) {
            throw std::runtime_error(file + ": unknown section [" + section +
                                     "] (known: office, letter, working_time, smtp, handoff)");
        }
        for (const auto& [key, value] : table.as_table()) {
            try {
                const auto setter = keys->second.find(key);
                if (setter == keys->second.end()) {
                    throw std::runtime_error("unknown key");
                }
                setter->second(value);
            } catch (const std::exception& e) {
                throw std::runtime_error(file + ": " + section + "." + key + ": " + e.what());
            }
        }
    }
    // A scheme that cannot number letters is refused at start, not at the first letter.
    try {
        letter_number(s.letter.number_scheme, 1, {2026, 1, 1});
    } catch (const std::exception& e) {
        throw std::runtime_error(file + ": letter.number_scheme: " + e.what());
    }
    if (!s.mail.smtp.url.empty() && s.mail.smtp.url.rfind("smtp://", 0) != 0 &&
        s.mail.smtp.url.rfind("smtps://", 0) != 0) {
        throw std::runtime_error(file + ": smtp.url: '" + s.mail.smtp.url +
                                 "' is not smtp://HOST:PORT or smtps://HOST:PORT");
    }
}

void finish(Settings& s) {
    try {
        s.working = parse_working_time(s.hours, s.days, s.holidays, s.utc_offset_minutes);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("working_time.") + e.what());
    }
    s.mail.public_url = s.public_url;
    s.mail.utc_offset_minutes = s.utc_offset_minutes;
    if (s.mail.office_address.empty()) {
        s.mail.office_address = s.letter.address;
    }
    if (s.handoff.agency.empty()) {
        s.handoff.agency = s.letter.jurisdiction;
    }
}

ServerOptions server_options(const Settings& s) {
    ServerOptions o;
    o.clock_skew_seconds = s.clock_skew_seconds;
    o.threads = s.threads;
    o.tls_cert = s.tls_cert;
    o.tls_key = s.tls_key;
    o.console.idle = s.console_idle_seconds > 0
                         ? std::chrono::seconds(s.console_idle_seconds)
                         : std::chrono::seconds(60 * std::max(1, s.console_idle_minutes));
    o.console.free_failures = std::max(0, s.login_free_failures);
    o.console.first_delay = std::chrono::seconds(std::max(0, s.login_first_delay_seconds));
    o.console.lock_after = std::max(1, s.login_lock_after);
    o.console.lock_for = std::chrono::minutes(std::max(1, s.login_lock_minutes));
    o.console.absolute = std::chrono::hours(std::max(1, s.console_absolute_hours));
    o.utc_offset_minutes = s.utc_offset_minutes;
    o.preview_dir = (std::filesystem::path(s.data) / "previews").string();
    o.token_days = s.token_days;
    o.letter = s.letter;
    o.data_dir = s.data;
    o.working = s.working;
    o.mail = s.mail;
    o.handoff = s.handoff;
    return o;
}

}  // namespace anjungan::office::cli
