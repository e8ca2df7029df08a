#pragma once

#include <stdexcept>
#include <string>

namespace data {

// Every refused or failed store operation. The message is one line a user can read:
// "engineer1 (engineer) may not delete feature 12: only planners edit geometry".
class StoreError : public std::runtime_error
{
public:
  enum class Kind {
    NotAProject,   // file missing, not SQLite, or not a PlanMap project
    NeedsPassword, // the PostgreSQL server asks for a password the connection did not give
    Schema,        // newer/unknown schema version, migration failed
    Permission,    // role may not do this
    UnknownUser,
    NotFound,  // feature / layer / event / target
    Invalid,   // bad input: chainage outside line, status backwards, bad geometry type, ...
    Conflict,  // stale version
    Database,  // SQLite/PostgreSQL error
    Unwritable // read-only file or folder, or a full disk: nothing was written
  };
  StoreError(Kind kind, const std::string &message)
      : std::runtime_error(message)
      , mKind(kind)
  {
  }
  Kind kind() const { return mKind; }

private:
  Kind mKind;
};

} // namespace data
