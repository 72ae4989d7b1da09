#include "stockcast/io/atomic_file.hpp"

#include <fmt/format.h>
#include <fstream>
#include <random>
#include <system_error>

#include "stockcast/core/error.hpp"

namespace stockcast::io {

namespace {

std::filesystem::path temporary_name(const std::filesystem::path& path) {
  std::random_device device;
  return path.parent_path() /
         fmt::format(".{}.tmp-{:08x}", path.filename().string(), static_cast<unsigned>(device()));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write) {
  const auto tmp = temporary_name(path);
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        throw IoError(
            fmt::format("cannot write '{}': cannot create a file in that directory", path.string()));
      write(out);
      out.flush();
      if (!out) throw IoError(fmt::format("cannot write '{}': write failed (disk full?)", path.string()));
    }
    std::error_code error;
    std::filesystem::rename(tmp, path, error);
    if (error) throw IoError(fmt::format("cannot write '{}': {}", path.string(), error.message()));
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
}

}  // namespace stockcast::io
