#include "data/io/Importer.h"

#include "data/io/ImportRun.h"
#include "data/io/ImportStaging.h"
#include "data/store/JsonText.h"
#include "data/store/StoreError.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace data::importer {

const char *layerTypeFor(int dimension)
{
  return geometryTypeName(static_cast<GeometryType>(dimension));
}

namespace {

bool validLayerId(const std::string &id)
{
  if (id.empty() || id.size() > 40 || !std::islower(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

} // namespace

std::string kmText(double m)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  return buf;
}

void ImportRun::progress(const char *stage, std::size_t done, std::size_t total) const
{
  auto check = [&] {
    if (o.cancel && o.cancel->load()) throw ImportCancelled(o.file + ": import cancelled; nothing written");
  };
  check();
  if (o.progress) o.progress(stage, done, total);
  check();
}

void ImportRun::checkTargetLayer()
{
  mTarget = mStore.layer(o.layer);
  if (o.newLayer) {
    if (mTarget)
      throw ImportError("layer " + o.layer + " already exists; import into it with --layer " + o.layer);
    if (!validLayerId(o.layer))
      throw ImportError("new layer id '" + o.layer +
                        "': use lower-case ASCII letters, digits and _ starting with a letter (up to 40)");
  } else if (!mTarget) {
    std::string ids;
    for (const auto &l : mStore.layers())
      ids += (ids.empty() ? "" : ", ") + l.id;
    throw ImportError("project has no layer '" + o.layer + "' (layers: " + ids +
                      "); give --new-layer NAME to create one");
  }
}

ImportReport ImportRun::run()
{
  mReport.file = o.file;
  mReport.targetLayer = o.layer;
  mReport.newLayer = o.newLayer;
  mReport.dryRun = o.dryRun;
  mStore.requireRole(o.user, {Role::Planner}, "import features");
  checkTargetLayer();

  ImportStaging staging(o.file);
  SourceOptions so;
  so.path = o.file;
  so.readPath = staging.path();
  so.sourceLayer = o.sourceLayer;
  so.crs = o.crs;
  so.offset = o.offset;
  so.encoding = o.encoding;
  progress("reading", 0, 0);

  // With a bulk path the validated rows are encoded for the store as they are validated and
  // spooled (RowSpool), so the file is read once and never held whole; other stores get Features
  // through addFeatures.
  mBoundary = std::make_unique<BoundaryCheck>(mStore, o.layer);
  mProjectCodes = std::make_unique<ProjectCodes>(mStore);

  // The file is read once, or twice when its text turns out not to be UTF-8 and it declares no
  // encoding: the first reading stops there, and the second decodes every text.
  while (!read(so)) {
  }
  progress("validating", r->ordinal, r->ordinal);
  if (mReport.blocked() || o.dryRun) return mReport;
  if (!r->storeProblem.empty()) throw ImportError(o.file + ": nothing imported: " + r->storeProblem);
  write();
  mReport.written = true;
  return mReport;
}

bool ImportRun::read(SourceOptions &so)
{
  std::unique_ptr<SourceReader> readerPtr;
  try {
    readerPtr = std::make_unique<SourceReader>(so);
  } catch (const std::invalid_argument &e) {
    throw ImportError(o.file + ": " + e.what());
  }
  SourceReader &reader = *readerPtr;
  const std::vector<SourceField> &fields = reader.fields();
  r = std::make_unique<Reading>(reader.layersToRead() > 1);
  startReading(fields);

  SourceFeature sf;
  const std::size_t expected = reader.expectedCount();
  while (reader.next(sf)) {
    const std::size_t ordinal = ++r->ordinal;
    r->labels.feature(ordinal, sf);
    if ((ordinal - 1) % 1024 == 0)
      progress("validating", ordinal - 1, expected == 0 ? 0 : std::max(expected, ordinal - 1));
    validate(sf);
  }
  if (reader.needsDecoding() && so.detectedEncoding.empty()) {
    so.detectedEncoding = detectEncoding(so);
    return false;
  }
  finishReading(reader, fields);
  return true;
}

void ImportRun::startReading(const std::vector<SourceField> &fields)
{
  // Field mapping errors are reported after the file's own (unreadable, no features, mixed
  // kinds), as when the whole file was read first; without a mapping the file is only read.
  try {
    r->mapping = mapFields(fields, mTarget, o.fieldMap, o.file);
  } catch (...) {
    r->mappingError = std::current_exception();
  }
  const FieldMapping &mapping = r->mapping;
  // Sorted by name, as attributesToJson and the store write them; several source fields may
  // land in one layer field (the last with a value wins).
  r->fieldOrder.resize(mapping.fields.size());
  for (std::size_t i = 0; i < r->fieldOrder.size(); ++i)
    r->fieldOrder[i] = i;
  std::sort(r->fieldOrder.begin(), r->fieldOrder.end(),
            [&](std::size_t a, std::size_t b) { return mapping.fields[a].name < mapping.fields[b].name; });
  for (const auto &fd : mapping.fields)
    r->fieldKeys.push_back(jsonQuote(fd.name) + ":");
  for (const auto &fd : mapping.fields)
    if (fd.required && std::none_of(mapping.entries.begin(), mapping.entries.end(), [&](const auto &e) {
          return e.target == FieldMapping::Target::Field && mapping.fields[e.field].name == fd.name;
        }))
      r->missingRequired.push_back("field " + fd.name + " is required and the file has no field for it");

  mReport.repaired.clear();
  mReport.empty.clear();
  mReport.duplicates.clear();
  mReport.outside.clear();
  mReport.errors.clear();
  mReport.counts = {};
  mReport.preview.clear();
  mReport.totalLengthM = mReport.totalAreaM2 = 0;

  r->layerType = mTarget ? mTarget->geometryType : "";
  if (mTarget) r->layerDim = static_cast<int>(geometryTypeOf(*mTarget));
  r->storedLayer.id = o.layer;
  r->attrs.resize(mapping.fields.size());
  r->converted.resize(mapping.entries.size());
}

void ImportRun::finishReading(SourceReader &reader, const std::vector<SourceField> &fields)
{
  SourceData src;
  reader.finish(src);
  const bool multiLayer = src.layers.size() > 1;
  r->labels.apply(multiLayer);
  mReport.driver = src.driver;
  mReport.crs = src.crs;
  mReport.notes = src.notes;
  mReport.sourceLayers.clear();
  for (std::size_t i = 0; i < src.layers.size(); ++i)
    mReport.sourceLayers.push_back(src.layers[i] + ": " + std::to_string(src.layerCounts[i]));
  mReport.read = r->ordinal;
  if (r->ordinal == 0) throw ImportError(o.file + " has no features");
  if (!mTarget) checkKinds(src, multiLayer);
  if (r->mappingError) std::rethrow_exception(r->mappingError);
  describeMapping(fields);
  if (r->splitFeatures > 0)
    mReport.notes.push_back(std::to_string(r->splitFeatures) + " multi-part feature(s) split into single " +
                            r->layerType + "s (layer " + o.layer + " holds one part per feature); " +
                            std::to_string(r->toWrite) + " features in all");
  mReport.toWrite = r->toWrite;
  if (r->toWrite == 0 && !mReport.blocked())
    throw ImportError(o.file + ": nothing to import: none of its " + std::to_string(mReport.read) +
                      " feature(s) has a geometry");
}

// A new layer takes the file's one kind of geometry: refuses a file without geometries or with
// several kinds.
void ImportRun::checkKinds(const SourceData &src, bool multiLayer)
{
  if (r->dims.empty()) {
    // Geometries that failed to read say more than "no geometry" (a wrong CRS, DBL_MAX coordinates).
    if (r->firstErrorOrdinal)
      throw ImportError(o.file + ": no feature could be read; " +
                        r->labels.label(r->firstErrorOrdinal, "", multiLayer) + ": " + r->firstError);
    std::string why =
        src.driver == "CSV"
            ? " (a CSV needs a WKT column or longitude/latitude columns, e.g. lon/lat, x/y, 经度/纬度)"
            : "";
    throw ImportError(o.file + ": no feature has a geometry" + why);
  }
  if (r->dims.size() > 1) {
    std::string kinds;
    for (const auto &[t, n] : r->typeCounts)
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

void ImportRun::describeMapping(const std::vector<SourceField> &fields)
{
  const FieldMapping &mapping = r->mapping;
  mReport.fieldMapping.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto &e = mapping.entries[i];
    if (e.target == FieldMapping::Target::Name)
      mReport.fieldMapping[fields[i].name] = "name";
    else if (e.target == FieldMapping::Target::Code)
      mReport.fieldMapping[fields[i].name] = "code";
    else if (e.target == FieldMapping::Target::Field)
      mReport.fieldMapping[fields[i].name] = mapping.fields[e.field].name;
  }
  if (!mapping.unmapped.empty()) {
    std::string names;
    for (const auto &n : mapping.unmapped)
      names += (names.empty() ? "" : ", ") + n;
    mReport.notes.push_back("fields not imported (no matching field in layer " + o.layer +
                            "; use --map SRC=DST): " + names);
  }
}

// Writes the new layer (if any) and every row in one transaction, or nothing.
void ImportRun::write()
{
  LayerDef def;
  if (o.newLayer) {
    def.id = o.layer;
    def.nameZh = def.nameEn = o.newLayerName.empty() ? o.layer : o.newLayerName;
    def.geometryType = r->layerType;
    def.fields = r->mapping.fields;
    for (const auto &l : mStore.layers())
      def.sortOrder = std::max(def.sortOrder, l.sortOrder + 10);
  }
  const std::size_t toWrite = r->toWrite;
  try {
    progress("writing", 0, toWrite);
    const std::shared_ptr<void> prepared = mBulk ? mBulk->prepareBulkWrite() : nullptr;
    mStore.transaction([&] {
      if (o.newLayer) mStore.addLayer(o.user, def);
      if (mBulk) {
        r->spool.startReading();
        mBulk->addEncodedFeatures(
            o.user, o.layer, [&](EncodedFeature &f) { return r->spool.next(f); },
            [&](std::size_t n) { progress("writing", n, toWrite); });
      } else {
        mStore.addFeatures(o.user, r->out);
      }
      // A cancel that arrives while the rows go in still leaves nothing: this throw rolls back.
      progress("writing", toWrite, toWrite);
    });
  } catch (const StoreError &e) {
    throw ImportError(o.file + ": nothing imported: " + e.what());
  }
}

} // namespace data::importer

namespace data {

ImportReport Importer::run(const ImportOptions &options)
{
  return importer::ImportRun(mStore, options).run();
}

} // namespace data
