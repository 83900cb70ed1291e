// A real SMTP server for tests: python3-aiosmtpd on loopback, writing every message it accepts
// to a maildir, read back decoded by Python's email package (maildir_json.py) as a mail client
// would show it. Needs ANJUNGAN_SOURCE_DIR defined (for the script).
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "anjungan/office/mail.hpp"
#include "command.hpp"

namespace anjungan::test {

using namespace std::chrono_literals;
using nlohmann::json;

// A port nothing listens on now (the kernel's pick).
inline int free_port_now() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// True when an SMTP server greets on the port ("220 ...").
inline bool greets(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        timeval tv{2, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[4] = {};
        ok = ::recv(fd, buf, 3, MSG_WAITALL) == 3 && std::string(buf, 3) == "220";
    }
    ::close(fd);
    return ok;
}

// aiosmtpd on loopback, writing every message it accepts to a maildir.
class SmtpServer {
  public:
    explicit SmtpServer(std::filesystem::path maildir) : maildir_(std::move(maildir)) {}
    ~SmtpServer() { stop(); }
    // Starts it (on the same port as before, when it ran before).
    void start() {
        for (int attempt = 0; attempt < 5; ++attempt) {
            if (port_ == 0) {
                port_ = free_port_now();
            }
            pid_ = ::fork();
            if (pid_ == 0) {
                const std::string listen = "127.0.0.1:" + std::to_string(port_);
                ::execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(),
                        "-c", "aiosmtpd.handlers.Mailbox", maildir_.c_str(), nullptr);
                ::_exit(127);
            }
            for (int i = 0; i < 100; ++i) {
                if (greets(port_)) {
                    return;
                }
                int status = 0;
                if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it could not bind: retry
                    pid_ = -1;
                    break;
                }
                std::this_thread::sleep_for(100ms);
            }
            stop();
            std::this_thread::sleep_for(500ms);
        }
        FAIL() << "aiosmtpd did not start on port " << port_ << " (is python3-aiosmtpd installed?)";
    }
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    // Every message in the maildir, decoded.
    json messages() const {
        if (!std::filesystem::exists(maildir_ / "new")) {
            return json::array();
        }
        const auto r =
            run_command("/usr/bin/python3 " +
                        shell_quote(ANJUNGAN_SOURCE_DIR "/tests/support/maildir_json.py") + " " +
                        shell_quote(maildir_.string()));
        EXPECT_EQ(r.code, 0);
        return json::parse(r.out);
    }

  private:
    std::filesystem::path maildir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// The office's mail settings for a test against SmtpServer (its url is set once it runs).
inline office::MailConfig loopback_mail_config() {
    office::MailConfig m;
    m.smtp.from = "Diskominfo Palangka Raya <noreply@palangkaraya.go.id>";
    m.smtp.starttls = false;  // aiosmtpd speaks plain SMTP on loopback
    m.smtp.timeout_seconds = 5;
    m.office_address = "Jl. Tjilik Riwut Km. 5,5";
    return m;
}

}  // namespace anjungan::test
