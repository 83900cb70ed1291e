#include "anjungan/platform/durable_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace anjungan::platform {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
    throw FileError(what + " " + path.string() + ": " + std::strerror(err));
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

}  // namespace

void fsync_directory(const std::filesystem::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) {
        fail("cannot open folder", dir, errno);
    }
    if (::fsync(fd.get()) != 0) {
        fail("cannot fsync folder", dir, errno);
    }
}

void ensure_directory(const std::filesystem::path& dir, unsigned mode) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) {
        return;
    }
    if (dir.has_parent_path() && dir.parent_path() != dir) {
        ensure_directory(dir.parent_path(), mode);
    }
    if (::mkdir(dir.c_str(), mode) != 0) {
        const int err = errno;
        if (err != EEXIST) {
            fail("cannot create folder", dir, err);
        }
        if (!std::filesystem::is_directory(dir, ec)) {
            fail("cannot create folder (something else is in its place)", dir, ENOTDIR);
        }
        return;  // made by someone else meanwhile
    }
    if (dir.has_parent_path()) {
        fsync_directory(dir.parent_path().empty() ? "." : dir.parent_path());
    }
}

bool is_temporary_name(const std::string& filename) {
    return filename.find(".tmp.") != std::string::npos;
}

void write_file_durably(const std::filesystem::path& path, std::span<const std::uint8_t> data,
                        unsigned mode) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const auto tmp = path.string() + ".tmp." + std::to_string(randombytes_random());
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (fd.get() < 0) {
        fail("cannot create", tmp, errno);
    }
    auto cleanup_and_fail = [&](const std::string& what, int err) {
        ::close(fd.release());
        ::unlink(tmp.c_str());
        fail(what, tmp, err);
    };
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            cleanup_and_fail("cannot write", errno);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
        cleanup_and_fail("cannot fsync", errno);
    }
    if (::close(fd.release()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("cannot close", tmp, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("cannot rename into place", path, err);
    }
    fsync_directory(dir);
}

Bytes read_file(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        fail("cannot open", path, errno);
    }
    Bytes out;
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && st.st_size > 0) {
        out.reserve(static_cast<std::size_t>(st.st_size));
    }
    std::uint8_t buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("cannot read", path, errno);
        }
        if (n == 0) {
            break;
        }
        out.insert(out.end(), buf, buf + n);
    }
    return out;
}

}  // namespace anjungan::platform
