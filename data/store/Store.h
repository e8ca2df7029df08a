#pragma once

#include "data/store/Model.h"
#include "data/store/StoreError.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace data {

class BulkFeatureWriter;

// The project store, with one implementation per backend (SpatiaLiteStore for a project file,
// PostgisStore for a server); SQL stays inside the implementation. Every write names the acting
// user; the store checks the user's role and throws StoreError(Permission) naming who tried what
// and why it is refused:
//   planner  — everything
//   engineer — appendEvent(s) and addAttachment (progress and its photos; measurements are a
//              planner's)
//   leader   — nothing
// Every write runs in a transaction: on any exception nothing is changed.
class Store
{
public:
  virtual ~Store() = default;

  // ---- metadata (key/value: "title", "synthetic" = "1", "created", "town", ...)
  virtual std::string meta(const std::string &key) const = 0;
  virtual void setMeta(const std::string &actor, const std::string &key, const std::string &value) = 0;
  virtual int schemaVersion() const = 0;
  // Why the project can only be read ("read-only file", "read-only folder ..."), "" when it can
  // be written. Every write then throws StoreError(Unwritable) before touching anything.
  virtual std::string readOnlyReason() const { return {}; }
  bool isSynthetic() const { return meta("synthetic") == "1"; }

  // ---- users. While a project has no users, the first addUser needs no actor (bootstrap).
  virtual std::vector<User> users() const = 0;
  virtual std::optional<User> user(const std::string &name) const = 0;
  virtual void addUser(const std::string &actor, const User &user) = 0;
  // Throws UnknownUser / Permission; returns the user when `role` is allowed for `what`.
  User requireRole(const std::string &actor, std::initializer_list<Role> allowed,
                   const std::string &what) const;
  // Engineers record progress as themselves only; a planner may enter a planner's or an engineer's
  // word, never a leader's. PostGIS's row-level security says the same; this gives both stores one
  // message.
  // An event naming a user the project does not have is left to appendEvent's UnknownUser check.
  void requireOwnName(const User &actor, const std::vector<Event> &events) const;

  // ---- layers (each is also a SQL view / table named by its id for ogrinfo and QGIS)
  virtual std::vector<LayerDef> layers() const = 0; // sorted by sortOrder
  virtual std::optional<LayerDef> layer(const std::string &id) const = 0;
  virtual void addLayer(const std::string &actor, const LayerDef &layer) = 0; // planner

  // ---- plan and targets
  virtual void setPlan(const std::string &actor, const PlanRecord &plan,
                       const std::vector<TargetRecord> &targets) = 0; // planner
  virtual std::optional<PlanRecord> plan() const = 0;
  virtual std::vector<TargetRecord> targets() const = 0;

  // ---- features (planner edits; geometry must fit the layer's geometry type)
  virtual std::int64_t addFeature(const std::string &actor, const Feature &f) = 0;
  // Bulk insert in one transaction (sample generation, import); returns the new ids in order.
  virtual std::vector<std::int64_t> addFeatures(const std::string &actor, const std::vector<Feature> &fs) = 0;
  // Optimistic concurrency: f.version must equal the stored version, else StoreError(Conflict).
  virtual void updateFeature(const std::string &actor, const Feature &f) = 0;
  virtual void deleteFeature(const std::string &actor, std::int64_t id) = 0;
  virtual std::optional<Feature> feature(std::int64_t id) const = 0;
  virtual std::optional<Feature> featureByCode(const std::string &code) const = 0;
  // All features of a layer, optionally only those whose envelope intersects `bbox` (spatial index).
  virtual std::vector<Feature> features(const std::string &layerId,
                                        const gis::Envelope *bbox = nullptr) const = 0;
  virtual std::size_t featureCount(const std::string &layerId) const = 0;

  // ---- progress events (append-only). appendEvent validates (feature exists and is tracked,
  // chainage inside the line, status not backwards, correction has a note, retraction names an
  // existing event of the same feature), fills id/uuid/recordedAt, updates the feature's derived
  // status/doneM, and returns the stored event.
  virtual Event appendEvent(const std::string &actor, const Event &e) = 0;
  virtual std::vector<Event> appendEvents(const std::string &actor,
                                          const std::vector<Event> &es) = 0; // one transaction
  virtual std::vector<Event> events(std::int64_t featureId) const = 0;       // ordered by (date, id)
  virtual std::vector<Event> allEvents() const = 0;                          // ordered by (date, id)

  // ---- indicator measurements
  virtual Measurement addMeasurement(const std::string &actor, const Measurement &m) = 0; // planner
  virtual std::vector<Measurement> measurements(const std::string &targetId = {}) const = 0;

  // ---- attachments (photos)
  virtual Attachment addAttachment(const std::string &actor, const Attachment &a) = 0; // planner, engineer
  virtual std::vector<Attachment> attachments(const std::string &eventUuid) const = 0;

  // The append-only safeguards (the triggers refusing UPDATE and DELETE of progress events and
  // measurements) that are missing, one line each naming the table; empty when all are in place.
  virtual std::vector<std::string> appendOnlyGaps() const = 0;

  // Runs `fn` in one transaction (nested calls join the outer one).
  virtual void transaction(const std::function<void()> &fn) = 0;

  // The import's path for many features at once (BulkWrite.h), where the store has one.
  virtual BulkFeatureWriter *bulkFeatureWriter() { return nullptr; }
};

// A user's name is UTF-8 without spaces or control characters, 1 to 63 bytes (it is also a login
// role on a server, and PostgreSQL cuts longer role names); the display name is UTF-8 without
// control characters. Throws StoreError(Invalid) naming what is wrong.
void checkUser(const User &user);

// A project setting PlanMap does not manage itself, with a UTF-8 value. Throws StoreError(Invalid).
void checkMeta(const std::string &key, const std::string &value);
// The plan and its targets: ids, known kinds and comparators, real dates, UTF-8 text.
// Throws StoreError(Invalid) naming the plan or target.
void checkPlan(const PlanRecord &plan, const std::vector<TargetRecord> &targets);

// The layer whose polygons are the villages (the area of a field copy, the roll-up by village):
// the stored plan's "village_layer", else a layer with the id "villages", as the plan format says;
// "" when the project has neither.
std::string villageLayerOf(const Store &store);

// Opens an existing project (throws StoreError(NotAProject) naming the file and the reason,
// StoreError(Schema) for a version newer than this program). Upgrades an older schema.
std::unique_ptr<Store> openProject(const std::string &path);
// Creates a new, empty project file (fails if it exists).
std::unique_ptr<Store> createProject(const std::string &path);

} // namespace data
