#include "anjungan/office/workflow.hpp"

#include <algorithm>

namespace anjungan::office {

using domain::CaseStatus;

namespace {
struct RoleInfo {
    Role role;
    std::string_view code, label;
};
constexpr RoleInfo kRoles[] = {
    {Role::kHead, "head", "Kepala Dinas"},
    {Role::kDivisionHead, "division_head", "Kabid Statistik dan Persandian"},
    {Role::kSectionHead, "section_head", "Kasi Tata Kelola Persandian"},
    {Role::kVerifier, "verifier", "Verifikator"},
    {Role::kAdmin, "admin", "Admin"},
};
}  // namespace

std::string_view to_code(Role r) {
    for (const auto& i : kRoles) {
        if (i.role == r) {
            return i.code;
        }
    }
    return "admin";
}

std::optional<Role> role_from_code(std::string_view code) {
    for (const auto& i : kRoles) {
        if (i.code == code) {
            return i.role;
        }
    }
    return std::nullopt;
}

std::string_view label(Role r) {
    for (const auto& i : kRoles) {
        if (i.role == r) {
            return i.label;
        }
    }
    return "Admin";
}

std::vector<Role> all_roles() {
    std::vector<Role> out;
    for (const auto& i : kRoles) {
        out.push_back(i.role);
    }
    return out;
}

std::vector<Role> roles_for(CaseStatus from, CaseStatus to) {
    const auto allowed = domain::allowed_next(from);
    if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
        return {};
    }
    using R = Role;
    std::vector<Role> roles;
    switch (to) {
        case CaseStatus::kHeadDisposition:
            roles = {R::kHead};
            break;
        case CaseStatus::kDivisionDisposition:
            roles = {R::kDivisionHead};
            break;
        case CaseStatus::kSectionVerified:
            roles = {R::kSectionHead};
            break;
        case CaseStatus::kSentToBsre:
        case CaseStatus::kBsreRegistration:
        case CaseStatus::kIssued:
            roles = {R::kVerifier};
            break;
        case CaseStatus::kReturned:  // those who check the files send them back
            roles = {R::kSectionHead, R::kVerifier};
            break;
        case CaseStatus::kReceived:  // corrected files handed in again
            roles = {R::kSectionHead};
            break;
        case CaseStatus::kRejected:
            roles = {R::kHead, R::kDivisionHead};
            break;
    }
    roles.push_back(R::kAdmin);  // the administrator may correct any SOP move; it is audited
    return roles;
}

std::vector<CaseStatus> waiting_for(Role role) {
    switch (role) {
        case Role::kHead:
            return {CaseStatus::kReceived};
        case Role::kDivisionHead:
            return {CaseStatus::kHeadDisposition};
        case Role::kSectionHead:
            return {CaseStatus::kDivisionDisposition};
        case Role::kVerifier:
            return {CaseStatus::kSectionVerified, CaseStatus::kSentToBsre,
                    CaseStatus::kBsreRegistration};
        case Role::kAdmin:
            break;
    }
    std::vector<CaseStatus> open;
    for (const auto s : domain::all_statuses()) {
        if (!domain::is_final(s)) {
            open.push_back(s);
        }
    }
    return open;
}

std::string check_move(CaseStatus from, const Move& move, std::string* code) {
    auto fail = [&](std::string_view c, std::string why) {
        if (code) {
            *code = std::string(c);
        }
        return why;
    };
    if (move.actor.empty()) {
        return fail("actor", "who makes the move must be named");
    }
    const auto roles = roles_for(from, move.to);
    if (roles.empty()) {
        std::string allowed;
        for (const auto s : domain::allowed_next(from)) {
            allowed += (allowed.empty() ? "" : ", ") + std::string(domain::to_code(s));
        }
        return fail("transition",
                    "a case that is " + std::string(domain::to_code(from)) + " cannot become " +
                        std::string(domain::to_code(move.to)) +
                        (allowed.empty() ? " (it is final)" : " (allowed next: " + allowed + ")"));
    }
    if (std::find(roles.begin(), roles.end(), move.role) == roles.end()) {
        std::string who;
        for (const auto r : roles) {
            who += (who.empty() ? "" : ", ") + std::string(to_code(r));
        }
        return fail("role", std::string(to_code(move.role)) + " may not make a case " +
                                std::string(domain::to_code(move.to)) + " (by the SOP: " + who +
                                ")");
    }
    if (move.to == CaseStatus::kReturned &&
        std::none_of(move.reasons.begin(), move.reasons.end(),
                     [](const std::string& r) { return !r.empty(); })) {
        return fail("reasons",
                    "returning a case for correction needs at least one reason, "
                    "which the applicant will see");
    }
    if (move.to == CaseStatus::kRejected && move.note.empty()) {
        return fail("reasons", "rejecting a case needs a note saying why");
    }
    if (code) {
        code->clear();
    }
    return {};
}

std::optional<std::chrono::minutes> step_time(CaseStatus status) {
    using std::chrono::minutes;
    switch (status) {
        case CaseStatus::kReceived:  // step 1: the head of department's disposition
            return minutes(10);
        case CaseStatus::kHeadDisposition:  // step 2: the division head's disposition
            return minutes(10);
        case CaseStatus::kDivisionDisposition:  // step 3: verification and recommendation
        case CaseStatus::kSectionVerified:
            return minutes(15);
        case CaseStatus::kSentToBsre:  // step 4: registration at BSrE
            return minutes(24 * 60);
        default:
            return std::nullopt;
    }
}

bool keeps_deadline(CaseStatus status) {
    return status == CaseStatus::kSectionVerified;
}

}  // namespace anjungan::office
