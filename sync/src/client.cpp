#include "anjungan/sync/client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "anjungan/platform/clock.hpp"
#include "anjungan/sync/protocol.hpp"

namespace anjungan::sync {

namespace {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

struct Upload {
    std::span<const std::uint8_t> data;
    std::size_t pos = 0;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t n, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t want = std::min(size * n, up->data.size() - up->pos);
    std::copy_n(up->data.data() + up->pos, want, reinterpret_cast<std::uint8_t*>(buffer));
    up->pos += want;
    return want;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel != nullptr && cancel->load() ? 1 : 0;  // non-zero aborts the transfer
}

// curl rewinds the body when it resends a request on a fresh connection.
int seek_body(void* user, curl_off_t offset, int origin) {
    auto* up = static_cast<Upload*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > up->data.size()) {
        return CURL_SEEKFUNC_CANTSEEK;
    }
    up->pos = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
}

struct Answer {
    std::string* body;
    std::size_t limit;
    bool over = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* a = static_cast<Answer*>(user);
    if (a->body->size() + size * n > a->limit) {
        a->over = true;
        return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    a->body->append(data, size * n);
    return size * n;
}

std::size_t write_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    const std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();  // a new response (after a 100 Continue, say)
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
        (*headers)[lower(line.substr(0, colon))] = value;
    }
    return size * n;
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

struct OfficeClient::Curl {
    CURL* handle = nullptr;
    Curl() : handle(curl_easy_init()) {}
    ~Curl() { curl_easy_cleanup(handle); }
};

OfficeClient::OfficeClient(ClientOptions options, const platform::SigningKey& key)
    : options_(std::move(options)), key_(key) {
    init_curl_once();
    while (!options_.base_url.empty() && options_.base_url.back() == '/') {
        options_.base_url.pop_back();
    }
    curl_ = std::make_unique<Curl>();
}

OfficeClient::~OfficeClient() = default;

HttpResponse OfficeClient::send(const std::string& method, const std::string& path,
                                std::span<const std::uint8_t> body,
                                const std::map<std::string, std::string>& headers, bool sign) {
    HttpResponse out;
    CURL* h = curl_->handle;
    if (h == nullptr) {
        out.error = "libcurl could not be initialised";
        return out;
    }
    curl_easy_reset(h);
    const std::string url = options_.base_url + path;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_seconds));
    // Stall detection: less than 1 byte/s for stall_seconds aborts; and a whole request ends
    // after total_seconds, so an answer trickling a byte a second cannot hold the pass forever.
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_seconds));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(options_.total_seconds));
    if (options_.cancel != nullptr) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, options_.cancel);
    }
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (!options_.pinned_public_key.empty()) {
        curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, options_.pinned_public_key.c_str());
    }

    curl_slist* list = nullptr;
    auto add = [&](const std::string& name, const std::string& value) {
        list = curl_slist_append(list, (name + ": " + value).c_str());
    };
    for (const auto& [name, value] : headers) {
        add(name, value);
    }
    if (sign) {
        const std::string date = platform::format_utc(std::chrono::system_clock::now());
        auto get = [&](std::string_view name) {
            const auto it = headers.find(std::string(name));
            return it == headers.end() ? std::string() : it->second;
        };
        const std::string text = request_signing_text(
            method, path, date, platform::sha256_hex(body), get(kHeaderIdempotencyKey),
            get(kHeaderUploadOffset), get(kHeaderUploadLength));
        const auto sig =
            key_.sign({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        add(std::string(kHeaderKiosk), options_.kiosk_id);
        add(std::string(kHeaderDate), date);
        add(std::string(kHeaderSignature), platform::base64url(sig));
    }
    add("Expect", "");  // no 100-continue round trip for each chunk
    Upload upload{body, 0};
    if (method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, read_body);
        curl_easy_setopt(h, CURLOPT_READDATA, &upload);
        curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_body);
        curl_easy_setopt(h, CURLOPT_SEEKDATA, &upload);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
        add("Content-Type",
            method == "PATCH" ? "application/offset+octet-stream" : "application/json");
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    Answer answer{&out.body, options_.max_answer_bytes};
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out.headers);
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);

    const CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        out.status = 0;
        out.error =
            answer.over
                ? "the answer is over " + std::to_string(options_.max_answer_bytes) +
                      " bytes: cut off, counted as no answer"
                : std::string(curl_easy_strerror(rc)) + (error[0] ? std::string(": ") + error : "");
        out.body.clear();
        return out;
    }
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    out.status = static_cast<int>(code);
    return out;
}

HttpResponse OfficeClient::head_blob(const std::string& sha256) {
    return send("HEAD", "/v1/blobs/" + sha256, {}, {}, true);
}

HttpResponse OfficeClient::patch_blob(const std::string& sha256, std::uint64_t offset,
                                      std::uint64_t total, std::span<const std::uint8_t> chunk) {
    return send("PATCH", "/v1/blobs/" + sha256, chunk,
                {{std::string(kHeaderUploadOffset), std::to_string(offset)},
                 {std::string(kHeaderUploadLength), std::to_string(total)}},
                true);
}

HttpResponse OfficeClient::post_case(const std::string& case_id, const std::string& body) {
    return send("POST", "/v1/cases",
                {reinterpret_cast<const std::uint8_t*>(body.data()), body.size()},
                {{std::string(kHeaderIdempotencyKey), case_id}}, true);
}

HttpResponse OfficeClient::get_status(std::int64_t since, int limit) {
    return send("GET",
                "/v1/status?since=" + std::to_string(since) + "&limit=" + std::to_string(limit), {},
                {}, true);
}

HttpResponse OfficeClient::get_keys() {
    return send("GET", "/v1/keys", {}, {}, true);
}

HttpResponse OfficeClient::health() {
    return send("GET", "/v1/health", {}, {}, false);
}

}  // namespace anjungan::sync
