#pragma once
/// \file
/// Writing output files so that a crash or an error never leaves a half-written file: the content
/// goes to a temporary file next to the target, which is renamed over the target once complete.

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace stockcast::io {

/// Writes `path` atomically: `write` fills a stream opened on a temporary file in the same
/// directory; on success the temporary file is flushed and renamed to `path`. If `write` throws,
/// the temporary file is removed and `path` is left untouched. Throws IoError naming the path.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace stockcast::io
