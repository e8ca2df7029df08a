#pragma once

#include "data/spatialite/Sqlite.h"
#include "data/store/Store.h"
#include "gis/Geometry.h"

#include <map>
#include <memory>
#include <mutex>

namespace data {

// One feature as the import's bulk path hands it to SpatiaLiteStore::addEncodedFeatures: the
// values addFeatures would derive, derived once by the importer while it validates.
struct EncodedFeature
{
  std::string code; // "" = none (NULL)
  std::string name;
  std::string attrs;    // the attributes as attributesToJson writes them
  std::string geometry; // spatialiteBlob(geometry in the layer's stored form, 4326)
  double lengthM = 0;   // geodesic length of a line, else 0
  double areaM2 = 0;    // geodesic area of a polygon, else 0
};

// The Store on one SpatiaLite file (WAL, foreign keys on). Layers are SQL views over the feature
// table (see LayerViews.h), so GDAL, ogrinfo and QGIS read a project directly. All public calls
// are serialised by one mutex, so a worker thread may read while the GUI thread writes.
class SpatiaLiteStore final : public Store
{
public:
  static std::unique_ptr<SpatiaLiteStore> open(const std::string &path);
  static std::unique_ptr<SpatiaLiteStore> create(const std::string &path);

  const std::string &path() const { return mDb->path(); }
  // The connection, for tests and tools that read with SQL.
  Database &database() { return *mDb; }
  const Database &database() const { return *mDb; }

  std::string readOnlyReason() const override { return mReadOnly; }
  std::string meta(const std::string &key) const override;
  void setMeta(const std::string &actor, const std::string &key, const std::string &value) override;
  int schemaVersion() const override;

  std::vector<User> users() const override;
  std::optional<User> user(const std::string &name) const override;
  void addUser(const std::string &actor, const User &user) override;

  std::vector<LayerDef> layers() const override;
  std::optional<LayerDef> layer(const std::string &id) const override;
  void addLayer(const std::string &actor, const LayerDef &layer) override;

  void setPlan(const std::string &actor, const PlanRecord &plan,
               const std::vector<TargetRecord> &targets) override;
  std::optional<PlanRecord> plan() const override;
  std::vector<TargetRecord> targets() const override;

  std::int64_t addFeature(const std::string &actor, const Feature &f) override;
  std::vector<std::int64_t> addFeatures(const std::string &actor, const std::vector<Feature> &fs) override;
  void updateFeature(const std::string &actor, const Feature &f) override;
  void deleteFeature(const std::string &actor, std::int64_t id) override;
  std::optional<Feature> feature(std::int64_t id) const override;
  std::optional<Feature> featureByCode(const std::string &code) const override;
  std::vector<Feature> features(const std::string &layerId,
                                const gis::Envelope *bbox = nullptr) const override;
  std::size_t featureCount(const std::string &layerId) const override;

  Event appendEvent(const std::string &actor, const Event &e) override;
  std::vector<Event> appendEvents(const std::string &actor, const std::vector<Event> &es) override;
  std::vector<Event> events(std::int64_t featureId) const override;
  std::vector<Event> allEvents() const override;

  Measurement addMeasurement(const std::string &actor, const Measurement &m) override;
  std::vector<Measurement> measurements(const std::string &targetId = {}) const override;

  Attachment addAttachment(const std::string &actor, const Attachment &a) override;
  std::vector<Attachment> attachments(const std::string &eventUuid) const override;

  std::vector<std::string> appendOnlyGaps() const override;
  void transaction(const std::function<void()> &fn) override;

  // Copies what this connection committed from the WAL into the file (a PASSIVE checkpoint: it
  // waits for no reader or writer), so a plain copy of the file has it. Does nothing when another
  // call holds the store, inside a transaction, or when nothing was written since the last
  // complete checkpoint; a checkpoint other processes kept from completing is tried again.
  void checkpointIfWritten();

  // Adds to layer `layerId` the features `next` hands over one at a time (it fills its argument
  // and returns false after the last), on the bulk path of addFeatures, inside one transaction
  // (the caller's, when there is one). The importer has checked everything the store checks;
  // the constraints that remain (unique code, layer) still hold. `progress(n)` is called every
  // 1024 rows and may throw to roll back. Returns the number of features added.
  std::size_t addEncodedFeatures(const std::string &actor, const std::string &layerId,
                                 const std::function<bool(EncodedFeature &)> &next,
                                 const std::function<void(std::size_t)> &progress = {});

private:
  explicit SpatiaLiteStore(std::unique_ptr<Database> db, std::string readOnly = {});
  void configureConnection();
  void rollbackQuietly(const std::string &savepoint);

  LayerDef requireLayer(const std::string &id) const;
  std::int64_t insertFeature(const LayerDef &layer, const Feature &f);
  std::int64_t insertFeatureBulk(const LayerDef &layer, const Feature &f);
  std::vector<std::int64_t> insertFeaturesBulk(const std::map<std::string, LayerDef> &layerById,
                                               const std::vector<Feature> &fs);
  // Runs `insertRows` with the feature table's per-row SpatiaLite triggers and CHECK constraints
  // off, then fills the spatial indexes and restores the triggers (see insertFeaturesBulk).
  void bulkInsert(const std::function<void()> &insertRows);
  std::vector<Feature> queryFeatures(const std::string &where,
                                     const std::function<void(Statement &)> &bind) const;
  std::vector<Event> queryEvents(const std::string &where,
                                 const std::function<void(Statement &)> &bind) const;
  void checkCodeFree(const Feature &f) const;
  Event insertEvent(const std::string &actor, const Event &e);
  // Recomputes the derived status / done_m / last_event_date cache from the events.
  void refreshProgress(std::int64_t featureId);
  void refreshAllProgress();

  std::unique_ptr<Database> mDb;
  mutable std::recursive_mutex mMutex;
  int mDepth = 0;                 // transaction nesting
  std::int64_t mCheckpointed = 0; // sqlite3_total_changes64 at the last complete checkpoint
  std::string mReadOnly;          // readOnlyReason()
};

// A random RFC 4122 version-4 UUID and the current UTC time as ISO 8601 with milliseconds.
std::string newUuid();
std::string nowIso();
// SpatiaLite's internal geometry BLOB for a Point, LineString or MultiPolygon (what
// GeomFromWKB(wkb, srid) stores); a Polygon is written as a MultiPolygon of one, as a polygon
// layer stores it. Appends to `out` when given.
std::string spatialiteBlob(const gis::Geometry &g, int srid);
void appendSpatialiteBlob(std::string &out, const gis::Geometry &g, int srid);

} // namespace data
