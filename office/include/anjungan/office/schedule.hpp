// The schedule book (buku jadwal kegiatan) the SOP asks the office to keep: sessions of assisted
// registration at BSrE (step 4: the applicant, with staff beside them, registers with the
// username and password BSrE e-mailed, takes the selfie and sets the passphrase), and who comes
// to each. Staff add sessions (date, time, place, capacity) and assign applicants; each
// applicant gets an e-mail invitation with an iCalendar file (RFC 5545), a new one when they
// are moved or the session changes, and a cancellation when it is called off.
//
// The records are in Storage (a full session refuses in the storage's own transaction); this
// file writes the calendar, the messages and the CSV export, and parses the console's local
// dates and times.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "anjungan/office/mail.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

using ScheduleSession = Storage::ScheduleSession;
using ScheduleAssignment = Storage::ScheduleAssignment;

// The statuses of cases waiting for step 4, the ones a session is for.
inline constexpr domain::CaseStatus kScheduleStatuses[] = {domain::CaseStatus::kSentToBsre,
                                                           domain::CaseStatus::kBsreRegistration};

// iCalendar TEXT escaping (RFC 5545 3.3.11): backslash, comma, semicolon, and a line break
// as "\n".
std::string ics_escape(std::string_view text);
// One content line folded at 75 octets (continuations begin with a space), never inside a
// UTF-8 character, ending in CRLF.
std::string ics_fold(std::string_view line);
// A UTC time as iCalendar writes it: "20261207T020000Z".
std::string ics_utc(platform::TimePoint t);

// What an invitation is about.
struct Invitation {
    ScheduleSession session;
    std::string case_id;
    std::string receipt_no;
    std::string name;   // as on the certificate (else the full name)
    std::string email;  // the applicant's
    bool cancel = false;
};
// The invitation's people and place from the case as the kiosk sent it.
Invitation invitation_for(const ScheduleSession& session, const CaseDetail& c, bool cancel = false);

// The calendar: VCALENDAR (PRODID, VERSION 2.0, METHOD REQUEST or CANCEL) with one VEVENT whose
// UID is the same for a session and an applicant whatever changes (SEQUENCE: the session's
// revision, and one more for a cancellation), DTSTAMP `now`, DTSTART/DTEND in UTC, SUMMARY,
// LOCATION, DESCRIPTION, ORGANIZER (the mail sender), ATTENDEE (the applicant).
std::string invitation_ics(const MailConfig& config, const Invitation& inv,
                           platform::TimePoint now);
// The message, Indonesian first with English below: what, when (the office's local time),
// where, what to bring; the .ics attached ("undangan.ics", or "pembatalan.ics").
MailMessage invitation_mail(const MailConfig& config, const Invitation& inv,
                            platform::TimePoint now);
// The outbox key of an invitation: one per assignment and revision of its session (so a move or
// a change sends a new one, a repeat of the same sends nothing).
std::string invitation_key(const ScheduleSession& s, const ScheduleAssignment& a, bool cancel);
// Queues the invitation (or cancellation) for an assignment, once per key; false when e-mail is
// off, the case has no address or it was queued already.
bool queue_invitation(Storage& storage, const MailConfig& config, const ScheduleSession& s,
                      const ScheduleAssignment& a, platform::TimePoint now, bool cancel = false);

// A local date "YYYY-MM-DD" and time "HH:MM" at `utc_offset_minutes` as UTC; nothing when
// either is malformed or names no such day or minute.
std::optional<platform::TimePoint> local_to_utc(const std::string& date, const std::string& time,
                                                int utc_offset_minutes);

// The CSV of the sessions starting in [from, before) (UTC; empty: no bound), cancelled ones
// too: one line per applicant (a session with none: one line), UTF-8 with a byte-order mark,
// times in local time.
std::string schedule_csv(Storage& storage, const std::string& from, const std::string& before,
                         int utc_offset_minutes);

}  // namespace anjungan::office
