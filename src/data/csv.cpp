#include "stockcast/data/csv.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "stockcast/core/error.hpp"

namespace stockcast::data {

LineReader::LineReader(const std::filesystem::path& path, std::size_t buffer_size)
    : path_(path), capacity_(std::max<std::size_t>(buffer_size, 64)) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw IoError(fmt::format("read_prices({}): cannot open: {}", path.string(), std::strerror(errno)));
  }
  buffer_ = std::make_unique<char[]>(capacity_);
}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::refill() {
  // Move the unread tail to the front, grow when a single line fills the whole buffer, then read.
  const std::size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  if (end_ == capacity_) {
    if (capacity_ >= kMaxLineLength) {
      throw InvalidInput(fmt::format("read_prices({}): line {} is longer than {} MiB; not a price file",
                                     path_.string(), line_number_ + 1, kMaxLineLength >> 20));
    }
    const std::size_t grown = std::min(capacity_ * 2, kMaxLineLength);
    auto bigger = std::make_unique<char[]>(grown);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  const std::size_t got = std::fread(buffer_.get() + end_, 1, capacity_ - end_, file_);
  if (got == 0) {
    if (std::ferror(file_) != 0) {
      throw IoError(fmt::format("read_prices({}): read error after line {}: {}", path_.string(), line_number_,
                                std::strerror(errno)));
    }
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;  // bytes before `scanned` are known to hold no '\n'
  for (;;) {
    const char* start = buffer_.get() + scanned;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - scanned));
    if (newline != nullptr) {
      const auto stop = static_cast<std::size_t>(newline - buffer_.get());
      std::size_t length = stop - begin_;
      if (length > 0 && buffer_[begin_ + length - 1] == '\r') --length;
      line = std::string_view(buffer_.get() + begin_, length);
      begin_ = stop + 1;
      ++line_number_;
      return true;
    }
    if (!eof_) {
      const std::size_t pending = end_ - begin_;
      if (refill()) {  // the unread bytes now start at 0
        scanned = pending;
        continue;
      }
    }
    if (begin_ == end_) return false;
    std::size_t length = end_ - begin_;  // the last line has no final newline
    if (buffer_[begin_ + length - 1] == '\r') --length;
    line = std::string_view(buffer_.get() + begin_, length);
    begin_ = end_;
    ++line_number_;
    return true;
  }
}

bool FieldSplitter::split(std::string_view line) {
  fields_.clear();
  unescaped_.clear();
  // Reserve once per line so views into unescaped_ stay valid while it grows.
  if (unescaped_.capacity() < line.size()) unescaped_.reserve(line.size());
  std::size_t pos = 0;
  const std::size_t n = line.size();
  for (;;) {
    std::size_t probe = pos;
    while (probe < n && line[probe] == ' ') ++probe;
    if (probe < n && line[probe] == '"') {
      // Quoted field.
      std::size_t i = probe + 1;
      bool escaped = false;
      std::size_t close = std::string_view::npos;
      while (i < n) {
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            escaped = true;
            i += 2;
            continue;
          }
          close = i;
          break;
        }
        ++i;
      }
      if (close == std::string_view::npos) {
        error_column_ = fields_.size();
        return false;
      }
      std::string_view content = line.substr(probe + 1, close - probe - 1);
      if (escaped) {
        const std::size_t start = unescaped_.size();
        for (std::size_t k = 0; k < content.size(); ++k) {
          unescaped_.push_back(content[k]);
          if (content[k] == '"') ++k;  // skip the second quote of ""
        }
        content = std::string_view(unescaped_.data() + start, unescaped_.size() - start);
      }
      fields_.push_back(content);
      std::size_t after = close + 1;
      while (after < n && line[after] == ' ') ++after;
      if (after == n) return true;
      if (line[after] != delimiter_) {
        error_column_ = fields_.size() - 1;
        return false;
      }
      pos = after + 1;
      continue;
    }
    const std::size_t stop = line.find(delimiter_, pos);
    if (stop == std::string_view::npos) {
      fields_.push_back(line.substr(pos));
      return true;
    }
    fields_.push_back(line.substr(pos, stop - pos));
    pos = stop + 1;
  }
}

char detect_delimiter(std::string_view header_line) noexcept {
  std::size_t comma = 0;
  std::size_t semicolon = 0;
  std::size_t tab = 0;
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') ++comma;
    if (c == ';') ++semicolon;
    if (c == '\t') ++tab;
  }
  if (tab > comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

}  // namespace stockcast::data
