#pragma once
/// \file
/// Reading a model's typed options struct from JSON, strictly: every key must be known, every value
/// of the right type; messages name the model and the option.
///
///     OptionReader reader(json, "drift");
///     reader.read("level", options.level);
///     reader.read("intervals", options.intervals);
///     reader.finish();  // throws on any key not read, listing the accepted ones

#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "stockcast/core/error.hpp"

namespace stockcast::models {

/// Reads options from a JSON object into typed fields.
class OptionReader {
 public:
  /// `options` must be an object (or null, meaning no options); `model` names the model in errors.
  OptionReader(const nlohmann::json& options, std::string_view model) : options_(options), model_(model) {
    if (!options_.is_null() && !options_.is_object()) {
      throw InvalidInput(
          fmt::format("model '{}': options must be a JSON object, got {}", model_, options_.dump()));
    }
  }

  /// Sets `field` from key `key` when present (leaving the default otherwise); throws InvalidInput
  /// naming the model and option when the value has the wrong type (an integer where a whole number
  /// is expected, a number, a bool, a string...).
  template <typename T>
  void read(std::string_view key, T& field) {
    accepted_.emplace_back(key);
    if (options_.is_null()) return;
    const auto it = options_.find(key);
    if (it == options_.end()) return;
    if (!type_matches<T>(*it)) {
      throw InvalidInput(fmt::format("model '{}': option '{}' has the wrong type or is out of range: {}",
                                     model_, key, it->dump()));
    }
    try {
      field = it->template get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw InvalidInput(fmt::format("model '{}': option '{}': {}", model_, key, e.what()));
    }
  }

  /// Throws InvalidInput naming every key that no read() asked for, listing the accepted keys.
  void finish() const {
    if (options_.is_null()) return;
    for (const auto& [key, value] : options_.items()) {
      bool known = false;
      for (const auto& name : accepted_) known = known || name == key;
      if (!known) {
        throw InvalidInput(fmt::format("model '{}': unknown option '{}'; accepted: {}", model_, key,
                                       fmt::join(accepted_, ", ")));
      }
    }
  }

 private:
  template <typename T>
  static bool type_matches(const nlohmann::json& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return value.is_boolean();
    } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
      if (value.is_number_unsigned()) return value.get<unsigned long long>() <= std::numeric_limits<T>::max();
      return value.is_number_integer() && value.get<long long>() >= 0 &&
             static_cast<unsigned long long>(value.get<long long>()) <= std::numeric_limits<T>::max();
    } else if constexpr (std::is_integral_v<T>) {
      if (value.is_number_unsigned()) {
        return value.get<unsigned long long>() <=
               static_cast<unsigned long long>(std::numeric_limits<T>::max());
      }
      return value.is_number_integer() && value.get<long long>() >= std::numeric_limits<T>::min() &&
             value.get<long long>() <= std::numeric_limits<T>::max();
    } else if constexpr (std::is_floating_point_v<T>) {
      return value.is_number();
    } else if constexpr (std::is_same_v<T, std::string>) {
      return value.is_string();
    } else {
      return true;  // other types: nlohmann's get<T>() decides (it throws on a mismatch)
    }
  }

  const nlohmann::json& options_;
  std::string model_;
  std::vector<std::string> accepted_;
};

}  // namespace stockcast::models
