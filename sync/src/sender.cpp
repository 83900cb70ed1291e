#include "anjungan/sync/sender.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

namespace anjungan::sync {

using nlohmann::json;

namespace {

std::optional<std::uint64_t> parse_offset(const std::string& text) {
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoull(text);
}

std::string describe(const HttpResponse& r) {
    if (!r.answered()) {
        return "no answer: " + r.error;
    }
    std::string why;
    const json j = parse_untrusted(r.body);
    if (j.is_object() && j.contains("message") && j["message"].is_string()) {
        why = ": " + j["message"].get<std::string>();
    } else if (!r.body.empty()) {
        why = ": " + r.body.substr(0, 160);
    }
    return "HTTP " + std::to_string(r.status) + why;
}

std::string error_code(const HttpResponse& r) {
    const json j = parse_untrusted(r.body);
    return j.is_object() && j.contains("error") && j["error"].is_string()
               ? j["error"].get<std::string>()
               : r.header("x-anjungan-error");
}

}  // namespace

Sender::Sender(Journal& journal, OfficeClient& client, SenderOptions options)
    : journal_(journal),
      client_(client),
      options_(options),
      chunk_(std::clamp(options.max_chunk, kMinChunk, kMaxChunk)) {}

bool Sender::probe() {
    const HttpResponse r = client_.health();
    return r.status == 200 && parse_untrusted(r.body).is_object();
}

Sender::Step Sender::answer_problem(const HttpResponse& r, const std::string& what) {
    if (!r.answered()) {
        return {Outcome::kLinkDown, what + ": " + describe(r)};
    }
    switch (classify(r.status)) {
        case Verdict::kUnregistered: {
            const std::string code = error_code(r);
            const std::string hint =
                code == "clock_skew" ? "set the kiosk's clock (NTP)"
                : code == "unknown_kiosk"
                    ? "register it: `anjungan keys show` on the kiosk, then `anjungan-office "
                      "kiosks add`"
                    : "check the kiosk's key and its registration at the office";
            return {Outcome::kUnregistered, what + ": the office does not accept this kiosk (" +
                                                describe(r) + "); " + hint};
        }
        case Verdict::kRefused:
            return {Outcome::kRefused, what + ": refused, " + describe(r)};
        case Verdict::kRetry:
            break;
    }
    return {Outcome::kRetry, what + ": " + describe(r)};
}

Sender::Step Sender::upload_blob(const BlobRef& ref, PassReport& report) {
    const std::string what = "blob " + ref.sha256.substr(0, 12);
    HttpResponse head = client_.head_blob(ref.sha256);
    if (head.status != 200 && head.status != 404) {
        return answer_problem(head, what + " HEAD");
    }
    if (head.status == 200 && head.header("upload-complete") == "1") {
        return {};
    }
    std::optional<std::uint64_t> offset = head.status == 404
                                              ? std::optional<std::uint64_t>(0)
                                              : parse_offset(head.header("upload-offset"));
    if (!offset) {
        return {Outcome::kRetry, what + ": the office's HEAD answer has no Upload-Offset"};
    }
    platform::Bytes content;
    try {
        content = journal_.load_blob(ref.sha256);
    } catch (const PoisonError& e) {
        return {Outcome::kRefused, what + ": " + e.what()};
    }
    if (content.size() != ref.size) {
        return {Outcome::kRefused, what + ": stored size " + std::to_string(content.size()) +
                                       " differs from the case's " + std::to_string(ref.size)};
    }
    if (*offset > content.size()) {
        offset = 0;  // the office holds a longer partial: PATCH at 0 makes it say where it is
    }
    int resyncs = 0;
    int mismatches = 0;
    for (;;) {
        const std::size_t at = static_cast<std::size_t>(*offset);
        const std::size_t n = std::min(chunk_, content.size() - at);
        const HttpResponse r =
            client_.patch_blob(ref.sha256, at, content.size(), {content.data() + at, n});
        if (!r.answered()) {
            chunk_ = std::max(kMinChunk, chunk_ / 2);  // a flaky link: smaller steps
            return answer_problem(r, what + " PATCH");
        }
        const json body = parse_untrusted(r.body);
        const std::string code = error_code(r);
        if (r.status == 409 && code == kErrOffsetMismatch) {
            offset = parse_offset(r.header("upload-offset"));
            if (!offset || *offset > content.size() || ++resyncs > 3) {
                return {Outcome::kRetry, what + ": the office keeps moving its offset"};
            }
            continue;
        }
        if (r.status == 422 && code == kErrHashMismatch) {
            // What arrived differs from what left; the office discarded it. Start over.
            if (++mismatches > 1) {
                return {Outcome::kRetry, what + ": hash mismatch at the office twice"};
            }
            offset = 0;
            continue;
        }
        if (r.status != 200) {
            return answer_problem(r, what + " PATCH");
        }
        const auto new_offset = parse_offset(r.header("upload-offset"));
        if (!body.is_object() || !new_offset || body.value("sha256", "") != ref.sha256) {
            return {Outcome::kRetry, what + ": a 200 without the expected upload answer"};
        }
        report.bytes_uploaded += n;
        chunk_ = std::min(kMaxChunk, std::min(chunk_ * 2, options_.max_chunk));
        if (body.value("complete", false)) {
            return {};
        }
        if (*new_offset != at + n) {
            if (++resyncs > 3) {
                return {Outcome::kRetry, what + ": the office's offset does not follow the upload"};
            }
        }
        offset = new_offset;
        if (*offset >= content.size()) {
            return {Outcome::kRetry, what + ": all bytes sent but the office says incomplete"};
        }
    }
}

Sender::Step Sender::send_case(const OutboxItem& item, PassReport& report) {
    CasePayload payload;
    try {
        payload = journal_.load_case(item.case_id);
    } catch (const PoisonError& e) {
        return {Outcome::kRefused, std::string("the kiosk cannot read the case: ") + e.what()};
    }
    for (const auto& blob : payload.attachments) {
        if (Step s = upload_blob(blob, report); s.outcome != Outcome::kDone) {
            return s;
        }
    }
    // Ed25519 signatures are deterministic: every attempt sends byte-identical bodies, which
    // is what lets the office tell a replay from a different case under the same key.
    const std::string body = signed_case_body(payload, client_.key());
    for (int round = 0; round < 2; ++round) {
        const HttpResponse r = client_.post_case(item.case_id, body);
        if ((r.status == 201 || r.status == 200)) {
            if (const auto ack = parse_case_ack(r.body, item.case_id)) {
                journal_.acknowledged(item.case_id, *ack);
                return {};
            }
            return {Outcome::kRetry,
                    "case: HTTP " + std::to_string(r.status) + " without the office's acceptance"};
        }
        if (r.status == 409 && error_code(r) == kErrMissingBlobs && round == 0) {
            const json j = parse_untrusted(r.body);
            for (const auto& sha : j.value("missing", json::array())) {
                for (const auto& blob : payload.attachments) {
                    if (sha.is_string() && blob.sha256 == sha.get<std::string>()) {
                        if (Step s = upload_blob(blob, report); s.outcome != Outcome::kDone) {
                            return s;
                        }
                    }
                }
            }
            continue;
        }
        return answer_problem(r, "case");
    }
    return {Outcome::kRetry, "case: the office still misses blobs after they were uploaded"};
}

PassReport Sender::run_once() {
    PassReport report;
    auto note = [&](const std::string& e) {
        if (report.error.empty()) {
            report.error = e;
        }
    };
    for (const OutboxItem& item : journal_.pending(1000)) {
        const Step s = send_case(item, report);
        switch (s.outcome) {
            case Outcome::kDone:
                ++report.acknowledged;
                spdlog::info("sync: case {} ({}) acknowledged by the office", item.case_id,
                             item.receipt_no);
                continue;
            case Outcome::kRefused:
                journal_.quarantine(item.case_id, s.error);
                ++report.quarantined;
                spdlog::error("sync: case {} ({}) quarantined: {}", item.case_id, item.receipt_no,
                              s.error);
                continue;
            case Outcome::kRetry:
                journal_.attempt_failed(item.case_id, s.error);
                ++report.failed;
                note(item.receipt_no + ": " + s.error);
                spdlog::warn("sync: case {} stays pending: {}", item.receipt_no, s.error);
                continue;  // the office answered: the others may still go through
            case Outcome::kLinkDown:
                journal_.attempt_failed(item.case_id, s.error);
                report.link_down = true;
                break;
            case Outcome::kUnregistered:
                report.unregistered = true;
                break;
        }
        note(item.receipt_no + ": " + s.error);
        spdlog::warn("sync: pass stopped at {}: {}", item.receipt_no, s.error);
        break;
    }
    if (!report.link_down && !report.unregistered) {
        pull_status(report);
    }
    if (!report.link_down && !report.unregistered) {
        refresh_keys();
    }
    report.purged = journal_.purge_due();
    journal_.record_pass(report.clean(), report.error);
    return report;
}

void Sender::refresh_keys() {
    const HttpResponse r = client_.get_keys();
    const json j = parse_untrusted(r.body);
    if (r.status != 200 || !j.is_object() || !j.contains("keys") || !j["keys"].is_array()) {
        return;  // the next pass tries again; the kiosk keeps the list it has
    }
    json keys = json::array();
    for (const auto& k : j["keys"]) {
        if (k.is_object() && k.value("active", false) && k.contains("kiosk_id") &&
            k.contains("public_key")) {
            keys.push_back({{"kiosk_id", k["kiosk_id"]}, {"public_key", k["public_key"]}});
        }
    }
    journal_.save_kiosk_keys(keys.dump());
}

void Sender::pull_status(PassReport& report) {
    for (int page = 0; page < options_.max_pages; ++page) {
        const std::int64_t cursor = journal_.status_cursor();
        const HttpResponse r = client_.get_status(cursor, options_.status_page);
        if (r.status != 200) {
            const Step s = answer_problem(r, "status feed");
            report.link_down = report.link_down || s.outcome == Outcome::kLinkDown;
            report.unregistered = report.unregistered || s.outcome == Outcome::kUnregistered;
            ++report.failed;
            if (report.error.empty()) {
                report.error = s.error;
            }
            return;
        }
        const auto parsed = parse_status_page(r.body);
        if (!parsed || parsed->next < cursor) {
            ++report.failed;
            if (report.error.empty()) {
                report.error = "status feed: a 200 without a valid change list";
            }
            return;
        }
        report.status_applied += journal_.apply_status(parsed->changes, parsed->next);
        if (!parsed->more) {
            return;
        }
    }
}

// ---- SyncService ---------------------------------------------------------------------------

SyncService::SyncService(Factory with_sender, ServiceOptions options)
    : factory_(std::move(with_sender)), options_(options) {}

SyncService::~SyncService() {
    stop();
}

void SyncService::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) {
        return;
    }
    stop_ = false;
    cancel_ = false;
    state_.running = true;
    thread_ = std::thread([this] { loop(); });
}

void SyncService::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cancel_ = true;  // a transfer under way ends now, not at its stall limit
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    std::lock_guard lock(mutex_);
    state_.running = false;
}

void SyncService::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_ = true;
    }
    cv_.notify_all();
}

ServiceState SyncService::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

bool SyncService::stop_requested() const {
    std::lock_guard lock(mutex_);
    return stop_;
}

std::chrono::milliseconds SyncService::backoff(int failures, const ServiceOptions& o,
                                               double unit_random) {
    double d = static_cast<double>(o.backoff_min.count());
    for (int i = 1; i < failures && d < static_cast<double>(o.backoff_max.count()); ++i) {
        d *= 2;
    }
    d = std::min(d, static_cast<double>(o.backoff_max.count()));
    const double jittered = d / 2 + d / 2 * std::clamp(unit_random, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(jittered));
}

void SyncService::loop() {
    std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    try {
        factory_(cancel_, [&](Sender& sender) {
            for (;;) {
                PassReport report;
                if (stop_requested()) {
                    return;
                }
                try {
                    report = sender.run_once();
                } catch (const std::exception& e) {
                    report.failed = 1;
                    report.error = std::string("sync pass failed: ") + e.what();
                    spdlog::error("{}", report.error);
                }
                const auto now = std::chrono::system_clock::now();
                int failures = 0;
                {
                    std::lock_guard lock(mutex_);
                    state_.last_pass = now;
                    state_.last_report = report;
                    if (report.clean()) {
                        state_.last_success = now;
                        state_.consecutive_failures = 0;
                    } else {
                        ++state_.consecutive_failures;
                    }
                    failures = state_.consecutive_failures;
                }
                const bool down = report.link_down || report.unregistered;
                const auto wait =
                    failures == 0 ? options_.poll : backoff(failures, options_, unit(rng));
                const auto until = std::chrono::steady_clock::now() + wait;
                std::unique_lock lock(mutex_);
                while (!stop_ && !wake_ && std::chrono::steady_clock::now() < until) {
                    const auto step =
                        down ? std::min<std::chrono::steady_clock::duration>(
                                   options_.probe, until - std::chrono::steady_clock::now())
                             : until - std::chrono::steady_clock::now();
                    cv_.wait_for(lock, step, [&] { return stop_ || wake_; });
                    if (down && !stop_ && !wake_ && std::chrono::steady_clock::now() < until) {
                        lock.unlock();
                        const bool back = sender.probe();  // the link returned: go at once
                        lock.lock();
                        if (back && report.link_down) {
                            spdlog::info("sync: the office answers again; sending now");
                            break;
                        }
                    }
                }
                if (stop_) {
                    return;
                }
                wake_ = false;
            }
        });
    } catch (const std::exception& e) {
        spdlog::error("sync service stopped: {}", e.what());
    }
    std::lock_guard lock(mutex_);
    state_.running = false;
}

}  // namespace anjungan::sync
