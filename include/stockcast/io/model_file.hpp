#pragma once
/// \file
/// Model files (docs/model-files.md): one versioned file per trained model holding JSON metadata
/// (kind, options, scaler state, features, window, training-data fingerprint, library version) and
/// the binary weights, protected by a SHA-256 checksum. No pickled objects, nothing executable.
///
/// Layout (text lines, then raw bytes):
///
///     stockcast-model 1\n                 magic and format version
///     sha256 <64 hex digits>\n             checksum of every byte after this line
///     metadata <N>\n                       length of the JSON metadata in bytes
///     <N bytes of JSON>\n
///     weights <M>\n                        length of the weight blob in bytes (0 for models without)
///     <M bytes>
///
/// Reading checks, in order: magic, version, section lengths (truncation), checksum (corruption),
/// JSON, and the kind when one is expected; each failure is a FormatError naming the file.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"
#include "stockcast/models/forecaster.hpp"

namespace stockcast::io {

/// The model-file format version this build writes and reads.
inline constexpr int kModelFileVersion = 1;

/// First word of every model file.
inline constexpr std::string_view kModelFileMagic = "stockcast-model";

/// What a model was trained on, for provenance and for checking a later data file.
struct TrainingDataInfo {
  std::string fingerprint;           ///< data_fingerprint() of the training rows
  std::string ticker;                ///< instrument name
  std::string source;                ///< the data file as the user gave it ("" when unknown)
  std::size_t rows = 0;              ///< training rows
  std::string first_date;            ///< ISO date of the first training row
  std::string last_date;             ///< ISO date of the last training row (the forecast origin)
  std::vector<std::string> columns;  ///< columns of the training data
};

/// The content of a model file.
struct ModelFile {
  std::string kind;                                 ///< registry name, e.g. "lstm"; equals Forecaster::kind()
  std::string description;                          ///< Forecaster::describe() at save time
  std::string library_version;                      ///< stockcast version that wrote the file (set by write)
  int format_version = kModelFileVersion;           ///< file format version (set by read)
  std::string created;                              ///< UTC time of writing, ISO 8601 (set by write)
  TrainingDataInfo data;                            ///< training-data provenance
  nlohmann::json extra = nlohmann::json::object();  ///< anything else worth keeping (split, metrics)
  models::ModelState state;  ///< options and learned values (config) and weights (blob)
};

/// A model file for `model`, describing its training data `train` (read from `source`).
ModelFile make_model_file(const models::Forecaster& model, const PriceSeries& train, std::string source = {});

/// Writes `file` atomically to `path` (library_version and created are filled in). Throws IoError
/// when the file cannot be written.
void write_model_file(const std::filesystem::path& path, const ModelFile& file);

/// Reads and verifies a model file. When `expected_kind` is not empty the file must hold that kind.
/// Throws IoError when it cannot be read; FormatError (naming the file) when it is not a model file,
/// of an unsupported version, truncated, corrupted (checksum), malformed, or of another kind.
ModelFile read_model_file(const std::filesystem::path& path, std::string_view expected_kind = {});

/// The same checks on the bytes of a model file; `source` names it in messages.
ModelFile parse_model_file(std::string_view bytes, std::string_view source,
                           std::string_view expected_kind = {});

/// The bytes write_model_file() writes.
std::string serialize_model_file(const ModelFile& file);

/// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

/// A fingerprint of a price series' content: SHA-256 over its dates, column names and values
/// (bitwise), so two series have the same fingerprint exactly when their data are identical.
std::string data_fingerprint(const PriceSeries& series);

}  // namespace stockcast::io
