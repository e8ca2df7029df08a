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
    std::lock_guard lock(mCacheMutex);
    if (auto it = mSnapshots.find(asOf); it != mSnapshots.end()) return it->second;
  }
  const std::uint64_t generation = this->generation();
  auto snapshot = std::make_shared<MapSnapshot>();
  snapshot->asOf = asOf;
  snapshot->generation = generation;
  snapshot->map = withStore([&](data::Store &store) { return layers::MapData::fromStore(store, asOf); });
  const gis::Transform toWgs84(snapshot->map->epsg(), gis::kWgs84);
  for (const layers::MapLayer &layer : snapshot->map->layers()) {
    snapshot->lonLat.push_back(toLonLat(layer.paths(), toWgs84));
    snapshot->doneLonLat.push_back(toLonLat(layer.done(), toWgs84));
    const layers::PathSet &ll = snapshot->lonLat.back();
    for (std::size_t v = 0; v < ll.xs.size(); ++v)
      snapshot->lonLatExtent.expand(gis::Point{ll.xs[v], ll.ys[v]});
  }
  std::lock_guard lock(mCacheMutex);
  // A change while it was read makes it stale: hand it out once, keep it not.
  if (generation != mGeneration) return snapshot;
  if (mSnapshots.size() >= kMaxSnapshots) mSnapshots.erase(mSnapshots.begin());
  mSnapshots[asOf] = snapshot;
  return snapshot;
}

void Project::changed()
{
  std::lock_guard lock(mCacheMutex);
  ++mGeneration;
  mSnapshots.clear();
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
