#pragma once

#include "data/io/ImportChecks.h"
#include "data/io/ImportMapping.h"
#include "data/io/Importer.h"
#include "data/io/RowSpool.h"
#include "data/store/BulkWrite.h"

#include <exception>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>

// The steps of Importer::run (Importer.cpp reads the file and writes; ImportValidate.cpp checks
// each feature).
namespace data::importer {

// Codes already used in the project: all at once where the store hands them over in one query,
// else asked per code.
class ProjectCodes
{
public:
  explicit ProjectCodes(Store &store)
      : mStore(store)
  {
    if (const BulkFeatureWriter *bulk = store.bulkFeatureWriter()) {
      mCodes = bulk->featureCodes();
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

// What one reading of the file finds; a second reading (with a detected encoding) starts anew.
struct Reading
{
  explicit Reading(bool multiLayer)
      : labels(multiLayer)
  {
  }
  FieldMapping mapping;
  std::exception_ptr mappingError;
  std::vector<std::size_t> fieldOrder; // mapping.fields sorted by name
  std::vector<std::string> fieldKeys;  // JSON keys with quotes and colon
  std::vector<std::string> missingRequired;
  std::map<std::string, std::size_t> typeCounts;
  std::set<int> dims;
  std::size_t firstErrorOrdinal = 0;
  std::string firstError;
  std::string layerType;
  int layerDim = -1;
  Labels labels;
  DigestSet seen;
  std::set<std::string> codes;
  RowSpool spool;
  std::vector<Feature> out; // stores without a bulk path
  std::size_t toWrite = 0;
  std::string storeProblem; // why the store would refuse a row (StoreError), thrown before writing
  std::size_t splitFeatures = 0;
  LayerDef storedLayer; // what storedGeometry needs of the layer
  std::vector<const Value *> attrs;
  std::vector<Value> converted;
  std::size_t ordinal = 0;
  // The feature being validated.
  std::string name, code;
  EncodedFeature row;
};

// One run of Importer::run: the steps of an import, sharing the options, the store and what the
// current reading found.
class ImportRun
{
public:
  ImportRun(Store &store, const ImportOptions &o)
      : mStore(store)
      , o(o)
      , mBulk(o.dryRun ? nullptr : store.bulkFeatureWriter())
  {
  }
  ImportReport run();

private:
  void progress(const char *stage, std::size_t done, std::size_t total) const;
  void checkTargetLayer();
  // One reading of the file; false when it must be read again with the encoding it was found to have.
  bool read(SourceOptions &so);
  void startReading(const std::vector<SourceField> &fields);
  void validate(SourceFeature &sf);
  std::vector<std::string> readValues(const SourceFeature &sf);
  bool repaired(gis::Geometry &g);
  bool duplicate(const gis::Geometry &g);
  void encodeAttributes();
  void emit(const std::string &pieceCode, const gis::Geometry &piece, double pieceLength, double pieceArea);
  bool stage(const std::string &pieceCode, const gis::Geometry &piece, double pieceLength, double pieceArea);
  void finishReading(SourceReader &reader, const std::vector<SourceField> &fields);
  void checkKinds(const SourceData &src, bool multiLayer);
  void describeMapping(const std::vector<SourceField> &fields);
  void write();

  // One more feature in a report list: counted always, kept (and labelled) while the list is
  // short of ImportReport::kKeptItems.
  template <typename Message>
  void note(std::vector<ImportReport::Item> &list, std::size_t &count, Message message, std::size_t first = 0)
  {
    ++count;
    if (list.size() >= ImportReport::kKeptItems) return;
    list.push_back({"", message()});
    r->labels.later(list, r->ordinal, r->name, first);
  }

  Store &mStore;
  const ImportOptions &o;
  BulkFeatureWriter *mBulk; // the store's bulk path, none on a dry run
  ImportReport mReport;
  std::optional<LayerDef> mTarget;
  std::unique_ptr<BoundaryCheck> mBoundary;
  std::unique_ptr<ProjectCodes> mProjectCodes;
  std::unique_ptr<Reading> r;
};

// "12.3 km"
std::string kmText(double m);
// The layer geometry type of a dimension: Point, LineString, Polygon.
const char *layerTypeFor(int dimension);

} // namespace data::importer
