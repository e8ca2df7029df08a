#pragma once

#include "data/store/EventRules.h"
#include "data/store/Store.h"
#include "gis/Geometry.h"

#include <map>
#include <mutex>

namespace data {

// A random RFC 4122 version-4 UUID and the current UTC time as ISO 8601 with milliseconds.
std::string newUuid();
std::string nowIso();

// A feature's values as a backend writes them, checked against its layer once (storedGeometry,
// checkedAttributes, a free code) and derived once (geodesic length or area).
struct FeatureValues
{
  gis::Geometry geometry; // in the layer's stored form
  std::string attrsJson;  // attributesToJson of the checked attributes
  double lengthM = 0;     // of a line, else 0
  double areaM2 = 0;      // of a polygon, else 0
};

// Which features a backend's selectFeatures reads, in id order.
struct FeatureQuery
{
  enum class By { Id, Code, Layer, LayerBox };
  By by = By::Id;
  std::int64_t id = 0;                         // By::Id
  std::string key;                             // By::Code: the code; By::Layer(Box): the layer id
  GeometryType geometry = GeometryType::Point; // By::LayerBox: the layer's
  gis::Envelope box;                           // By::LayerBox: candidates whose index box meets it
};

// What both backends share: every write's rules (roles, validation, the first-user bootstrap,
// optimistic feature versions, the event checks) and the transaction with nested savepoints.
// A backend supplies the SQL: the reads of the Store interface and the write steps below, each
// called after the rules have passed, inside the write's transaction.
class StoreBase : public Store
{
public:
  void setMeta(const std::string &actor, const std::string &key, const std::string &value) final;
  void addUser(const std::string &actor, const User &user) final;
  std::optional<LayerDef> layer(const std::string &id) const final;
  void addLayer(const std::string &actor, const LayerDef &layer) final;
  void setPlan(const std::string &actor, const PlanRecord &plan,
               const std::vector<TargetRecord> &targets) final;
  std::int64_t addFeature(const std::string &actor, const Feature &f) final;
  std::vector<std::int64_t> addFeatures(const std::string &actor, const std::vector<Feature> &fs) final;
  void updateFeature(const std::string &actor, const Feature &f) final;
  void deleteFeature(const std::string &actor, std::int64_t id) final;
  Event appendEvent(const std::string &actor, const Event &e) final;
  std::vector<Event> appendEvents(const std::string &actor, const std::vector<Event> &es) final;
  Measurement addMeasurement(const std::string &actor, const Measurement &m) final;
  Attachment addAttachment(const std::string &actor, const Attachment &a) final;
  void transaction(const std::function<void()> &fn) final;

  std::optional<Feature> feature(std::int64_t id) const final;
  std::optional<Feature> featureByCode(const std::string &code) const final;
  std::vector<Feature> features(const std::string &layerId, const gis::Envelope *bbox = nullptr) const final;
  std::size_t featureCount(const std::string &layerId) const final;
  std::vector<Event> events(std::int64_t featureId) const final;
  std::vector<Event> allEvents() const final;

protected:
  // The project as messages name it: a file's path, a server's host:port/dbname.
  virtual std::string storeName() const = 0;

  // Runs transaction control SQL (BEGIN, SAVEPOINT, COMMIT, RELEASE, ROLLBACK); `quietly` ignores
  // errors, for a rollback whose errors cannot be reported better than the one being propagated.
  virtual void runTransactionSql(const std::string &sql, bool quietly) = 0;
  // The statement that opens an outermost transaction.
  virtual std::string beginSql() const { return "BEGIN"; }
  bool inTransaction() const { return mDepth > 0; }
  // Runs a write of `actor` in a transaction; a server runs it as the actor's database role.
  virtual void asActor(const std::string &actor, const std::string &what, const std::function<void()> &fn);
  // A new event, measurement or attachment UUID.
  virtual std::string makeUuid() const = 0;

  // ---- reads behind the ones above
  virtual std::vector<Feature> selectFeatures(const FeatureQuery &query) const = 0;
  virtual std::size_t countFeatures(const std::string &layerId) const = 0;
  // The events of one feature, or all, ordered by (date, id).
  virtual std::vector<Event> selectEvents(std::optional<std::int64_t> featureId) const = 0;

  // ---- write steps, each after the rules have passed
  virtual bool hasUsers() const = 0;
  virtual void writeMeta(const std::string &key, const std::string &value) = 0;
  virtual void insertUser(const User &user) = 0;
  virtual bool tableExists(const std::string &name) const = 0;
  virtual void insertLayer(const LayerDef &layer) = 0;
  virtual void writePlan(const PlanRecord &plan, const std::vector<TargetRecord> &targets) = 0;

  // Inserts checked features; the default takes them one by one through insertFeature.
  virtual std::vector<std::int64_t> insertFeatures(const std::map<std::string, LayerDef> &layerById,
                                                   const std::vector<Feature> &fs);
  virtual std::int64_t insertFeature(const LayerDef &layer, const Feature &f, const FeatureValues &v) = 0;
  // Keeps concurrent editors of feature `id` out until the transaction ends (a server's row lock).
  virtual void lockFeature(std::int64_t id) = 0;
  virtual void updateFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v) = 0;
  // The stored geometry of feature `id` changed: its derived progress needs the new length.
  virtual void geometryChanged(std::int64_t id) = 0;
  virtual std::int64_t eventCount(std::int64_t featureId) const = 0;
  virtual void deleteFeatureRow(std::int64_t id) = 0;
  // The id of the feature another feature than `exceptId` has `code` for, if any.
  virtual std::optional<std::int64_t> featureWithCode(const std::string &code,
                                                      std::int64_t exceptId) const = 0;

  // What an event for `featureId` is checked against (with its label); none without the feature.
  // A server locks the feature row first, so concurrent marks of one feature serialise.
  virtual std::optional<EventTarget> eventTarget(std::int64_t featureId) = 0;
  // The feature of the stored event `uuid`, none when there is no such event.
  virtual std::optional<std::int64_t> eventFeature(const std::string &uuid) const = 0;
  // Stores a checked event with its UUID and fills id, recordedAt and enteredBy.
  virtual void insertEventRow(const std::string &actor, Event &e) = 0;

  // The target's unit and the plan's start date; none without the target.
  virtual std::optional<std::pair<std::string, std::string>>
  targetUnit(const std::string &targetId) const = 0;
  // Stores a checked measurement (with its UUID) as `actor`'s; fills id, user and recordedAt.
  virtual void insertMeasurementRow(const std::string &actor, Measurement &m) = 0;
  virtual bool eventExists(const std::string &uuid) const = 0;
  // Stores a checked attachment with its UUID; fills id.
  virtual void insertAttachmentRow(Attachment &a) = 0;

  // ---- rules the backends' own steps use
  LayerDef requireLayer(const std::string &id) const;
  const LayerDef &layerOf(const std::map<std::string, LayerDef> &layerById, const Feature &f) const;
  std::map<std::string, LayerDef> layerMap() const;
  // Checks `f` against `layer` and that its code is free; derives the stored values.
  FeatureValues checkFeature(const LayerDef &layer, const Feature &f) const;
  // Checks an event against its feature and the stored history and stores it. A merged event
  // (recorded in a field copy) whose UUID is known returns as an Event without id; it was valid
  // where it was recorded, so only the order-independent checks apply to it.
  Event insertEvent(const std::string &actor, const Event &e, bool merge);

  mutable std::recursive_mutex mMutex; // serialises every public call on one store object

private:
  int mDepth = 0; // transaction nesting
};

} // namespace data
