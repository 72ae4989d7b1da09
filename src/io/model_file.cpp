#include "stockcast/io/model_file.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "stockcast/core/error.hpp"
#include "stockcast/io/atomic_file.hpp"

namespace stockcast::io {

namespace {

// FIPS 180-4 SHA-256.
class Sha256 {
 public:
  void update(std::string_view bytes) {
    for (const char c : bytes) {
      block_[fill_++] = static_cast<std::uint8_t>(c);
      if (fill_ == block_.size()) {
        compress();
        fill_ = 0;
      }
    }
    length_ += bytes.size();
  }

  std::string hex() {
    const std::uint64_t bits = length_ * 8;
    update(std::string_view("\x80", 1));
    while (fill_ != 56) update(std::string_view("\0", 1));
    for (int i = 7; i >= 0; --i) block_[fill_++] = static_cast<std::uint8_t>(bits >> (8 * i));
    compress();
    std::string out;
    for (const auto word : state_) out += fmt::format("{:08x}", word);
    return out;
  }

 private:
  static constexpr std::array<std::uint32_t, 64> kRound = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

  void compress() {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t i = 0; i < 16; ++i) {
      w[i] = (std::uint32_t{block_[4 * i]} << 24) | (std::uint32_t{block_[4 * i + 1]} << 16) |
             (std::uint32_t{block_[4 * i + 2]} << 8) | std::uint32_t{block_[4 * i + 3]};
    }
    for (std::size_t i = 16; i < 64; ++i) {
      const auto s0 = std::rotr(w[i - 15], 7) ^ std::rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const auto s1 = std::rotr(w[i - 2], 17) ^ std::rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state_;
    for (std::size_t i = 0; i < 64; ++i) {
      const auto t1 = h + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                      kRound[i] + w[i];
      const auto t2 = (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i) state_[i] += add[i];
  }

  std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> block_{};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

// Reads "<word> <value>\n" lines and raw byte sections of a model file.
class Cursor {
 public:
  Cursor(std::string_view bytes, std::string_view source) : bytes_(bytes), source_(source) {}

  std::string_view line(std::string_view what) {
    const auto end = bytes_.find('\n', pos_);
    if (end == std::string_view::npos) {
      throw FormatError(fmt::format("{}: truncated model file: missing the {} line", source_, what));
    }
    const auto text = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return text;
  }

  // The value after `word ` on the next line.
  std::string_view field(std::string_view word) {
    const auto text = line(word);
    if (text.substr(0, word.size()) != word || text.size() <= word.size() || text[word.size()] != ' ') {
      throw FormatError(fmt::format("{}: malformed model file: expected a '{}' line, found '{}'", source_,
                                    word, text.substr(0, 40)));
    }
    return text.substr(word.size() + 1);
  }

  std::size_t length(std::string_view word) {
    const auto text = field(word);
    std::size_t value = 0;
    if (text.empty() || text.size() > 15) {
      throw FormatError(fmt::format("{}: malformed model file: bad {} length '{}'", source_, word, text));
    }
    for (const char c : text) {
      if (c < '0' || c > '9') {
        throw FormatError(fmt::format("{}: malformed model file: bad {} length '{}'", source_, word, text));
      }
      value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
  }

  std::string_view take(std::size_t n, std::string_view what) {
    if (bytes_.size() - pos_ < n) {
      throw FormatError(fmt::format("{}: truncated model file: the {} should have {} bytes, only {} are left",
                                    source_, what, n, bytes_.size() - pos_));
    }
    const auto out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  std::string_view source_;
  std::size_t pos_ = 0;
};

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

nlohmann::json to_json(const TrainingDataInfo& d) {
  return {{"fingerprint", d.fingerprint}, {"ticker", d.ticker},       {"source", d.source},  {"rows", d.rows},
          {"first_date", d.first_date},   {"last_date", d.last_date}, {"columns", d.columns}};
}

TrainingDataInfo data_info_from_json(const nlohmann::json& json) {
  TrainingDataInfo d;
  d.fingerprint = json.at("fingerprint").get<std::string>();
  d.ticker = json.at("ticker").get<std::string>();
  d.source = json.at("source").get<std::string>();
  d.rows = json.at("rows").get<std::size_t>();
  d.first_date = json.at("first_date").get<std::string>();
  d.last_date = json.at("last_date").get<std::string>();
  d.columns = json.at("columns").get<std::vector<std::string>>();
  return d;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex();
}

std::string data_fingerprint(const PriceSeries& series) {
  Sha256 hash;
  for (const Date date : series.dates()) hash.update(to_string(date));
  for (const auto& name : series.column_names()) {
    hash.update(name);
    hash.update(std::string_view("\0", 1));
    for (const double value : series.column(name)) {
      char bytes[sizeof(double)];
      std::memcpy(bytes, &value, sizeof(double));
      hash.update(std::string_view(bytes, sizeof(double)));
    }
  }
  return hash.hex();
}

ModelFile make_model_file(const models::Forecaster& model, const PriceSeries& train, std::string source) {
  ModelFile file;
  file.kind = model.kind();
  file.description = model.describe();
  file.state = model.save_state();
  file.data.fingerprint = data_fingerprint(train);
  file.data.ticker = train.ticker();
  file.data.source = std::move(source);
  file.data.rows = train.size();
  if (!train.empty()) {
    file.data.first_date = to_string(train.first_date());
    file.data.last_date = to_string(train.last_date());
  }
  file.data.columns = train.column_names();
  return file;
}

std::string serialize_model_file(const ModelFile& file) {
  const nlohmann::json metadata = {{"kind", file.kind},
                                   {"description", file.description},
                                   {"library_version", file.library_version},
                                   {"created", file.created},
                                   {"data", to_json(file.data)},
                                   {"extra", file.extra},
                                   {"config", file.state.config}};
  const std::string json = metadata.dump(1);
  const std::string body =
      fmt::format("metadata {}\n{}\nweights {}\n", json.size(), json, file.state.blob.size()) +
      file.state.blob;
  return fmt::format("{} {}\nsha256 {}\n", kModelFileMagic, kModelFileVersion, sha256_hex(body)) + body;
}

void write_model_file(const std::filesystem::path& path, const ModelFile& file) {
  ModelFile stamped = file;
  stamped.library_version = STOCKCAST_VERSION;
  stamped.created = utc_now();
  write_file_atomically(path, serialize_model_file(stamped));
}

ModelFile parse_model_file(std::string_view bytes, std::string_view source, std::string_view expected_kind) {
  Cursor cursor(bytes, source);
  const auto header = cursor.line("header");
  const std::string magic = fmt::format("{} ", kModelFileMagic);
  if (header.substr(0, magic.size()) != magic) {
    throw FormatError(
        fmt::format("{}: not a stockcast model file (it does not start with '{}')", source, kModelFileMagic));
  }
  const auto version_text = header.substr(magic.size());
  if (version_text != std::to_string(kModelFileVersion)) {
    throw FormatError(
        fmt::format("{}: model file format version '{}' is not supported (this stockcast {} reads "
                    "version {}); retrain the model or use the stockcast that wrote it",
                    source, version_text, STOCKCAST_VERSION, kModelFileVersion));
  }
  const auto checksum = std::string(cursor.field("sha256"));
  const std::size_t body_start = cursor.position();
  const std::size_t metadata_length = cursor.length("metadata");
  const auto json_text = cursor.take(metadata_length, "metadata");
  if (cursor.take(1, "metadata terminator") != "\n") {
    throw FormatError(fmt::format("{}: malformed model file: metadata is not followed by a newline", source));
  }
  const std::size_t blob_length = cursor.length("weights");
  const auto blob = cursor.take(blob_length, "weights");
  if (cursor.remaining() != 0) {
    throw FormatError(fmt::format("{}: malformed model file: {} unexpected bytes after the weights", source,
                                  cursor.remaining()));
  }
  if (sha256_hex(bytes.substr(body_start)) != checksum) {
    throw FormatError(
        fmt::format("{}: corrupted model file: the SHA-256 checksum does not match its content", source));
  }

  ModelFile file;
  file.format_version = kModelFileVersion;
  try {
    const auto metadata = nlohmann::json::parse(json_text);
    file.kind = metadata.at("kind").get<std::string>();
    file.description = metadata.at("description").get<std::string>();
    file.library_version = metadata.at("library_version").get<std::string>();
    file.created = metadata.at("created").get<std::string>();
    file.data = data_info_from_json(metadata.at("data"));
    file.extra = metadata.at("extra");
    file.state.config = metadata.at("config");
  } catch (const nlohmann::json::exception& error) {
    throw FormatError(fmt::format("{}: malformed model file metadata: {}", source, error.what()));
  }
  file.state.blob = std::string(blob);
  if (!expected_kind.empty() && file.kind != expected_kind) {
    throw FormatError(
        fmt::format("{}: the model file holds a '{}' model, not '{}'", source, file.kind, expected_kind));
  }
  return file;
}

ModelFile read_model_file(const std::filesystem::path& path, std::string_view expected_kind) {
  if (std::filesystem::is_directory(path)) {
    throw IoError(fmt::format("cannot read model file '{}': it is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw IoError(fmt::format("cannot read model file '{}': no such file or not readable", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("cannot read model file '{}': read error", path.string()));
  return parse_model_file(buffer.str(), path.string(), expected_kind);
}

}  // namespace stockcast::io
