#include "anjungan/kiosk/lookup_throttle.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <system_error>

#include "anjungan/platform/durable_file.hpp"

namespace anjungan::kiosk {

namespace {

namespace chr = std::chrono;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kVersion = 1;

std::int64_t to_ms(platform::TimePoint t) {
    return chr::duration_cast<chr::milliseconds>(t.time_since_epoch()).count();
}

platform::TimePoint from_ms(std::int64_t ms) {
    return platform::TimePoint(
        chr::duration_cast<platform::TimePoint::duration>(chr::milliseconds(ms)));
}

}  // namespace

fs::path lookup_attempts_path(const fs::path& data_dir) {
    return data_dir / "lookup-attempts.json";
}

LookupThrottle::LookupThrottle(fs::path data_dir, const platform::Clock& clock, LookupPolicy policy)
    : data_dir_(std::move(data_dir)), clock_(clock), policy_(policy) {
    const fs::path path = lookup_attempts_path(data_dir_);
    std::error_code ec;
    if (!fs::exists(path, ec) && !ec) {
        return;
    }
    try {
        const auto bytes = platform::read_file(path);
        const json j = json::parse(bytes.begin(), bytes.end());
        if (j.at("version").get<int>() != kVersion) {
            throw std::runtime_error("unknown version");
        }
        state_.failures = std::max(0, j.at("failures").get<int>());
        state_.last_failure = from_ms(j.at("last_failure_ms").get<std::int64_t>());
        state_.blocked_until = from_ms(j.at("blocked_until_ms").get<std::int64_t>());
        state_.nik_hour = from_ms(j.at("nik_hour_ms").get<std::int64_t>());
        state_.nik_checks = std::max(0, j.at("nik_checks").get<int>());
    } catch (const std::exception& e) {
        // Someone may have broken it to reset the count: fail closed.
        const auto now = clock_.now();
        spdlog::error("lookup attempts {} unreadable ({}): typed look-ups locked out for {} min",
                      path.string(), e.what(), policy_.lockout_minutes);
        state_ = {};
        state_.failures = policy_.max_failures;
        state_.last_failure = now;
        state_.blocked_until = now + chr::minutes(policy_.lockout_minutes);
        state_.nik_hour = now;
        state_.nik_checks = policy_.nik_checks_per_hour;
    }
}

void LookupThrottle::forget_old(platform::TimePoint now) {
    if (state_.failures > 0 &&
        now - state_.last_failure >= chr::minutes(policy_.forget_after_minutes) &&
        now >= state_.blocked_until) {
        state_.failures = 0;
    }
}

int LookupThrottle::wait_seconds() const {
    const auto left = state_.blocked_until - clock_.now();
    if (left <= platform::TimePoint::duration::zero()) {
        return 0;
    }
    return static_cast<int>(chr::ceil<chr::seconds>(left).count());
}

bool LookupThrottle::locked_out() const {
    return wait_seconds() > 0 && state_.failures >= policy_.max_failures;
}

int LookupThrottle::record_failure() {
    const auto now = clock_.now();
    forget_old(now);
    ++state_.failures;
    state_.last_failure = now;
    const int n = state_.failures;
    if (n >= policy_.max_failures) {
        state_.blocked_until = now + chr::minutes(policy_.lockout_minutes);
    } else if (n > policy_.free_failures) {
        const int doublings = std::min(n - policy_.free_failures - 1, 16);
        state_.blocked_until = now + chr::seconds(policy_.first_delay_seconds) * (1 << doublings);
    }
    save();
    return wait_seconds();
}

bool LookupThrottle::allow_nik_check() {
    const auto now = clock_.now();
    if (now - state_.nik_hour >= chr::hours(1) || now < state_.nik_hour) {
        state_.nik_hour = now;
        state_.nik_checks = 0;
    }
    if (state_.nik_checks >= policy_.nik_checks_per_hour) {
        return false;
    }
    ++state_.nik_checks;
    save();
    return true;
}

void LookupThrottle::save() const {
    const json j = {{"version", kVersion},
                    {"failures", state_.failures},
                    {"last_failure_ms", to_ms(state_.last_failure)},
                    {"blocked_until_ms", to_ms(state_.blocked_until)},
                    {"blocked_until", platform::format_utc(state_.blocked_until)},
                    {"nik_hour_ms", to_ms(state_.nik_hour)},
                    {"nik_checks", state_.nik_checks}};
    const std::string text = j.dump() + "\n";
    try {
        platform::write_file_durably(
            lookup_attempts_path(data_dir_),
            {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, 0600);
    } catch (const std::exception& e) {
        // The count still holds in memory for as long as the kiosk runs.
        spdlog::error("lookup attempts not saved: {}", e.what());
    }
}

std::string phone_last_digits(const std::string& phone) {
    std::string digits;
    for (const char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digits += c;
        }
    }
    return digits.size() < 4 ? std::string() : digits.substr(digits.size() - 4);
}

}  // namespace anjungan::kiosk
