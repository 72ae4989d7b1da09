#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/data/csv.hpp"

namespace stockcast::data {
namespace {

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("stockcast_test_csv_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::vector<std::string> all_lines(const std::filesystem::path& path, std::size_t buffer) {
  LineReader reader(path, buffer);
  std::vector<std::string> lines;
  for (std::string_view line; reader.next(line);) {
    lines.emplace_back(line);
    EXPECT_EQ(reader.line_number(), lines.size());
  }
  return lines;
}

TEST(LineReader, SplitsLinesAcrossBufferRefillsAndGrowsForLongLines) {
  const std::string long_line(300, 'x');
  const auto path = temp_file("lines", "a,b\r\n" + long_line + "\n\nlast-without-newline\r");
  for (const std::size_t buffer : {std::size_t{64}, std::size_t{7}, LineReader::kDefaultBufferSize}) {
    const auto lines = all_lines(path, buffer);
    ASSERT_EQ(lines.size(), 4U) << buffer;
    EXPECT_EQ(lines[0], "a,b");
    EXPECT_EQ(lines[1], long_line);
    EXPECT_EQ(lines[2], "");
    EXPECT_EQ(lines[3], "last-without-newline");
  }
  std::filesystem::remove(path);
}

TEST(LineReader, EmptyFileHasNoLines) {
  const auto path = temp_file("empty", "");
  EXPECT_TRUE(all_lines(path, 64).empty());
  std::filesystem::remove(path);
}

TEST(LineReader, MissingFileIsIoError) {
  EXPECT_THROW(LineReader("/nonexistent/stockcast/file.csv"), IoError);
}

std::vector<std::string> split(char delimiter, std::string_view line) {
  FieldSplitter splitter(delimiter);
  EXPECT_TRUE(splitter.split(line)) << line;
  return {splitter.fields().begin(), splitter.fields().end()};
}

TEST(FieldSplitter, PlainQuotedAndEscapedFields) {
  EXPECT_EQ(split(',', "a,b,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split(',', "a,,"), (std::vector<std::string>{"a", "", ""}));
  EXPECT_EQ(split(',', R"("1,234.50","x" , y)"), (std::vector<std::string>{"1,234.50", "x", " y"}));
  EXPECT_EQ(split(',', R"("say ""hi""",2)"), (std::vector<std::string>{R"(say "hi")", "2"}));
  EXPECT_EQ(split(';', "1,5;2,5"), (std::vector<std::string>{"1,5", "2,5"}));
  EXPECT_EQ(split('\t', "a\tb c\t"), (std::vector<std::string>{"a", "b c", ""}));
  EXPECT_EQ(split(',', ""), (std::vector<std::string>{""}));
}

TEST(FieldSplitter, ReusesStorageAcrossLines) {
  FieldSplitter splitter(',');
  ASSERT_TRUE(splitter.split(R"("a""b",c)"));
  EXPECT_EQ(splitter.fields()[0], R"(a"b)");
  ASSERT_TRUE(splitter.split("d,e,f"));
  EXPECT_EQ(splitter.fields().size(), 3U);
  EXPECT_EQ(splitter.fields()[2], "f");
}

TEST(FieldSplitter, RejectsUnbalancedQuotes) {
  FieldSplitter splitter(',');
  EXPECT_FALSE(splitter.split(R"(a,"unterminated)"));
  EXPECT_EQ(splitter.error_column(), 1U);
  EXPECT_FALSE(splitter.split(R"("closed"junk,b)"));
  EXPECT_EQ(splitter.error_column(), 0U);
}

TEST(DetectDelimiter, CountsOutsideQuotes) {
  EXPECT_EQ(detect_delimiter("Date,Open,Close"), ',');
  EXPECT_EQ(detect_delimiter("Date;Open;Close"), ';');
  EXPECT_EQ(detect_delimiter("Date\tOpen\tClose"), '\t');
  EXPECT_EQ(detect_delimiter(R"("a,b";"c,d";e)"), ';');
  EXPECT_EQ(detect_delimiter("Date"), ',');
}

}  // namespace
}  // namespace stockcast::data
