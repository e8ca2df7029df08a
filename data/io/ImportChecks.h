#pragma once

#include "data/io/ImportReport.h"
#include "data/io/ImportSource.h"
#include "data/store/Store.h"
#include "gis/Geos.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// The checks an import makes of each feature before anything is written: geometry kinds, the
// town boundary, duplicates, and the labels its report names features by.
namespace data {

// Single-type layers take one part per feature; a polygon layer also takes multipolygons (a plot
// in several pieces is one plot).
bool needsSplit(const gis::Geometry &g, GeometryType layerType);
// The parts of a MultiPoint or MultiLineString as single geometries.
std::vector<gis::Geometry> splitParts(const gis::Geometry &g);

// Geometry the store would take as it is without asking GEOS: points, and lines whose paths each
// have two distinct consecutive vertices (what GEOS's IsValidOp asks of a line; the reader has
// already refused non-finite coordinates). Anything else goes to GEOS for its verdict and reason.
bool plainlyValid(const gis::Geometry &g);

// Boundary features of the project, prepared for fast tests.
class BoundaryCheck
{
public:
  BoundaryCheck(const Store &store, const std::string &targetLayer);
  bool active() const { return !mGeoms.empty(); }
  // Lower bound of the distance in metres from `g` to the boundary polygons (0 when touching).
  // `toleranceM` lets a feature whose envelope alone is farther than that skip GEOS: the distance
  // between envelopes is a lower bound of the distance between the geometries.
  double distanceM(const gis::Geometry &g, double toleranceM) const;

private:
  std::vector<gis::Envelope> mEnvelopes;
  std::vector<gis::Geometry> mGeoms;
  std::vector<std::unique_ptr<gis::PreparedGeometry>> mPrepared;
};

// A 64-bit digest of a feature's geometry, name and attributes for the duplicate check: hashing
// the coordinates and values in place spares building a WKB + JSON key per feature (two
// allocations and a string hash of ~1 KB each). Two different features collide with odds of about
// n²/2^65 (3e-8 for a million), and a duplicate is a warning, never a refusal.
class Digest
{
public:
  void bytes(const void *p, std::size_t n)
  {
    const auto *b = static_cast<const unsigned char *>(p);
    for (std::size_t i = 0; i < n; ++i)
      mH = (mH ^ b[i]) * 0x100000001b3ULL;
  }
  template <typename T> void value(const T &v) { bytes(&v, sizeof v); }
  void text(const std::string &s)
  {
    value(s.size());
    bytes(s.data(), s.size());
  }
  std::uint64_t result() const { return mH ^ (mH >> 29); }

private:
  std::uint64_t mH = 0xcbf29ce484222325ULL;
};

// "feature 12", "feature 12 of layer tracks", with " (name)" when there is one. When the file may
// have several layers, labels are written once it is read (only then is it known whether more
// than one had features); with one layer to read they are written at once.
class Labels
{
public:
  explicit Labels(bool defer)
      : mDefer(defer)
  {
  }
  void feature(std::size_t ordinal, const SourceFeature &sf)
  {
    if (sf.index == 1) mLayers.push_back({ordinal, sf.layer});
  }
  // Report item `list[item]` names the feature read `ordinal`-th; with `first`, its message is
  // the duplicate message naming feature `first`.
  void later(std::vector<ImportReport::Item> &list, std::size_t ordinal, const std::string &name,
             std::size_t first = 0)
  {
    mFixes.push_back({&list, list.size() - 1, ordinal, name, first});
    if (!mDefer) apply(false);
  }
  std::string label(std::size_t ordinal, const std::string &name, bool multiLayer) const
  {
    auto it = std::upper_bound(mLayers.begin(), mLayers.end(), ordinal,
                               [](std::size_t o, const auto &l) { return o < l.first; });
    SourceFeature sf;
    if (it != mLayers.begin()) {
      --it;
      sf.layer = it->second;
      sf.index = ordinal - it->first + 1;
    }
    sf.multiLayer = multiLayer;
    return sf.label(name);
  }
  void apply(bool multiLayer)
  {
    for (const auto &fix : mFixes) {
      auto &item = (*fix.list)[fix.item];
      item.feature = label(fix.ordinal, fix.name, multiLayer);
      if (fix.first)
        item.message = "same geometry and attributes as " + label(fix.first, fix.name, multiLayer);
    }
    mFixes.clear();
  }

private:
  struct Fix
  {
    std::vector<ImportReport::Item> *list;
    std::size_t item;
    std::size_t ordinal;
    std::string name;
    std::size_t first;
  };
  bool mDefer;
  std::vector<std::pair<std::size_t, std::string>> mLayers; // first ordinal, source layer
  std::vector<Fix> mFixes;
};

// Feature digests -> the ordinal of the first feature with it: open addressing on 16-byte slots,
// a quarter of what a node-based map takes for a million features.
class DigestSet
{
public:
  // 0 and the digest recorded for `ordinal` when new, else the ordinal of the first.
  std::size_t insert(std::uint64_t h, std::size_t ordinal)
  {
    if ((mUsed + 1) * 4 > mSlots.size() * 3) grow();
    std::size_t i = static_cast<std::size_t>(h) & (mSlots.size() - 1);
    for (;; i = (i + 1) & (mSlots.size() - 1)) {
      Slot &s = mSlots[i];
      if (s.ordinal == 0) {
        s = {h, ordinal};
        ++mUsed;
        return 0;
      }
      if (s.hash == h) return s.ordinal;
    }
  }

private:
  struct Slot
  {
    std::uint64_t hash = 0;
    std::size_t ordinal = 0; // 0 = free (ordinals count from 1)
  };
  void grow()
  {
    std::vector<Slot> old(std::max<std::size_t>(1024, mSlots.size() * 2));
    old.swap(mSlots);
    mUsed = 0;
    for (const Slot &s : old)
      if (s.ordinal != 0) insert(s.hash, s.ordinal);
  }
  std::vector<Slot> mSlots;
  std::size_t mUsed = 0;
};

} // namespace data
