#pragma once

#include "data/store/OutputPath.h"
#include "data/store/Store.h"

#include <cstdint>
#include <string>

namespace data {

struct BackupResult
{
  std::string out;
  std::uintmax_t bytes = 0;
};

// Copies an open project file to `out` as one consistent snapshot (SQLite's online backup API),
// while other processes and this one's threads go on writing. It reads through the store's own
// connection: a second connection to the file, closed early, would drop this process's locks.
// The copy is written under a temporary name beside `out` and renamed in once complete, so `out`
// is either as it was or the whole copy. `replace` is checked with checkOutput against the
// store's file (Replace::FileOrDatabase lets an older copy go). Throws OutputRefused, or
// StoreError naming the file (a server project; "disk full, nothing written"; a failed write).
BackupResult backupProject(const Store &store, const std::string &out, Replace replace);

} // namespace data
