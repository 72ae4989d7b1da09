#pragma once
// Paths of bundled data, fixtures and reference values, for tests.
#include <filesystem>
#include <string>

namespace stockcast::test {

inline std::filesystem::path source_dir() { return STOCKCAST_SOURCE_DIR; }
/// A file under data/ (real datasets shipped with stockcast).
inline std::filesystem::path data_file(const std::string& name) { return source_dir() / "data" / name; }
/// A file under tests/fixtures/ (small hand-written inputs).
inline std::filesystem::path fixture(const std::string& name) {
  return source_dir() / "tests" / "fixtures" / name;
}
/// A file under tests/reference/ (values computed by statsmodels, R and PyTorch).
inline std::filesystem::path reference_file(const std::string& name) {
  return source_dir() / "tests" / "reference" / name;
}

}  // namespace stockcast::test
