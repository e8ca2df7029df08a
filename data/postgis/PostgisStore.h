#pragma once

#include "data/postgis/PgConnection.h"
#include "data/store/Store.h"

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
class PostgisStore final : public Store
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

private:
  explicit PostgisStore(std::unique_ptr<PgConnection> db);

  // Runs a write as the actor's database role and turns the database's refusal into the store's
  // own words: "engineer1 (engineer) may not edit features: the database refused it (…)".
  void asActor(const std::string &actor, const std::string &what, const std::function<void()> &fn);
  void rollbackQuietly(const std::string &savepoint);
  // A version-4 UUID from the server: unique across every client process (a per-process generator
  // copied by fork() would repeat itself).
  std::string serverUuid() const;

  LayerDef requireLayer(const std::string &id) const;
  void writeLayer(const LayerDef &layer);
  void writePlan(const PlanRecord &plan, const std::vector<TargetRecord> &targets);
  std::int64_t insertFeature(const LayerDef &layer, const Feature &f, std::int64_t keepId);
  std::vector<Feature> queryFeatures(const std::string &where, const std::vector<PgParam> &params) const;
  std::vector<Event> queryEvents(const std::string &where, const std::vector<PgParam> &params) const;
  void checkCodeFree(const Feature &f) const;
  Event insertEvent(const std::string &actor, const Event &e, bool merge);
  void storeEvent(Event &e);
  // Upgrades an older server schema when connected as its owner (PgSchema.h), else says who can.
  void upgradeSchema(int from);

  std::unique_ptr<PgConnection> mDb;
  mutable std::recursive_mutex mMutex;
  int mDepth = 0; // transaction nesting
};

} // namespace data
