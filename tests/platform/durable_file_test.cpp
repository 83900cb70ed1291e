// Tests for crash-safe file writes (platform/durable_file.hpp).

#include "anjungan/platform/durable_file.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace anjungan::platform {
namespace {

namespace fs = std::filesystem;

Bytes bytes_of(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
        ADD_FAILURE() << "cannot stat " << p;
        return 0;
    }
    return static_cast<unsigned>(st.st_mode & 07777);
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    return out;
}

class DurableFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = "/tmp/anjungan-durable-test-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        // A known umask, so that requested permission bits are not narrowed by the caller's.
        old_umask_ = ::umask(022);
    }
    void TearDown() override {
        ::umask(old_umask_);
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
    mode_t old_umask_ = 022;
};

TEST_F(DurableFileTest, WrittenContentReadsBack) {
    const fs::path p = dir_ / "a.bin";
    const Bytes data = {0x00, 0x01, 0x02, 0xff, 0x0a, 0x0d};
    write_file_durably(p, data);
    EXPECT_EQ(read_file(p), data);
}

TEST_F(DurableFileTest, EmptyContentReadsBackEmpty) {
    const fs::path p = dir_ / "empty";
    write_file_durably(p, Bytes{});
    EXPECT_TRUE(fs::exists(p));
    EXPECT_TRUE(read_file(p).empty());
}

TEST_F(DurableFileTest, LargeContentReadsBack) {
    // Larger than any single read buffer.
    Bytes data(1'000'003);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>((i * 131) ^ (i >> 7));
    }
    const fs::path p = dir_ / "large.bin";
    write_file_durably(p, data);
    EXPECT_EQ(read_file(p), data);
    EXPECT_EQ(fs::file_size(p), data.size());
}

TEST_F(DurableFileTest, OverwritingReplacesTheWholeContent) {
    const fs::path p = dir_ / "f.txt";
    write_file_durably(p, bytes_of("the first, longer content"));
    write_file_durably(p, bytes_of("short"));
    EXPECT_EQ(read_file(p), bytes_of("short"));
}

TEST_F(DurableFileTest, DefaultModeIsOwnerReadWriteOnly) {
    const fs::path p = dir_ / "secret";
    write_file_durably(p, bytes_of("x"));
    EXPECT_EQ(mode_of(p), 0600u);
}

TEST_F(DurableFileTest, AppliesTheRequestedModeBits) {
    for (unsigned mode : {0600u, 0640u, 0644u, 0400u}) {
        const fs::path p = dir_ / ("m" + std::to_string(mode));
        write_file_durably(p, bytes_of("x"), mode);
        EXPECT_EQ(mode_of(p), mode) << std::oct << "requested 0" << mode;
    }
}

TEST_F(DurableFileTest, OverwritingAppliesTheNewMode) {
    const fs::path p = dir_ / "f";
    write_file_durably(p, bytes_of("x"), 0644);
    write_file_durably(p, bytes_of("y"), 0600);
    EXPECT_EQ(mode_of(p), 0600u);
}

TEST_F(DurableFileTest, LeavesNoTemporaryFileBehindAfterSuccess) {
    const fs::path p = dir_ / "receipt.json";
    write_file_durably(p, bytes_of("{}"));
    write_file_durably(p, bytes_of("{\"a\":1}"));
    const auto names = names_in(dir_);
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0], "receipt.json");
    for (const auto& n : names) {
        EXPECT_FALSE(is_temporary_name(n)) << n;
    }
}

TEST_F(DurableFileTest, WritingIntoAMissingFolderThrowsFileErrorNamingThePath) {
    const fs::path p = dir_ / "missing" / "file.bin";
    try {
        write_file_durably(p, bytes_of("x"));
        FAIL() << "writing into a missing folder succeeded";
    } catch (const FileError& e) {
        EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(p));
    EXPECT_EQ(names_in(dir_).size(), 0u);
}

TEST_F(DurableFileTest, FailedWriteKeepsTheOldContent) {
    // The target exists as a non-empty folder: the rename cannot replace it.
    const fs::path p = dir_ / "target";
    fs::create_directory(p);
    std::ofstream(p / "inside") << "keep";
    EXPECT_THROW(write_file_durably(p, bytes_of("new")), FileError);
    EXPECT_TRUE(fs::is_directory(p));
    for (const auto& n : names_in(dir_)) {
        EXPECT_FALSE(is_temporary_name(n)) << "left behind: " << n;
    }
}

TEST_F(DurableFileTest, ReadingAMissingFileThrowsFileErrorNamingThePath) {
    const fs::path p = dir_ / "absent.bin";
    try {
        read_file(p);
        FAIL() << "reading a missing file succeeded";
    } catch (const FileError& e) {
        EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
}

TEST_F(DurableFileTest, EnsureDirectoryCreatesNestedFolders) {
    const fs::path p = dir_ / "a" / "b" / "c";
    ensure_directory(p);
    EXPECT_TRUE(fs::is_directory(dir_ / "a"));
    EXPECT_TRUE(fs::is_directory(dir_ / "a" / "b"));
    EXPECT_TRUE(fs::is_directory(p));
    EXPECT_EQ(mode_of(p), 0700u);
}

TEST_F(DurableFileTest, EnsureDirectoryUsesTheRequestedMode) {
    const fs::path p = dir_ / "shared";
    ensure_directory(p, 0750);
    EXPECT_EQ(mode_of(p), 0750u);
}

TEST_F(DurableFileTest, EnsureDirectoryIsIdempotent) {
    const fs::path p = dir_ / "x" / "y";
    ensure_directory(p);
    write_file_durably(p / "f", bytes_of("keep"));
    EXPECT_NO_THROW(ensure_directory(p));
    EXPECT_EQ(read_file(p / "f"), bytes_of("keep"));
}

TEST_F(DurableFileTest, EnsureDirectoryThenWriteWorks) {
    const fs::path d = dir_ / "cases" / "2026";
    ensure_directory(d);
    write_file_durably(d / "one", bytes_of("1"));
    EXPECT_EQ(read_file(d / "one"), bytes_of("1"));
}

// After ensure_directory returns, the folder is there: a regular file in its place cannot
// count as "ensured".
TEST_F(DurableFileTest, EnsureDirectoryThrowsWhenAFileStandsInItsPlace) {
    const fs::path p = dir_ / "not-a-folder";
    write_file_durably(p, bytes_of("x"));
    EXPECT_THROW(ensure_directory(p), FileError);
}

TEST(DurableFileNames, RecognisesTemporaryNames) {
    EXPECT_TRUE(is_temporary_name("receipt.json.tmp.12345"));
    EXPECT_FALSE(is_temporary_name("receipt.json"));
    EXPECT_FALSE(is_temporary_name("tmp"));
}

TEST_F(DurableFileTest, FsyncDirectoryOfAMissingFolderThrows) {
    EXPECT_THROW(fsync_directory(dir_ / "nope"), FileError);
    EXPECT_NO_THROW(fsync_directory(dir_));
}

}  // namespace
}  // namespace anjungan::platform
