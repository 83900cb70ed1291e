// E-mail to applicants: the messages the SOP's moves call for, written in Indonesian with
// English below, kept in a durable outbox and sent by a background sender through libcurl's
// SMTP, never in the path of a staff action.
//
// How a message comes to be: the sender reads the status history (the same numbers as the
// kiosks' feed) past its cursor and, for each move an applicant should hear about, puts one
// message in the outbox with a unique key (the history entry's number), advancing the cursor
// in the same transaction; so a move is mailed once, whoever made it and whenever the sender
// runs. It then sends what is due, oldest first, one claim at a time (a lease, so two office
// processes never send one message both), and records the answer: sent, or the error with the
// next try after a backoff (1 min doubling to 1 h, at most `max_attempts` tries). A crash
// between the server's acceptance and the record may send a message again, with the same
// Message-ID, which mail systems use to drop duplicates.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "anjungan/office/storage.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

// [smtp]
struct SmtpConfig {
    std::string url;   // smtp://host:port or smtps://host:port; empty: e-mail is off
    std::string from;  // "Diskominfo Palangka Raya <noreply@palangkaraya.go.id>"
    std::string username;
    std::string password_file;  // one line; empty: no password
    bool starttls = true;       // smtp://: require STARTTLS (false: plain, loopback tests only)
    std::string ca_file;        // a private CA for the server's certificate
    int timeout_seconds = 30;
    int max_attempts = 12;
    int backoff_first_seconds = 60;
    int backoff_max_seconds = 3600;
    int poll_seconds = 5;  // how often the sender looks for new moves
};

struct MailConfig {
    SmtpConfig smtp;
    std::string public_url;  // [office] public_url: where applicants reach /confirm/{token}
    std::string office_name =
        "Dinas Komunikasi, Informatika, Statistik dan Persandian "
        "Kota Palangka Raya";
    std::string office_address;  // where to bring corrections, shown in the e-mails
    int confirm_days = 14;       // a confirmation link expires after this
    int utc_offset_minutes = 420;
    bool enabled() const { return !smtp.url.empty(); }
};

struct MailAttachment {
    std::string filename;      // "undangan.ics"
    std::string content_type;  // "text/calendar; method=REQUEST; charset=UTF-8"
    std::string data;
};

struct MailMessage {
    std::string to;
    std::string subject;  // UTF-8; encoded per RFC 2047 when sent
    std::string text;     // the plain-text part
    std::string html;     // the HTML part
    std::vector<MailAttachment> attachments;
    std::string message_id;  // "<...@host>"
};

// Text for an HTML part: & < > " escaped.
std::string html_escape(const std::string& text);
// "=?UTF-8?B?...?=" words (each under 76 characters, split on character boundaries), or the
// subject as it is when it is plain ASCII.
std::string encode_header_words(const std::string& text);
// The Date header's form (RFC 5322): "Fri, 04 Dec 2026 09:15:00 +0700".
std::string rfc5322_date(platform::TimePoint t, int utc_offset_minutes);

struct SendOutcome {
    bool sent = false;
    bool permanent = false;  // the server refused the recipient or the message (5xx)
    std::string error;
};
// One message through libcurl's SMTP: a multipart/alternative of the text and the HTML parts
// (with the attachments around it in a multipart/mixed), the headers From, To, Subject, Date,
// Message-ID. Blocking; the caller is the background sender or a test.
SendOutcome send_mail(const SmtpConfig& config, const std::string& password,
                      const MailMessage& message, platform::TimePoint now, int utc_offset_minutes);

// The message the applicant gets when their case reaches `status` (received, returned,
// rejected, sent_to_bsre, issued); nothing for the other statuses. `confirm_url` is put in
// the first message (empty: none).
std::optional<MailMessage> status_mail(const MailConfig& config, const CaseDetail& c,
                                       const HistoryEntry& entry, const std::string& confirm_url);

// Queues a message for the background sender, once per `key` (true when queued): how a
// message that no move makes (a schedule invitation) reaches the outbox.
bool queue_message(Storage& storage, const MailMessage& message, const std::string& case_id,
                   const std::string& kind, const std::string& key, platform::TimePoint now);

// The background sender (one thread); nothing runs when e-mail is off.
class Mailer {
  public:
    Mailer(MailConfig config, Storage& storage, const platform::Clock& clock);
    ~Mailer();
    Mailer(const Mailer&) = delete;
    Mailer& operator=(const Mailer&) = delete;

    void start();
    void stop();
    void wake();  // look now (after a move, or from the admin page's "send now")
    // One pass: new moves into the outbox, then every due message. Returns how many were sent.
    int run_once();

  private:
    void loop();
    MailConfig config_;
    Storage& storage_;
    const platform::Clock& clock_;
    std::string password_;
    std::string owner_;  // this process's name on its claims
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool woken_ = false;
};

}  // namespace anjungan::office
