#pragma once

// Inside the sync (Sync.cpp): the copy's events going up, and settling a status conflict.
#include "data/postgis/PostgisStore.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/sync/Sync.h"

#include <map>

namespace data::sync {

// Whether a refusal concerns the one record sent (a rule, a role, a constraint, bad text), so the
// sync reports it and goes on, rather than the connection or the server as a whole.
bool isRecordError(const StoreError &e);

// Pushes the copy's events the server does not have (a UUID set difference, so repeat-safe).
// One bad record never blocks the others: an event the server would refuse (text that is not
// UTF-8, a rule) is listed in r.refused, a status event that would take its feature back from what
// the server's events say on that day is listed in r.conflicts; both stay in the copy, the rest
// goes up. `serverOf` maps the copy's feature ids to the server's. Returns how many went up.
std::size_t pushEvents(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                       const std::map<std::int64_t, std::int64_t> &serverOf, SyncResult &r);

// Pushes the photos of the copy's events that the server has and the photos not; a photo the
// server refuses is listed in r.refused, the others go up. Returns how many went up.
std::size_t pushPhotos(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                       const std::map<std::int64_t, std::int64_t> &serverOf, SyncResult &r);

// Settles a status conflict (SyncConflict::eventUuid set). Keep mine: the event goes up with a
// correction to its status of the same day, so the server says what the field saw. Keep theirs:
// the copy withdraws its event (a retraction); both go up at the next sync and change nothing.
void resolveEventConflict(PostgisStore &server, SpatiaLiteStore &local, const std::string &user,
                          const SyncConflict &c, Resolution resolution);

} // namespace data::sync
