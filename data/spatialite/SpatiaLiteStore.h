#pragma once

#include "data/spatialite/Sqlite.h"
#include "data/store/BulkWrite.h"
#include "data/store/StoreBase.h"
#include "gis/Geometry.h"

#include <map>
#include <memory>
#include <mutex>

namespace data {

// The Store on one SpatiaLite file (WAL, foreign keys on). Layers are SQL views over the feature
// table (see LayerViews.h), so GDAL, ogrinfo and QGIS read a project directly. All public calls
// are serialised by one mutex, so a worker thread may read while the GUI thread writes.
class SpatiaLiteStore final : public StoreBase, public BulkFeatureWriter
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
  int schemaVersion() const override;
  std::vector<User> users() const override;
  std::optional<User> user(const std::string &name) const override;
  std::vector<LayerDef> layers() const override;
  std::optional<PlanRecord> plan() const override;
  std::vector<TargetRecord> targets() const override;
  std::vector<Measurement> measurements(const std::string &targetId = {}) const override;
  std::vector<Attachment> attachments(const std::string &eventUuid) const override;
  std::vector<std::string> appendOnlyGaps() const override;

  // Copies what this connection committed from the WAL into the file (a PASSIVE checkpoint: it
  // waits for no reader or writer), so a plain copy of the file has it. Does nothing when another
  // call holds the store, inside a transaction, or when nothing was written since the last
  // complete checkpoint; a checkpoint other processes kept from completing is tried again.
  void checkpointIfWritten();

  // ---- for a field copy's sync (Sync.cpp): records made elsewhere, stored as they are (their
  // UUIDs, users and times) without the store's checks, in the caller's transaction.
  void storeEventAsIs(const Event &e); // e.featureId is this file's
  void storeAttachmentAsIs(const Attachment &a);
  // Recomputes the derived status / done_m / last_event_date cache from the events.
  void refreshProgress(std::int64_t featureId);

  // The import's bulk path: codes in one query, SpatiaLite geometry BLOBs, a rollback journal
  // instead of the WAL while it writes (see prepareBulkWrite), rows without per-row triggers.
  BulkFeatureWriter *bulkFeatureWriter() override { return this; }
  std::unordered_set<std::string> featureCodes() const override;
  void encodeGeometry(std::string &out, const gis::Geometry &g) const override;
  std::shared_ptr<void> prepareBulkWrite() override;
  std::size_t addEncodedFeatures(const std::string &actor, const std::string &layerId,
                                 const std::function<bool(EncodedFeature &)> &next,
                                 const std::function<void(std::size_t)> &progress = {}) override;

protected:
  std::string storeName() const override { return path(); }
  void runTransactionSql(const std::string &sql, bool quietly) override;
  // Takes the write lock at once: a reader upgrading to a writer could deadlock with another.
  std::string beginSql() const override { return "BEGIN IMMEDIATE"; }
  std::vector<Feature> selectFeatures(const FeatureQuery &query) const override;
  std::size_t countFeatures(const std::string &layerId) const override;
  std::vector<Event> selectEvents(std::optional<std::int64_t> featureId) const override;
  std::string makeUuid() const override { return newUuid(); }

  bool hasUsers() const override;
  void writeMeta(const std::string &key, const std::string &value) override;
  void insertUser(const User &user) override;
  bool tableExists(const std::string &name) const override { return mDb->tableExists(name); }
  void insertLayer(const LayerDef &layer) override;
  void writePlan(const PlanRecord &plan, const std::vector<TargetRecord> &targets) override;
  std::vector<std::int64_t> insertFeatures(const std::map<std::string, LayerDef> &layerById,
                                           const std::vector<Feature> &fs) override;
  std::int64_t insertFeature(const LayerDef &layer, const Feature &f, const FeatureValues &v) override;
  void lockFeature(std::int64_t) override {} // the transaction holds the file's write lock
  void updateFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v) override;
  void geometryChanged(std::int64_t id) override { refreshProgress(id); }
  std::int64_t eventCount(std::int64_t featureId) const override;
  void deleteFeatureRow(std::int64_t id) override;
  std::optional<std::int64_t> featureWithCode(const std::string &code, std::int64_t exceptId) const override;
  std::optional<EventTarget> eventTarget(std::int64_t featureId) override;
  std::optional<std::int64_t> eventFeature(const std::string &uuid) const override;
  void insertEventRow(const std::string &actor, Event &e) override;
  std::optional<std::pair<std::string, std::string>> targetUnit(const std::string &targetId) const override;
  void insertMeasurementRow(const std::string &actor, Measurement &m) override;
  bool eventExists(const std::string &uuid) const override;
  void insertAttachmentRow(Attachment &a) override;

private:
  explicit SpatiaLiteStore(std::unique_ptr<Database> db, std::string readOnly = {});
  void configureConnection();

  std::int64_t insertFeatureBulk(const LayerDef &layer, const Feature &f);
  // Runs `insertRows` with the feature table's per-row SpatiaLite triggers and CHECK constraints
  // off, then fills the spatial indexes and restores the triggers (see insertFeatures).
  void bulkInsert(const std::function<void()> &insertRows);
  std::vector<Feature> queryFeatures(const std::string &where,
                                     const std::function<void(Statement &)> &bind) const;
  std::vector<Event> queryEvents(const std::string &where,
                                 const std::function<void(Statement &)> &bind) const;
  void refreshAllProgress();

  std::unique_ptr<Database> mDb;
  std::int64_t mCheckpointed = 0; // sqlite3_total_changes64 at the last complete checkpoint
  std::string mReadOnly;          // readOnlyReason()
};

// SpatiaLite's internal geometry BLOB for a Point, LineString or MultiPolygon (what
// GeomFromWKB(wkb, srid) stores); a Polygon is written as a MultiPolygon of one, as a polygon
// layer stores it. Appends to `out` when given.
std::string spatialiteBlob(const gis::Geometry &g, int srid);
void appendSpatialiteBlob(std::string &out, const gis::Geometry &g, int srid);

} // namespace data
