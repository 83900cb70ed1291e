// The kiosk's HTTP client for the office's kiosk API (libcurl): signs every request with the
// kiosk's key, keeps the connection alive between requests, and detects a stalled link by the
// lack of progress (CURLOPT_LOW_SPEED_*), not by a total time limit, so a slow but moving
// upload of a large scan still completes.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "anjungan/platform/crypto.hpp"

namespace anjungan::sync {

struct ClientOptions {
    std::string base_url;  // office.url, e.g. "http://127.0.0.1:8480"
    std::string kiosk_id;
    int connect_seconds = 10;
    int stall_seconds = 30;   // no byte moved for this long: the link is dead
    int total_seconds = 300;  // a whole request, however steadily bytes trickle
    // An answer longer than this is cut off and counts as no answer (a page of statuses is
    // well under 1 MiB).
    std::size_t max_answer_bytes = 8u << 20;
    // TLS: a CA bundle and the office's pinned public key (sha256//...), both optional.
    std::string ca_file;
    std::string pinned_public_key;
    // Set to true to abort a transfer under way (the kiosk is shutting down); may be null.
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
    int status = 0;  // 0 when no answer came (see `error`)
    std::string body;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string error;                           // the transport failure, for operators
    bool answered() const { return status != 0; }
    std::string header(const std::string& lower_name) const;
};

class OfficeClient {
  public:
    // `key` must outlive the client.
    OfficeClient(ClientOptions options, const platform::SigningKey& key);
    ~OfficeClient();
    OfficeClient(const OfficeClient&) = delete;
    OfficeClient& operator=(const OfficeClient&) = delete;

    HttpResponse head_blob(const std::string& sha256);
    HttpResponse patch_blob(const std::string& sha256, std::uint64_t offset, std::uint64_t total,
                            std::span<const std::uint8_t> chunk);
    HttpResponse post_case(const std::string& case_id, const std::string& body);
    HttpResponse get_status(std::int64_t since, int limit);
    HttpResponse get_keys();
    HttpResponse health();  // unsigned, short: is the office there at all?

    const ClientOptions& options() const { return options_; }
    const platform::SigningKey& key() const { return key_; }

  private:
    HttpResponse send(const std::string& method, const std::string& path,
                      std::span<const std::uint8_t> body,
                      const std::map<std::string, std::string>& headers, bool sign);
    ClientOptions options_;
    const platform::SigningKey& key_;
    struct Curl;
    std::unique_ptr<Curl> curl_;
};

}  // namespace anjungan::sync
