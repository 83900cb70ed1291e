#include "staff_commands.hpp"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "anjungan/kiosk/admin.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::cli {

namespace {

using nlohmann::json;

constexpr int kOk = 0, kNegative = 1, kUsage = 2, kUnavailable = 3;

bool is_id(const StaffContext& ctx) {
    return ctx.lang == domain::Lang::kId;
}

std::unique_ptr<kiosk::Store> open_store(const platform::Config& config) {
    static const platform::SystemClock clock;
    // create: the audit log lives in the store; a new kiosk gets one here
    return kiosk::Store::open(kiosk::StoreOptions::from(config, true), clock);
}

void wipe(std::string& s) {
    if (!s.empty()) {
        sodium_memzero(s.data(), s.size());
    }
    s.clear();
}

// One line from stdin without its line end; false at the end of input. On a terminal the
// typing is not echoed.
bool read_secret_line(const std::string& prompt, std::string& out) {
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    termios old{};
    if (tty) {
        std::cerr << prompt << std::flush;
        if (::tcgetattr(STDIN_FILENO, &old) == 0) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
    }
    const bool got = static_cast<bool>(std::getline(std::cin, out));
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    }
    while (!out.empty() && (out.back() == '\r' || out.back() == '\n')) {
        out.pop_back();
    }
    return got;
}

// The PIN from stdin: one line; on a terminal it is asked for twice.
bool read_pin(const StaffContext& ctx, std::string& pin) {
    if (!read_secret_line(is_id(ctx) ? "PIN (6-8 angka): " : "PIN (6-8 digits): ", pin)) {
        return false;
    }
    if (::isatty(STDIN_FILENO) == 1) {
        std::string again;
        read_secret_line(is_id(ctx) ? "Ulangi PIN: " : "PIN again: ", again);
        const bool same = again == pin;
        wipe(again);
        if (!same) {
            wipe(pin);
            std::cerr << (is_id(ctx) ? "staff add: kedua PIN berbeda.\n"
                                     : "staff add: the two PINs differ.\n");
            return false;
        }
    }
    return true;
}

// The failure state in words: English for the audit log, or the operator's language.
std::string describe(const kiosk::FailureState& s, domain::Lang lang = domain::Lang::kEn) {
    const bool id = lang == domain::Lang::kId;
    if (s.failures == 0 && s.blocked_until == platform::TimePoint{}) {
        return id ? "tidak ada kegagalan" : "no failures";
    }
    return std::to_string(s.failures) + (id ? " kegagalan, " : " failures, ") +
           (s.locked_out ? (id ? "terkunci sampai " : "locked out until ")
                         : (id ? "jeda sampai " : "delay until ")) +
           platform::format_utc(s.blocked_until);
}

int run_add(const StaffContext& ctx, const StaffArgs& a) {
    const auto role = kiosk::parse_staff_role(a.role);
    if (!role) {
        std::cerr << "staff add: --role counter or supervisor\n";
        return kUsage;
    }
    std::string pin;
    if (!read_pin(ctx, pin)) {
        std::cerr << (is_id(ctx) ? "staff add: berikan PIN lewat stdin (satu baris), mis. "
                                   "printf '%s\\n' \"$PIN\" | anjungan staff add ...\n"
                                 : "staff add: give the PIN on stdin (one line), e.g. "
                                   "printf '%s\\n' \"$PIN\" | anjungan staff add ...\n");
        return kUsage;
    }
    auto registry = kiosk::StaffRegistry::load(ctx.config.data_dir);
    const platform::SystemClock clock;
    const auto v = registry.add({a.id, a.name, *role, a.badge}, pin,
                                kiosk::PinHashCost::interactive(), clock.now());
    wipe(pin);
    if (!v.valid()) {
        std::cerr << (is_id(ctx) ? "staff add: ditolak\n" : "staff add: refused\n");
        for (const auto& p : v.errors) {
            std::cerr << "  x " << p.code << ": " << p.message(ctx.lang) << "\n";
        }
        return kNegative;
    }
    const auto store = open_store(ctx.config);  // before saving: no change goes unaudited
    registry.save();
    store->audit(ctx.actor, "staff add",
                 a.id + ", role " + std::string(kiosk::to_code(*role)) +
                     (a.badge.empty() ? ", no badge" : ", badge"));
    const auto* m = registry.find(a.id);
    std::cout << (is_id(ctx) ? "petugas " : "staff ") << m->id << " (" << m->name << ", "
              << kiosk::to_code(m->role) << (m->badge_hash.empty() ? "" : ", badge") << ") "
              << (is_id(ctx) ? "ditambahkan" : "added") << "\n";
    return kOk;
}

int run_list(const StaffContext& ctx, const StaffArgs& a) {
    const auto registry = kiosk::StaffRegistry::load(ctx.config.data_dir);
    if (a.as_json) {
        json out = json::array();
        for (const auto& m : registry.members()) {
            out.push_back({{"id", m.id},
                           {"name", m.name},
                           {"role", std::string(kiosk::to_code(m.role))},
                           {"badge", !m.badge_hash.empty()},
                           {"created_at", m.created_at}});
        }
        std::cout << out.dump() << "\n";
        return kOk;
    }
    if (registry.empty()) {
        std::cout << (is_id(ctx) ? "Belum ada petugas terdaftar.\n" : "No staff registered.\n");
        return kOk;
    }
    std::printf("%-32s %-10s %-5s %-20s %s\n", "id", is_id(ctx) ? "peran" : "role",
                is_id(ctx) ? "kartu" : "badge", is_id(ctx) ? "dibuat" : "created",
                is_id(ctx) ? "nama" : "name");
    for (const auto& m : registry.members()) {
        std::printf("%-32s %-10s %-5s %-20s %s\n", m.id.c_str(),
                    std::string(kiosk::to_code(m.role)).c_str(),
                    m.badge_hash.empty() ? "-" : (is_id(ctx) ? "ya" : "yes"), m.created_at.c_str(),
                    m.name.c_str());
    }
    return kOk;
}

int run_remove(const StaffContext& ctx, const StaffArgs& a) {
    auto registry = kiosk::StaffRegistry::load(ctx.config.data_dir);
    if (!registry.remove(a.id)) {
        std::cerr << (is_id(ctx) ? "staff remove: tidak ada petugas dengan ID "
                                 : "staff remove: no staff member with id ")
                  << a.id << "\n";
        return kNegative;
    }
    const auto store = open_store(ctx.config);
    registry.save();
    store->audit(ctx.actor, "staff remove", a.id);
    std::cout << (is_id(ctx) ? "petugas " : "staff ") << a.id
              << (is_id(ctx) ? " dihapus\n" : " removed\n");
    return kOk;
}

int run_reset_lockout(const StaffContext& ctx) {
    std::string before, shown;
    try {
        const auto state = kiosk::read_failure_state(ctx.config.data_dir);
        before = describe(state);
        shown = describe(state, ctx.lang);
    } catch (const kiosk::StaffRegistryError& e) {
        if (e.kind() != kiosk::StaffRegistryError::Kind::kDamaged) {
            throw;
        }
        before = "a damaged file";  // replaced below
        shown = is_id(ctx) ? "berkas rusak" : before;
    }
    const auto store = open_store(ctx.config);
    kiosk::write_failure_state(ctx.config.data_dir, {});
    store->audit(ctx.actor, "admin lockout reset", "was: " + before);
    std::cout << (is_id(ctx) ? "penguncian mode admin dihapus (sebelumnya: "
                             : "admin lock-out reset (was: ")
              << shown << ")\n";
    return kOk;
}

}  // namespace

bool StaffArgs::selected() const {
    for (const CLI::App* c : {add, list, remove, reset_lockout}) {
        if (c != nullptr && c->parsed()) {
            return true;
        }
    }
    return false;
}

void add_staff_commands(CLI::App& app, StaffArgs& args) {
    auto* staff = app.add_subcommand("staff", "Staff who may unlock admin mode (PIN, badge)");
    staff->require_subcommand(1);

    args.add = staff->add_subcommand(
        "add", "Register a staff member; the PIN (6-8 digits) is read from stdin, one line");
    args.add->add_option("id", args.id, "Staff id: a NIP or a short id (1-32 of A-Za-z0-9._-)")
        ->required();
    args.add->add_option("--name", args.name, "The staff member's name")->required();
    args.add->add_option("--role", args.role, "counter (default) or supervisor")
        ->check(CLI::IsMember({"counter", "supervisor"}));
    args.add->add_option("--badge", args.badge,
                         "The text of the staff QR badge (only its keyed hash is stored)");

    args.list = staff->add_subcommand("list", "Registered staff (no hashes)");
    args.list->add_flag("--json", args.as_json, "A JSON array on stdout");

    args.remove = staff->add_subcommand("remove", "Remove a staff member");
    args.remove->add_option("id", args.id, "Staff id")->required();

    args.reset_lockout = staff->add_subcommand(
        "reset-lockout", "Clear the failed-attempt count, delay and lock-out (audited)");
}

int run_staff_command(const StaffContext& ctx, const StaffArgs& args) {
    try {
        if (args.add && args.add->parsed()) {
            return run_add(ctx, args);
        }
        if (args.list && args.list->parsed()) {
            return run_list(ctx, args);
        }
        if (args.remove && args.remove->parsed()) {
            return run_remove(ctx, args);
        }
        if (args.reset_lockout && args.reset_lockout->parsed()) {
            return run_reset_lockout(ctx);
        }
    } catch (const kiosk::StaffRegistryError& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kUnavailable;
    } catch (const kiosk::StoreError& e) {
        std::cerr << "anjungan: store " << ctx.config.data_dir.string() << ": " << e.what() << "\n";
        return kUnavailable;
    } catch (const std::exception& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kUnavailable;
    }
    return kUsage;
}

}  // namespace anjungan::cli
