#include "data/postgis/PgChangeFeed.h"

#include "data/store/Json.h"
#include "data/postgis/PgSchema.h"

#include <libpq-fe.h>

namespace data {

StoreChange parseStoreChange(const std::string &payload)
{
  const json::Node doc = json::parse(payload);
  StoreChange c;
  auto text = [&doc](const char *key) {
    const json::Node *n = doc.member(key);
    return n && n->type == json::Node::Type::String ? n->string : std::string();
  };
  auto integer = [&doc](const char *key) -> std::int64_t {
    const json::Node *n = doc.member(key);
    if (!n) return 0;
    return n->type == json::Node::Type::Int ? n->integer : static_cast<std::int64_t>(n->real);
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
