#include "app/server/Project.h"

#include "data/postgis/PgConnection.h"
#include "data/spatialite/SpatiaLiteChanges.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "gis/Crs.h"

#include <chrono>

namespace app::server {

namespace {

// How often a project file is looked at for other writers' changes: live updates reach clients
// within a second.
constexpr auto kPollInterval = std::chrono::milliseconds(250);
// Snapshots kept at once (each as-of date a client asks for); the oldest goes first.
constexpr std::size_t kMaxSnapshots = 6;

layers::PathSet toLonLat(const layers::PathSet &projected, const gis::Transform &toWgs84)
{
  layers::PathSet out = projected;
  if (!out.xs.empty()) toWgs84.forward(out.xs.data(), out.ys.data(), out.xs.size());
  return out;
}

} // namespace

Project::Project(const std::string &pathOrUrl)
    : mSource(pathOrUrl)
    , mIsServer(data::isConnectionString(pathOrUrl))
{
  mStore = data::openProject(pathOrUrl);
  mAccounts = std::make_unique<data::AccountStore>(*mStore);
  const auto record = mStore->plan();
  if (!record) throw std::runtime_error(pathOrUrl + ": the project has no plan");
  mPlan = layers::Plan::fromJson(record->json, pathOrUrl + " (stored plan)");
}

Project::~Project()
{
  stop();
}

std::uint64_t Project::generation() const
{
  std::lock_guard lock(mCacheMutex);
  return mGeneration;
}

std::shared_ptr<const MapSnapshot> Project::map(const std::string &asOf)
{
  {
    // While a newer map is being read, the one before is handed out: under a stream of marks
    // the map is re-read by one request at a time, not by every request.
    std::lock_guard lock(mCacheMutex);
    if (auto it = mSnapshots.find(asOf); it != mSnapshots.end()) {
      Cached &c = it->second;
      const bool fresh = c.snapshot->generation == mGeneration;
      if (fresh || c.reading) return c.snapshot;
      c.reading = true;
    }
  }
  std::shared_ptr<const MapSnapshot> snapshot;
  try {
    snapshot = readSnapshot(asOf);
  } catch (...) {
    std::lock_guard lock(mCacheMutex);
    if (auto it = mSnapshots.find(asOf); it != mSnapshots.end()) it->second.reading = false;
    throw;
  }
  std::lock_guard lock(mCacheMutex);
  if (!mSnapshots.count(asOf) && mSnapshots.size() >= kMaxSnapshots) mSnapshots.erase(mSnapshots.begin());
  mSnapshots[asOf] = Cached{snapshot, false};
  return snapshot;
}

std::shared_ptr<const MapSnapshot> Project::readSnapshot(const std::string &asOf)
{
  auto snapshot = std::make_shared<MapSnapshot>();
  snapshot->asOf = asOf;
  snapshot->generation = generation();
  snapshot->map = withStore([&](data::Store &store) { return layers::MapData::fromStore(store, asOf); });
  // Setting up a PROJ transformation costs far more than using it: one per thread, kept.
  thread_local std::map<int, gis::Transform> toWgs84;
  auto it = toWgs84.find(snapshot->map->epsg());
  if (it == toWgs84.end())
    it = toWgs84.emplace(snapshot->map->epsg(), gis::Transform(snapshot->map->epsg(), gis::kWgs84)).first;
  for (const layers::MapLayer &layer : snapshot->map->layers()) {
    snapshot->lonLat.push_back(toLonLat(layer.paths(), it->second));
    snapshot->doneLonLat.push_back(toLonLat(layer.done(), it->second));
    const layers::PathSet &ll = snapshot->lonLat.back();
    for (std::size_t v = 0; v < ll.xs.size(); ++v)
      snapshot->lonLatExtent.expand(gis::Point{ll.xs[v], ll.ys[v]});
  }
  return snapshot;
}

void Project::changed()
{
  std::lock_guard lock(mCacheMutex);
  ++mGeneration;
}

void Project::follow(std::function<void(const data::StoreChange &)> onChange)
{
  mOnChange = std::move(onChange);
  if (mIsServer) {
    mFeed = std::make_unique<data::PgChangeFeed>(mSource);
    mFeed->subscribe([this](const data::StoreChange &c) {
      changed();
      mOnChange(c);
    });
    return;
  }
  withStore([&](data::Store &store) {
    auto &file = dynamic_cast<data::SpatiaLiteStore &>(store);
    mDataVersion = data::fileDataVersion(file);
    data::fileEventsAfter(file, mLastEventId); // only what comes after the start is news
  });
  mPoller = std::thread([this] {
    while (!mStop) {
      std::this_thread::sleep_for(kPollInterval);
      pollNow();
    }
  });
}

void Project::pollNow()
{
  if (mIsServer || !mOnChange) return; // the server announces its changes itself
  std::lock_guard poll(mPollMutex);
  std::vector<data::StoreChange> news;
  bool other = false;
  withStore([&](data::Store &store) {
    auto &file = dynamic_cast<data::SpatiaLiteStore &>(store);
    news = data::fileEventsAfter(file, mLastEventId);
    const std::int64_t version = data::fileDataVersion(file);
    other = version != mDataVersion;
    mDataVersion = version;
  });
  if (news.empty() && !other) return;
  changed();
  for (const auto &c : news)
    mOnChange(c);
}

void Project::stop()
{
  mStop = true;
  if (mPoller.joinable()) mPoller.join();
  mFeed.reset();
}

} // namespace app::server
