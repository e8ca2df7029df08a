#include "data/sync/SyncEvents.h"

#include "data/store/EventRules.h"
#include "data/store/Progress.h"
#include "data/store/Text.h"

#include <set>

namespace data::sync {

using Kind = StoreError::Kind;

namespace {

// The server's events of one feature, fetched once per sync.
struct ServerFeature
{
  std::vector<Event> events; // ordered by (date, id)
  double lengthM = 0;
};

class Pusher
{
public:
  Pusher(PostgisStore &server, SpatiaLiteStore &local, SyncResult &r)
      : mServer(server)
      , mLocal(local)
      , mResult(r)
  {
  }

  // `e` as the copy has it, `serverId` its feature on the server: true when it would take the
  // feature back from the status the server's events give it on e.date (then listed as a conflict).
  bool goesBack(const Event &e, std::int64_t serverId)
  {
    if (e.kind != EventKind::Status) return false;
    const ServerFeature &s = serverFeature(serverId);
    const Status there = deriveProgress(s.events, s.lengthM, e.date).status;
    if (e.status >= there) return false;
    std::string since = e.date;
    for (const Event &x : s.events)
      if (x.date <= e.date && deriveProgress(s.events, s.lengthM, x.date).status == there) {
        since = x.date;
        break;
      }
    SyncConflict c;
    c.serverId = serverId;
    const std::optional<Feature> f = mLocal.feature(e.featureId);
    c.code = f ? f->code : std::string();
    c.name = f ? f->name : std::string();
    c.eventUuid = e.uuid;
    c.reason = std::string("this copy records ") + statusName(e.status) + " on " + e.date +
               " but the server has it " + statusName(there) + " since " + since;
    mResult.conflicts.push_back(c);
    return true;
  }

  void refuse(const Event &e, const std::string &reason)
  {
    const std::optional<Feature> f = mLocal.feature(e.featureId);
    mResult.refused.push_back({e.featureId, f ? f->layerId : std::string(), f ? f->code : std::string(),
                               f ? f->name : std::string(), reason, e.uuid});
  }

  // Sends `push` (server feature ids) in one go; when the server refuses one record, one at a
  // time, so the refused ones are reported and the others still go up. `localOf` maps back.
  std::size_t merge(const std::string &user, const std::vector<Event> &push,
                    const std::map<std::string, Event> &localOf)
  {
    if (push.empty()) return 0;
    try {
      return mServer.mergeEvents(user, push).size();
    } catch (const StoreError &e) {
      if (!isRecordError(e)) throw;
    }
    std::size_t n = 0;
    std::set<std::string> refused;
    for (const Event &e : push) {
      try {
        if (e.kind == EventKind::Retraction && refused.count(e.retracts))
          throw StoreError(Kind::Invalid, "it withdraws an event that was not pushed");
        n += mServer.mergeEvents(user, {e}).size();
      } catch (const StoreError &x) {
        if (!isRecordError(x)) throw;
        refused.insert(e.uuid);
        refuse(localOf.at(e.uuid), x.what());
      }
    }
    return n;
  }

private:
  const ServerFeature &serverFeature(std::int64_t id)
  {
    auto it = mFeatures.find(id);
    if (it != mFeatures.end()) return it->second;
    ServerFeature s;
    s.events = mServer.events(id);
    const std::optional<Feature> f = mServer.feature(id);
    s.lengthM = f ? f->lengthM : 0;
    return mFeatures.emplace(id, std::move(s)).first->second;
  }

  PostgisStore &mServer;
  SpatiaLiteStore &mLocal;
  SyncResult &mResult;
  std::map<std::int64_t, ServerFeature> mFeatures;
};

std::string textProblem(const Event &e)
{
  try {
    checkEventText("event " + e.uuid, e);
  } catch (const StoreError &x) {
    return x.what();
  }
  return {};
}

} // namespace

bool isRecordError(const StoreError &e)
{
  switch (e.kind()) {
  case Kind::Invalid:
  case Kind::NotFound:
  case Kind::UnknownUser:
  case Kind::Permission:
  case Kind::Conflict:
    return true;
  default:
    break;
  }
  // The database's own refusal of a value: a data exception (22…, e.g. a byte sequence that is
  // not UTF-8), a constraint (23…) or a rule raised by a trigger (P0001).
  const auto *pg = dynamic_cast<const PgError *>(&e);
  if (!pg) return false;
  const std::string &state = pg->sqlState();
  return state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0 || state == "P0001";
}

std::size_t pushEvents(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                       const std::map<std::int64_t, std::int64_t> &serverOf, SyncResult &r)
{
  std::vector<std::int64_t> serverIds;
  for (const auto &[localId, serverId] : serverOf)
    serverIds.push_back(serverId);
  const std::vector<std::string> onServer = server.eventUuids(serverIds);
  const std::set<std::string> serverSet(onServer.begin(), onServer.end());
  const std::vector<Event> all = local.allEvents();
  std::set<std::string> withdrawnHere, held;
  for (const Event &e : all)
    if (e.kind == EventKind::Retraction) withdrawnHere.insert(e.retracts);

  Pusher pusher(server, local, r);
  std::vector<Event> push;
  std::map<std::string, Event> localOf;
  for (const Event &e : all) {
    const auto link = serverOf.find(e.featureId);
    if (serverSet.count(e.uuid) || link == serverOf.end()) continue;
    if (e.kind == EventKind::Retraction && held.count(e.retracts)) {
      held.insert(e.uuid); // stays with the event it withdraws
      continue;
    }
    if (const std::string why = textProblem(e); !why.empty()) {
      pusher.refuse(e, why);
      held.insert(e.uuid);
      continue;
    }
    if (!withdrawnHere.count(e.uuid) && pusher.goesBack(e, link->second)) {
      held.insert(e.uuid);
      continue;
    }
    Event out = e;
    out.featureId = link->second;
    push.push_back(out);
    localOf[e.uuid] = e;
  }
  return pusher.merge(user, push, localOf);
}

std::size_t pushPhotos(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                       const std::map<std::int64_t, std::int64_t> &serverOf, SyncResult &r)
{
  std::vector<std::string> localUuids;
  for (const Event &e : local.allEvents())
    localUuids.push_back(e.uuid);
  const std::vector<std::string> onServer = server.attachmentUuids(localUuids);
  const std::set<std::string> serverPhotos(onServer.begin(), onServer.end());
  std::vector<Attachment> photos;
  for (const std::string &eventUuid : localUuids)
    for (Attachment &a : local.attachments(eventUuid))
      if (!serverPhotos.count(a.uuid)) photos.push_back(std::move(a));
  if (photos.empty()) return 0;
  std::vector<std::int64_t> serverIds;
  for (const auto &[localId, serverId] : serverOf)
    serverIds.push_back(serverId);
  const std::vector<std::string> events = server.eventUuids(serverIds);
  const std::set<std::string> serverEvents(events.begin(), events.end());
  std::size_t n = 0;
  for (const Attachment &a : photos) {
    if (!serverEvents.count(a.eventUuid)) continue; // its event stayed in the copy (reported there)
    try {
      n += server.mergeAttachment(user, a) ? 1 : 0;
    } catch (const StoreError &e) {
      if (!isRecordError(e)) throw;
      r.refused.push_back({0, {}, {}, "photo " + oneLine(a.fileName), e.what(), a.eventUuid});
    }
  }
  return n;
}

void resolveEventConflict(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                          const SyncConflict &c, Resolution resolution)
{
  std::optional<Event> mine;
  for (const Event &e : local.allEvents())
    if (e.uuid == c.eventUuid) mine = e;
  if (!mine) throw StoreError(Kind::NotFound, "the field copy has no event " + c.eventUuid);
  if (resolution == Resolution::KeepTheirs) {
    Event withdraw;
    withdraw.featureId = mine->featureId;
    withdraw.kind = EventKind::Retraction;
    withdraw.retracts = mine->uuid;
    withdraw.date = mine->date;
    withdraw.user = user;
    withdraw.note = "withdrawn at synchronisation: " + c.reason;
    local.appendEvent(user, withdraw);
    return;
  }
  Event up = *mine;
  up.featureId = c.serverId;
  Event correction;
  correction.featureId = c.serverId;
  correction.kind = EventKind::Correction;
  correction.status = mine->status;
  correction.date = mine->date;
  correction.user = user;
  correction.note = std::string("kept from the field copy: ") + statusName(mine->status) + " on " +
                    mine->date + (mine->note.empty() ? "" : " (" + mine->note + ")");
  server.transaction([&] {
    server.mergeEvents(user, {up});
    server.appendEvent(user, correction);
  });
}

} // namespace data::sync
