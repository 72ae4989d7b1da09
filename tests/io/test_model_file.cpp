#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "stockcast/core/error.hpp"
#include "stockcast/io/model_file.hpp"

namespace stockcast::io {
namespace {

ModelFile sample() {
  ModelFile file;
  file.kind = "lstm";
  file.description = "LSTM(50 units)";
  file.data.fingerprint = std::string(64, 'a');
  file.data.ticker = "GOOG";
  file.data.rows = 3;
  file.data.first_date = "2024-01-02";
  file.data.last_date = "2024-01-04";
  file.data.columns = {"close"};
  file.extra = {{"split", "0.7,0.15,0.15"}};
  file.state.config = {{"units", 50}, {"scaler", {{"min", 0.1}, {"max", 1.0 / 3.0}}}};
  file.state.blob = std::string("\x00\x01\x02\xff weights\n", 13);
  return file;
}

std::string expect_format_error(std::string_view bytes, std::string_view kind = {}) {
  try {
    (void)parse_model_file(bytes, "m.scm", kind);
  } catch (const FormatError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a FormatError";
  return {};
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ModelFile, RoundTripsEveryField) {
  const ModelFile file = sample();
  const ModelFile back = parse_model_file(serialize_model_file(file), "m.scm", "lstm");
  EXPECT_EQ(back.kind, "lstm");
  EXPECT_EQ(back.description, file.description);
  EXPECT_EQ(back.format_version, kModelFileVersion);
  EXPECT_EQ(back.data.fingerprint, file.data.fingerprint);
  EXPECT_EQ(back.data.columns, file.data.columns);
  EXPECT_EQ(back.data.last_date, "2024-01-04");
  EXPECT_EQ(back.extra, file.extra);
  EXPECT_EQ(back.state.config, file.state.config);
  EXPECT_EQ(back.state.config["scaler"]["max"].get<double>(), 1.0 / 3.0);  // doubles round-trip exactly
  EXPECT_EQ(back.state.blob, file.state.blob);
}

TEST(ModelFile, WritesAtomicallyAndStampsVersion) {
  const auto dir = std::filesystem::temp_directory_path() / "stockcast_model_file_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_model_file(dir / "m.scm", sample());
  const ModelFile back = read_model_file(dir / "m.scm");
  EXPECT_EQ(back.library_version, STOCKCAST_VERSION);
  EXPECT_EQ(back.created.size(), 20U);  // 2024-07-26T12:00:00Z
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1U);  // no temporary left behind
  EXPECT_THROW(read_model_file(dir / "missing.scm"), IoError);
  EXPECT_THROW(read_model_file(dir), IoError);
  std::filesystem::remove_all(dir);
}

TEST(ModelFile, EveryDefectIsAFormatErrorNamingIt) {
  const std::string good = serialize_model_file(sample());

  EXPECT_NE(expect_format_error("").find("truncated"), std::string::npos);
  EXPECT_NE(expect_format_error("Date,Close\n2024-01-02,1\n").find("not a stockcast model file"),
            std::string::npos);

  std::string version = good;
  version.replace(good.find(" 1\n"), 3, " 7\n");
  EXPECT_NE(expect_format_error(version).find("version '7' is not supported"), std::string::npos);

  for (const std::size_t keep : {good.size() - 1, good.size() / 2, std::size_t{40}}) {
    const auto message = expect_format_error(std::string_view(good).substr(0, keep));
    EXPECT_NE(message.find("truncated"), std::string::npos) << keep << ": " << message;
  }

  std::string flipped = good;
  flipped[good.size() - 3] ^= 0x20;  // one bit of the weights
  EXPECT_NE(expect_format_error(flipped).find("checksum"), std::string::npos);

  std::string edited = good;  // metadata edited by hand, same length: caught by the checksum
  edited.replace(edited.find("\"units\": 50"), 11, "\"units\": 60");
  EXPECT_NE(expect_format_error(edited).find("checksum"), std::string::npos);

  EXPECT_NE(expect_format_error(good + "x").find("unexpected bytes"), std::string::npos);
  EXPECT_NE(expect_format_error(good, "gru").find("holds a 'lstm' model, not 'gru'"), std::string::npos);
  EXPECT_NE(expect_format_error(good, "gru").find("m.scm"), std::string::npos);
}

TEST(ModelFile, MalformedMetadataWithAValidChecksumIsAFormatError) {
  const std::string body = "metadata 2\n{}\nweights 0\n";
  const std::string bytes = "stockcast-model 1\nsha256 " + sha256_hex(body) + "\n" + body;
  EXPECT_NE(expect_format_error(bytes).find("malformed model file metadata"), std::string::npos);
}

TEST(DataFingerprint, ChangesWithAnyValueAndNotOtherwise) {
  const auto dates = std::vector<Date>{*parse_iso_date("2024-01-02"), *parse_iso_date("2024-01-03")};
  const PriceSeries a("X", dates, {Column{"close", {1.0, 2.0}}});
  const PriceSeries b("Y", dates, {Column{"close", {1.0, 2.0}}});
  const PriceSeries c("X", dates, {Column{"close", {1.0, 2.0000000001}}});
  EXPECT_EQ(data_fingerprint(a), data_fingerprint(b));
  EXPECT_NE(data_fingerprint(a), data_fingerprint(c));
  EXPECT_EQ(data_fingerprint(a).size(), 64U);
}

}  // namespace
}  // namespace stockcast::io
