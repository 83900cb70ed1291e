// What comes over the wire is not trusted (issue 16, item 2): JSON nested 100,000 deep is
// refused at parse time on both sides (the office answers 400 and stays up; the kiosk counts
// such an answer as none), an answer over the size cap is cut off, and a request whose answer
// trickles in a byte at a time ends at its total deadline.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "anjungan/office/server.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/client.hpp"
#include "anjungan/sync/protocol.hpp"
#include "test_support.hpp"

namespace anjungan::sync {
namespace {

using namespace std::chrono_literals;

std::string nested(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

TEST(Untrusted, DeepJsonIsRefusedBeforeItIsBuilt) {
    EXPECT_TRUE(json_depth_within(nested(32), 32));
    EXPECT_FALSE(json_depth_within(nested(33), 32));
    EXPECT_TRUE(parse_untrusted(nested(100'000)).is_discarded());
    // Brackets inside strings (escaped quotes too) do not count.
    EXPECT_TRUE(json_depth_within(R"({"a":"[[[[[[[[[[\"[[[[[[["})", 2));
    EXPECT_TRUE(parse_untrusted(R"({"a":"[[[[[[[[[[\"[[[[[[["})", 2).is_object());
    EXPECT_TRUE(parse_untrusted("{not json").is_discarded());
    // The kiosk's readers of the office's answers.
    const std::string deep_page = R"({"next":1,"more":false,"changes":)" + nested(100'000) + "}";
    EXPECT_FALSE(parse_status_page(deep_page));
    EXPECT_FALSE(parse_case_ack(R"({"result":"accepted","x":)" + nested(50'000) + "}", "c"));
}

TEST(Untrusted, TheOfficeRefusesADeepCaseBodyAndStaysUp) {
    platform::init_crypto();
    test::TempDir dir;
    auto storage = office::open_sqlite_storage(dir.path() / "office");
    office::BlobStore blobs(dir.path() / "office");
    const auto key = platform::SigningKey::generate();
    storage->add_kiosk("PKY1", key.public_key_text(), "2026-12-04T00:00:00Z");
    platform::SystemClock clock;
    office::ServerOptions o;
    o.port = 0;
    o.threads = 4;
    office::OfficeServer server(o, *storage, blobs, clock);
    const int port = server.start();
    ClientOptions co;
    co.base_url = "http://127.0.0.1:" + std::to_string(port);
    co.kiosk_id = "PKY1";
    OfficeClient client(co, key);
    const auto r = client.post_case("c-1", R"({"case":)" + nested(100'000) + "}");
    EXPECT_EQ(r.status, 400) << r.error;
    EXPECT_NE(r.body.find("deeper than 32"), std::string::npos) << r.body;
    EXPECT_EQ(client.health().status, 200) << "the office is still up";
    server.stop();
}

// A stand-in office answering what a forger or a broken proxy would.
class BadOffice {
  public:
    BadOffice() {
        server_.Get("/v1/status", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(10u << 20, ' ') + "{}", "application/json");
        });
        server_.Get("/v1/keys", [](const httplib::Request&, httplib::Response& res) {
            // A byte every 200 ms: never a stall, never done.
            res.set_chunked_content_provider("application/json",
                                             [](std::size_t, httplib::DataSink& sink) {
                                                 std::this_thread::sleep_for(200ms);
                                                 return sink.write(" ", 1);
                                             });
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(10ms);
        }
    }
    ~BadOffice() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

TEST(Untrusted, AnAnswerOverTheCapIsCutOffAndCountsAsNone) {
    BadOffice office;
    ClientOptions co;
    co.base_url = office.url();
    co.kiosk_id = "PKY1";
    co.max_answer_bytes = 1u << 20;
    OfficeClient client(co, platform::SigningKey::generate());
    const auto r = client.get_status(0, 100);
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(r.body.empty());
    EXPECT_NE(r.error.find("the answer is over 1048576 bytes"), std::string::npos) << r.error;
}

TEST(Untrusted, ATricklingAnswerEndsAtTheRequestsDeadline) {
    BadOffice office;
    ClientOptions co;
    co.base_url = office.url();
    co.kiosk_id = "PKY1";
    co.stall_seconds = 30;  // a byte every 200 ms is never a stall
    co.total_seconds = 2;
    OfficeClient client(co, platform::SigningKey::generate());
    const auto r = client.get_keys();
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.error.find("Timeout"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace anjungan::sync
