#pragma once

#include "data/store/BulkWrite.h"

#include <cstdio>
#include <string>
#include <vector>

namespace data {

// The rows an import will write, one after another as they are validated: in memory up to 32 MB
// (in 1 MB chunks, so growing never copies), then in an anonymous temporary file (removed by the
// system when closed), so a big file costs disk cache rather than memory. Written once, then read
// once from the start.
class RowSpool
{
public:
  RowSpool() = default;
  RowSpool(const RowSpool &) = delete;
  RowSpool &operator=(const RowSpool &) = delete;
  ~RowSpool()
  {
    if (mFile) std::fclose(mFile);
  }

  void add(const EncodedFeature &f);
  std::size_t size() const { return mCount; }
  void startReading();
  bool next(EncodedFeature &f);

private:
  static constexpr std::size_t kMemoryBytes = std::size_t(32) << 20;
  static constexpr std::size_t kChunkBytes = std::size_t(1) << 20;

  // Moves what is in memory to the file, keeping one chunk as the file's write buffer.
  void spill();
  [[noreturn]] static void fail();

  std::vector<std::string> mChunks;
  std::string mRecord;
  std::FILE *mFile = nullptr;
  bool mMemoryOnly = false;
  std::size_t mBytes = 0, mCount = 0, mRead = 0, mChunk = 0, mPos = 0;
};

} // namespace data
