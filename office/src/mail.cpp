#include "anjungan/office/mail.hpp"

#include <curl/curl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::office {

namespace {

using nlohmann::json;

constexpr std::chrono::hours kOldestMailed{7 * 24};  // older moves are not mailed late
constexpr std::chrono::minutes kLease{5};

// "<addr>" from "Name <addr>" or "addr".
std::string angle_address(const std::string& from) {
    const auto lt = from.find('<'), gt = from.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
        return from.substr(lt, gt - lt + 1);
    }
    return "<" + from + ">";
}

std::string domain_of(const std::string& from) {
    const std::string a = angle_address(from);
    const auto at = a.find('@');
    return at == std::string::npos ? "anjungan.local" : a.substr(at + 1, a.size() - at - 2);
}

// One paragraph of the message, in both parts.
struct Body {
    std::string text, html;
    void para(const std::string& line) {
        text += line + "\n\n";
        html += "<p>" + html_escape(line) + "</p>\n";
    }
    void item(const std::string& line) {
        text += "  - " + line + "\n";
        html += "<li>" + html_escape(line) + "</li>\n";
    }
    void list_start() { html += "<ul>\n"; }
    void list_end() {
        text += "\n";
        html += "</ul>\n";
    }
    void link(const std::string& label, const std::string& url) {
        text += label + "\n" + url + "\n\n";
        html += "<p>" + html_escape(label) + "<br><a href=\"" + html_escape(url) + "\">" +
                html_escape(url) + "</a></p>\n";
    }
    void rule() {
        text += "----------------------------------------\n\n";
        html += "<hr>\n";
    }
};

}  // namespace

std::string html_escape(const std::string& s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string encode_header_words(const std::string& text) {
    bool ascii = true;
    for (const unsigned char c : text) {
        if (c >= 0x80 || c < 0x20) {
            ascii = false;
        }
    }
    if (ascii && text.size() < 900) {
        return text;
    }
    // Words of at most 45 bytes of text (60 in base64, 72 with the markers), cut on UTF-8
    // character boundaries, joined by folding whitespace.
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.size(), at + 45);
        while (end < text.size() && end > at &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        const std::string piece = text.substr(at, end - at);
        const std::vector<std::uint8_t> bytes(piece.begin(), piece.end());
        // Standard base64 (RFC 2047 "B"), from base64url.
        std::string b64 = platform::base64url(bytes);
        for (char& c : b64) {
            c = c == '-' ? '+' : c == '_' ? '/' : c;
        }
        while (b64.size() % 4) {
            b64 += '=';
        }
        out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + b64 + "?=";
        at = end;
    }
    return out;
}

std::string rfc5322_date(platform::TimePoint t, int utc_offset_minutes) {
    static const char* const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto local =
        std::chrono::floor<std::chrono::seconds>(t) + std::chrono::minutes(utc_offset_minutes);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{local - day};
    const unsigned wd = std::chrono::weekday{day}.iso_encoding();
    const int off = std::abs(utc_offset_minutes);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %d %02d:%02d:%02d %c%02d%02d", kDays[wd - 1],
                  static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                  utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
}

SendOutcome send_mail(const SmtpConfig& config, const std::string& password, const MailMessage& m,
                      platform::TimePoint now, int utc_offset_minutes) {
    SendOutcome out;
    CURL* curl = curl_easy_init();
    if (!curl) {
        out.error = "libcurl could not start";
        return out;
    }
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_URL, config.url.c_str());
    if (!config.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, config.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
    }
    if (config.url.rfind("smtp://", 0) == 0 && config.starttls) {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!config.ca_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, config.ca_file.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config.timeout_seconds));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const std::string from = angle_address(config.from);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);

    curl_slist* headers = nullptr;
    for (const std::string& h :
         {"Date: " + rfc5322_date(now, utc_offset_minutes), "From: " + config.from,
          "To: <" + m.to + ">", "Subject: " + encode_header_words(m.subject),
          "Message-ID: " + m.message_id, std::string("Auto-Submitted: auto-generated")}) {
        headers = curl_slist_append(headers, h.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    curl_mime* mime = curl_mime_init(curl);
    curl_mime* alt = curl_mime_init(curl);
    curl_mimepart* part = curl_mime_addpart(alt);
    curl_mime_data(part, m.text.data(), m.text.size());
    curl_mime_type(part, "text/plain; charset=UTF-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(alt);
    curl_mime_data(part, m.html.data(), m.html.size());
    curl_mime_type(part, "text/html; charset=UTF-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(mime);
    curl_mime_subparts(part, alt);
    curl_mime_type(part, "multipart/alternative");
    curl_slist* inline_header = curl_slist_append(nullptr, "Content-Disposition: inline");
    curl_mime_headers(part, inline_header, 1);
    for (const auto& a : m.attachments) {
        part = curl_mime_addpart(mime);
        curl_mime_data(part, a.data.data(), a.data.size());
        curl_mime_type(part, a.content_type.c_str());
        curl_mime_filename(part, a.filename.c_str());
        curl_mime_encoder(part, "base64");
    }
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);

    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) {
        out.sent = true;
    } else {
        out.error =
            std::string(curl_easy_strerror(rc)) + (errbuf[0] ? std::string(": ") + errbuf : "");
        if (code > 0) {
            out.error += " (SMTP " + std::to_string(code) + ")";
        }
        // A mailbox or message refused for good (550-554) will be refused again; anything else
        // (a login refused, a command the server did not take, a server that is not one) may
        // be fixed by the operator, so it is retried.
        out.permanent = code >= 550 && code <= 554 && rc != CURLE_LOGIN_DENIED;
    }
    curl_mime_free(mime);
    curl_slist_free_all(headers);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    return out;
}

std::optional<MailMessage> status_mail(const MailConfig& config, const CaseDetail& c,
                                       const HistoryEntry& e, const std::string& confirm_url) {
    using domain::CaseStatus;
    const json& a = c.payload.applicant;
    MailMessage m;
    m.to = applicant_text(a, "email");
    if (m.to.empty()) {
        return std::nullopt;
    }
    std::string name = applicant_text(a, "certificate_name");
    if (name.empty()) {
        name = applicant_text(a, "full_name");
    }
    const std::string& r = c.row.receipt_no;
    Body id, en;
    id.para("Yth. " + name + ",");
    en.para("Dear " + name + ",");
    std::string subject_id, subject_en;
    switch (e.status) {
        case CaseStatus::kReceived:
            subject_id = "Permohonan sertifikat elektronik diterima";
            subject_en = "Application for an electronic certificate received";
            id.para("Permohonan sertifikat elektronik Anda telah diterima oleh " +
                    config.office_name + " dengan nomor tanda terima " + r + ".");
            id.para(
                "Berikutnya: berkas Anda diperiksa (disposisi Kepala Dinas, Kepala Bidang, "
                "verifikasi). Bila lengkap, kami mengirim surat rekomendasi ke BSrE, dan BSrE "
                "akan mengirim e-mail kepada Anda. Simpan tanda terima Anda.");
            en.para(
                "Your application for an electronic certificate was received by the office, "
                "receipt number " +
                r + ".");
            en.para(
                "Next: your file is reviewed (the head of department's and the division's "
                "dispositions, verification). When it is complete we send a recommendation "
                "to BSrE, and BSrE will e-mail you. Keep your receipt.");
            if (!confirm_url.empty()) {
                id.link(
                    "Mohon konfirmasi alamat e-mail dinas Anda dengan membuka tautan ini "
                    "(berlaku " +
                        std::to_string(config.confirm_days) + " hari):",
                    confirm_url);
                en.link(
                    "Please confirm your official e-mail address by opening this link "
                    "(valid for " +
                        std::to_string(config.confirm_days) + " days):",
                    confirm_url);
            }
            break;
        case CaseStatus::kReturned:
            subject_id = "Permohonan perlu diperbaiki";
            subject_en = "Your application needs correction";
            id.para("Permohonan Anda (" + r + ") dikembalikan untuk diperbaiki, karena:");
            en.para("Your application (" + r + ") was returned for correction, because:");
            id.list_start();
            en.list_start();
            for (const auto& reason : e.reasons) {
                const auto slash = reason.find(" / ");
                id.item(reason.substr(0, slash));
                en.item(slash == std::string::npos ? reason : reason.substr(slash + 3));
            }
            id.list_end();
            en.list_end();
            if (!e.note.empty()) {
                id.para("Catatan petugas: " + e.note);
                en.para("Staff's note: " + e.note);
            }
            id.para("Bawa tanda terima " + r +
                    " dan dokumen yang sudah diperbaiki ke anjungan "
                    "atau ke kantor: " +
                    config.office_address + ".");
            en.para("Bring receipt " + r +
                    " and the corrected documents to the kiosk or to "
                    "the office: " +
                    config.office_address + ".");
            break;
        case CaseStatus::kRejected:
            subject_id = "Permohonan ditolak";
            subject_en = "Your application was refused";
            id.para("Mohon maaf, permohonan Anda (" + r + ") ditolak.");
            en.para("We are sorry: your application (" + r + ") was refused.");
            if (!e.note.empty()) {
                id.para("Alasan: " + e.note);
                en.para("Reason: " + e.note);
            }
            id.para("Untuk pertanyaan, hubungi " + config.office_name + ".");
            en.para("For questions, contact the office.");
            break;
        case CaseStatus::kSentToBsre:
            subject_id = "Rekomendasi dikirim ke BSrE";
            subject_en = "Recommendation sent to BSrE";
            id.para("Surat rekomendasi untuk permohonan Anda (" + r +
                    ") telah dikirim ke Balai "
                    "Sertifikasi Elektronik (BSrE).");
            id.para(
                "Tunggu e-mail dari BSrE berisi nama pengguna (username) dan kata sandi untuk "
                "pendaftaran. Periksa juga folder spam. Jangan berikan kata sandi kepada "
                "siapa pun, termasuk petugas.");
            en.para("The recommendation for your application (" + r +
                    ") was sent to BSrE, the "
                    "national certificate authority.");
            en.para(
                "Expect an e-mail from BSrE with a username and a password for the "
                "registration. Look in the spam folder too. Never give the password to "
                "anyone, staff included.");
            break;
        case CaseStatus::kIssued:
            subject_id = "Sertifikat elektronik diterbitkan";
            subject_en = "Electronic certificate issued";
            id.para("Sertifikat elektronik Anda (" + r + ") telah diterbitkan oleh BSrE.");
            id.para(
                "Cara mengunduh: masuk ke portal BSrE dengan akun dari e-mail BSrE, pilih "
                "menu Sertifikat, lalu unduh sertifikat dan simpan passphrase Anda dengan "
                "aman. Sertifikat dipakai untuk menandatangani dokumen secara elektronik.");
            en.para("Your electronic certificate (" + r + ") was issued by BSrE.");
            en.para(
                "To download it: sign in to BSrE's portal with the account from BSrE's "
                "e-mail, open Certificates, download the certificate and keep your "
                "passphrase safe. You use it to sign documents electronically.");
            break;
        default:
            return std::nullopt;
    }
    id.para("Salam,\n" + config.office_name);
    en.para("This message was sent automatically; replies are not read.");
    m.subject = subject_id + " / " + subject_en + " (" + r + ")";
    m.text = id.text + "----------------------------------------\nEnglish\n\n" + en.text;
    m.html =
        "<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><body style=\"font-family:"
        "sans-serif;max-width:40em\">\n" +
        id.html + "<hr>\n<div lang=\"en\">\n" + en.html + "</div>\n</body></html>\n";
    m.message_id =
        "<" + c.row.case_id + "." + std::to_string(e.seq) + "@" + domain_of(config.smtp.from) + ">";
    return m;
}

bool queue_message(Storage& storage, const MailMessage& message, const std::string& case_id,
                   const std::string& kind, const std::string& key, platform::TimePoint now) {
    OutboxRecord r;
    r.case_id = case_id;
    r.kind = kind;
    r.key = key;
    r.recipient = message.to;
    r.subject = message.subject;
    r.text = message.text;
    r.html = message.html;
    json atts = json::array();
    for (const auto& a : message.attachments) {
        const std::vector<std::uint8_t> bytes(a.data.begin(), a.data.end());
        atts.push_back({{"filename", a.filename},
                        {"content_type", a.content_type},
                        {"data_base64url", platform::base64url(bytes)}});
    }
    r.attachments = atts.dump();
    r.message_id = message.message_id.empty() ? "<" + platform::new_uuid_v4() + "@anjungan.local>"
                                              : message.message_id;
    r.created_at = r.next_at = platform::format_utc(now);
    return storage.queue_mail(r);
}

Mailer::Mailer(MailConfig config, Storage& storage, const platform::Clock& clock)
    : config_(std::move(config)), storage_(storage), clock_(clock) {
    owner_ = "mailer-" + platform::new_uuid_v4().substr(0, 8);
    if (!config_.smtp.password_file.empty()) {
        std::ifstream in(config_.smtp.password_file);
        if (!in) {
            throw std::runtime_error("smtp.password_file: cannot read " +
                                     config_.smtp.password_file);
        }
        std::getline(in, password_);
        if (!password_.empty() && password_.back() == '\r') {
            password_.pop_back();
        }
    }
}

Mailer::~Mailer() {
    stop();
}

void Mailer::start() {
    if (!config_.enabled() || thread_.joinable()) {
        return;
    }
    stop_ = false;
    thread_ = std::thread([this] { loop(); });
}

void Mailer::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Mailer::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

void Mailer::loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        try {
            run_once();
        } catch (const std::exception& e) {
            spdlog::warn(json{{"event", "mail.pass_failed"}, {"what", e.what()}}.dump());
        }
        lock.lock();
        cv_.wait_for(lock, std::chrono::seconds(std::max(1, config_.smtp.poll_seconds)),
                     [&] { return stop_ || woken_; });
        woken_ = false;
    }
}

int Mailer::run_once() {
    const auto now = clock_.now();
    const std::string now_text = platform::format_utc(now);
    // 1. New moves into the outbox.
    for (;;) {
        const std::int64_t since = storage_.cursor("mail");
        const auto entries = storage_.history_after(since, 100);
        if (entries.empty()) {
            break;
        }
        std::vector<OutboxRecord> batch;
        for (const auto& f : entries) {
            platform::TimePoint at;
            if (!platform::parse_utc(f.entry.at, at) || now - at > kOldestMailed) {
                continue;
            }
            const auto d = storage_.case_by_receipt(f.receipt_no);
            if (!d) {
                continue;
            }
            std::string confirm_url;
            const bool first = f.entry.status == domain::CaseStatus::kReceived;
            if (first && !config_.public_url.empty() && !storage_.email_confirmation(f.case_id)) {
                std::array<std::uint8_t, 32> raw{};
                randombytes_buf(raw.data(), raw.size());
                const std::string token = platform::base64url(raw);
                storage_.add_email_token(
                    platform::sha256_hex(token), f.case_id, now_text,
                    platform::format_utc(now + std::chrono::hours(24 * config_.confirm_days)));
                std::string base = config_.public_url;
                while (!base.empty() && base.back() == '/') {
                    base.pop_back();
                }
                confirm_url = base + "/confirm/" + token;
            }
            const auto m = status_mail(config_, *d, f.entry, confirm_url);
            if (!m) {
                continue;
            }
            OutboxRecord r;
            r.case_id = f.case_id;
            r.kind = std::string(domain::to_code(f.entry.status));
            r.key = "history:" + std::to_string(f.entry.seq);
            r.recipient = m->to;
            r.subject = m->subject;
            r.text = m->text;
            r.html = m->html;
            r.message_id = m->message_id;
            r.created_at = now_text;
            r.next_at = now_text;
            batch.push_back(std::move(r));
        }
        storage_.queue_mail_batch(batch, "mail", entries.back().entry.seq);
    }
    // 2. What is due, one claim at a time.
    int sent = 0;
    for (int i = 0; i < 100; ++i) {
        const auto t = clock_.now();
        const auto claim =
            storage_.claim_mail(platform::format_utc(t), owner_, platform::format_utc(t + kLease));
        if (!claim) {
            break;
        }
        MailMessage m{claim->recipient, claim->subject, claim->text, claim->html, {},
                      claim->message_id};
        const json atts = json::parse(claim->attachments, nullptr, false);
        if (atts.is_array()) {
            for (const auto& x : atts) {
                const auto data = platform::from_base64url(x.value("data_base64url", ""));
                m.attachments.push_back({x.value("filename", "file"),
                                         x.value("content_type", "application/octet-stream"),
                                         data ? std::string(data->begin(), data->end()) : ""});
            }
        }
        const auto outcome = send_mail(config_.smtp, password_, m, t, config_.utc_offset_minutes);
        std::string next;
        if (!outcome.sent && !outcome.permanent &&
            claim->attempts + 1 < config_.smtp.max_attempts) {
            const int n = std::min(claim->attempts, 20);
            const long long delay =
                std::min<long long>(static_cast<long long>(config_.smtp.backoff_first_seconds) << n,
                                    config_.smtp.backoff_max_seconds);
            next = platform::format_utc(t + std::chrono::seconds(delay));
        }
        storage_.finish_mail(claim->id, outcome.sent, outcome.error, next,
                             platform::format_utc(clock_.now()));
        spdlog::info(json{
            {"event", outcome.sent ? "mail.sent" : "mail.failed"},
            {"id", claim->id},
            {"kind", claim->kind},
            {"to", domain::mask_email(claim->recipient)},
            {"error", outcome.error},
            {"next",
             next}}.dump());
        if (outcome.sent) {
            ++sent;
        } else if (!outcome.permanent) {
            break;  // the server is down or refusing: the others wait for the next pass
        }
    }
    return sent;
}

}  // namespace anjungan::office
