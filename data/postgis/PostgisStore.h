#pragma once

#include "data/postgis/PgConnection.h"
#include "data/store/StoreBase.h"

#include <memory>
#include <mutex>

namespace data {

// The Store on a PostgreSQL/PostGIS database shared by many users: the same schema and rules as
// the SpatiaLite store (PgSchema.h), and on top of them the database's own enforcement. Every
// write runs as the acting user's database role (SET LOCAL ROLE), so grants and row-level security
// check it again; a refusal by the database reaches the caller as StoreError(Permission) in the
// same words as the store's own checks. Event writes lock the feature row, so concurrent marks of
// one river serialise and its derived progress always reflects every committed event.
// All public calls on one object are serialised by a mutex (one connection).
class PostgisStore final : public StoreBase
{
public:
  // Throws StoreError(NotAProject) when the server cannot be reached or the database holds no
  // PlanMap project, StoreError(Schema) for a newer schema.
  static std::unique_ptr<PostgisStore> open(const std::string &conninfo);
  // Creates the schema, group roles and policies in a database without a PlanMap project and,
  // when `uploadFrom` is given, copies that project in (upload()), all in one transaction.
  static std::unique_ptr<PostgisStore> create(const std::string &conninfo, const Store *uploadFrom = nullptr);

  PgConnection &connection() { return *mDb; }
  const std::string &displayName() const { return mDb->displayName(); }

  // The reads, each one query.
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

  // ---- for field copies (Sync.h) and uploads

  // Events recorded elsewhere (a field copy), merged by their UUID: known UUIDs are skipped, new
  // ones are stored as they are (uuid, date, user, recorded time) after the checks that do not
  // depend on order (feature tracked, chainage on the line, user known); the forward-only rule is
  // not applied because derived progress is recomputed from all events of the feature, so a late
  // "in progress" cannot undo someone else's "completed". Returns the events that were new.
  std::vector<Event> mergeEvents(const std::string &actor, const std::vector<Event> &es);
  // An attachment recorded elsewhere; false when its UUID is known already.
  bool mergeAttachment(const std::string &actor, const Attachment &a);
  // Event UUIDs of the given features (empty list = all), for the sync's set difference.
  std::vector<std::string> eventUuids(const std::vector<std::int64_t> &featureIds) const;
  std::vector<Event> eventsByUuid(const std::vector<std::string> &uuids) const;
  std::vector<std::string> attachmentUuids(const std::vector<std::string> &eventUuids) const;

  // Copies a whole project (a SpatiaLite file opened as a Store) into this empty server project,
  // keeping feature ids, event and attachment UUIDs; users become database roles. One transaction.
  void upload(const Store &from);

protected:
  std::string storeName() const override { return displayName(); }
  void runTransactionSql(const std::string &sql, bool quietly) override;
  std::vector<Feature> selectFeatures(const FeatureQuery &query) const override;
  std::size_t countFeatures(const std::string &layerId) const override;
  std::vector<Event> selectEvents(std::optional<std::int64_t> featureId) const override;
  // Runs a write as the actor's database role and turns the database's refusal into the store's
  // own words: "engineer1 (engineer) may not edit features: the database refused it (…)".
  void asActor(const std::string &actor, const std::string &what, const std::function<void()> &fn) override;
  // A version-4 UUID from the server: unique across every client process (a per-process generator
  // copied by fork() would repeat itself).
  std::string makeUuid() const override;

  bool hasUsers() const override;
  void writeMeta(const std::string &key, const std::string &value) override;
  void insertUser(const User &user) override;
  bool tableExists(const std::string &name) const override;
  void insertLayer(const LayerDef &layer) override;
  void writePlan(const PlanRecord &plan, const std::vector<TargetRecord> &targets) override;
  std::int64_t insertFeature(const LayerDef &layer, const Feature &f, const FeatureValues &v) override;
  void lockFeature(std::int64_t id) override;
  void updateFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v) override;
  // A new length re-derives the done chainage: the database does it (PgSchema.h).
  void geometryChanged(std::int64_t) override {}
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
  explicit PostgisStore(std::unique_ptr<PgConnection> db);

  // A feature row; `keepId` > 0 keeps an uploaded feature's id and version.
  std::int64_t insertFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v,
                                std::int64_t keepId, int version);
  std::vector<Feature> queryFeatures(const std::string &where, const std::vector<PgParam> &params) const;
  std::vector<Event> queryEvents(const std::string &where, const std::vector<PgParam> &params) const;
  // Upgrades an older server schema when connected as its owner (PgSchema.h), else says who can.
  void upgradeSchema(int from);

  std::unique_ptr<PgConnection> mDb;
};

} // namespace data
