#include "stockcast/core/error.hpp"

namespace stockcast {

ExitCode exit_code(const std::exception& error) noexcept {
  if (dynamic_cast<const InvalidInput*>(&error) != nullptr) return ExitCode::kInvalidInput;
  if (dynamic_cast<const IoError*>(&error) != nullptr) return ExitCode::kIo;
  if (dynamic_cast<const FormatError*>(&error) != nullptr) return ExitCode::kFormat;
  if (dynamic_cast<const NumericalError*>(&error) != nullptr) return ExitCode::kNumerical;
  return ExitCode::kInternal;
}

}  // namespace stockcast
