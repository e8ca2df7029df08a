#include "data/io/RowSpool.h"

#include "data/io/ImportSource.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace data {

namespace {

template <typename T> void putRaw(std::string &b, const T &v)
{
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  b.append(bytes, sizeof(T));
}

template <typename T> T getRaw(const char *&p)
{
  T v;
  std::memcpy(&v, p, sizeof(T));
  p += sizeof(T);
  return v;
}

} // namespace

void RowSpool::add(const EncodedFeature &f)
{
  mRecord.clear();
  putRaw<std::uint32_t>(mRecord, 0);
  for (const std::string *s : {&f.code, &f.name, &f.attrs, &f.geometry}) {
    putRaw<std::uint32_t>(mRecord, static_cast<std::uint32_t>(s->size()));
    mRecord.append(*s);
  }
  putRaw(mRecord, f.lengthM);
  putRaw(mRecord, f.areaM2);
  const auto size = static_cast<std::uint32_t>(mRecord.size() - sizeof(std::uint32_t));
  std::memcpy(mRecord.data(), &size, sizeof size);
  if (mChunks.empty() || mChunks.back().size() + mRecord.size() > mChunks.back().capacity()) {
    if (mFile || mBytes >= kMemoryBytes) spill();
    if (mChunks.empty() || !mFile) {
      mChunks.emplace_back();
      mChunks.back().reserve(std::max(kChunkBytes, mRecord.size()));
    }
  }
  mChunks.back().append(mRecord);
  mBytes += mRecord.size();
  ++mCount;
}

void RowSpool::startReading()
{
  if (mFile) {
    spill();
    if (std::fflush(mFile) != 0 || std::fseek(mFile, 0, SEEK_SET) != 0) fail();
  }
  mChunk = mPos = mRead = 0;
}

bool RowSpool::next(EncodedFeature &f)
{
  if (mRead == mCount) return false;
  ++mRead;
  std::uint32_t size = 0;
  const char *p = nullptr;
  if (mFile) {
    if (std::fread(&size, sizeof size, 1, mFile) != 1) fail();
    mRecord.resize(size);
    if (size > 0 && std::fread(mRecord.data(), size, 1, mFile) != 1) fail();
    p = mRecord.data();
  } else {
    while (mPos >= mChunks[mChunk].size()) {
      ++mChunk;
      mPos = 0;
    }
    p = mChunks[mChunk].data() + mPos;
    size = getRaw<std::uint32_t>(p);
    mPos += sizeof size + size;
  }
  for (std::string *s : {&f.code, &f.name, &f.attrs, &f.geometry}) {
    const auto n = getRaw<std::uint32_t>(p);
    s->assign(p, n);
    p += n;
  }
  f.lengthM = getRaw<double>(p);
  f.areaM2 = getRaw<double>(p);
  return true;
}

void RowSpool::spill()
{
  if (!mFile && !mMemoryOnly) {
    mFile = std::tmpfile();
    mMemoryOnly = !mFile; // no temporary file: keep it all in memory
  }
  if (!mFile) return;
  for (const auto &c : mChunks)
    if (!c.empty() && std::fwrite(c.data(), c.size(), 1, mFile) != 1) fail();
  if (mChunks.size() > 1) mChunks.erase(mChunks.begin() + 1, mChunks.end());
  if (!mChunks.empty()) mChunks.front().clear();
}

void RowSpool::fail()
{
  throw ImportError(std::string("cannot use a temporary file for the rows to import (") +
                    std::strerror(errno) + "); nothing imported");
}

} // namespace data
