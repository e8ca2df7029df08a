#pragma once

#include <string>

namespace data {

// A file that appears whole or not at all: it is written under a hidden temporary name beside its
// destination and moved in by commit(). Until then the destination is untouched; if the writer
// fails or is destroyed first, the temporary file (and any -journal, -wal, -shm SQLite left beside
// it) is removed. A process killed mid-write leaves only a hidden ".planmap-new-*" file, never a
// half-written destination. The file gets the mode any new file of the user gets (0666 less the
// umask), not mkstemp's 0600.
class NewFile
{
public:
  // Reserves the temporary name beside `destination`. With `empty`, no file is left at that name,
  // for writers (SQLite) that must create the file themselves. Throws StoreError naming the folder.
  explicit NewFile(std::string destination, bool empty = false);
  ~NewFile();
  NewFile(const NewFile &) = delete;
  NewFile &operator=(const NewFile &) = delete;

  const std::string &path() const { return mPath; }
  const std::string &destination() const { return mDestination; }

  // Moves the finished file to its destination. `replace` lets it take the place of an existing
  // file in one step; without it an existing destination is refused (StoreError), even one that
  // appeared while this file was written.
  void commit(bool replace);

private:
  std::string mDestination;
  std::string mPath;
};

// The process's umask, read without changing it (umask() sets it, racing other threads).
unsigned currentUmask();

} // namespace data
