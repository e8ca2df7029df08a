#pragma once

#include "gis/Geometry.h"

#include <cstdint>
#include <vector>

namespace gis {

// A packed static R-tree over envelopes: items sorted along a Hilbert curve, 16 entries a node,
// every level in flat arrays. Built once from all envelopes (a million features in well under a
// second), then queried from any number of threads at once (queries do not modify it).
class SpatialIndex
{
public:
  static constexpr std::size_t kNodeSize = 16;

  SpatialIndex() = default;
  // Null envelopes (empty geometries) count in size() but are never returned by a query.
  explicit SpatialIndex(const std::vector<Envelope> &boxes);

  // Appends to `out` the position in the build vector of every envelope intersecting `query`
  // (boundaries included), in no particular order.
  void query(const Envelope &query, std::vector<std::uint32_t> &out) const;

  std::size_t size() const { return mCount; }
  bool empty() const { return mCount == 0; }
  std::size_t memoryBytes() const
  {
    return mBoxes.capacity() * sizeof(Envelope) + mIndex.capacity() * sizeof(std::uint32_t) +
           mLevelEnd.capacity() * sizeof(std::size_t);
  }
  Envelope bounds() const { return mBoxes.empty() ? Envelope() : mBoxes.back(); }

private:
  std::size_t mCount = 0;
  std::vector<Envelope> mBoxes;       // leaves in Hilbert order, then each upper level; the root last
  std::vector<std::uint32_t> mIndex;  // a leaf's build position, or an inner node's first child
  std::vector<std::size_t> mLevelEnd; // one past the last position of each level, leaves first
};

} // namespace gis
