// planmap-cli server init | checkout | sync (the PostGIS server and offline field copies)
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "data/postgis/PgConnection.h"
#include "data/postgis/PostgisStore.h"
#include "data/store/Text.h"
#include "data/sync/Sync.h"

#include <iostream>
#include <sstream>

namespace app::cli {

namespace {

int cmdServer(const Args &args)
{
  args.allowOnly({"--from"}, 2);
  const std::string action = args.positional(0, "action (init)");
  if (action != "init") throw UsageError("unknown server action '" + action + "' (init)");
  const std::string conninfo = args.positional(1, "connection string ('postgresql://…' or 'service=…')");
  if (!data::isConnectionString(conninfo))
    throw UsageError("'" + conninfo +
                     "' is not a connection string (postgresql://user@host/db or service=name)");
  std::unique_ptr<data::Store> from;
  if (const auto path = args.value("--from")) from = data::openProject(*path);
  auto store = data::PostgisStore::create(conninfo, from.get());
  std::cout << "created the PlanMap schema, roles and policies on " << store->displayName() << "\n";
  if (from) {
    std::size_t features = 0;
    for (const auto &l : store->layers())
      features += store->featureCount(l.id);
    std::cout << "uploaded " << *args.value("--from") << ": " << store->users().size()
              << " users (database roles), " << store->layers().size() << " layers, " << features
              << " features, " << store->allEvents().size() << " progress events\n";
  }
  return 0;
}

int cmdCheckout(const Args &args)
{
  args.allowOnly({"--area", "--bbox", "--out", "--user"}, 1);
  data::CheckoutRequest req;
  req.server = args.positional(0, "SERVER connection string");
  req.out = args.required("--out");
  data::checkOutput("", req.out, data::Replace::NewOnly);
  req.user = args.required("--user");
  const auto area = args.value("--area");
  const auto bbox = args.value("--bbox");
  if (area.has_value() == bbox.has_value())
    throw UsageError("give either --area VILLAGE or --bbox minlon,minlat,maxlon,maxlat");
  if (area) req.village = *area;
  if (bbox) req.bbox = lonLatBox(*bbox, "--bbox");
  const data::CheckoutResult r = data::checkout(req);
  std::cout << "checked out " << r.features << " features, " << r.events << " events and " << r.photos
            << " photos for " << req.user << " into " << req.out << "\n";
  return 0;
}

int cmdSync(const Args &args)
{
  args.allowOnly({}, 1);
  const std::string path = args.positional(0, "field copy (made by planmap-cli checkout)");
  const data::SyncResult r = data::synchronise(path);
  std::cout << "synchronised " << path << " with " << r.server << ": pushed " << r.pushedEvents << " events, "
            << r.pushedPhotos << " photos, " << r.pushedEdits << " edits; pulled " << r.pulledEvents
            << " events, " << r.pulledPhotos << " photos, " << r.pulledEdits << " edits\n";
  // Text from the copy may hold bytes an older program stored: printed so the output stays UTF-8.
  using data::oneLine;
  for (const auto &c : r.conflicts) {
    const std::string feature = "feature " + oneLine(c.code) + " " + oneLine(c.name);
    if (!c.eventUuid.empty())
      std::cout << "conflict: " << feature << ": " << c.reason << ": event " << c.eventUuid
                << " not pushed; keep mine or keep theirs in PlanMap\n";
    else
      std::cout << "conflict: " << feature << " was edited here (from version " << c.baseVersion
                << ") and on the server (now version " << c.serverVersion
                << "): not applied; keep mine or keep theirs in PlanMap\n";
  }
  for (const auto &f : r.refused) {
    const std::string feature = (f.code.empty() ? "" : oneLine(f.code) + " ") + oneLine(f.name);
    if (!f.eventUuid.empty())
      std::cout << "not pushed: event " << oneLine(f.eventUuid) << " of " << feature << ": "
                << oneLine(f.reason) << "\n";
    else
      std::cout << "not pushed: " << (f.edit ? "edit of " : "new ") << f.layerId << " feature " << feature
                << ": " << oneLine(f.reason) << "\n";
  }
  return 0;
}

} // namespace

std::vector<Command> serverCommands()
{
  return {
      {"server", "server init 'postgresql://…'|service=NAME [--from PROJECT.sqlite]", {}, cmdServer},
      {"checkout",
       "checkout SERVER --area VILLAGE|--bbox minlon,minlat,maxlon,maxlat --out field.sqlite --user NAME",
       {},
       cmdCheckout},
      {"sync", "sync field.sqlite", {}, cmdSync},
  };
}

} // namespace app::cli
