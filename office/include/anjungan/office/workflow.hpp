// The SOP's workflow at the office (../shared/sop.md): who may move a case from one status to
// the next, what each move must carry, and the service standard's deadline of the next step.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/case.hpp"

namespace anjungan::office {

// The SOP's "pelaksana" at the office. Codes are stored: never rename.
enum class Role {
    kHead,          // "head": Kepala Dinas
    kDivisionHead,  // "division_head": Kabid Statistik dan Persandian
    kSectionHead,   // "section_head": Kasi Tata Kelola Persandian
    kVerifier,      // "verifier": Verifikator
    kAdmin,         // "admin": the office's administrator (corrections, re-receiving files)
};
std::string_view to_code(Role r);
std::optional<Role> role_from_code(std::string_view code);
std::string_view label(Role r);  // "Kepala Dinas", ...
std::vector<Role> all_roles();

// Who may make the move `from` -> `to` (empty: nobody; the move is not in the SOP).
std::vector<Role> roles_for(domain::CaseStatus from, domain::CaseStatus to);

// The statuses in which a case waits for this role's next step (the console's inbox): the head
// gets received cases, the division head the head's dispositions, the section head the
// division's, the verifier verified cases until BSrE issues; the administrator every open one.
std::vector<domain::CaseStatus> waiting_for(Role role);

struct Move {
    domain::CaseStatus to = domain::CaseStatus::kReceived;
    Role role = Role::kAdmin;
    std::string actor;  // who, by name
    std::string note;
    std::vector<std::string> reasons;  // required when returning a case for correction
};

// Checks a move against the SOP. Returns the reason it is refused (for the staff member), or
// an empty string when it is allowed. `code` gets a stable code: transition, role, reasons,
// actor.
std::string check_move(domain::CaseStatus from, const Move& move, std::string* code = nullptr);

// The standard time for the step that starts when a case reaches `status`; nothing when the
// SOP sets none (waiting for the applicant or BSrE, or a final status). Step 3 (section head
// and verifier, 15 minutes) is one deadline: reaching section_verified keeps it.
std::optional<std::chrono::minutes> step_time(domain::CaseStatus status);
bool keeps_deadline(domain::CaseStatus status);

}  // namespace anjungan::office
