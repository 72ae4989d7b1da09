#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stockcast/core/error.hpp"
#include "stockcast/io/text_table.hpp"

namespace stockcast::io {
namespace {

TEST(TextTable, PadsAlignsAndRules) {
  const std::string table = format_text_table({"model", "rmse", "verdict"},
                                              {{"lstm", "12.5", "NO"}, {"naive-long-name", "3", "yes"}},
                                              {Align::kLeft, Align::kRight, Align::kLeft});
  EXPECT_EQ(table,
            "model            rmse  verdict\n"
            "------------------------------\n"
            "lstm             12.5  NO\n"
            "naive-long-name     3  yes\n");
}

TEST(TextTable, DefaultsToRightAlignmentAndPrintsTheGapLine) {
  const std::string table = format_text_table({"a", "bb"}, {{"1", "2"}, {"10", "20"}}, {}, 1, "...");
  EXPECT_EQ(table,
            " a  bb\n"
            "------\n"
            " 1   2\n"
            "...\n"
            "10  20\n");
}

TEST(TextTable, RaggedRowIsAnInternalError) {
  EXPECT_THROW(format_text_table({"a", "b"}, {{"1"}}), Internal);
}

TEST(TextTable, CellsAndPValues) {
  EXPECT_EQ(format_cell(3.14159, ".3f"), "3.142");
  EXPECT_EQ(format_cell(std::nan(""), ".3f"), "-");
  EXPECT_EQ(format_cell(std::numeric_limits<double>::infinity(), ".3f"), "-");
  EXPECT_EQ(format_p_value(0.00001), "<1e-4");
  EXPECT_EQ(format_p_value(0.26634), "0.2663");
  EXPECT_EQ(format_p_value(std::nan("")), "-");
}

}  // namespace
}  // namespace stockcast::io
