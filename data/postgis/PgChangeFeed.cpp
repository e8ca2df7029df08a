#include "data/postgis/PgChangeFeed.h"

#include "data/postgis/PgSchema.h"
#include "data/store/JsonText.h"

#include <libpq-fe.h>

namespace data {

StoreChange parseStoreChange(const std::string &payload)
{
  const nlohmann::json doc = parseJson(payload);
  StoreChange c;
  auto member = [&doc](const char *key) -> const nlohmann::json * {
    if (!doc.is_object()) return nullptr;
    const auto it = doc.find(key);
    return it == doc.end() ? nullptr : &*it;
  };
  auto text = [&member](const char *key) {
    const nlohmann::json *n = member(key);
    return n && n->is_string() ? n->get<std::string>() : std::string();
  };
  auto integer = [&member](const char *key) -> std::int64_t {
    const nlohmann::json *n = member(key);
    if (!n || !n->is_number()) return 0;
    return n->is_number_integer() ? n->get<std::int64_t>() : static_cast<std::int64_t>(n->get<double>());
  };
  c.table = text("table");
  c.op = text("op");
  c.id = integer("id");
  c.featureId = c.table == "feature" ? c.id : integer("feature_id");
  c.uuid = text("uuid");
  c.user = text("user");
  return c;
}

PgChangeFeed::PgChangeFeed(const std::string &conninfo)
    : mDb(std::make_unique<PgConnection>(conninfo))
{
  mDb->listen(pgschema::kChangeChannel);
}

PgChangeFeed::~PgChangeFeed()
{
  mStop = true;
  if (mThread.joinable()) mThread.join();
}

std::vector<StoreChange> PgChangeFeed::poll(int timeoutMs)
{
  std::vector<StoreChange> out;
  for (const PgNotification &n : mDb->notifications(timeoutMs))
    if (n.channel == pgschema::kChangeChannel) out.push_back(parseStoreChange(n.payload));
  return out;
}

int PgChangeFeed::socket() const
{
  return PQsocket(mDb->handle());
}

void PgChangeFeed::subscribe(std::function<void(const StoreChange &)> onChange)
{
  if (mThread.joinable())
    throw StoreError(StoreError::Kind::Invalid, "the change feed has a subscriber already");
  mThread = std::thread([this, onChange = std::move(onChange)] {
    // Short waits so the destructor never waits long for the thread.
    while (!mStop) {
      try {
        for (const StoreChange &c : poll(100))
          onChange(c);
      } catch (const StoreError &) {
        return; // connection lost: the feed ends; poll() from the owner reports it
      }
    }
  });
}

} // namespace data
