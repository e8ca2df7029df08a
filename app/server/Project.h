#pragma once

#include "data/postgis/PgChangeFeed.h"
#include "data/store/AccountStore.h"
#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/render/MapData.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace app::server {

// The map of one as-of date in the two forms the server hands out: MapData (projected, with
// statuses and done stretches) and the same paths in lon/lat (GeoJSON, tiles).
struct MapSnapshot
{
  std::shared_ptr<const layers::MapData> map;
  std::string asOf;
  std::uint64_t generation = 0; // of the project when it was read (ETags)
  // Per layer of `map`, its paths and done stretches in lon/lat, in the same order.
  std::vector<layers::PathSet> lonLat;
  std::vector<layers::PathSet> doneLonLat;
  gis::Envelope lonLatExtent; // of every layer
};

// The project the server serves: one open store, its plan and accounts, the map snapshots per
// as-of date and who to tell about changes. Every store call goes through withStore(), one at a
// time (the store has one connection). All of the server's project access is here, so it can move
// onto the project core as it is.
class Project
{
public:
  // Opens a project file or a PostgreSQL project; throws data::StoreError with the store's message.
  explicit Project(const std::string &pathOrUrl);
  ~Project();

  const std::string &source() const { return mSource; }
  bool isServer() const { return mIsServer; }
  const layers::Plan &plan() const { return mPlan; }

  // Runs `fn` with the store, serialised with every other store call.
  template <class F> auto withStore(F &&fn)
  {
    std::lock_guard lock(mMutex);
    return fn(*mStore);
  }
  template <class F> auto withAccounts(F &&fn)
  {
    std::lock_guard lock(mMutex);
    return fn(*mAccounts);
  }

  // The map as of `asOf` ("" = every event), cached; after a change the one before is served while
  // one request reads the new one.
  std::shared_ptr<const MapSnapshot> map(const std::string &asOf);
  std::uint64_t generation() const;

  // Calls `onChange` (on a thread of its own) for every change committed by anyone, this server
  // included: events with their feature's new state. Starts following; call once.
  void follow(std::function<void(const data::StoreChange &)> onChange);
  // Looks for changes now (a file is polled; after the server's own write it need not wait).
  void pollNow();
  void stop();

private:
  void changed();
  std::shared_ptr<const MapSnapshot> readSnapshot(const std::string &asOf);
  void pollFile();

  std::string mSource;
  bool mIsServer = false;
  std::mutex mMutex; // the store and the accounts
  std::unique_ptr<data::Store> mStore;
  std::unique_ptr<data::AccountStore> mAccounts;
  layers::Plan mPlan;

  mutable std::mutex mCacheMutex;
  using Clock = std::chrono::steady_clock;
  struct Cached
  {
    std::shared_ptr<const MapSnapshot> snapshot;
    bool reading = false; // a newer one is being read
  };
  std::map<std::string, Cached> mSnapshots;
  std::uint64_t mGeneration = 1;

  std::function<void(const data::StoreChange &)> mOnChange;
  std::unique_ptr<data::PgChangeFeed> mFeed;
  std::int64_t mLastEventId = 0;
  std::int64_t mDataVersion = 0;
  std::mutex mPollMutex;
  std::thread mPoller;
  std::atomic<bool> mStop{false};
};

} // namespace app::server
