#include "anjungan/office/schedule.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "anjungan/office/csv.hpp"
#include "anjungan/office/service.hpp"

namespace anjungan::office {

namespace {

using nlohmann::json;

// "addr" from "Name <addr>" or "addr"; the display name ("" when none).
std::string address_of(const std::string& from) {
    const auto lt = from.find('<'), gt = from.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
        return from.substr(lt + 1, gt - lt - 1);
    }
    return from;
}
std::string display_of(const std::string& from) {
    const auto lt = from.find('<');
    if (lt == std::string::npos) {
        return "";
    }
    std::string name = from.substr(0, lt);
    while (!name.empty() && name.back() == ' ') {
        name.pop_back();
    }
    return name;
}
std::string domain_of(const std::string& from) {
    const std::string a = address_of(from);
    const auto at = a.find('@');
    return at == std::string::npos || at + 1 >= a.size() ? "anjungan.local" : a.substr(at + 1);
}

// A parameter value (CN=...): quoted, without the quotes and control characters it may not hold.
std::string param_value(const std::string& v) {
    std::string out = "\"";
    for (const char c : v) {
        if (c != '"' && static_cast<unsigned char>(c) >= 0x20) {
            out += c;
        }
    }
    return out + "\"";
}

platform::TimePoint utc_of(const std::string& text) {
    platform::TimePoint t{};
    platform::parse_utc(text, t);
    return t;
}

// "Senin, 07-12-2026" / "Monday, 07-12-2026" and "09:00" in the office's local time.
struct LocalWhen {
    std::string day_id, day_en, start, end, zone;
};
LocalWhen local_when(const ScheduleSession& s, int offset) {
    static const char* const kId[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                      "Kamis",  "Jumat", "Sabtu"};
    static const char* const kEn[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
    const auto start = utc_of(s.starts_at), end = utc_of(s.ends_at);
    const std::string a = platform::format_local(start, offset);  // "24-11-2026 10:15 WIB"
    const std::string b = platform::format_local(end, offset);
    const auto day = std::chrono::floor<std::chrono::days>(start + std::chrono::minutes(offset));
    const unsigned wd = std::chrono::weekday(day).c_encoding();
    const std::string date = a.substr(0, 10);
    return {std::string(kId[wd]) + ", " + date, std::string(kEn[wd]) + ", " + date, a.substr(11, 5),
            b.substr(11, 5), platform::zone_name(offset)};
}

struct Body {
    std::string text, html;
    void para(const std::string& line) {
        text += line + "\n\n";
        html += "<p>" + html_escape(line) + "</p>\n";
    }
    void list(const std::vector<std::string>& items) {
        html += "<ul>\n";
        for (const auto& i : items) {
            text += "  - " + i + "\n";
            html += "<li>" + html_escape(i) + "</li>\n";
        }
        text += "\n";
        html += "</ul>\n";
    }
};

}  // namespace

std::string ics_escape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ',':
                out += "\\,";
                break;
            case ';':
                out += "\\;";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') {
                    break;  // CRLF: one line break, written by the '\n'
                }
                out += "\\n";
                break;
            default:
                // Other control characters may not appear in TEXT.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
                    out += c;
                }
        }
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    constexpr std::size_t kOctets = 75;
    std::string out;
    std::size_t at = 0;
    bool first = true;
    while (true) {
        // A continuation's leading space counts towards its 75 octets.
        const std::size_t room = first ? kOctets : kOctets - 1;
        if (line.size() - at <= room) {
            if (!first) {
                out += ' ';
            }
            out.append(line.substr(at));
            break;
        }
        std::size_t end = at + room;
        while (end > at && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) {
            --end;  // never inside a UTF-8 character
        }
        if (!first) {
            out += ' ';
        }
        out.append(line.substr(at, end - at));
        out += "\r\n";
        at = end;
        first = false;
    }
    return out + "\r\n";
}

std::string ics_utc(platform::TimePoint t) {
    // "2026-12-07T02:00:00Z" -> "20261207T020000Z"
    const std::string s = platform::format_utc(t);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + "T" + s.substr(11, 2) +
           s.substr(14, 2) + s.substr(17, 2) + "Z";
}

Invitation invitation_for(const ScheduleSession& session, const CaseDetail& c, bool cancel) {
    const json& a = c.payload.applicant;
    Invitation inv;
    inv.session = session;
    inv.case_id = c.row.case_id;
    inv.receipt_no = c.row.receipt_no;
    inv.name = applicant_text(a, "certificate_name");
    if (inv.name.empty()) {
        inv.name = applicant_text(a, "full_name");
    }
    inv.email = applicant_text(a, "email");
    inv.cancel = cancel;
    return inv;
}

std::string invitation_ics(const MailConfig& config, const Invitation& inv,
                           platform::TimePoint now) {
    const auto& s = inv.session;
    const std::string from = address_of(config.smtp.from);
    const std::string organizer =
        display_of(config.smtp.from).empty() ? config.office_name : display_of(config.smtp.from);
    const std::string summary = inv.cancel ? "DIBATALKAN: Pendaftaran sertifikat elektronik BSrE "
                                             "/ CANCELLED: BSrE electronic certificate registration"
                                           : "Pendaftaran sertifikat elektronik BSrE / BSrE "
                                             "electronic certificate registration";
    std::string description =
        "Pendaftaran sertifikat elektronik BSrE dengan pendampingan petugas (" + inv.receipt_no +
        ").\nBawa: KTP asli, tanda terima " + inv.receipt_no +
        ", dan akses ke e-mail dinas Anda (e-mail BSrE berisi nama pengguna dan kata sandi).\n"
        "Assisted registration for a BSrE electronic certificate.\nBring: your KTP, receipt " +
        inv.receipt_no +
        ", and access to your official e-mail (BSrE's e-mail with the username "
        "and password).";
    if (!s.note.empty()) {
        description += "\n" + s.note;
    }
    std::string out;
    auto line = [&out](const std::string& l) { out += ics_fold(l); };
    line("BEGIN:VCALENDAR");
    line("PRODID:-//Anjungan//anjungan-office schedule book//ID");
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    line(std::string("METHOD:") + (inv.cancel ? "CANCEL" : "REQUEST"));
    line("BEGIN:VEVENT");
    line("UID:schedule-" + std::to_string(s.id) + "-" + inv.case_id + "@" +
         domain_of(config.smtp.from));
    line("SEQUENCE:" + std::to_string(s.revision + (inv.cancel ? 1 : 0)));
    line("DTSTAMP:" + ics_utc(now));
    line("DTSTART:" + ics_utc(utc_of(s.starts_at)));
    line("DTEND:" + ics_utc(utc_of(s.ends_at)));
    line("SUMMARY:" + ics_escape(summary));
    line("LOCATION:" + ics_escape(s.place));
    line("DESCRIPTION:" + ics_escape(description));
    line("ORGANIZER;CN=" + param_value(organizer) + ":mailto:" + from);
    line("ATTENDEE;CN=" + param_value(inv.name) +
         ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:" + inv.email);
    line(std::string("STATUS:") + (inv.cancel ? "CANCELLED" : "CONFIRMED"));
    line("TRANSP:OPAQUE");
    line("END:VEVENT");
    line("END:VCALENDAR");
    return out;
}

MailMessage invitation_mail(const MailConfig& config, const Invitation& inv,
                            platform::TimePoint now) {
    const auto w = local_when(inv.session, config.utc_offset_minutes);
    const std::string& r = inv.receipt_no;
    const std::string& place = inv.session.place;
    Body id, en;
    id.para("Yth. " + inv.name + ",");
    en.para("Dear " + inv.name + ",");
    MailMessage m;
    m.to = inv.email;
    if (inv.cancel) {
        m.subject =
            "Jadwal pendaftaran BSrE dibatalkan / BSrE registration session cancelled (" + r + ")";
        id.para("Jadwal pendaftaran sertifikat elektronik BSrE Anda pada " + w.day_id + " pukul " +
                w.start + "-" + w.end + " " + w.zone + " di " + place +
                " dibatalkan. Kami akan mengirim undangan baru.");
        en.para("Your BSrE registration session on " + w.day_en + " at " + w.start + "-" + w.end +
                " " + w.zone + " at " + place +
                " was cancelled. We will send you a new invitation.");
    } else {
        m.subject =
            "Undangan pendaftaran sertifikat elektronik BSrE / Invitation: BSrE "
            "certificate registration (" +
            r + ")";
        id.para(
            "Anda diundang untuk pendaftaran sertifikat elektronik BSrE dengan pendampingan "
            "petugas " +
            config.office_name + " (permohonan " + r + "):");
        id.list({"Waktu: " + w.day_id + ", pukul " + w.start + "-" + w.end + " " + w.zone,
                 "Tempat: " + place});
        id.para("Yang perlu dibawa:");
        id.list({"KTP asli", "Tanda terima " + r,
                 "Akses ke e-mail dinas Anda: e-mail dari BSrE berisi nama pengguna (username) "
                 "dan kata sandi untuk pendaftaran. Jangan berikan kata sandi kepada siapa pun, "
                 "termasuk petugas."});
        id.para(
            "Di sana Anda mengisi data diri, berfoto (swafoto) untuk verifikasi BSrE, dan "
            "membuat passphrase untuk tanda tangan elektronik. File undangan.ics terlampir "
            "untuk kalender Anda.");
        en.para(
            "You are invited to register for your BSrE electronic certificate with the "
            "office's staff beside you (application " +
            r + "):");
        en.list(
            {"When: " + w.day_en + ", " + w.start + "-" + w.end + " " + w.zone, "Where: " + place});
        en.para("Please bring:");
        en.list({"Your KTP (the original)", "Receipt " + r,
                 "Access to your official e-mail: BSrE's e-mail with the username and password "
                 "for the registration. Never give the password to anyone, staff included."});
        en.para(
            "There you enter your personal data, take a selfie for BSrE's verification and "
            "set the passphrase for your electronic signature. The attached undangan.ics "
            "adds the session to your calendar.");
    }
    if (!inv.session.note.empty()) {
        id.para("Catatan: " + inv.session.note);
        en.para("Note: " + inv.session.note);
    }
    id.para("Salam,\n" + config.office_name);
    en.para("This message was sent automatically; replies are not read.");
    m.text = id.text + "----------------------------------------\nEnglish\n\n" + en.text;
    m.html =
        "<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><body style=\"font-family:"
        "sans-serif;max-width:40em\">\n" +
        id.html + "<hr>\n<div lang=\"en\">\n" + en.html + "</div>\n</body></html>\n";
    const std::string method = inv.cancel ? "CANCEL" : "REQUEST";
    m.attachments.push_back({inv.cancel ? "pembatalan.ics" : "undangan.ics",
                             "text/calendar; method=" + method + "; charset=UTF-8",
                             invitation_ics(config, inv, now)});
    return m;
}

std::string invitation_key(const ScheduleSession& s, const ScheduleAssignment& a, bool cancel) {
    return std::string(cancel ? "schedule-cancel:" : "schedule-invite:") + std::to_string(s.id) +
           ":" + std::to_string(a.id) + ":r" + std::to_string(s.revision);
}

bool queue_invitation(Storage& storage, const MailConfig& config, const ScheduleSession& s,
                      const ScheduleAssignment& a, platform::TimePoint now, bool cancel) {
    if (!config.enabled()) {
        return false;
    }
    const auto c = storage.case_by_receipt(a.receipt_no);
    if (!c) {
        return false;
    }
    const Invitation inv = invitation_for(s, *c, cancel);
    if (inv.email.empty()) {
        return false;
    }
    MailMessage m = invitation_mail(config, inv, now);
    const std::string key = invitation_key(s, a, cancel);
    std::string local = key;
    for (char& ch : local) {
        ch = ch == ':' ? '.' : ch;
    }
    m.message_id = "<" + local + "@" + domain_of(config.smtp.from) + ">";
    return queue_message(storage, m, a.case_id, cancel ? "invitation_cancel" : "invitation", key,
                         now);
}

std::optional<platform::TimePoint> local_to_utc(const std::string& date, const std::string& time,
                                                int utc_offset_minutes) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    char tail = 0;
    if (date.size() != 10 || date[4] != '-' || date[7] != '-' ||
        std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 ||
        y < platform::kMinYear || y > platform::kMaxYear || !platform::is_valid_date(y, mo, d)) {
        return std::nullopt;
    }
    if (time.size() != 5 || time[2] != ':' ||
        std::sscanf(time.c_str(), "%2d:%2d%c", &h, &mi, &tail) != 2 || h < 0 || h > 23 || mi < 0 ||
        mi > 59) {
        return std::nullopt;
    }
    for (const std::size_t i : {0u, 1u, 3u, 4u}) {
        if (time[i] < '0' || time[i] > '9') {
            return std::nullopt;
        }
    }
    return platform::utc_time(y, mo, d, h, mi) - std::chrono::minutes(utc_offset_minutes);
}

std::string schedule_csv(Storage& storage, const std::string& from, const std::string& before,
                         int utc_offset_minutes) {
    std::string out(kUtf8Bom);
    out += csv_row({"Sesi / Session", "Tanggal / Date", "Mulai / Start", "Selesai / End",
                    "Tempat / Place", "Kapasitas / Capacity", "Terisi / Taken",
                    "Dibatalkan / Cancelled", "Nomor tanda terima / Receipt", "Nama / Name",
                    "Unit kerja / Work unit", "Status", "Dijadwalkan oleh / Assigned by"});
    for (const auto& s : storage.schedule_sessions(from, before, true)) {
        const std::string a = platform::format_local(utc_of(s.starts_at), utc_offset_minutes);
        const std::string b = platform::format_local(utc_of(s.ends_at), utc_offset_minutes);
        const std::string cancelled =
            s.cancelled_at.empty()
                ? ""
                : platform::format_local(utc_of(s.cancelled_at), utc_offset_minutes);
        const std::vector<std::string> head = {
            std::to_string(s.id),
            a.substr(6, 4) + "-" + a.substr(3, 2) + "-" + a.substr(0, 2),
            a.substr(11, 5),
            b.substr(11, 5),
            s.place,
            std::to_string(s.capacity),
            std::to_string(s.assigned),
            cancelled};
        const auto people = storage.schedule_assignments(s.id);
        if (people.empty()) {
            auto row = head;
            row.resize(head.size() + 5);
            out += csv_row(row);
        }
        for (const auto& p : people) {
            auto row = head;
            row.insert(row.end(), {p.receipt_no, p.applicant_name, p.work_unit,
                                   std::string(domain::to_code(p.status)), p.assigned_by});
            out += csv_row(row);
        }
    }
    return out;
}

}  // namespace anjungan::office
