// Bad input: a typed exception whose message names the file, the line, the column and the text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "test_paths.hpp"

namespace stockcast::data {
namespace {

using test::fixture;

template <typename E>
void expect_error(const std::filesystem::path& path, const std::vector<std::string>& parts,
                  const ReadOptions& options = {}) {
  try {
    (void)read_prices(path, options);
    ADD_FAILURE() << path << ": no exception";
  } catch (const E& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("read_prices(" + path.string() + ")"), std::string::npos) << message;
    for (const auto& part : parts)
      EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' in: " << message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << path << ": wrong exception type: " << e.what();
  }
}

TEST(ReadErrors, MissingFileAndDirectory) {
  expect_error<IoError>(fixture("does_not_exist.csv"), {"no such file"});
  expect_error<IoError>(fixture("dir_ok"), {"is a directory"});
}

TEST(ReadErrors, EmptyFiles) {
  expect_error<InvalidInput>(fixture("empty.csv"), {"empty (0 bytes)"});
  expect_error<InvalidInput>(fixture("blank_only.csv"), {"empty (only blank lines)"});
  expect_error<InvalidInput>(fixture("header_only.csv"), {"no data rows"});
}

TEST(ReadErrors, UnrecognisedHeaderListsFoundAndAccepted) {
  expect_error<InvalidInput>(
      fixture("no_date_column.csv"),
      {"line 1", "no date column", "'When', 'Open', 'Close'", "datetime", "timestamp"});
  expect_error<InvalidInput>(fixture("no_close_column.csv"),
                             {"no close column", "'Date', 'Open', 'Volume'", "close price", "last", "price"});
  expect_error<InvalidInput>(fixture("no_header.csv"), {"line 1", "header line is required", "2024-07-24"});
}

TEST(ReadErrors, UnparseableCellsNameLineColumnAndText) {
  expect_error<InvalidInput>(fixture("bad_date.csv"),
                             {"line 3", "column 'Date'", "'2024-13-45' is not a date"});
  expect_error<InvalidInput>(fixture("bad_number.csv"),
                             {"line 3", "column 'Close'", "'abc' is not a number"});
  expect_error<InvalidInput>(fixture("json_bad_number.json"),
                             {"entry 1", "'4. close'", "'abc' is not a number"});
}

TEST(ReadErrors, RaggedRowsAndQuotes) {
  expect_error<InvalidInput>(fixture("ragged.csv"), {"line 3", "2 fields", "has 3", "'2024-07-25,1'"});
  expect_error<InvalidInput>(fixture("unbalanced_quote.csv"),
                             {"line 2", "column 'Close'", "unbalanced quotes"});
}

TEST(ReadErrors, BinaryAndWrongEncodings) {
  expect_error<InvalidInput>(fixture("image.png"), {"not a text price file", "PNG"});
  expect_error<InvalidInput>(fixture("prices.csv.gz"), {"gzip"});
  expect_error<InvalidInput>(fixture("random.bin"), {"binary data", "NUL byte at offset"});
  expect_error<InvalidInput>(fixture("nul_in_text.csv"), {"NUL byte at offset 23"});
  expect_error<InvalidInput>(fixture("latin1.csv"), {"not UTF-8", "0xE4", "offset 12"});
  expect_error<InvalidInput>(fixture("utf16.csv"), {"UTF-16"});
}

TEST(ReadErrors, JsonThatIsNotAnAlphaVantageResponse) {
  expect_error<InvalidInput>(fixture("json_not_av.json"),
                             {"not an Alpha Vantage", "'prices', 'symbol'", "'Time Series (Daily)'"});
  expect_error<InvalidInput>(fixture("json_error_message.json"), {"the service said", "Invalid API call"});
  expect_error<InvalidInput>(fixture("json_array.json"), {"is an array"});
  expect_error<InvalidInput>(fixture("json_truncated.json"), {"not valid JSON at byte"});
  expect_error<InvalidInput>(fixture("json_weekly.json"), {"'Weekly Time Series' is not a daily series"});
}

TEST(ReadErrors, DuplicateDatesNameBothLines) {
  expect_error<InvalidInput>(fixture("duplicates.csv"),
                             {"duplicate date 2024-07-25", "lines 3 and 5", "keep-last"});
  expect_error<InvalidInput>(fixture("duplicates_desc.csv"), {"duplicate date 2024-07-25", "lines 3 and 4"});
  expect_error<InvalidInput>(fixture("json_duplicate_date.json"),
                             {"duplicate date 2024-07-26", "entries 1 and 3"});
  ReadOptions keep_last;
  keep_last.on_duplicate = DuplicatePolicy::kKeepLast;
  const auto r = read_prices(fixture("json_duplicate_date.json"), keep_last);
  EXPECT_EQ(r.series.close()[1], 3.0);  // the later entry
  EXPECT_EQ(r.cleaning.row_unit, "entry");
}

TEST(ReadErrors, MixedDayMonthOrder) {
  expect_error<InvalidInput>(
      fixture("ambiguous_mixed.csv"),
      {"mix day-first and month-first", "line 2 has 13/01/2024", "line 3 has 01/14/2024"});
}

TEST(ReadErrors, NothingLeftAfterCleaning) {
  expect_error<InvalidInput>(fixture("all_missing_close.csv"), {"close column", "has no values"});
  expect_error<InvalidInput>(fixture("non_positive_close.csv"), {"close column has no positive value"});
  ReadOptions drop;
  drop.fill = FillPolicy::kDrop;
  expect_error<InvalidInput>(fixture("ragged.csv"), {"ragged"}, drop);
}

TEST(ReadErrors, InvalidOptions) {
  ReadOptions options;
  options.max_gap_days = 0;
  expect_error<InvalidInput>(fixture("date_close_only.csv"), {"max_gap_days"}, options);
}

TEST(ReadErrors, DirectoryCollectsPerFileErrors) {
  const auto dir = read_directory(fixture("dir_mixed"));
  EXPECT_FALSE(dir.ok());
  ASSERT_EQ(dir.series.size(), 1U);
  EXPECT_EQ(dir.series[0].series.ticker(), "GOOD");
  ASSERT_EQ(dir.errors.size(), 1U);
  EXPECT_EQ(dir.errors[0].path.filename(), "BROKEN.csv");
  EXPECT_NE(dir.errors[0].message.find("'oops' is not a number"), std::string::npos) << dir.errors[0].message;
  EXPECT_THROW(dir.rethrow_first_error(), InvalidInput);
  EXPECT_THROW((void)read_directory(fixture("no_such_dir")), IoError);
  EXPECT_THROW((void)read_directory(fixture("empty.csv")), IoError);
}

}  // namespace
}  // namespace stockcast::data
