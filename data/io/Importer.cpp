#include "data/io/Importer.h"

#include "data/store/FeatureRules.h"
#include "data/io/ImportMapping.h"
#include "data/io/ImportStaging.h"
#include "data/store/Json.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/spatialite/Sqlite.h"
#include "data/store/StoreError.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <numbers>
#include <set>
#include <unordered_set>

namespace data {

namespace {

// The bulk write of a SpatiaLite project goes through a rollback journal instead of the WAL when
// this connection is the only one open and no transaction is running: in WAL mode every page of
// the new rows is written twice (into the WAL, then checkpointed into the file, reading the WAL
// back), while a rollback journal only keeps the few existing pages the transaction changes (pages
// past the old end of the file need no copy). The transaction stays all or nothing: a crash leaves
// a hot journal that SQLite rolls back when the project is next opened. SQLite refuses to leave
// WAL mode while another connection has the file open or inside a transaction; then the import
// writes through the WAL as before. synchronous = FULL while the rollback journal is used (NORMAL
// is only power-safe in WAL mode); WAL mode and NORMAL are set again after the transaction.
bool switchToRollbackJournal(Database &db)
{
  try {
    if (db.queryText("PRAGMA journal_mode = TRUNCATE") != "truncate") return false;
    db.exec("PRAGMA synchronous = FULL");
    return true;
  } catch (const std::exception &) {
    return false;
  }
}

struct RestoreWal
{
  Database *db;
  explicit RestoreWal(Database *d)
      : db(d)
  {
  }
  RestoreWal(const RestoreWal &) = delete;
  RestoreWal &operator=(const RestoreWal &) = delete;
  ~RestoreWal()
  {
    if (!db) return;
    try {
      db->exec("PRAGMA synchronous = NORMAL");
      db->exec("PRAGMA journal_mode = WAL");
    } catch (const std::exception &) {
      // The project stays in rollback-journal mode until it is opened again (the store sets WAL).
    }
  }
};

constexpr double kMetresPerDegree = 111320.0;

const char *layerTypeFor(int dimension)
{
  return dimension == 0 ? "Point" : dimension == 1 ? "LineString" : "Polygon";
}

bool validLayerId(const std::string &id)
{
  if (id.empty() || id.size() > 40 || !std::islower(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Single-type layers take one part per feature; a polygon layer also takes multipolygons (a plot
// in several pieces is one plot).
bool needsSplit(const gis::Geometry &g, const std::string &layerType)
{
  using T = gis::Geometry::Type;
  return (g.type() == T::MultiPoint && layerType == "Point") ||
         (g.type() == T::MultiLineString && layerType == "LineString");
}

std::vector<gis::Geometry> splitParts(const gis::Geometry &g)
{
  std::vector<gis::Geometry> out;
  for (const auto &part : g.parts()) {
    if (g.type() == gis::Geometry::Type::MultiPoint)
      out.push_back(gis::Geometry::point(part.at(0).at(0)));
    else
      out.push_back(gis::Geometry::lineString(part.at(0)));
  }
  return out;
}

// Boundary features of the project, prepared for fast tests.
class BoundaryCheck
{
public:
  BoundaryCheck(const Store &store, const std::string &targetLayer)
  {
    if (targetLayer == "boundary" || !store.layer("boundary")) return;
    for (const auto &f : store.features("boundary")) {
      if (f.geometry.dimension() != 2) continue;
      mGeoms.push_back(f.geometry);
      mEnvelopes.push_back(f.geometry.envelope());
      mPrepared.push_back(std::make_unique<gis::PreparedGeometry>(f.geometry));
    }
  }
  bool active() const { return !mGeoms.empty(); }
  // Lower bound of the distance in metres from `g` to the boundary polygons (0 when touching).
  // `toleranceM` lets a feature whose envelope alone is farther than that skip GEOS: the distance
  // between envelopes is a lower bound of the distance between the geometries.
  double distanceM(const gis::Geometry &g, double toleranceM) const
  {
    double best = 1e300;
    const gis::Envelope env = g.envelope();
    const double maxAbsLat = std::max(std::fabs(env.minY), std::fabs(env.maxY));
    // A degree of longitude shrinks with latitude; the smallest scale keeps this a lower bound.
    const double scale = kMetresPerDegree * std::cos(std::min(maxAbsLat, 89.0) * std::numbers::pi / 180.0);
    std::vector<double> envelopeM(mGeoms.size());
    bool allFar = true;
    for (std::size_t i = 0; i < mGeoms.size(); ++i) {
      const gis::Envelope &b = mEnvelopes[i];
      const double dx = std::max({0.0, b.minX - env.maxX, env.minX - b.maxX});
      const double dy = std::max({0.0, b.minY - env.maxY, env.minY - b.maxY});
      envelopeM[i] = std::hypot(dx, dy) * scale;
      allFar = allFar && envelopeM[i] > toleranceM;
    }
    if (allFar) return *std::min_element(envelopeM.begin(), envelopeM.end());
    for (std::size_t i = 0; i < mGeoms.size(); ++i) {
      if (envelopeM[i] > 0) {
        best =
            std::min(best, envelopeM[i] > toleranceM ? envelopeM[i] : gis::distanceDeg(g, mGeoms[i]) * scale);
        continue;
      }
      if (mPrepared[i]->intersects(g)) return 0;
      best = std::min(best, gis::distanceDeg(g, mGeoms[i]) * scale);
    }
    return best;
  }

private:
  std::vector<gis::Envelope> mEnvelopes;
  std::vector<gis::Geometry> mGeoms;
  std::vector<std::unique_ptr<gis::PreparedGeometry>> mPrepared;
};

// Codes already used in the project. A SpatiaLite project hands them over in one query (a lookup
// per feature cost half a second for 50,000 coded rivers); other stores are asked per code.
class ProjectCodes
{
public:
  explicit ProjectCodes(Store &store)
      : mStore(store)
  {
    if (auto *sl = dynamic_cast<SpatiaLiteStore *>(&store)) {
      Statement st = sl->database().prepare("SELECT code FROM feature WHERE code IS NOT NULL");
      while (st.step())
        mCodes.insert(st.text(0));
      mLoaded = true;
    }
  }
  bool used(const std::string &code) const
  {
    return mLoaded ? mCodes.count(code) > 0 : mStore.featureByCode(code).has_value();
  }

private:
  Store &mStore;
  std::unordered_set<std::string> mCodes;
  bool mLoaded = false;
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

std::string kmText(double m)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  return buf;
}

// Geometry the store would take as it is without asking GEOS: points, and lines whose paths each
// have two distinct consecutive vertices (what GEOS's IsValidOp asks of a line; the reader has
// already refused non-finite coordinates). Anything else goes to GEOS for its verdict and reason.
bool plainlyValid(const gis::Geometry &g)
{
  if (g.dimension() == 0) return true;
  if (g.dimension() != 1) return false;
  for (const auto &part : g.parts())
    for (const auto &path : part) {
      bool twoDistinct = false;
      for (std::size_t i = 1; i < path.size() && !twoDistinct; ++i)
        twoDistinct = !(path[i] == path[0]);
      if (!twoDistinct) return false;
    }
  return true;
}

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

  void add(const EncodedFeature &f)
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
  std::size_t size() const { return mCount; }

  void startReading()
  {
    if (mFile) {
      spill();
      if (std::fflush(mFile) != 0 || std::fseek(mFile, 0, SEEK_SET) != 0) fail();
    }
    mChunk = mPos = mRead = 0;
  }
  bool next(EncodedFeature &f)
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

private:
  static constexpr std::size_t kMemoryBytes = std::size_t(32) << 20;
  static constexpr std::size_t kChunkBytes = std::size_t(1) << 20;

  // Moves what is in memory to the file, keeping one chunk as the file's write buffer.
  void spill()
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
  [[noreturn]] static void fail()
  {
    throw ImportError(std::string("cannot use a temporary file for the rows to import (") +
                      std::strerror(errno) + "); nothing imported");
  }

  std::vector<std::string> mChunks;
  std::string mRecord;
  std::FILE *mFile = nullptr;
  bool mMemoryOnly = false;
  std::size_t mBytes = 0, mCount = 0, mRead = 0, mChunk = 0, mPos = 0;
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

} // namespace

ImportReport Importer::run(const ImportOptions &o)
{
  ImportReport report;
  report.file = o.file;
  report.targetLayer = o.layer;
  report.newLayer = o.newLayer;
  report.dryRun = o.dryRun;

  mStore.requireRole(o.user, {Role::Planner}, "import features");
  auto progress = [&](const char *stage, std::size_t done, std::size_t total) {
    auto check = [&] {
      if (o.cancel && o.cancel->load()) throw ImportCancelled(o.file + ": import cancelled; nothing written");
    };
    check();
    if (o.progress) o.progress(stage, done, total);
    check();
  };
  std::optional<LayerDef> target = mStore.layer(o.layer);
  if (o.newLayer) {
    if (target)
      throw ImportError("layer " + o.layer + " already exists; import into it with --layer " + o.layer);
    if (!validLayerId(o.layer))
      throw ImportError("new layer id '" + o.layer +
                        "': use lower-case ASCII letters, digits and _ starting with a letter (up to 40)");
  } else if (!target) {
    std::string ids;
    for (const auto &l : mStore.layers())
      ids += (ids.empty() ? "" : ", ") + l.id;
    throw ImportError("project has no layer '" + o.layer + "' (layers: " + ids +
                      "); give --new-layer NAME to create one");
  }

  ImportStaging staging(o.file);
  SourceOptions so;
  so.path = o.file;
  so.readPath = staging.path();
  so.sourceLayer = o.sourceLayer;
  so.crs = o.crs;
  so.offset = o.offset;
  so.encoding = o.encoding;
  progress("reading", 0, 0);

  // On a SpatiaLite project the validated rows are encoded for the store as they are validated
  // and spooled (RowSpool), so the file is read once and never held whole; other stores get
  // Features through addFeatures.
  auto *spatialite = dynamic_cast<SpatiaLiteStore *>(&mStore);
  BoundaryCheck boundary(mStore, o.layer);
  const ProjectCodes projectCodes(mStore);

  // The file is read once, or twice when its text turns out not to be UTF-8 and it declares no
  // encoding: the first reading stops there, and the second decodes every text.
  for (;;) {
    std::unique_ptr<SourceReader> readerPtr;
    try {
      readerPtr = std::make_unique<SourceReader>(so);
    } catch (const std::invalid_argument &e) {
      throw ImportError(o.file + ": " + e.what());
    }
    SourceReader &reader = *readerPtr;
    const std::vector<SourceField> &fields = reader.fields();

    // Field mapping errors are reported after the file's own (unreadable, no features, mixed
    // kinds), as when the whole file was read first; without a mapping the file is only read.
    FieldMapping mapping;
    std::exception_ptr mappingError;
    try {
      mapping = mapFields(fields, target, o.fieldMap, o.file);
    } catch (...) {
      mappingError = std::current_exception();
    }
    // Sorted by name, as attributesToJson and the store write them; several source fields may
    // land in one layer field (the last with a value wins).
    std::vector<std::size_t> fieldOrder(mapping.fields.size());
    for (std::size_t i = 0; i < fieldOrder.size(); ++i)
      fieldOrder[i] = i;
    std::sort(fieldOrder.begin(), fieldOrder.end(),
              [&](std::size_t a, std::size_t b) { return mapping.fields[a].name < mapping.fields[b].name; });
    std::vector<std::string> fieldKeys(mapping.fields.size()); // JSON keys with quotes and colon
    for (std::size_t i = 0; i < mapping.fields.size(); ++i)
      fieldKeys[i] = json::quote(mapping.fields[i].name) + ":";
    std::vector<std::string> missingRequired;
    for (const auto &fd : mapping.fields)
      if (fd.required && std::none_of(mapping.entries.begin(), mapping.entries.end(), [&](const auto &e) {
            return e.target == FieldMapping::Target::Field && mapping.fields[e.field].name == fd.name;
          }))
        missingRequired.push_back("field " + fd.name + " is required and the file has no field for it");

    report.repaired.clear();
    report.empty.clear();
    report.duplicates.clear();
    report.outside.clear();
    report.errors.clear();
    report.counts = {};
    report.preview.clear();
    report.totalLengthM = report.totalAreaM2 = 0;

    std::map<std::string, std::size_t> typeCounts;
    std::set<int> dims;
    std::size_t firstErrorOrdinal = 0;
    std::string firstError;
    std::string layerType = target ? target->geometryType : "";
    int layerDim = -1;
    if (target) layerDim = layerType == "Point" ? 0 : layerType == "LineString" ? 1 : 2;

    Labels labels(reader.layersToRead() > 1);
    // One more feature in a report list: counted always, kept (and labelled) while the list is
    // short of ImportReport::kKeptItems.
    auto note = [&](std::vector<ImportReport::Item> &list, std::size_t &count, std::size_t ordinal,
                    const std::string &name, auto message, std::size_t first = 0) {
      ++count;
      if (list.size() >= ImportReport::kKeptItems) return;
      list.push_back({"", message()});
      labels.later(list, ordinal, name, first);
    };
    DigestSet seen;
    std::set<std::string> codes;
    RowSpool spool;
    std::vector<Feature> out; // stores other than SpatiaLite
    std::size_t toWrite = 0;
    std::string storeProblem; // why the store would refuse a row (StoreError), thrown before writing
    std::size_t splitFeatures = 0;
    const bool encode = spatialite && !o.dryRun;

    LayerDef storedLayer; // what storedGeometry needs of the layer
    storedLayer.id = o.layer;
    SourceFeature sf;
    std::vector<const Value *> attrs(mapping.fields.size());
    std::vector<Value> converted(mapping.entries.size());
    std::vector<std::string> problems;
    EncodedFeature row;
    std::size_t ordinal = 0;
    const std::size_t expected = reader.expectedCount();
    while (reader.next(sf)) {
      ++ordinal;
      labels.feature(ordinal, sf);
      if ((ordinal - 1) % 1024 == 0)
        progress("validating", ordinal - 1, expected == 0 ? 0 : std::max(expected, ordinal - 1));
      if (!sf.geometry.isEmpty()) {
        ++typeCounts[sf.geometry.typeName()];
        dims.insert(sf.geometry.dimension());
        // A new layer takes the file's kind; a file of several kinds is refused once read.
        if (layerDim < 0) {
          layerDim = sf.geometry.dimension();
          layerType = layerTypeFor(layerDim);
        }
        storedLayer.geometryType = layerType;
      }
      if (firstErrorOrdinal == 0 && !sf.error.empty()) {
        firstErrorOrdinal = ordinal;
        firstError = sf.error;
      }
      if (mappingError) continue;

      std::string name, code;
      problems.clear();
      std::fill(attrs.begin(), attrs.end(), nullptr);
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto &e = mapping.entries[i];
        const Value &v = sf.values[i];
        if (e.target == FieldMapping::Target::Name)
          name = valueToString(v);
        else if (e.target == FieldMapping::Target::Code)
          code = valueToString(v);
        else if (e.target == FieldMapping::Target::Field) {
          std::string problem = convertValue(v, mapping.fields[e.field], converted[i]);
          if (!problem.empty())
            problems.push_back(std::move(problem));
          else if (!std::holds_alternative<std::monostate>(converted[i]))
            attrs[e.field] = &converted[i];
        }
      }
      problems.insert(problems.end(), missingRequired.begin(), missingRequired.end());
      if (!sf.error.empty()) problems.push_back(sf.error);
      if (sf.error.empty() && sf.geometry.isEmpty()) {
        note(report.empty, report.counts.empty, ordinal, name, [] { return "no geometry"; });
        continue;
      }
      gis::Geometry &g = sf.geometry;
      if (!g.isEmpty() && g.dimension() != layerDim)
        problems.push_back(std::string("is a ") + g.typeName() + "; layer " + o.layer + " takes " +
                           layerType);
      if (!problems.empty()) {
        std::string msg;
        for (const auto &p : problems)
          msg += (msg.empty() ? "" : "; ") + p;
        note(report.errors, report.counts.errors, ordinal, name, [&] { return msg; });
        continue;
      }
      try {
        std::string reason;
        if (g.dimension() > 0 && !plainlyValid(g) && !gis::isValid(g, &reason)) {
          gis::Geometry fixed = gis::makeValid(g);
          if (fixed.isEmpty() || fixed.dimension() != layerDim) {
            note(report.errors, report.counts.errors, ordinal, name,
                 [&] { return "invalid geometry (" + reason + ") that cannot be repaired"; });
            continue;
          }
          note(report.repaired, report.counts.repaired, ordinal, name, [&] { return reason; });
          g = std::move(fixed);
        }
      } catch (const gis::Error &e) {
        note(report.errors, report.counts.errors, ordinal, name,
             [&] { return std::string("invalid geometry: ") + e.what(); });
        continue;
      }

      // The digest of geometry, name and attributes (in key order, as a stored feature has them).
      Digest digest;
      digest.value(static_cast<int>(g.type()));
      for (const auto &part : g.parts()) {
        digest.value(part.size());
        for (const auto &path : part) {
          digest.value(path.size());
          digest.bytes(path.data(), path.size() * sizeof(gis::Point));
        }
      }
      digest.text(name);
      for (std::size_t k : fieldOrder) {
        if (!attrs[k]) continue;
        const Value &v = *attrs[k];
        digest.text(mapping.fields[k].name);
        digest.value(v.index());
        if (const auto *i = std::get_if<std::int64_t>(&v)) digest.value(*i);
        if (const auto *x = std::get_if<double>(&v)) digest.value(*x);
        if (const auto *t = std::get_if<std::string>(&v)) digest.text(*t);
      }
      if (const std::size_t first = seen.insert(digest.result(), ordinal)) {
        note(
            report.duplicates, report.counts.duplicates, ordinal, name, [] { return ""; }, first);
      }
      if (boundary.active()) {
        const double d = boundary.distanceM(g, o.outsideToleranceM);
        if (d > o.outsideToleranceM) {
          note(report.outside, report.counts.outside, ordinal, name,
               [&] { return "at least " + kmText(d) + " outside the town boundary (wrong CRS?)"; });
        }
      }
      double length = 0, area = 0;
      if (layerDim == 1) report.totalLengthM += length = gis::geodesicLength(g);
      if (layerDim == 2) report.totalAreaM2 += area = gis::geodesicArea(g);

      // Nothing is written once the file has an error, nor on a dry run: rows are kept only
      // while they may still be written.
      const bool keep = report.errors.empty() || o.dryRun;
      row.attrs.clear();
      if (encode && keep) {
        row.attrs = "{";
        for (std::size_t k : fieldOrder) {
          if (!attrs[k]) continue;
          if (row.attrs.size() > 1) row.attrs += ',';
          row.attrs += fieldKeys[k];
          const Value &v = *attrs[k];
          if (const auto *i = std::get_if<std::int64_t>(&v))
            row.attrs += std::to_string(*i);
          else if (const auto *x = std::get_if<double>(&v))
            row.attrs += json::number(*x);
          else if (const auto *t = std::get_if<std::string>(&v))
            row.attrs += json::quote(*t);
        }
        row.attrs += '}';
      }
      auto emit = [&](const std::string &pieceCode, const gis::Geometry &piece, double pieceLength,
                      double pieceArea) {
        if (!pieceCode.empty() && !codes.insert(pieceCode).second) {
          note(report.errors, report.counts.errors, ordinal, name,
               [&] { return "code " + pieceCode + " appears twice in the file"; });
          return;
        }
        if (!pieceCode.empty() && projectCodes.used(pieceCode)) {
          note(report.errors, report.counts.errors, ordinal, name,
               [&] { return "code " + pieceCode + " is already used in the project"; });
          return;
        }
        ++toWrite;
        if (o.dryRun) {
          report.preview.push_back(piece); // the GUI's map preview
          return;
        }
        if (!report.errors.empty()) return;
        if (encode) {
          try {
            // The store's own polygon checks (closed rings of 4 points or more); points and lines
            // are in its form already (one part, 2 vertices or more, finite: the reader saw to it).
            if (layerDim == 2) {
              Feature check;
              check.code = pieceCode;
              check.name = name;
              check.geometry = piece;
              storedGeometry(storedLayer, check);
            }
          } catch (const StoreError &e) {
            if (storeProblem.empty()) storeProblem = e.what();
            return;
          }
          row.code = pieceCode;
          row.name = name;
          row.lengthM = pieceLength;
          row.areaM2 = pieceArea;
          row.geometry.clear();
          try {
            appendSpatialiteBlob(row.geometry, piece, 4326);
          } catch (const StoreError &e) {
            if (storeProblem.empty()) storeProblem = e.what();
            return;
          }
          spool.add(row);
          return;
        }
        Feature f;
        f.layerId = o.layer;
        f.code = pieceCode;
        f.name = name;
        f.geometry = piece;
        for (std::size_t k = 0; k < attrs.size(); ++k)
          if (attrs[k]) f.attributes[mapping.fields[k].name] = *attrs[k];
        out.push_back(std::move(f));
      };
      if (needsSplit(g, layerType)) {
        ++splitFeatures;
        const auto parts = splitParts(g);
        for (std::size_t k = 0; k < parts.size(); ++k)
          emit(code.empty() ? code : code + "-" + std::to_string(k + 1), parts[k],
               layerDim == 1 ? gis::geodesicLength(parts[k]) : 0.0, 0.0);
      } else {
        emit(code, g, length, area);
      }
    }
    if (reader.needsDecoding() && so.detectedEncoding.empty()) {
      so.detectedEncoding = detectEncoding(so);
      continue;
    }

    SourceData src;
    reader.finish(src);
    const bool multiLayer = src.layers.size() > 1;
    labels.apply(multiLayer);
    report.driver = src.driver;
    report.crs = src.crs;
    report.notes = src.notes;
    report.sourceLayers.clear();
    for (std::size_t i = 0; i < src.layers.size(); ++i)
      report.sourceLayers.push_back(src.layers[i] + ": " + std::to_string(src.layerCounts[i]));
    report.read = ordinal;
    if (ordinal == 0) throw ImportError(o.file + " has no features");

    if (!target) {
      if (dims.empty()) {
        // Geometries that failed to read say more than "no geometry" (a wrong CRS, DBL_MAX coordinates).
        if (firstErrorOrdinal)
          throw ImportError(o.file + ": no feature could be read; " +
                            labels.label(firstErrorOrdinal, "", multiLayer) + ": " + firstError);
        std::string why =
            src.driver == "CSV"
                ? " (a CSV needs a WKT column or longitude/latitude columns, e.g. lon/lat, x/y, 经度/纬度)"
                : "";
        throw ImportError(o.file + ": no feature has a geometry" + why);
      }
      if (dims.size() > 1) {
        std::string kinds;
        for (const auto &[t, n] : typeCounts)
          kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + t;
        std::string layers;
        for (const auto &l : src.layers)
          layers += (layers.empty() ? "" : ", ") + l;
        throw ImportError(o.file + " mixes geometry kinds (" + kinds + "); a layer holds one kind: import " +
                          (src.layers.size() > 1
                               ? "one source layer at a time with --source-layer (" + layers + ")"
                               : "a file of one kind"));
      }
    }
    if (mappingError) std::rethrow_exception(mappingError);

    report.fieldMapping.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto &e = mapping.entries[i];
      if (e.target == FieldMapping::Target::Name)
        report.fieldMapping[fields[i].name] = "name";
      else if (e.target == FieldMapping::Target::Code)
        report.fieldMapping[fields[i].name] = "code";
      else if (e.target == FieldMapping::Target::Field)
        report.fieldMapping[fields[i].name] = mapping.fields[e.field].name;
    }
    if (!mapping.unmapped.empty()) {
      std::string names;
      for (const auto &n : mapping.unmapped)
        names += (names.empty() ? "" : ", ") + n;
      report.notes.push_back("fields not imported (no matching field in layer " + o.layer +
                             "; use --map SRC=DST): " + names);
    }
    if (splitFeatures > 0)
      report.notes.push_back(std::to_string(splitFeatures) + " multi-part feature(s) split into single " +
                             layerType + "s (layer " + o.layer + " holds one part per feature); " +
                             std::to_string(toWrite) + " features in all");
    report.toWrite = toWrite;
    if (toWrite == 0 && !report.blocked())
      throw ImportError(o.file + ": nothing to import: none of its " + std::to_string(report.read) +
                        " feature(s) has a geometry");
    progress("validating", ordinal, ordinal);
    if (report.blocked() || o.dryRun) return report;
    if (!storeProblem.empty()) throw ImportError(o.file + ": nothing imported: " + storeProblem);

    LayerDef def;
    if (o.newLayer) {
      def.id = o.layer;
      def.nameZh = def.nameEn = o.newLayerName.empty() ? o.layer : o.newLayerName;
      def.geometryType = layerType;
      def.fields = mapping.fields;
      for (const auto &l : mStore.layers())
        def.sortOrder = std::max(def.sortOrder, l.sortOrder + 10);
    }
    try {
      progress("writing", 0, toWrite);
      const bool rollbackJournal = encode && switchToRollbackJournal(spatialite->database());
      RestoreWal restoreWal(rollbackJournal ? &spatialite->database() : nullptr);
      mStore.transaction([&] {
        if (o.newLayer) mStore.addLayer(o.user, def);
        if (encode) {
          spool.startReading();
          spatialite->addEncodedFeatures(
              o.user, o.layer, [&](EncodedFeature &f) { return spool.next(f); },
              [&](std::size_t n) { progress("writing", n, toWrite); });
        } else {
          mStore.addFeatures(o.user, out);
        }
        // A cancel that arrives while the rows go in still leaves nothing: this throw rolls back.
        progress("writing", toWrite, toWrite);
      });
    } catch (const StoreError &e) {
      throw ImportError(o.file + ": nothing imported: " + e.what());
    }
    report.written = true;
    return report;
  }
}

} // namespace data
