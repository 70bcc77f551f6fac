// The error hierarchy. Every gridgov error derives from gridgov::Error; the Python module maps
// each class to an exception of the same name deriving from gg.Error, itself a ValueError.
#pragma once

#include <stdexcept>
#include <string>

namespace gridgov {

/// Base of every error gridgov throws on purpose. Messages name the offending record and the
/// rule it breaks, and say what to do where that is not obvious.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An argument has the wrong shape, range or value (k < 1, NaN weight, mismatched lengths...).
class InputError : public Error {
 public:
  using Error::Error;
};

/// A code, kind, category or other name that the model or policy does not know.
class UnknownCodeError : public InputError {
 public:
  using InputError::InputError;
};

/// A model breaks one of its structural rules (duplicate code, cycle, code not extending its
/// parent's, a building in two grids...).
class ValidationError : public Error {
 public:
  using Error::Error;
};

/// A file is malformed, truncated or corrupted.
class FormatError : public Error {
 public:
  using Error::Error;
};

/// A file was written by a newer version of gridgov than this one can read.
class VersionError : public FormatError {
 public:
  using FormatError::FormatError;
};

/// The constraints of a problem cannot all be met (a node heavier than a part's upper bound,
/// a demand no site reaches...). The message says which constraint and which records.
/// `proven()` says whether the message states a proof that no solution exists (arithmetic on
/// the input, or an exhaustive search) rather than a search that gave up without finding one;
/// callers branch on it, never on the wording. (Python: the exception's `proven` attribute.)
class InfeasibleError : public Error {
 public:
  explicit InfeasibleError(const std::string& message, bool proven = false) : Error(message), proven_(proven) {}
  [[nodiscard]] bool proven() const noexcept { return proven_; }

 private:
  bool proven_;
};

/// An escalation policy is inconsistent (tiers skip backwards, non-positive limits...).
class PolicyError : public ValidationError {
 public:
  using ValidationError::ValidationError;
};

/// An event log breaks the lifecycle (unknown transition, times going backwards...).
class EventLogError : public ValidationError {
 public:
  using ValidationError::ValidationError;
};

}  // namespace gridgov
