#pragma once
/// \file
/// The error hierarchy of stockcast. Every error a user can cause is one of these typed exceptions,
/// with a message that names the place (file, line, column, field or function). The CLI maps each
/// type to a documented exit code (see exit_code() and docs/exit-codes.md).

#include <stdexcept>
#include <string>

namespace stockcast {

/// Base of every stockcast error.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad data, arguments or configuration values supplied by the user.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A file could not be opened, read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

/// A model or result file is truncated, corrupted, of the wrong version or of the wrong kind.
class FormatError : public Error {
 public:
  using Error::Error;
};

/// A model was used before fit() or load().
class NotFitted : public Error {
 public:
  using Error::Error;
};

/// A computation failed numerically: NaN/Inf loss, an optimiser that did not converge.
class NumericalError : public Error {
 public:
  using Error::Error;
};

/// A broken invariant of stockcast itself (a bug), never caused by user input.
class Internal : public Error {
 public:
  using Error::Error;
};

/// Process exit codes of the stockcast CLI; documented in docs/exit-codes.md.
enum class ExitCode : int {
  kOk = 0,            ///< success
  kInternal = 1,      ///< a bug in stockcast (Internal, NotFitted or an unexpected exception)
  kUsage = 2,         ///< bad command-line usage (unknown flag, missing argument)
  kInvalidInput = 3,  ///< bad data, argument value or configuration
  kIo = 4,            ///< a file could not be read or written
  kFormat = 5,        ///< a model/result file is corrupted, truncated or of the wrong version or kind
  kNumerical = 6,     ///< a numerical failure (NaN loss, optimiser did not converge)
};

/// The exit code the CLI uses for an exception of this type.
ExitCode exit_code(const std::exception& error) noexcept;

}  // namespace stockcast
