#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "stockcast/core/error.hpp"
#include "stockcast/io/atomic_file.hpp"

namespace stockcast::io {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stockcast_atomic_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(AtomicFile, WritesContent) {
  write_file_atomically(dir_ / "a.txt", "hello\n");
  EXPECT_EQ(slurp(dir_ / "a.txt"), "hello\n");
}

TEST_F(AtomicFile, FailedWriteKeepsOldFileAndLeavesNoTemporary) {
  write_file_atomically(dir_ / "a.txt", "old");
  EXPECT_THROW(write_file_atomically(dir_ / "a.txt",
                                     [](std::ostream& out) {
                                       out << "partial";
                                       throw std::runtime_error("boom");
                                     }),
               std::runtime_error);
  EXPECT_EQ(slurp(dir_ / "a.txt"), "old");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1U);
}

TEST_F(AtomicFile, MissingDirectoryIsIoError) {
  EXPECT_THROW(write_file_atomically(dir_ / "no" / "such" / "a.txt", "x"), IoError);
}

}  // namespace
}  // namespace stockcast::io
