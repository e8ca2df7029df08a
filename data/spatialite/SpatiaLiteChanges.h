#pragma once

#include "data/postgis/PgChangeFeed.h"

#include <cstdint>
#include <vector>

namespace data {

class SpatiaLiteStore;

// What other connections committed to a project file, for a reader that follows it by polling
// (a file has no LISTEN/NOTIFY). The caller serialises these with its other calls on the store.
// SQLite's data_version: it changes when another connection commits.
std::int64_t fileDataVersion(SpatiaLiteStore &store);
// The progress events with a row id above `lastId`, oldest first, as the server's notifications
// describe them; moves `lastId` to the newest.
std::vector<StoreChange> fileEventsAfter(SpatiaLiteStore &store, std::int64_t &lastId);

} // namespace data
