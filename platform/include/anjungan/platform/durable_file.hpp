// Writes that survive a crash or a power cut: temp file, fsync, rename, fsync the folder.
// A reader sees either the old content or the new, never a torn file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace anjungan::platform {

using Bytes = std::vector<std::uint8_t>;

class FileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Writes `data` to `path` atomically and durably with the given permission bits. The
// temporary file is `path` + ".tmp.<random>" in the same folder; it is removed on failure.
void write_file_durably(const std::filesystem::path& path, std::span<const std::uint8_t> data,
                        unsigned mode = 0600);

// fsync on a folder, so a rename or a new entry in it is itself durable.
void fsync_directory(const std::filesystem::path& dir);

// Creates the folder (and parents) with the given mode when missing; fsyncs the parent.
void ensure_directory(const std::filesystem::path& dir, unsigned mode = 0700);

// Reads a whole file; throws FileError naming the file and the system's reason.
Bytes read_file(const std::filesystem::path& path);

// True when the name is one write_file_durably uses for its temporary files.
bool is_temporary_name(const std::string& filename);

}  // namespace anjungan::platform
