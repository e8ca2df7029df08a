#include "data/Importer.h"

#include "data/ImportMapping.h"
#include "data/ImportStaging.h"
#include "data/SpatiaLiteStore.h"
#include "data/StoreError.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace data {

namespace {

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

std::uint64_t featureHash(const gis::Geometry &g, const std::string &name, const Attributes &attributes)
{
  Digest d;
  d.value(static_cast<int>(g.type()));
  for (const auto &part : g.parts()) {
    d.value(part.size());
    for (const auto &path : part) {
      d.value(path.size());
      d.bytes(path.data(), path.size() * sizeof(gis::Point));
    }
  }
  d.text(name);
  for (const auto &[key, v] : attributes) {
    d.text(key);
    d.value(v.index());
    if (const auto *i = std::get_if<std::int64_t>(&v)) d.value(*i);
    if (const auto *x = std::get_if<double>(&v)) d.value(*x);
    if (const auto *t = std::get_if<std::string>(&v)) d.text(*t);
  }
  return d.result();
}

std::string kmText(double m)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  return buf;
}

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
  SourceData src;
  progress("reading", 0, 0);
  try {
    src = readSource(so);
  } catch (const std::invalid_argument &e) {
    throw ImportError(o.file + ": " + e.what());
  }
  report.driver = src.driver;
  report.crs = src.crs;
  report.notes = src.notes;
  for (std::size_t i = 0; i < src.layers.size(); ++i)
    report.sourceLayers.push_back(src.layers[i] + ": " + std::to_string(src.layerCounts[i]));
  report.read = src.features.size();
  if (src.features.empty()) throw ImportError(o.file + " has no features");

  // The geometry kind of the layer: the target's, or for a new layer the file's single kind.
  std::map<std::string, std::size_t> typeCounts;
  std::set<int> dims;
  for (const auto &sf : src.features)
    if (!sf.geometry.isEmpty()) {
      ++typeCounts[sf.geometry.typeName()];
      dims.insert(sf.geometry.dimension());
    }
  std::string layerType;
  if (target) {
    layerType = target->geometryType;
  } else {
    if (dims.empty()) {
      // Geometries that failed to read say more than "no geometry" (a wrong CRS, DBL_MAX coordinates).
      for (const auto &sf : src.features)
        if (!sf.error.empty())
          throw ImportError(o.file + ": no feature could be read; " + sf.label() + ": " + sf.error);
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
    layerType = layerTypeFor(*dims.begin());
  }
  const int layerDim = layerType == "Point" ? 0 : layerType == "LineString" ? 1 : 2;

  FieldMapping mapping = mapFields(src.fields, target, o.fieldMap, o.file);
  for (std::size_t i = 0; i < src.fields.size(); ++i) {
    const auto &e = mapping.entries[i];
    if (e.target == FieldMapping::Target::Name)
      report.fieldMapping[src.fields[i].name] = "name";
    else if (e.target == FieldMapping::Target::Code)
      report.fieldMapping[src.fields[i].name] = "code";
    else if (e.target == FieldMapping::Target::Field)
      report.fieldMapping[src.fields[i].name] = mapping.fields[e.field].name;
  }
  if (!mapping.unmapped.empty()) {
    std::string names;
    for (const auto &n : mapping.unmapped)
      names += (names.empty() ? "" : ", ") + n;
    report.notes.push_back("fields not imported (no matching field in layer " + o.layer +
                           "; use --map SRC=DST): " + names);
  }

  BoundaryCheck boundary(mStore, o.layer);
  const ProjectCodes projectCodes(mStore);
  std::vector<Feature> out;
  out.reserve(src.features.size());
  std::set<std::string> codes;
  // Geometry + name + attributes -> the first such feature (its label is rebuilt on a hit: a
  // duplicate has the same name).
  std::unordered_map<std::uint64_t, const SourceFeature *> seen;
  seen.reserve(src.features.size());
  std::size_t splitFeatures = 0;

  std::size_t done = 0;
  for (auto &sf : src.features) {
    if (done++ % 1024 == 0) progress("validating", done - 1, src.features.size());
    Feature f;
    f.layerId = o.layer;
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < src.fields.size(); ++i) {
      const auto &e = mapping.entries[i];
      // Features of a source layer read before a later layer added fields hold fewer values.
      static const Value kNull;
      const Value &v = i < sf.values.size() ? sf.values[i] : kNull;
      if (e.target == FieldMapping::Target::Name)
        f.name = valueToString(v);
      else if (e.target == FieldMapping::Target::Code)
        f.code = valueToString(v);
      else if (e.target == FieldMapping::Target::Field) {
        Value converted;
        std::string problem = convertValue(v, mapping.fields[e.field], converted);
        if (!problem.empty())
          problems.push_back(problem);
        else if (!std::holds_alternative<std::monostate>(converted))
          f.attributes[mapping.fields[e.field].name] = converted;
      }
    }
    const std::string label = sf.label(f.name);
    for (const auto &fd : mapping.fields)
      if (fd.required && !f.attributes.count(fd.name) &&
          std::none_of(mapping.entries.begin(), mapping.entries.end(), [&](const auto &e) {
            return e.target == FieldMapping::Target::Field && mapping.fields[e.field].name == fd.name;
          }))
        problems.push_back("field " + fd.name + " is required and the file has no field for it");
    if (!sf.error.empty()) problems.push_back(sf.error);
    if (sf.error.empty() && sf.geometry.isEmpty()) {
      report.empty.push_back({label, "no geometry"});
      continue;
    }
    gis::Geometry g = std::move(sf.geometry);
    if (!g.isEmpty() && g.dimension() != layerDim)
      problems.push_back(std::string("is a ") + g.typeName() + "; layer " + o.layer + " takes " + layerType);
    if (!problems.empty()) {
      std::string msg;
      for (const auto &p : problems)
        msg += (msg.empty() ? "" : "; ") + p;
      report.errors.push_back({label, msg});
      continue;
    }
    try {
      std::string reason;
      if (g.dimension() > 0 && !gis::isValid(g, &reason)) {
        gis::Geometry fixed = gis::makeValid(g);
        if (fixed.isEmpty() || fixed.dimension() != layerDim) {
          report.errors.push_back({label, "invalid geometry (" + reason + ") that cannot be repaired"});
          continue;
        }
        report.repaired.push_back({label, reason});
        g = std::move(fixed);
      }
    } catch (const gis::Error &e) {
      report.errors.push_back({label, std::string("invalid geometry: ") + e.what()});
      continue;
    }

    if (auto [it, inserted] = seen.emplace(featureHash(g, f.name, f.attributes), &sf); !inserted)
      report.duplicates.push_back({label, "same geometry and attributes as " + it->second->label(f.name)});
    if (boundary.active()) {
      const double d = boundary.distanceM(g, o.outsideToleranceM);
      if (d > o.outsideToleranceM)
        report.outside.push_back(
            {label, "at least " + kmText(d) + " outside the town boundary (wrong CRS?)"});
    }
    if (layerDim == 1) report.totalLengthM += gis::geodesicLength(g);
    if (layerDim == 2) report.totalAreaM2 += gis::geodesicArea(g);

    std::vector<Feature> pieces;
    if (needsSplit(g, layerType)) {
      ++splitFeatures;
      const auto parts = splitParts(g);
      for (std::size_t k = 0; k < parts.size(); ++k) {
        Feature part = f;
        part.geometry = parts[k];
        if (!f.code.empty()) part.code = f.code + "-" + std::to_string(k + 1);
        pieces.push_back(std::move(part));
      }
    } else {
      f.geometry = std::move(g);
      pieces.push_back(std::move(f));
    }
    for (auto &piece : pieces) {
      if (!piece.code.empty() && !codes.insert(piece.code).second)
        report.errors.push_back({label, "code " + piece.code + " appears twice in the file"});
      else if (!piece.code.empty() && projectCodes.used(piece.code))
        report.errors.push_back({label, "code " + piece.code + " is already used in the project"});
      else
        out.push_back(std::move(piece));
    }
  }
  if (splitFeatures > 0)
    report.notes.push_back(std::to_string(splitFeatures) + " multi-part feature(s) split into single " +
                           layerType + "s (layer " + o.layer + " holds one part per feature); " +
                           std::to_string(out.size()) + " features in all");
  report.toWrite = out.size();
  if (out.empty() && !report.blocked())
    throw ImportError(o.file + ": nothing to import: none of its " + std::to_string(report.read) +
                      " feature(s) has a geometry");
  progress("validating", src.features.size(), src.features.size());
  if (o.dryRun) // the GUI's map preview; `out` is not needed after a dry run
    for (auto &f : out)
      report.preview.push_back(std::move(f.geometry));
  if (report.blocked() || o.dryRun) return report;

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
    progress("writing", 0, out.size());
    mStore.transaction([&] {
      if (o.newLayer) mStore.addLayer(o.user, def);
      mStore.addFeatures(o.user, out);
      // A cancel that arrives while the rows go in still leaves nothing: this throw rolls back.
      progress("writing", out.size(), out.size());
    });
  } catch (const StoreError &e) {
    throw ImportError(o.file + ": nothing imported: " + e.what());
  }
  report.written = true;
  return report;
}

} // namespace data
