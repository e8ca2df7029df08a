#include "gis/SpatialIndex.h"

#include "gis/Error.h"

#include <algorithm>
#include <array>
#include <limits>

namespace gis {

namespace {

// Distance along a Hilbert curve filling a 65536 × 65536 grid: nearby cells get nearby numbers, so
// consecutive items make compact nodes.
std::uint32_t hilbertIndex(std::uint32_t x, std::uint32_t y)
{
  constexpr std::uint32_t n = 1u << 16;
  std::uint32_t d = 0;
  for (std::uint32_t s = n / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (x & s) ? 1 : 0;
    const std::uint32_t ry = (y & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve's sub-curves join end to end.
    if (ry == 0) {
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::uint32_t gridCoordinate(double v, double min, double extent)
{
  if (!(extent > 0)) return 0;
  const double t = std::clamp((v - min) / extent, 0.0, 1.0);
  return static_cast<std::uint32_t>(t * 65535.0);
}

} // namespace

SpatialIndex::SpatialIndex(const std::vector<Envelope> &boxes)
    : mCount(boxes.size())
{
  if (boxes.empty()) return;
  if (boxes.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(Error::Kind::Input, "a spatial index holds at most 2^32 - 1 envelopes");

  Envelope all;
  for (const Envelope &e : boxes)
    all.expand(e);

  // Null envelopes match no query, so they stay out of the tree (a wholly covered node returns its
  // leaves untested). Sort keys: Hilbert distance of the centre high, build position low.
  std::vector<std::uint64_t> keys;
  keys.reserve(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const Envelope &e = boxes[i];
    if (e.isNull()) continue;
    const std::uint64_t h = hilbertIndex(gridCoordinate((e.minX + e.maxX) / 2, all.minX, all.width()),
                                         gridCoordinate((e.minY + e.maxY) / 2, all.minY, all.height()));
    keys.push_back((h << 32) | i);
  }
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end());

  const std::size_t leaves = keys.size();
  std::size_t total = leaves;
  mLevelEnd.push_back(total);
  for (std::size_t count = leaves; count > 1;) {
    count = (count + kNodeSize - 1) / kNodeSize;
    total += count;
    mLevelEnd.push_back(total);
  }
  mBoxes.resize(total);
  mIndex.resize(total);
  for (std::size_t k = 0; k < leaves; ++k) {
    const auto i = static_cast<std::uint32_t>(keys[k] & 0xFFFFFFFFu);
    mBoxes[k] = boxes[i];
    mIndex[k] = i;
  }
  std::size_t read = 0, write = leaves;
  for (std::size_t level = 0; level + 1 < mLevelEnd.size(); ++level) {
    const std::size_t end = mLevelEnd[level];
    while (read < end) {
      Envelope node;
      mIndex[write] = static_cast<std::uint32_t>(read);
      for (std::size_t j = 0; j < kNodeSize && read < end; ++j)
        node.expand(mBoxes[read++]);
      mBoxes[write++] = node;
    }
  }
}

void SpatialIndex::query(const Envelope &query, std::vector<std::uint32_t> &out) const
{
  if (mBoxes.empty() || query.isNull() || !mBoxes.back().intersects(query)) return;
  const std::size_t top = mLevelEnd.size() - 1;
  if (top == 0) { // a single item is its own root
    out.push_back(mIndex[0]);
    return;
  }
  struct Pending
  {
    std::uint32_t node;
    std::uint32_t level;
  };
  // Depth first: at most kNodeSize entries wait per level, and a 2^32-item tree has 9 levels.
  std::array<Pending, kNodeSize * 10> stack;
  std::size_t depth = 0;
  stack[depth++] = {static_cast<std::uint32_t>(mBoxes.size() - 1), static_cast<std::uint32_t>(top)};
  while (depth > 0) {
    const Pending p = stack[--depth];
    const std::size_t first = mIndex[p.node];
    const std::size_t last = std::min(first + kNodeSize, mLevelEnd[p.level - 1]);
    const std::uint32_t childLevel = p.level - 1;
    for (std::size_t c = first; c < last; ++c) {
      const Envelope &b = mBoxes[c];
      if (!b.intersects(query)) continue;
      if (childLevel == 0) {
        out.push_back(mIndex[c]);
      } else if (b.minX >= query.minX && b.maxX <= query.maxX && b.minY >= query.minY &&
                 b.maxY <= query.maxY) {
        // A node wholly inside the query: its leaves are one contiguous run, taken without tests.
        std::size_t lo = c, hi = c + 1;
        for (std::size_t level = childLevel; level > 0; --level) {
          lo = mIndex[lo];
          hi = std::min<std::size_t>(mIndex[hi - 1] + kNodeSize, mLevelEnd[level - 1]);
        }
        out.insert(out.end(), mIndex.begin() + static_cast<std::ptrdiff_t>(lo),
                   mIndex.begin() + static_cast<std::ptrdiff_t>(hi));
      } else {
        stack[depth++] = {static_cast<std::uint32_t>(c), childLevel};
      }
    }
  }
}

} // namespace gis
