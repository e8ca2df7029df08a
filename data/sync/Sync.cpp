#include "data/sync/Sync.h"

#include "data/store/NewFile.h"

#include "data/postgis/PostgisStore.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/sync/SyncEvents.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace data {

using Kind = StoreError::Kind;

namespace {

struct Link
{
  std::int64_t localId = 0;
  std::int64_t serverId = 0;
  int serverVersion = 0; // server version the copy is based on
  int localVersion = 0;  // local version at that moment: a higher one is a field edit
};

std::map<std::int64_t, Link> readLinks(Database &db) // by local id
{
  std::map<std::int64_t, Link> out;
  Statement st = db.prepare("SELECT local_id, server_id, server_version, local_version FROM sync_feature");
  while (st.step())
    out[st.integer(0)] = {st.integer(0), st.integer(1), static_cast<int>(st.integer(2)),
                          static_cast<int>(st.integer(3))};
  return out;
}

void writeLink(Database &db, const Link &l)
{
  Statement st = db.prepare("INSERT INTO sync_feature(local_id, server_id, server_version, local_version) "
                            "VALUES(?, ?, ?, ?) ON CONFLICT(local_id) DO UPDATE SET server_version = "
                            "excluded.server_version, local_version = excluded.local_version");
  st.bindInt(1, l.localId)
      .bindInt(2, l.serverId)
      .bindInt(3, l.serverVersion)
      .bindInt(4, l.localVersion)
      .run();
}

std::string state(Database &db, const std::string &key)
{
  Statement st = db.prepare("SELECT value FROM sync_state WHERE key = ?");
  st.bindText(1, key);
  return st.step() ? st.text(0) : std::string();
}

void setState(Database &db, const std::string &key, const std::string &value)
{
  Statement st = db.prepare("INSERT INTO sync_state(key, value) VALUES(?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bindText(1, key).bindText(2, value).run();
}

std::string firstPlanner(const Store &s)
{
  for (const User &u : s.users())
    if (u.role == Role::Planner) return u.name;
  throw StoreError(Kind::Invalid, "the server project has no planner");
}

// Pulls the server's events and photos of the linked features that the copy does not have yet.
void pull(PostgisStore &server, SpatiaLiteStore &local, const std::map<std::int64_t, Link> &links,
          SyncResult &r)
{
  std::map<std::int64_t, std::int64_t> localOf; // server id → local id
  std::vector<std::int64_t> serverIds;
  for (const auto &[id, l] : links) {
    localOf[l.serverId] = id;
    serverIds.push_back(l.serverId);
  }
  std::set<std::string> known;
  for (const Event &e : local.allEvents())
    known.insert(e.uuid);
  std::vector<std::string> missing;
  for (const std::string &u : server.eventUuids(serverIds))
    if (!known.count(u)) missing.push_back(u);
  const std::vector<Event> events = server.eventsByUuid(missing);
  std::set<std::int64_t> touched;
  for (const Event &e : events) {
    Event copy = e; // the copy's derived progress is recomputed from all its events below
    copy.featureId = localOf.at(e.featureId);
    local.storeEventAsIs(copy);
    touched.insert(localOf.at(e.featureId));
  }
  r.pulledEvents += events.size();
  for (std::int64_t id : touched)
    local.refreshProgress(id);

  std::vector<std::string> allUuids;
  for (const Event &e : local.allEvents())
    allUuids.push_back(e.uuid);
  std::set<std::string> localPhotos;
  Statement st = local.database().prepare("SELECT uuid FROM attachment");
  while (st.step())
    localPhotos.insert(st.text(0));
  std::set<std::string> wanted;
  for (const std::string &u : server.attachmentUuids(allUuids))
    if (!localPhotos.count(u)) wanted.insert(u);
  if (wanted.empty()) return;
  for (const std::string &eventUuid : allUuids)
    for (const Attachment &a : server.attachments(eventUuid))
      if (wanted.count(a.uuid)) {
        local.storeAttachmentAsIs(a);
        ++r.pulledPhotos;
      }
}

// The server's copy of a feature created in the field, when a sync that added it broke off before
// the copy recorded the link: same layer, code (when set), name and geometry.
std::optional<Feature> sameOnServer(PostgisStore &server, const Feature &f)
{
  auto same = [&f](const Feature &s) {
    return s.layerId == f.layerId && s.code == f.code && s.name == f.name && s.geometry == f.geometry;
  };
  if (!f.code.empty()) {
    const std::optional<Feature> byCode = server.featureByCode(f.code);
    if (byCode && same(*byCode)) return byCode;
    return std::nullopt;
  }
  const gis::Envelope box = f.geometry.envelope();
  for (const Feature &s : server.features(f.layerId, &box))
    if (same(s)) return s;
  return std::nullopt;
}

// The link of a conflict's feature, and the stores on both sides.
struct ConflictContext
{
  std::unique_ptr<SpatiaLiteStore> local;
  std::unique_ptr<PostgisStore> server;
  std::string user;
  Link link;
  Feature mine, theirs;
};

ConflictContext openConflict(const std::string &path, const SyncConflict &c)
{
  if (!isFieldCopy(path))
    throw StoreError(Kind::NotAProject, path + ": not a field copy (make one with planmap-cli checkout)");
  ConflictContext ctx;
  ctx.local = SpatiaLiteStore::open(path);
  Database &db = ctx.local->database();
  bool found = false;
  for (const auto &[id, l] : readLinks(db))
    if (l.serverId == c.serverId) {
      ctx.link = l;
      found = true;
    }
  if (!found)
    throw StoreError(Kind::NotFound, path + ": no feature of the copy is linked to server feature " +
                                         std::to_string(c.serverId));
  ctx.user = state(db, "user");
  ctx.server = PostgisStore::open(state(db, "server"));
  const std::optional<Feature> mine = ctx.local->feature(ctx.link.localId);
  const std::optional<Feature> theirs = ctx.server->feature(c.serverId);
  if (!mine || !theirs)
    throw StoreError(Kind::NotFound, "feature " + c.code + " " + c.name + " no longer exists on " +
                                         (mine ? "the server" : "the field copy"));
  ctx.mine = *mine;
  ctx.theirs = *theirs;
  return ctx;
}

// Step 1 of a sync: the planner edits made in the copy, each applied only when the server's feature
// has not moved on since (else a conflict); an edit the server refuses is listed, the others go up.
void pushEdits(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
               std::map<std::int64_t, Link> &links, SyncResult &r)
{
  Database &db = local.database();
  for (auto &[id, link] : links) {
    const std::optional<Feature> f = local.feature(id);
    if (!f || f->version == link.localVersion) continue;
    Feature edit = *f;
    edit.id = link.serverId;
    edit.version = link.serverVersion;
    try {
      server.updateFeature(user, edit);
    } catch (const StoreError &e) {
      if (!sync::isRecordError(e)) throw;
      if (e.kind() != Kind::Conflict) { // refused for this feature alone: the others still go up
        r.refused.push_back({id, f->layerId, f->code, f->name, e.what(), {}, true});
        continue;
      }
      const std::optional<Feature> now = server.feature(link.serverId);
      r.conflicts.push_back({link.serverId, f->code, f->name, link.serverVersion, now ? now->version : 0});
      continue;
    }
    link.serverVersion += 1;
    link.localVersion = f->version;
    local.transaction([&] { writeLink(db, link); });
    ++r.pushedEdits;
  }
}

// Step 1b: features created in the copy, added on the server and linked (links, serverOf).
void pushNewFeatures(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                     std::map<std::int64_t, Link> &links, std::map<std::int64_t, std::int64_t> &serverOf,
                     SyncResult &r)
{
  Database &db = local.database();
  std::vector<Feature> fresh;
  for (const LayerDef &l : local.layers())
    for (const Feature &f : local.features(l.id))
      if (!links.count(f.id)) fresh.push_back(f);
  for (const Feature &f : fresh) {
    std::int64_t serverId = 0;
    if (const std::optional<Feature> same = sameOnServer(server, f)) {
      serverId = same->id;
    } else if (const std::optional<Feature> taken =
                   f.code.empty() ? std::nullopt : server.featureByCode(f.code)) {
      r.refused.push_back({f.id, f.layerId, f.code, f.name,
                           "code " + f.code + " is already used on the server by " + taken->layerId +
                               " feature '" + taken->name +
                               "'; give the new feature another code and synchronise again"});
      continue;
    } else {
      Feature out = f;
      out.id = 0;
      out.version = 1;
      try {
        serverId = server.addFeature(user, out);
      } catch (const StoreError &e) {
        // Refused for this feature alone (a role, a rule, a constraint): the others still go up.
        if (!sync::isRecordError(e)) throw;
        r.refused.push_back({f.id, f.layerId, f.code, f.name, e.what()});
        continue;
      }
      ++r.pushedFeatures;
    }
    const std::optional<Feature> now = server.feature(serverId);
    const Link link{f.id, serverId, now ? now->version : 1, f.version};
    local.transaction([&] { writeLink(db, link); });
    links[f.id] = link;
    serverOf[f.id] = serverId;
  }
}

} // namespace

bool isFieldCopy(const std::string &path)
{
  try {
    Database db(path, 1 /* SQLITE_OPEN_READONLY */);
    return db.tableExists("sync_state") && db.tableExists("sync_feature");
  } catch (const StoreError &) {
    return false;
  }
}

CheckoutResult checkout(const CheckoutRequest &req)
{
  if (std::filesystem::exists(req.out))
    throw StoreError(Kind::Invalid, req.out + ": file exists; a field copy needs a new file name");
  auto server = PostgisStore::open(req.server);
  const std::optional<User> who = server->user(req.user);
  if (!who) throw StoreError(Kind::UnknownUser, server->displayName() + ": no user '" + req.user + "'");

  CheckoutResult result;
  if (req.bbox) {
    result.area = *req.bbox;
  } else {
    const std::string villages = villageLayerOf(*server);
    if (villages.empty() || !server->layer(villages))
      throw StoreError(Kind::NotFound,
                       server->displayName() + ": no villages layer to find '" + req.village + "' in");
    for (const Feature &v : server->features(villages))
      if (v.name == req.village || v.code == req.village) result.area = v.geometry.envelope();
    if (result.area.isNull())
      throw StoreError(Kind::NotFound,
                       server->displayName() + ": no village '" + req.village + "' (name or code)");
  }

  // Written under a temporary name and moved in whole: never half a field copy at req.out.
  NewFile file(req.out, true);
  {
    auto local = SpatiaLiteStore::create(file.path());
    Database &db = local->database();
    local->transaction([&] {
      std::vector<User> users = server->users();
      std::stable_sort(users.begin(), users.end(), [](const User &a, const User &b) {
        return a.role == Role::Planner && b.role != Role::Planner;
      });
      const std::string planner = firstPlanner(*server);
      for (const User &u : users)
        local->addUser(u.name == users.front().name ? "" : planner, u);
      const PgResult meta = server->connection().exec(
          "SELECT key, value FROM meta WHERE key NOT IN ('application', 'schema_version', 'created')");
      for (int i = 0; i < meta.rows(); ++i)
        local->setMeta(planner, meta.text(i, 0), meta.text(i, 1));
      const std::vector<LayerDef> layers = server->layers();
      for (const LayerDef &l : layers)
        local->addLayer(planner, l);
      if (const auto p = server->plan()) local->setPlan(planner, *p, server->targets());

      db.exec("CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      db.exec("CREATE TABLE sync_feature(local_id INTEGER PRIMARY KEY REFERENCES feature(id), "
              "server_id INTEGER NOT NULL UNIQUE, server_version INTEGER NOT NULL, local_version INTEGER NOT "
              "NULL)");
      setState(db, "server", req.server);
      setState(db, "user", req.user);
      setState(db, "area",
               gis::Geometry::polygon({{{{result.area.minX, result.area.minY},
                                         {result.area.maxX, result.area.minY},
                                         {result.area.maxX, result.area.maxY},
                                         {result.area.minX, result.area.maxY},
                                         {result.area.minX, result.area.minY}}}})
                   .toWkt());
      setState(db, "checked_out", nowIso());

      std::map<std::int64_t, Link> links;
      for (const LayerDef &l : layers) {
        const std::vector<Feature> fs = server->features(l.id, &result.area);
        const std::vector<std::int64_t> ids = local->addFeatures(planner, fs);
        for (std::size_t i = 0; i < fs.size(); ++i) {
          const Link link{ids[i], fs[i].id, fs[i].version, 1};
          writeLink(db, link);
          links[ids[i]] = link;
        }
        result.features += fs.size();
      }
      SyncResult pulled;
      pull(*server, *local, links, pulled);
      result.events = pulled.pulledEvents;
      result.photos = pulled.pulledPhotos;
    });
  }
  file.commit(false);
  return result;
}

SyncResult synchronise(const std::string &path, const SyncProgress &progress)
{
  if (!isFieldCopy(path))
    throw StoreError(Kind::NotAProject, path + ": not a field copy (make one with planmap-cli checkout)");
  auto local = SpatiaLiteStore::open(path);
  Database &db = local->database();
  SyncResult r;
  r.server = state(db, "server");
  const std::string user = state(db, "user");
  auto server = PostgisStore::open(r.server);
  auto step = [&progress](const char *name) {
    if (progress) progress(name);
  };
  std::map<std::int64_t, Link> links = readLinks(db);
  std::map<std::int64_t, std::int64_t> serverOf;
  for (const auto &[id, l] : links)
    serverOf[id] = l.serverId;

  // 1. Planner edits made in the field: applied only when the server's feature has not moved on.
  pushEdits(*server, *local, user, links, r);
  step("pushed-edits");

  // 1b. Features created in the copy (a planner's new toilet, a river found in the field): added on
  //     the server and linked, so their events follow in step 2. A repeated sync finds them there.
  pushNewFeatures(*server, *local, user, links, serverOf, r);
  step("pushed-features");

  // 2. The copy's events the server does not have; a bad one is reported, the rest goes up.
  r.pushedEvents = sync::pushEvents(*server, *local, user, serverOf, r);
  step("pushed-events");

  // 3. Photos of those events (a photo of an event that stayed in the copy waits with it).
  r.pushedPhotos = sync::pushPhotos(*server, *local, user, serverOf, r);
  step("pushed-photos");

  // 4. Everyone else's events and photos, and planner edits made on the server.
  local->transaction([&] {
    pull(*server, *local, links, r);
    std::string planner;
    for (auto &[id, link] : links) {
      const std::optional<Feature> remote = server->feature(link.serverId);
      const std::optional<Feature> mine = local->feature(id);
      if (!remote || !mine || remote->version == link.serverVersion || mine->version != link.localVersion)
        continue;
      if (planner.empty()) planner = firstPlanner(*local);
      Feature f = *remote;
      f.id = id;
      f.version = mine->version;
      local->updateFeature(planner, f);
      link.serverVersion = remote->version;
      link.localVersion = mine->version + 1;
      writeLink(db, link);
      ++r.pulledEdits;
    }
    setState(db, "last_sync", nowIso());
  });
  step("pulled");
  return r;
}

} // namespace data

namespace data {

ConflictSides conflictSides(const std::string &fieldCopy, const SyncConflict &conflict)
{
  ConflictContext ctx = openConflict(fieldCopy, conflict);
  return {ctx.mine, ctx.theirs};
}

void resolveConflict(const std::string &fieldCopy, const SyncConflict &conflict, Resolution resolution)
{
  ConflictContext ctx = openConflict(fieldCopy, conflict);
  if (!conflict.eventUuid.empty()) {
    sync::resolveEventConflict(*ctx.server, *ctx.local, ctx.user, conflict, resolution);
    return;
  }
  Database &db = ctx.local->database();
  Link link = ctx.link;
  if (resolution == Resolution::KeepMine) {
    Feature edit = ctx.mine;
    edit.id = ctx.theirs.id;
    edit.version = ctx.theirs.version; // based on what the server has now: applied, not a conflict
    ctx.server->updateFeature(ctx.user, edit);
    link.serverVersion = ctx.theirs.version + 1;
    link.localVersion = ctx.mine.version;
    ctx.local->transaction([&] { writeLink(db, link); });
    return;
  }
  ctx.local->transaction([&] {
    Feature f = ctx.theirs;
    f.id = ctx.mine.id;
    f.version = ctx.mine.version;
    ctx.local->updateFeature(ctx.user, f);
    link.serverVersion = ctx.theirs.version;
    link.localVersion = ctx.mine.version + 1;
    writeLink(db, link);
  });
}

} // namespace data
