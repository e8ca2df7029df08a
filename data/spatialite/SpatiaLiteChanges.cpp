#include "data/spatialite/SpatiaLiteChanges.h"

#include "data/spatialite/SpatiaLiteStore.h"

namespace data {

std::int64_t fileDataVersion(SpatiaLiteStore &store)
{
  return store.database().queryInt("PRAGMA data_version");
}

std::vector<StoreChange> fileEventsAfter(SpatiaLiteStore &store, std::int64_t &lastId)
{
  Statement st = store.database().prepare(
      "SELECT id, feature_id, uuid, user_name FROM progress_event WHERE id > ? ORDER BY id");
  st.bindInt(1, lastId);
  std::vector<StoreChange> out;
  while (st.step()) {
    StoreChange c;
    c.table = "progress_event";
    c.op = "INSERT";
    c.id = st.integer(0);
    c.featureId = st.integer(1);
    c.uuid = st.text(2);
    c.user = st.text(3);
    lastId = c.id;
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace data
