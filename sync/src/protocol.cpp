#include "anjungan/sync/protocol.hpp"

namespace anjungan::sync {

using nlohmann::json;

std::string request_signing_text(std::string_view method, std::string_view path_and_query,
                                 std::string_view date, std::string_view body_sha256,
                                 std::string_view idempotency_key, std::string_view upload_offset,
                                 std::string_view upload_length) {
    std::string out = "anjungan-request-v1\n";
    for (const std::string_view part : {method, path_and_query, date, body_sha256, idempotency_key,
                                        upload_offset, upload_length}) {
        out.append(part);
        out.push_back('\n');
    }
    return out;
}

namespace {

template <typename T>
T field(const json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) {
        throw ProtocolError(std::string("missing field '") + name + "'");
    }
    try {
        return j.at(name).get<T>();
    } catch (const json::exception&) {
        throw ProtocolError(std::string("field '") + name + "' has the wrong type");
    }
}

}  // namespace

json to_json(const CasePayload& c) {
    json atts = json::array();
    for (const auto& a : c.attachments) {
        atts.push_back({{"kind", a.kind},
                        {"page", a.page},
                        {"sha256", a.sha256},
                        {"size", a.size},
                        {"media_type", a.media_type}});
    }
    return {{"case_id", c.case_id},       {"receipt_no", c.receipt_no}, {"kiosk_id", c.kiosk_id},
            {"created_at", c.created_at}, {"applicant", c.applicant},   {"attachments", atts}};
}

CasePayload case_from_json(const json& j) {
    CasePayload c;
    c.case_id = field<std::string>(j, "case_id");
    c.receipt_no = field<std::string>(j, "receipt_no");
    c.kiosk_id = field<std::string>(j, "kiosk_id");
    c.created_at = field<std::string>(j, "created_at");
    c.applicant = field<json>(j, "applicant");
    if (!c.applicant.is_object()) {
        throw ProtocolError("field 'applicant' is not an object");
    }
    const auto atts = field<json>(j, "attachments");
    if (!atts.is_array()) {
        throw ProtocolError("field 'attachments' is not an array");
    }
    for (const auto& a : atts) {
        BlobRef b;
        b.kind = field<std::string>(a, "kind");
        b.page = field<int>(a, "page");
        b.sha256 = field<std::string>(a, "sha256");
        b.size = field<std::uint64_t>(a, "size");
        b.media_type = field<std::string>(a, "media_type");
        if (!platform::is_sha256_hex(b.sha256)) {
            throw ProtocolError("attachment sha256 '" + b.sha256 + "' is not a SHA-256");
        }
        c.attachments.push_back(std::move(b));
    }
    return c;
}

std::string case_signing_text(const CasePayload& c) {
    return "anjungan-case-v1\n" + to_json(c).dump();
}

std::string signed_case_body(const CasePayload& c, const platform::SigningKey& key) {
    const std::string text = case_signing_text(c);
    const auto sig = key.sign({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    return json{{"case", to_json(c)}, {"signature", platform::base64url(sig)}}.dump();
}

bool json_depth_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                return false;
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

json parse_untrusted(std::string_view text, int max_depth) {
    if (!json_depth_within(text, max_depth)) {
        return json(json::value_t::discarded);
    }
    return json::parse(text, nullptr, false);
}

json to_json(const CaseAck& a) {
    return {{"result", "accepted"}, {"case_id", a.case_id},         {"receipt_no", a.receipt_no},
            {"status", a.status},   {"accepted_at", a.accepted_at}, {"seq", a.seq}};
}

std::optional<CaseAck> parse_case_ack(std::string_view body, std::string_view case_id) {
    const json j = parse_untrusted(body);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt;
    }
    try {
        if (field<std::string>(j, "result") != "accepted" ||
            field<std::string>(j, "case_id") != case_id) {
            return std::nullopt;
        }
        CaseAck a;
        a.case_id = std::string(case_id);
        a.receipt_no = field<std::string>(j, "receipt_no");
        a.status = field<std::string>(j, "status");
        a.accepted_at = field<std::string>(j, "accepted_at");
        a.seq = field<std::int64_t>(j, "seq");
        return a;
    } catch (const ProtocolError&) {
        return std::nullopt;
    }
}

json to_json(const StatusEntry& e) {
    return {{"seq", e.seq},       {"case_id", e.case_id}, {"receipt_no", e.receipt_no},
            {"status", e.status}, {"at", e.at},           {"note", e.note},
            {"due_at", e.due_at}};
}

json to_json(const StatusPage& p) {
    json changes = json::array();
    for (const auto& e : p.changes) {
        changes.push_back(to_json(e));
    }
    return {{"changes", changes}, {"next", p.next}, {"more", p.more}};
}

std::optional<StatusPage> parse_status_page(std::string_view body) {
    const json j = parse_untrusted(body);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt;
    }
    try {
        StatusPage p;
        p.next = field<std::int64_t>(j, "next");
        p.more = field<bool>(j, "more");
        const auto changes = field<json>(j, "changes");
        if (!changes.is_array()) {
            return std::nullopt;
        }
        for (const auto& c : changes) {
            StatusEntry e;
            e.seq = field<std::int64_t>(c, "seq");
            e.case_id = field<std::string>(c, "case_id");
            e.receipt_no = field<std::string>(c, "receipt_no");
            e.status = field<std::string>(c, "status");
            e.at = field<std::string>(c, "at");
            e.note = field<std::string>(c, "note");
            e.due_at = c.value("due_at", "");
            p.changes.push_back(std::move(e));
        }
        return p;
    } catch (const ProtocolError&) {
        return std::nullopt;
    }
}

json error_body(std::string_view code, std::string_view message) {
    return {{"error", code}, {"message", message}};
}

Verdict classify(int http_status) {
    if (http_status == 401 || http_status == 403) {
        return Verdict::kUnregistered;
    }
    // Only answers that judge the case itself refuse it for good; a 404 or 405 more likely
    // means a wrong office.url or a proxy in the way, which an operator fixes.
    switch (http_status) {
        case 400:
        case 410:
        case 413:
        case 415:
        case 422:
            return Verdict::kRefused;
        default:
            return Verdict::kRetry;
    }
}

}  // namespace anjungan::sync
