#pragma once

#include "data/postgis/PgConnection.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace data {

// One committed change on the server, as announced by the database (LISTEN/NOTIFY).
struct StoreChange
{
  std::string table;          // "progress_event" or "feature"
  std::string op;             // "INSERT", "UPDATE", "DELETE"
  std::int64_t id = 0;        // row id
  std::int64_t featureId = 0; // the feature concerned (events: its feature; features: id)
  std::string uuid;           // events only
  std::string user;           // events only
};

// Live updates from a PostGIS project: its own connection LISTENs on the project's channel, so a
// mark committed by any client reaches every other within milliseconds. Use either poll() (e.g.
// from a timer, or when socket() is readable — QSocketNotifier), or subscribe() to get a callback on
// a background thread (the callback must hand work over to its own thread).
class PgChangeFeed
{
public:
  explicit PgChangeFeed(const std::string &conninfo);
  ~PgChangeFeed();
  PgChangeFeed(const PgChangeFeed &) = delete;
  PgChangeFeed &operator=(const PgChangeFeed &) = delete;

  // Changes that arrived, waiting up to timeoutMs for the first one (0 = do not wait).
  std::vector<StoreChange> poll(int timeoutMs);
  int socket() const;

  // Calls `onChange` for every change from a background thread until the feed dies. At most one
  // subscription per feed.
  void subscribe(std::function<void(const StoreChange &)> onChange);

private:
  std::unique_ptr<PgConnection> mDb;
  std::thread mThread;
  std::atomic<bool> mStop{false};
};

// Parses a notification payload ({"table":…,"op":…,"id":…,"feature_id":…,…}).
StoreChange parseStoreChange(const std::string &payload);

} // namespace data
